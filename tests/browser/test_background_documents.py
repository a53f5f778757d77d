"""The methodist asks for a registry too large to print at once: its page shows it queued,
another page opens meanwhile, «Мои документы» shows it ready, and the PDF is downloaded.

The task really runs: the database backend keeps it, and django-tasks-db's own worker loop
(`Worker`, what `manage.py db_worker` runs) takes it in a thread beside the live server, as
`make run` runs one beside runserver. On SQLite's in-memory test database the thread uses the
live server's connection (the database lives in it); on PostgreSQL a connection of its own.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection, connections
from django_tasks_db.management.commands.db_worker import Worker
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from pairs.models import Mentorship
from reports.models import DocumentJob, DocumentStatus
from tests.browser.conftest import ARTIFACTS, log_in, screenshot
from tests.pdf import pdf_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("demo"),
]


class WorkerThread(threading.Thread):
    """The database worker's loop for one task, in a thread."""

    def __init__(self, live_server: LiveServer) -> None:
        super().__init__(daemon=True)
        # The in-memory database's one connection, shared with the live server's thread.
        self.shared = live_server.thread.connections_override.get("default")
        self.worker = Worker(
            queue_names=["*"],
            interval=0.1,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=1,
            worker_id="browser-test",
            excluded_queue_names=[],
        )

    def run(self) -> None:
        if self.shared is not None:
            connections["default"] = self.shared
        try:
            self.worker.run()
        finally:
            if self.shared is None:
                connection.close()


def test_methodist_gets_a_large_registry_pdf_from_the_background(
    page: Page, live_server: LiveServer, settings: Any
) -> None:
    settings.DOCUMENTS_AT_ONCE_MAX_ROWS = 1
    mentorship = Mentorship.objects.in_registry().order_by("id").first()
    assert mentorship is not None
    mentor = mentorship.mentors.first()
    assert mentor is not None

    log_in(page, live_server.url, "methodist")
    page.goto(f"{live_server.url}/pairs/")
    page.get_by_role("link", name="Печать (PDF)").click()
    page.wait_for_url("**/documents/mine/*/")
    job = DocumentJob.objects.get()
    assert job.status == DocumentStatus.QUEUED
    state = page.locator("[data-job-state]")
    expect(state).to_have_attribute("data-job-state", "queued")
    expect(state).to_have_attribute("hx-trigger", "every 1s")  # its page follows it
    screenshot(page, "background-queued")

    worker = WorkerThread(live_server)
    worker.start()
    try:
        # Another page meanwhile: answered while the document is prepared.
        started = time.perf_counter()
        page.goto(f"{live_server.url}/")
        opened_in = time.perf_counter() - started
        assert opened_in < 3, f"the home page took {opened_in:.1f} s beside the worker"
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "background-home-beside-worker.txt").write_text(f"{opened_in:.3f} s\n")

        page.get_by_test_id("current-user").click()  # the user's own pages
        page.get_by_test_id("user-menu").locator('a[href="/documents/mine/"]').click()
        page.wait_for_url("**/documents/mine/")
        row = page.locator("tbody tr").filter(has_text=job.title)
        # The row follows the job (htmx, every 2 s) until it is ready.
        expect(row.locator('[data-job-state="done"]')).to_be_visible(timeout=60_000)
        screenshot(page, "background-my-documents")
    finally:
        worker.join(timeout=60)
    assert not worker.is_alive()

    row.get_by_role("link", name=job.title, exact=True).click()
    download = page.get_by_test_id("download")
    expect(download).to_be_visible()
    href = download.get_attribute("href")
    assert href is not None
    response = page.request.get(live_server.url + href)
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    text = pdf_text(response.body())
    assert "Реестр наставнических пар" in text
    assert mentor.last_name in text
    assert "страница 1 из" in text
    job.refresh_from_db()
    assert job.status == DocumentStatus.DONE and job.unit == "pages"

    # «Мои документы» on a phone: the table scrolls in its own box, the page does not.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/documents/mine/")
    expect(page.get_by_test_id("download")).to_be_visible()
    screenshot(page, "background-my-documents-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
