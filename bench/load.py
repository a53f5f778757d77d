"""The home page and the pair registry under load: gunicorn on PostgreSQL with 10,000 pairs,
32 connections of wrk, against the same pages written by hand (issue 15, «Load»).

Run: .venv/bin/python bench/load.py [--pairs 10000] [--duration 15] [--rounds 2]
     [--connections 32] [--timeout 60]
Needs wrk (`apt-get install -y wrk`; without it the bench prints «wrk not installed» and
records nothing) and PostgreSQL at LOAD_BENCH_POSTGRES (default
postgres://postgres@127.0.0.1:5432, a user that may create databases; unreachable, the bench
says so and records nothing), whatever DATABASE_URL `make bench` runs the others on.

What it does:
- creates a throw-away database `nastavnik_load_bench` (dropped at the end, and first if a
  run that was killed left it), migrates it, fills it with bench/registry.py's `grow_to`
  (bulk inserts: 10,000 pairs in one to three minutes on the shared machine) and ANALYZEs
  it, as autovacuum would;
- makes a curator and a session for them directly in the database (the session cookie goes in
  every request of wrk); the curator's home is the fullest of the college roles' (the
  attention list's counts over every pair, the plan, the program at a glance);
- runs `collectstatic` into a temporary STATIC_ROOT (hashed names without the compressed
  copies, which wrk never fetches: seconds instead of two minutes) and starts gunicorn as
  README.md's «Production» does — DEBUG=0, a random SECRET_KEY, ALLOWED_HOSTS, the README's options
  (scripts/production_check.py's GUNICORN_OPTIONS: 3 sync workers, --max-requests 200 with
  jitter, so workers are recycled during the run as they are in production) — with the
  settings bench/_load_settings.py: the site plus two floors (bench/_load_site.py), the
  registry's 50 rows with the table by hand (bench/_registry_by_hand.py, bench/registry.py's
  floor) and the curator's home with its figures read by plain queries into one plain
  template. 3 workers, as in production: on 2 cores a sync worker waiting on PostgreSQL
  leaves the core to another;
- checks that each page answers 200 to the cookie (a redirect would mean the session is not
  taken), then runs `wrk -t2 -c32 -d15s` on each page and its floor in turns, `--rounds`
  times (after a 3 s warm-up each), so that whatever else loads the machine weighs on both
  alike. A Lua script counts every answer that is not 200, redirects included (wrk's own
  «Non-2xx or 3xx responses» lets redirects through); socket errors (connect, read, write,
  timeout) are counted too. wrk's timeout is gunicorn's, 60 s: its default of 2 s would count
  as errors the waits in the queue of 32 connections on 3 workers (at 15 req/s, 2 s each).
  Between two runs the bench waits until the server has served what the last run left in its
  queue: gunicorn still serves the requests of the connections wrk closed at its end, which
  would otherwise slow the next run.

The machine: wrk, gunicorn's workers and PostgreSQL share its 2 cores, with whatever else
runs on it; the requests per second are this machine's at that moment, the ratios are what
is judged: each page at least half the requests per second of its floor, and 0 errors.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess  # noqa: S404 - runs manage.py, gunicorn and wrk
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BIN = Path(sys.executable).parent
DATABASE = "nastavnik_load_bench"
SERVER = os.environ.get("LOAD_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
SETTINGS = "bench._load_settings"
HOME_FLOOR = "/bench/home-by-hand/"
REGISTRY_FLOOR = "/bench/registry-by-hand/"
ROWS = 50
TARGET = 0.5
# Every answer that is not 200 (redirects included), summed over wrk's threads.
NOT_200_LUA = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not200 = 0 end
function response(status, headers, body) if status ~= 200 then not200 = not200 + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("not200") end
  io.write(string.format("Not 200: %d\\n", total))
end
"""


@dataclass
class Load:
    """What wrk saw of one page, over its rounds."""

    requests: int = 0
    seconds: float = 0.0
    not_200: int = 0
    socket_errors: int = 0

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return self.not_200 + self.socket_errors


def postgres(sql: str) -> None:
    """One statement on the server's `postgres` database, outside a transaction."""
    import psycopg2  # noqa: PLC0415 - the driver the site uses

    connection = psycopg2.connect(f"{SERVER}/postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


def fill(pairs: int) -> str:
    """Migrates the new database, fills it and returns the curator's session key."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "mentoring_site.settings"
    import django  # noqa: PLC0415 - after the environment is set

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: PLC0415
    from django.contrib.auth.models import Group, User  # noqa: PLC0415
    from django.contrib.sessions.backends.db import SessionStore  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection, connections  # noqa: PLC0415

    from bench.registry import grow_to  # noqa: PLC0415
    from programs.models import Organization  # noqa: PLC0415

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"# migrated in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    organization = Organization.load()
    organization.full_name = "КГБПОУ «Чегдомынский горно-технологический техникум»"
    organization.short_name = "КГБПОУ ЧГТТ"
    organization.director_name = "Соколова Елена Викторовна"
    organization.save()
    grow_to(pairs)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"# {pairs} pairs made in {time.perf_counter() - started:.1f} s", flush=True)
    curator = User.objects.create_user("bench-curator")
    curator.groups.add(Group.objects.get(name="curator"))
    # The session `login` would make; the hash is keyed with SECRET_KEY, which gunicorn shares.
    session = SessionStore()
    session[SESSION_KEY] = str(curator.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = curator.get_session_auth_hash()
    session.create()
    connections.close_all()
    assert session.session_key is not None
    return session.session_key


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def get(port: int, path: str, cookie: str) -> tuple[int, int]:
    """The status and size of one answer (no redirect followed)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Cookie": cookie})
        answer = connection.getresponse()
        return answer.status, len(answer.read())
    finally:
        connection.close()


@contextmanager
def gunicorn(env: dict[str, str], port: int, log: Path) -> Iterator[None]:
    from scripts.production_check import GUNICORN_OPTIONS  # noqa: PLC0415 - README's options

    with log.open("w") as output:
        server = subprocess.Popen(  # noqa: S603 - gunicorn of this checkout
            [str(BIN / "gunicorn"), "mentoring_site.wsgi", "--bind", f"127.0.0.1:{port}"]
            + GUNICORN_OPTIONS,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        for _ in range(120):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None:
                    raise SystemExit(f"gunicorn stopped, see {log}") from None
                time.sleep(0.5)
        yield
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wrk(url: str, cookie: str, script: Path, args: Any, seconds: float) -> dict[str, Any]:
    command = [
        "wrk",
        "-t2",
        f"-c{args.connections}",
        f"-d{seconds:g}s",
        f"--timeout={args.timeout}s",
        "--latency",
        "-s",
        str(script),
        "-H",
        f"Cookie: {cookie}",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    found = re.search(r"(\d+) requests in ([\d.]+)(m?s|m)\b", output)
    assert found and int(found.group(1)), output
    unit = {"s": 1.0, "ms": 0.001, "m": 60.0}[found.group(3)]
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "requests": int(found.group(1)),
        "seconds": float(found.group(2)) * unit,
        "not_200": int(re.search(r"Not 200: (\d+)", output).group(1)),  # type: ignore[union-attr]
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
        "p50": latency_ms(output, "50%"),
        "p99": latency_ms(output, "99%"),
        "output": output,
    }


def latency_ms(output: str, percentile: str) -> float:
    found = re.search(rf"^\s+{percentile}\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
    if not found:
        return float("nan")
    return float(found.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)]


def drain(port: int) -> None:
    """Waits until the server answers the login page (no session) at once: gunicorn has
    served the requests left in its queue by the connections wrk closed."""
    for _ in range(300):
        started = time.perf_counter()
        get(port, "/login/", "")
        if time.perf_counter() - started < 0.5:
            return
    raise SystemExit("the server does not come back to idle")


def measure(
    port: int, cookie: str, pages: dict[str, str], args: Any, work: Path
) -> dict[str, Load]:
    script = work / "not200.lua"
    script.write_text(NOT_200_LUA)
    base = f"http://127.0.0.1:{port}"
    for name, path in pages.items():
        status, size = get(port, path, cookie)
        print(f"# {name:<16} {path:<40} {status} {size / 1024:.0f} KiB", flush=True)
        if status != 200:
            raise SystemExit(f"{path} answered {status}: the session is not taken")
        wrk(base + path, cookie, script, args, 3)  # warm-up: templates, connections
        drain(port)
    loads = {name: Load() for name in pages}
    print(
        f"{'page':<16} {'round':>5} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'errors':>6}"
    )
    for round_ in range(1, args.rounds + 1):
        for name, path in pages.items():
            seen = wrk(base + path, cookie, script, args, args.duration)
            drain(port)
            load = loads[name]
            load.requests += seen["requests"]
            load.seconds += seen["seconds"]
            load.not_200 += seen["not_200"]
            load.socket_errors += seen["socket_errors"]
            print(
                f"{name:<16} {round_:>5} {seen['requests']:>8} "
                f"{seen['requests'] / seen['seconds']:>7.1f} {seen['p50']:>7.0f} "
                f"{seen['p99']:>7.0f} {seen['not_200'] + seen['socket_errors']:>6}",
                flush=True,
            )
    return loads


def report(loads: dict[str, Load], args: Any) -> None:
    from bench._table import row  # noqa: PLC0415

    where = f"{args.connections} connections, {args.pairs} pairs, PostgreSQL"
    for page, floor, label in [
        ("home", "home by hand", "home page (curator)"),
        ("registry", "registry by hand", f"registry page, {ROWS} rows"),
    ]:
        ratio = loads[page].per_second / loads[floor].per_second
        row(
            f"{label} under load, {where}",
            f"{loads[page].per_second:.1f} req/s",
            f"{loads[floor].per_second:.1f} req/s (hand-written template)",
            f"{ratio:.2f}×",
            f"≥ {TARGET}×",
            ratio >= TARGET,
        )
    errors = sum(load.errors for load in loads.values())
    requests = sum(load.requests for load in loads.values())
    row(
        f"errors under load (non-200 and socket), {requests} requests",
        str(errors),
        "—",
        "—",
        "0",
        errors == 0,
    )


def main(argv: list[str]) -> int:
    args = parse(argv)
    if shutil.which("wrk") is None:
        print("wrk not installed (apt-get install -y wrk): bench/load.py skipped")
        return 0
    env = {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/{DATABASE}",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    os.environ.update(env)
    import psycopg2  # noqa: PLC0415 - the driver the site uses

    try:
        postgres(f"DROP DATABASE IF EXISTS {DATABASE}")
    except psycopg2.OperationalError as error:
        reason = str(error).strip().splitlines()[0]
        print(f"PostgreSQL not reachable at {SERVER} ({reason}): bench/load.py skipped")
        return 0
    postgres(f"CREATE DATABASE {DATABASE}")
    try:
        session_key = fill(args.pairs)
        with tempfile.TemporaryDirectory(prefix="load-bench-") as folder:
            work = Path(folder)
            server_env = {
                **env,
                "DEBUG": "0",
                "DJANGO_SETTINGS_MODULE": SETTINGS,
                "STATIC_ROOT": str(work / "static"),
                "MEDIA_ROOT": str(work / "media"),
            }
            started = time.perf_counter()
            subprocess.run(  # noqa: S603 - manage.py of this checkout
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                cwd=ROOT,
                env=server_env,
                check=True,
            )
            print(f"# collectstatic in {time.perf_counter() - started:.1f} s", flush=True)
            from django.urls import reverse  # noqa: PLC0415

            pages = {
                "home": reverse("home"),
                "home by hand": HOME_FLOOR,
                "registry": f"{reverse('mentorships:registry')}?per_page={ROWS}",
                "registry by hand": f"{REGISTRY_FLOOR}?per_page={ROWS}",
            }
            port = free_port()
            with gunicorn(server_env, port, work / "gunicorn.log"):
                loads = measure(port, f"sessionid={session_key}", pages, args, work)
            log = (work / "gunicorn.log").read_text()
            if "Traceback" in log or "[CRITICAL]" in log:
                print(log[-3000:])
    finally:
        from django.db import connections  # noqa: PLC0415

        connections.close_all()
        postgres(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    report(loads, args)
    return 0


def parse(argv: list[str]) -> Any:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--duration", type=float, default=15, help="seconds of each wrk run")
    parser.add_argument("--rounds", type=int, default=2, help="wrk runs of each page, in turns")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--timeout", type=int, default=60, help="wrk's timeout, seconds")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
