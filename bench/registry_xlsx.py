"""The registry XLSX against a bare write-only openpyxl workbook of the same cells, in one run.

Run: DEBUG=1 .venv/bin/python bench/registry_xlsx.py [--rows N] [--repeat R]
     (default: 5000 rows, 7 runs of each)

Works on a throw-away test database (SQLite, or DATABASE_URL's server with a test_ prefix)
filled as bench/registry.py fills its own (a mentor and two mentees a pair, a third of them
«педагог – студент» with a variant, a fifth completed). The rows are read once, as the
methodist's XLSX reads them (reports.documents.selection.registry_rows), then two ways of
making the workbook are timed in turns, so that a busy moment of the shared machine weighs on
both alike:

  app        core.spreadsheets.workbook_bytes(registry_sheet(rows)): the site's XLSX, the
             cells made from the rows, a bold frozen header, columns sized, dates as
             DD.MM.YYYY, text that looks like a formula kept as text;
  bare       openpyxl.Workbook(write_only=True), one sheet, the header and the same cell
             values (the lists registry_sheet makes, made beforehand) appended as plain
             Python values, saved to a BytesIO: the least openpyxl can do for these cells.

Both workbooks are read back once and must hold the same values. Each way is timed in wall
and CPU time (time.process_time); the bench table's row is the ratio of the CPU medians of
`--repeat` runs (target 1.5×): the work is single-threaded and never waits, so CPU time is
its cost with less of the shared machine's load in it. The wall times are printed beside.
The database query is left out of both: it is the same for both and measured by
bench/registry.py.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_site.settings")

from bench._table import ratio_row  # noqa: E402

TARGET = 1.5


def _filler() -> Any:
    """bench/registry.py's way of filling the registry (it is a script, not a module)."""
    spec = importlib.util.spec_from_file_location("bench_registry", ROOT / "bench" / "registry.py")
    assert spec is not None and spec.loader is not None
    filler = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(filler)
    return filler


def bare_xlsx(title: str, headers: list[str], values: list[list[Any]]) -> bytes:
    """The floor: a write-only workbook with plain values, nothing styled or sized."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.append(headers)
    for row in values:
        sheet.append(row)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def cells_of(data: bytes) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(data), read_only=True)
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    # A row's empty cells at its end are left out: a workbook with a <dimension> (a full
    # worksheet's) is read with them as None, one without (a write-only one's) without them.
    return [
        tuple(row[: max((i + 1 for i, v in enumerate(row) if v is not None), default=0)])
        for row in rows
    ]


def timed(action: Callable[[], bytes]) -> tuple[float, float, int]:
    """Wall and CPU milliseconds of one run, and the workbook's bytes."""
    wall, cpu = time.perf_counter(), time.process_time()
    data = action()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, len(data)


def main(size: int, repeat: int) -> None:
    filler = _filler()  # sets Django up, as bench/registry.py does
    from django.contrib.auth.models import Group, User
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import setup_test_environment
    from django.utils import translation

    from core.spreadsheets import workbook_bytes
    from registry.models import AccessAction
    from reports.documents import selection
    from reports.documents.registry import registry_sheet

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        methodist = User.objects.create_user("bench-methodist")
        methodist.groups.add(Group.objects.get(name="methodist"))
        started = time.perf_counter()
        filler.grow_to(size)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"# {size} mentorships made in {time.perf_counter() - started:.1f} s")

        translation.activate("ru")
        request = RequestFactory().get("/documents/registry.xlsx")
        request.user = methodist
        filterset = selection.registry_selection(request)
        started = time.perf_counter()
        # list(): registry_rows may give its rows as they come, in batches.
        rows = list(
            selection.registry_rows(request, filterset, action=AccessAction.EXPORT, what="bench")
        )
        print(f"# {len(rows)} rows read in {time.perf_counter() - started:.1f} s")
        sheet = registry_sheet(rows)
        headers = list(sheet.headers)
        values = [list(cells) for cells in registry_sheet(rows).rows]
        cells = sum(value is not None for row in values for value in row)
        print(f"# {len(values)} rows × {len(headers)} columns, {cells} cells with a value")

        hows: dict[str, Callable[[], bytes]] = {
            "app": lambda: workbook_bytes(registry_sheet(rows)),
            "bare": lambda: bare_xlsx(sheet.title, headers, values),
        }
        # Warm-up (imports, translations, the first temp files), and the check that both
        # workbooks hold the same cells.
        made = {how: action() for how, action in hows.items()}
        assert cells_of(made["app"]) == cells_of(made["bare"]), "the workbooks differ"
        wall: dict[str, list[float]] = {how: [] for how in hows}
        cpu: dict[str, list[float]] = {how: [] for how in hows}
        sizes: dict[str, int] = {}
        for _ in range(repeat):
            for how, action in hows.items():  # in turns
                wall_ms, cpu_ms, sizes[how] = timed(action)
                wall[how].append(wall_ms)
                cpu[how].append(cpu_ms)
        print(f"registry XLSX, {size} rows; medians of {repeat} runs in turns")
        print(f"{'how':>6} {'CPU ms':>8} {'wall ms':>8} {'min wall':>9} {'max wall':>9} {'KiB':>6}")
        for how in hows:
            print(
                f"{how:>6} {statistics.median(cpu[how]):>8.1f} "
                f"{statistics.median(wall[how]):>8.1f} {min(wall[how]):>9.1f} "
                f"{max(wall[how]):>9.1f} {sizes[how] / 1024:>6.0f}"
            )
        every = {how: [round(ms) for ms in cpu[how]] for how in hows}
        print(f"# every run's CPU ms: {every}")
        print(
            f"# wall-time ratio (the machine's load weighs on it): "
            f"{statistics.median(wall['app']) / statistics.median(wall['bare']):.2f}×"
        )
        # The row is judged on CPU time: the work is one thread with no waiting, so the time
        # the process spent is the cost of the writer, less swayed by other processes.
        ratio_row(
            f"registry XLSX, {f'{size:,}'.replace(',', ' ')} rows, CPU time",
            statistics.median(cpu["app"]),
            statistics.median(cpu["bare"]),
            TARGET,
            baseline_name="bare write-only openpyxl",
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def parse(argv: list[str]) -> Any:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    return parser.parse_args(argv)


if __name__ == "__main__":
    arguments = parse(sys.argv[1:])
    main(arguments.rows, arguments.repeat)
