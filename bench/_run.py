"""`make bench`: runs every benchmark of bench/ and prints one table of their figures.

Run: .venv/bin/python bench/_run.py [name ...]   (default: every benchmark)

A benchmark is a `bench/<name>.py` (not starting with «_») with a `main()`. Each runs in a
process of its own, one after the other (they share the machine with nothing of ours), with
BENCH_TABLE=1 in its environment: a benchmark may then run just what its rows need. Its whole
output goes to var/bench/<name>.log; the lines of six fields separated by " | " are its rows
of the table (bench/_table.py prints them):

    name | figure | baseline | ratio | target | met

A benchmark without such a line is listed with its running time only. The table is printed as
Markdown, headed by the date and the machine, for the README's «Benchmarks» section.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import subprocess  # noqa: S404 - runs our own bench scripts
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
LOGS = BENCH.parent / "var" / "bench"
TIMEOUT = 3600  # seconds a benchmark may take
COLUMNS = ["benchmark", "figure", "baseline", "ratio", "target", "met"]
_MAIN = re.compile(r"^def main\(", re.MULTILINE)


def benchmarks(names: list[str]) -> list[Path]:
    found = sorted(
        path
        for path in BENCH.glob("*.py")
        if not path.name.startswith("_") and _MAIN.search(path.read_text(encoding="utf-8"))
    )
    if names:
        found = [path for path in found if path.stem in names]
    return found


def rows_of(output: str) -> list[list[str]]:
    rows = []
    for line in output.splitlines():
        fields = [field.strip() for field in line.split(" | ")]
        if len(fields) == len(COLUMNS) and fields[-1] in {"yes", "NO"}:
            rows.append(fields)
    return rows


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kib = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f", {memory_kib / 2**20:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        memory = ""
    one, five, fifteen = os.getloadavg()
    load = f", load average {one:.1f} {five:.1f} {fifteen:.1f} at the end"
    postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    database = "PostgreSQL" if postgres else "SQLite (bench/load.py: PostgreSQL always)"
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}{load}; Python {platform.python_version()}, "
        f"{database}"
    )


def run(path: Path) -> tuple[list[list[str]], str]:
    """The benchmark's rows, and a note when it has none or failed."""
    env = {**os.environ, "BENCH_TABLE": "1", "DEBUG": os.environ.get("DEBUG", "1")}
    started = time.perf_counter()
    try:
        done = subprocess.run(  # noqa: S603 - a script of bench/, by its path
            [sys.executable, str(path)],
            cwd=BENCH.parent,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return [], f"stopped after {TIMEOUT} s"
    seconds = time.perf_counter() - started
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / f"{path.stem}.log"
    log.write_text(done.stdout + done.stderr, encoding="utf-8")
    if done.returncode != 0:
        return [], f"failed (exit {done.returncode}), see {log.relative_to(BENCH.parent)}"
    rows = rows_of(done.stdout)
    if not rows:
        return [], f"no row of its own; ran in {seconds:.0f} s, see {log.relative_to(BENCH.parent)}"
    return rows, ""


def main(names: list[str]) -> int:
    started = dt.datetime.now(dt.UTC)
    table: list[list[str]] = []
    notes: list[str] = []
    failed = False
    for path in benchmarks(names):
        print(f"… {path.stem}", file=sys.stderr, flush=True)
        rows, note = run(path)
        table += rows
        if note:
            notes.append(f"- `{path.stem}`: {note}")
            failed = failed or note.startswith(("failed", "stopped"))
    print(f"Measured {started:%Y-%m-%d %H:%M} UTC on {machine()}.")
    print("Times are medians of repeated runs; the machine may be shared.\n")
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "|".join(["---"] * len(COLUMNS)) + "|")
    for row in table:
        print("| " + " | ".join(row) + " |")
    if notes:
        print()
        print("\n".join(notes))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
