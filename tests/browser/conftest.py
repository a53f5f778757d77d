"""Playwright driving Debian's chromium against pytest-django's live server."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from playwright.sync_api import Browser, Page, sync_playwright
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
    context = browser.new_context(locale="ru-RU", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


class _DemoSnapshot:
    """The demo as loaded once in this process: a copy of the SQLite test database and of
    the files it stored, put back for each later test (milliseconds, where loading the demo
    takes seconds)."""

    database: sqlite3.Connection | None = None
    media: Path | None = None


@pytest.fixture
def demo(live_server: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The demo college, as `make run` loads it.

    Browser tests are transactional, so each ends with a flush. `serialized_rollback` cannot
    bring the migrated rows back here: while Playwright's event loop runs, Django hands this
    thread a fresh connection object without the serialized snapshot. So the data
    migrations' own (idempotent) functions run again instead, and the demo is loaded. On
    SQLite's in-memory test database the first load is copied (`sqlite3.Connection.backup`)
    and later tests start from that copy; on PostgreSQL each test loads the demo.
    """
    media = Path(settings.MEDIA_ROOT)
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    if in_memory and _DemoSnapshot.database is not None and _DemoSnapshot.media is not None:
        connection.ensure_connection()
        _DemoSnapshot.database.backup(connection.connection)
        shutil.copytree(_DemoSnapshot.media, media, dirs_exist_ok=True)
        return
    rerun_data_migrations()
    call_command("load_demo", stdout=StringIO())
    if in_memory:
        connection.ensure_connection()
        _DemoSnapshot.database = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(_DemoSnapshot.database)
        _DemoSnapshot.media = tmp_path_factory.mktemp("demo-media")
        if media.exists():
            shutil.copytree(media, _DemoSnapshot.media, dirs_exist_ok=True)


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def log_in(page: Page, base_url: str, username: str, password: str = "demo") -> None:
    page.goto(f"{base_url}/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{base_url}/")
