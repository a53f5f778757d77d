"""Prints the documents through gunicorn with DEBUG=0, the way README.md's «Production» runs it.

Run: DEBUG=0 .venv/bin/python scripts/production_check.py [--save-to FOLDER]
     (`make test` runs it after the suite; --save-to keeps the PDFs to look at)

In a temporary folder (its own STATIC_ROOT and MEDIA_ROOT, and its own database: a SQLite file
there, or, where DATABASE_URL names a PostgreSQL server as .ci/run's second pass does, a new
database on that server, dropped at the end) it runs the README's
commands — migrate, collectstatic, then gunicorn with `GUNICORN_OPTIONS` below, which a test
keeps equal to the README's line — loads the demo, logs in as the demo methodist and curator,
and fetches the registry, a personal plan, the plan report and a parents' letter. Each must be
a PDF in its page size and orientation, set in the stylesheet's fonts: a print that lost its
stylesheet comes out portrait and in WeasyPrint's default serif (the registry, printed by
ReportLab, must be in DejaVu Sans from the font files). Exits non-zero on the first
thing that is not so, after printing what it saw.

The approved monitoring report is prepared in the background (its charts take seconds): the
first ask must answer at once with the report's page, then the database worker builds it
(`manage.py db_worker --batch`, the README's worker stopping once the queue is empty) and the
same address gives the stored PDF.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import secrets
import socket
import subprocess  # noqa: S404 - runs manage.py and gunicorn of this checkout
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.pdf import (  # noqa: E402 - after the checkout is on the path
    A4_LANDSCAPE,
    A4_PORTRAIT,
    LONG_TABLE_FONTS,
    pdf_fonts,
    pdf_page_sizes,
    pdf_text,
)

BIN = Path(sys.executable).parent
# README.md, «Production»: the same options (tests/test_production_check.py compares them).
GUNICORN_OPTIONS = [
    "--workers",
    "3",
    "--timeout",
    "60",
    "--max-requests",
    "200",
    "--max-requests-jitter",
    "20",
]
# The longest a request that queues a document may take (the print itself takes seconds).
QUEUED_WITHIN_SECONDS = 3.0
SANS = {"DejaVu-Sans", "DejaVu-Sans-Bold"}
LETTER_FONTS = {"DejaVu-Serif", "DejaVu-Serif-Bold", "DejaVu-Serif-Italic"}
# The ids of one document of each kind in the demo, printed as JSON.
FIND_DOCUMENTS = """
import json
from pairs.models import Mentorship
from programs.models import ActionPlan, TrainingSession
from registry.models import Incentive, IncentiveKind, Student
from reports.models import MonitoringReport
print(json.dumps({
    "training": TrainingSession.objects.filter(records__isnull=False)
        .order_by("pk").values_list("pk", flat=True).first(),
    "plan": ActionPlan.objects.order_by("starts_on").values_list("pk", flat=True).first(),
    "adaptation": Mentorship.objects.filter(format__code="teacher_teacher", plan__isnull=False)
        .order_by("pk").values_list("pk", flat=True).first(),
    "letter": Incentive.objects.filter(kind=IncentiveKind.PARENTS_LETTER,
        mentor__student__isnull=False).order_by("pk").values_list("pk", flat=True).first(),
    "report": MonitoringReport.objects.filter(status="approved")
        .order_by("-academic_year").values_list("academic_year", flat=True).first(),
    "student": Student.objects.filter(mentorships_as_mentee__isnull=False)
        .order_by("pk").values_list("pk", flat=True).first(),
}))
"""


class CheckFailed(Exception):
    pass


@contextmanager
def production_database(folder: Path) -> Iterator[str]:
    """The address of the database the check migrates and prints from: on the PostgreSQL
    server DATABASE_URL names, a new database beside it (so the real migrations run on
    PostgreSQL too: the tests make their databases from the models), dropped at the end;
    otherwise a SQLite file in `folder`."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{folder / 'db.sqlite3'}"
        return
    parts = urllib.parse.urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'nastavnik'}_production_check"
    server = psycopg2.connect(urllib.parse.urlunsplit(parts._replace(path="/postgres")))
    server.autocommit = True

    def run(statement: str) -> None:
        with server.cursor() as cursor:
            cursor.execute(sql.SQL(statement).format(sql.Identifier(name)))

    try:
        run("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        run("CREATE DATABASE {}")
        yield urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        run("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        server.close()


def production_environment(folder: Path, database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0",  # plain HTTP on the loopback, as README allows for a test install
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "TASK_BACKEND": "database",  # the worker below is `db_worker`
    }


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise CheckFailed(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def gunicorn(env: dict[str, str], port: int, log: Path) -> Iterator[str]:
    command = [
        str(BIN / "gunicorn"),
        "mentoring_site.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        *GUNICORN_OPTIONS,
    ]
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base, server)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)


def wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CheckFailed("gunicorn stopped before it answered")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:  # noqa: S310
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise CheckFailed("gunicorn did not answer /healthz in 60 s")


class Browser:
    """A logged-in visitor: cookies kept, CSRF token sent with the login form."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> tuple[int, str, bytes]:
        try:
            with self.opener.open(self.base + path, timeout=120) as response:
                return response.status, response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get_content_type(), error.read()

    def log_in(self, username: str, password: str) -> None:
        self.get("/accounts/login/")
        token = next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")
        form = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - the loopback server started above
            self.base + "/accounts/login/", data=form, headers={"Referer": self.base + "/"}
        )
        with self.opener.open(request, timeout=30) as response:
            if response.url.rstrip("/") != self.base:
                raise CheckFailed(f"logging in as {username} did not reach the home page")


def check_pdf(
    browser: Browser,
    path: str,
    *,
    size: tuple[float, float],
    fonts: set[str],
    text: str,
    save_to: Path | None,
) -> None:
    started = time.monotonic()
    status, content_type, body = browser.get(path)
    seconds = time.monotonic() - started
    if status != 200 or content_type != "application/pdf":
        raise CheckFailed(f"{path}: HTTP {status} {content_type}\n{body[:2000]!r}")
    if save_to is not None:
        save_to.mkdir(parents=True, exist_ok=True)
        (save_to / path.strip("/").replace("/", "-")).write_bytes(body)
    page_sizes = pdf_page_sizes(body)
    sizes = set(page_sizes)
    used = pdf_fonts(body)
    printed = pdf_text(body)
    print(f"  {path}: {len(page_sizes)} pages {sizes}, fonts {sorted(used)}, {seconds:.1f} s")
    if sizes != {size}:
        raise CheckFailed(f"{path}: pages {sizes}, expected all {size}")
    if used != fonts:
        raise CheckFailed(f"{path}: fonts {sorted(used)}, expected {sorted(fonts)}")
    if text not in printed:
        raise CheckFailed(f"{path}: «{text}» is not in the text")


def prepared_in_background(browser: Browser, env: dict[str, str], path: str) -> None:
    """Asks for a document the queue prepares: the answer must be a page, at once, not the
    document; then runs the database worker until the queue is empty."""
    started = time.monotonic()
    status, content_type, body = browser.get(path)
    seconds = time.monotonic() - started
    print(f"  {path}: HTTP {status} {content_type} in {seconds:.1f} s (queued)")
    if status != 200 or content_type != "text/html":
        raise CheckFailed(f"{path}: asked first, HTTP {status} {content_type}\n{body[:2000]!r}")
    if seconds > QUEUED_WITHIN_SECONDS:
        raise CheckFailed(f"{path}: asking took {seconds:.1f} s, more than a queued document")
    started = time.monotonic()
    manage(env, "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name=*")
    print(f"  the worker built it in {time.monotonic() - started:.1f} s")


def check(folder: Path, database_url: str, save_to: Path | None) -> None:
    env = production_environment(folder, database_url)
    engine = database_url.partition(":")[0]
    print(f"production check: migrate, collectstatic, load_demo (DEBUG=0, {engine})")
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input")
    manage(env, "load_demo")
    ids = json.loads(manage(env, "shell", "--no-imports", "-c", FIND_DOCUMENTS))
    if None in ids.values():
        raise CheckFailed(f"the demo lacks a document to print: {ids}")
    port = free_port()
    print(f"production check: gunicorn {' '.join(GUNICORN_OPTIONS)} on 127.0.0.1:{port}")
    with gunicorn(env, port, folder / "gunicorn.log") as base:
        methodist = Browser(base)
        methodist.log_in("methodist", "demo")
        check_pdf(
            methodist,
            "/documents/registry.pdf",
            size=A4_LANDSCAPE,
            fonts=LONG_TABLE_FONTS,  # printed by ReportLab, from the font files
            text="Реестр наставнических пар",
            save_to=save_to,
        )
        check_pdf(
            methodist,
            f"/documents/plans/personal/{ids['adaptation']}.pdf",
            size=A4_PORTRAIT,
            fonts=SANS,
            text="План адаптации молодого педагога",
            save_to=save_to,
        )
        check_pdf(
            methodist,
            f"/documents/training/{ids['training']}/attendance-sheet.pdf",
            size=A4_PORTRAIT,
            fonts=SANS,
            text="Лист регистрации",
            save_to=save_to,
        )
        curator = Browser(base)
        curator.log_in("curator", "demo")
        check_pdf(
            curator,
            f"/documents/plans/{ids['plan']}/report.pdf",
            size=A4_LANDSCAPE,
            fonts=SANS,
            text="Отчёт о выполнении комплекса мер",
            save_to=save_to,
        )
        check_pdf(
            curator,
            f"/documents/incentives/{ids['letter']}/parents-letter.pdf",
            size=A4_PORTRAIT,
            fonts=LETTER_FONTS,
            text="БЛАГОДАРСТВЕННОЕ ПИСЬМО",
            save_to=save_to,
        )
        # Monitoring, the bases and 152-ФЗ documents.
        check_pdf(
            curator,
            "/monitoring/answers/unanswered/links.pdf",
            size=A4_PORTRAIT,
            fonts=SANS | {"DejaVu-Sans-Mono"},  # the links, letter by letter
            text="Анкета",
            save_to=save_to,
        )
        check_pdf(
            curator,
            "/documents/pools/mentee-base.pdf",
            size=A4_LANDSCAPE,
            fonts=SANS,
            text="База наставляемых",
            save_to=save_to,
        )
        check_pdf(
            curator,
            "/documents/pools/analysis.pdf",
            size=A4_LANDSCAPE,
            fonts=SANS,
            text="Анализ",
            save_to=save_to,
        )
        check_pdf(
            curator,
            f"/people/{ids['student']}/subject-data.pdf",
            size=A4_LANDSCAPE,
            fonts=SANS,
            text="Сведения",
            save_to=save_to,
        )
        director = Browser(base)
        director.log_in("director", "demo")
        prepared_in_background(director, env, f"/monitoring/report/{ids['report']}/pdf/")
        check_pdf(
            director,
            f"/monitoring/report/{ids['report']}/pdf/",
            size=A4_PORTRAIT,
            fonts=SANS | {"DejaVu-Sans-Oblique"},  # «нет данных» in italics
            text="Отчёт о мониторинге качества реализации программы наставничества",
            save_to=save_to,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save-to", type=Path, help="keep the printed PDFs in this folder")
    save_to: Path | None = parser.parse_args().save_to
    with tempfile.TemporaryDirectory(prefix="nastavnik-production-") as name:
        folder = Path(name)
        try:
            with production_database(folder) as database_url:
                check(folder, database_url, save_to.resolve() if save_to else None)
        except CheckFailed as failure:
            log = folder / "gunicorn.log"
            if log.exists():
                print(log.read_text()[-5000:], file=sys.stderr)
            print(f"production check FAILED: {failure}", file=sys.stderr)
            return 1
    print("production check: every document printed with its stylesheet")
    return 0


if __name__ == "__main__":
    sys.exit(main())
