"""How far a document's build has come: written to its job's row now and then, so that the
page polling it has something to show without the build writing a row per table row."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol

from reports.models import DocumentJob

# The shortest time between two writes of a job's progress.
PROGRESS_INTERVAL = 0.5


class Unit:
    """What `done` and `total` count."""

    ROWS = "rows"
    PAGES = "pages"
    CHARTS = "charts"


class Progress(Protocol):
    """What a document's build calls as it goes: `done` of `total` `unit`s (`total` 0 when
    it is not known yet)."""

    def __call__(self, done: int, total: int, unit: str = Unit.ROWS) -> None: ...


class JobProgress:
    """Writes a job's progress to its row at most every `interval` seconds; the first report,
    a change of unit and a count that reaches its total are always written."""

    def __init__(
        self,
        job_id: int,
        *,
        interval: float = PROGRESS_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.job_id = job_id
        self.interval = interval
        self.clock = clock
        self.written_at: float | None = None
        self.unit = ""

    def __call__(self, done: int, total: int, unit: str = Unit.ROWS) -> None:
        now = self.clock()
        finished = total > 0 and done >= total
        if (
            self.written_at is not None
            and unit == self.unit
            and not finished
            and now - self.written_at < self.interval
        ):
            return
        self.written_at, self.unit = now, unit
        DocumentJob.objects.filter(pk=self.job_id).update(done=done, total=total, unit=unit)


class _PageCounter(logging.Handler):
    """Counts the pages WeasyPrint lays out in one thread, from its progress log
    ("Step 5 - Creating layout - Page 12"; settings.LOGGING keeps that logger at INFO)."""

    def __init__(self, on_page: Callable[[int], None]) -> None:
        super().__init__(logging.INFO)
        self.thread = threading.get_ident()
        self.on_page = on_page
        self.pages = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread or not str(record.msg).startswith(
            "Step 5 - Creating layout - Page"
        ):
            return
        page = record.args[0] if isinstance(record.args, tuple) and record.args else 0
        if isinstance(page, int) and page > self.pages:
            self.pages = page
            self.on_page(page)


@contextmanager
def pages_laid_out(progress: Progress) -> Iterator[None]:
    """Reports each page WeasyPrint lays out in this thread meanwhile, as `pages` of an
    unknown total (a print learns its number of pages only at its end)."""
    logger = logging.getLogger("weasyprint.progress")
    counter = _PageCounter(lambda page: progress(page, 0, Unit.PAGES))
    logger.addHandler(counter)
    try:
        yield
    finally:
        logger.removeHandler(counter)
