"""Playwright driving Debian's chromium against pytest-django's live server."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any, ClassVar

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from pytest_django.live_server_helper import LiveServer

from tests.conftest import rerun_data_migrations

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# beside it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A Russian browser tab whose every loaded page axe-core checks (`AxeChecker`) and
    where nothing breaks the Content-Security-Policy (`PolicyWatcher`)."""
    context = browser.new_context(locale="ru-RU", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    checker = AxeChecker(page)
    watcher = PolicyWatcher(page)
    yield page
    checker.check_current()
    context.close()
    checker.assert_clean()
    watcher.assert_clean()


class PolicyWatcher:
    """Collects what the browser says it refused under the Content-Security-Policy (an
    inline script or style, an eval, a file from elsewhere); the test fails on any."""

    MARKS = ("Content Security Policy", "Refused to")

    def __init__(self, page: Page) -> None:
        self.violations: list[str] = []
        page.context.on("console", self._seen)

    def _seen(self, message: ConsoleMessage) -> None:
        if any(mark in message.text for mark in self.MARKS):
            self.violations.append(f"{message.location.get('url', '')}: {message.text}")

    def assert_clean(self) -> None:
        unique = list(dict.fromkeys(self.violations))
        assert not unique, "the Content-Security-Policy was broken:\n" + "\n".join(unique)


# axe-core from npm (package.json, pinned): the accessibility rules every page must pass.
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# What fails a test: the violations axe-core rates «critical» or «serious».
AXE_FAILING_IMPACTS = frozenset({"critical", "serious"})
# What axe-core's result depends on: the window's size and scroll, and the document as it
# stands (its DOM, attributes and inline styles; the stylesheets are the site's own files).
# CSRF tokens, new in every answer, are left out. No state while an animation runs (a
# Bootstrap fade changes colours, and so contrast, without a change in the document).
_STATE_FUNCTION = """function () {
  if (document.getAnimations().some(animation => animation.playState === "running")) {
    return null;
  }
  const copy = document.documentElement.cloneNode(true);
  for (const token of copy.querySelectorAll("input[name=csrfmiddlewaretoken]")) {
    token.removeAttribute("value");
  }
  return [innerWidth, innerHeight, scrollX, scrollY, copy.outerHTML].join("\\n");
}"""
_PAGE_STATE = "() => (" + _STATE_FUNCTION + ")()"
# axe-core's run, told the state read before it: whether the page is still in that state
# after it (the test goes on beside the check, and a page that changed meanwhile gives a
# result that belongs to no one state).
_AXE_RUN = (
    """async (stateBefore) => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  const violations = results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
  }));
  const stateAfter = ("""
    + _STATE_FUNCTION
    + """)();
  return {violations, unchanged: stateBefore !== null && stateAfter === stateBefore};
}"""
)


def _digest(state: str) -> str:
    return hashlib.sha256(state.encode("utf-8", "surrogatepass")).hexdigest()


class AxeChecker:
    """Runs axe-core on each page a test's tab loads (and on the last one at its end, after
    whatever the test did there) and collects the serious and critical violations; the
    test fails on any. A page is checked once per URL and test.

    A page in a state axe-core has already checked in this process (the same document but
    for its CSRF tokens, window size and scroll, no animation running: every test's login
    page, a role's home before and after a test, a page a test ends on unchanged) gets that
    check's violations again rather than a second run of axe-core, which took a quarter of the
    browser tests' time. A result is kept only if the page was in the same state before and
    after axe-core's run. (Typed values and ticks, properties rather than attributes, are not
    part of the state.)"""

    _checked_states: ClassVar[dict[str, list[dict[str, Any]]]] = {}

    def __init__(self, page: Page) -> None:
        if not AXE_SCRIPT.exists():
            pytest.fail(f"{AXE_SCRIPT} not found: `make test` installs it (npm ci)")
        self.page = page
        self.checked: set[str] = set()
        self.violations: list[str] = []
        self.running = 0
        page.context.add_init_script(path=str(AXE_SCRIPT))
        page.on("load", lambda loaded: self._check(loaded, final=False))

    def wait_for_checks(self, timeout: float = 30) -> None:
        """Lets the checks that pages' loads started finish. Playwright runs an event's handler
        beside the test, while the test's next calls wait on the browser: at a test's end one
        could still be running, and the final check beside it found «axe is already running»
        and checked nothing."""
        deadline = time.monotonic() + timeout
        while self.running and not self.page.is_closed() and time.monotonic() < deadline:
            self.page.wait_for_timeout(20)

    def check_current(self) -> None:
        self.wait_for_checks()
        if not self.page.is_closed():
            self._check(self.page, final=True)

    def _check(self, page: Page, *, final: bool) -> None:
        url = page.url
        if (
            not url.startswith("http")
            or url.endswith(".pdf")
            or (url in self.checked and not final)
        ):
            return
        self.checked.add(url)
        self.running += 1
        try:
            state = page.evaluate(_PAGE_STATE)
            key = None if state is None else _digest(state)
            found = None if key is None else self._checked_states.get(key)
            if found is None:
                run = page.evaluate(_AXE_RUN, state)
                found = run["violations"]
                if key is not None and run["unchanged"]:
                    self._checked_states[key] = found
        except PlaywrightError:
            return  # the page went away while it was checked (a redirect, a download)
        finally:
            self.running -= 1
        for violation in found:
            if violation["impact"] in AXE_FAILING_IMPACTS:
                self.violations.append(
                    f"{url}: {violation['impact']} {violation['id']} ({violation['help']}): "
                    + "; ".join(violation["targets"])
                )

    def assert_clean(self) -> None:
        unique = list(dict.fromkeys(self.violations))
        assert not unique, "axe-core found serious or critical violations:\n" + "\n".join(unique)


class _DemoSnapshot:
    """The demo as loaded once in this process, put back for each later test (a fraction of
    a second, where loading the demo takes seconds): on SQLite's in-memory test database a
    copy of the database, on PostgreSQL each table's rows as `COPY` wrote them; and the
    files the demo stored."""

    database: sqlite3.Connection | None = None
    tables: dict[str, bytes] | None = None
    media: Path | None = None

    @classmethod
    def taken(cls) -> bool:
        return cls.media is not None and (cls.database is not None or cls.tables is not None)

    @classmethod
    def take(cls, media: Path, folder: Path) -> None:
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            cls.database = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(cls.database)
        else:
            cls.tables = {}
            with connection.cursor() as cursor:
                for table in _tables():
                    rows = BytesIO()
                    cursor.copy_expert(f'COPY "{table}" TO STDOUT', rows)
                    cls.tables[table] = rows.getvalue()
        cls.media = folder
        if media.exists():
            shutil.copytree(media, folder, dirs_exist_ok=True)

    @classmethod
    def put_back(cls, media: Path) -> None:
        assert cls.media is not None
        connection.ensure_connection()
        if cls.database is not None:
            cls.database.backup(connection.connection)
        else:
            assert cls.tables is not None
            with transaction.atomic(), connection.cursor() as cursor:
                names = ", ".join(f'"{table}"' for table in cls.tables)
                cursor.execute(f"TRUNCATE {names} CASCADE")
                for table, rows in cls.tables.items():
                    cursor.copy_expert(f'COPY "{table}" FROM STDIN', BytesIO(rows))
                models = apps.get_models(include_auto_created=True)
                for statement in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(statement)
        ContentType.objects.clear_cache()
        shutil.copytree(cls.media, media, dirs_exist_ok=True)


def _tables() -> list[str]:
    return connection.introspection.django_table_names(only_existing=True, include_views=False)


@pytest.fixture
def demo(live_server: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The demo college, as `make run` loads it.

    Browser tests are transactional, so each ends with a flush. `serialized_rollback` cannot
    bring the migrated rows back here: while Playwright's event loop runs, Django hands this
    thread a fresh connection object without the serialized snapshot. So the first test
    runs the data migrations' own (idempotent) functions again and loads the demo, and later
    tests start from a snapshot of that (`_DemoSnapshot`).
    """
    media = Path(settings.MEDIA_ROOT)
    if _DemoSnapshot.taken():
        _DemoSnapshot.put_back(media)
        return
    rerun_data_migrations()
    call_command("load_demo", stdout=StringIO())
    _DemoSnapshot.take(media, tmp_path_factory.mktemp("demo-media"))


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def log_in(page: Page, base_url: str, username: str, password: str = "demo") -> None:
    page.goto(f"{base_url}/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{base_url}/")
