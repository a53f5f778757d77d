"""Asking for a document, the same request twice, progress, failure and retry, expiry."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reports.background.errors import DocumentError
from reports.background.kinds import KINDS, DocumentKind
from reports.background.progress import JobProgress, Progress, pages_laid_out
from reports.background.services import (
    RUN_LIMIT,
    delete_document,
    expire_documents,
    request_document,
    retry_document,
)
from reports.background.tasks import build_document
from reports.models import DocumentJob, DocumentStatus

pytestmark = pytest.mark.django_db

Ask = Callable[..., DocumentJob]


def built(job: DocumentJob, progress: Progress) -> tuple[bytes, str]:
    progress(1, 2)
    progress(2, 2)
    return b"%PDF-1.4 built", "built.pdf"


def use_build(monkeypatch: pytest.MonkeyPatch, build: Callable[..., Any]) -> None:
    monkeypatch.setitem(KINDS, "registry-pdf", DocumentKind(build, "pairs.view_mentorship"))


def ready(job: DocumentJob, *, expires_in: dt.timedelta = dt.timedelta(hours=1)) -> DocumentJob:
    """The job as a worker leaves it once built."""
    job.file.save("ready.pdf", ContentFile(b"%PDF-1.4 ready"), save=False)
    job.status = DocumentStatus.DONE
    job.filename = "ready.pdf"
    job.expires_at = timezone.now() + expires_in
    job.save()
    return job


# --- The same request ----------------------------------------------------------------------


def test_the_same_request_is_one_job_with_one_task(methodist: User, ask: Ask) -> None:
    first = ask(methodist, query="status=active&year=2025")
    second = ask(methodist, query="status=active&year=2025")

    assert second.pk == first.pk
    assert DocumentJob.objects.count() == 1
    task = DBTaskResult.objects.get()
    assert task.args_kwargs == {"args": [first.pk], "kwargs": {}}
    first.refresh_from_db()
    assert first.task_id == str(task.id)
    assert first.status == DocumentStatus.QUEUED


def test_another_selection_or_kind_or_user_is_another_job(
    methodist: User, curator: User, ask: Ask
) -> None:
    job = ask(methodist, query="year=2025")

    others = {
        ask(methodist, query="year=2024").pk,
        ask(methodist, kind="registry-xlsx", query="year=2025").pk,
        ask(curator, query="year=2025").pk,
    }

    assert job.pk not in others
    assert len(others) == 3
    assert DBTaskResult.objects.count() == 4


def test_a_ready_document_is_given_again_until_it_expires(methodist: User, ask: Ask) -> None:
    job = ready(ask(methodist))
    assert ask(methodist).pk == job.pk

    job.expires_at = timezone.now() - dt.timedelta(seconds=1)
    job.save()

    assert ask(methodist).pk != job.pk


def test_a_failed_request_asked_again_is_a_new_job(methodist: User, ask: Ask) -> None:
    job = ask(methodist)
    DocumentJob.objects.filter(pk=job.pk).update(status=DocumentStatus.FAILED, error="x")

    assert ask(methodist).pk != job.pk


def test_a_build_that_lost_its_worker_fails_and_is_asked_for_anew(
    methodist: User, ask: Ask
) -> None:
    job = ask(methodist)
    started = timezone.now() - RUN_LIMIT - dt.timedelta(minutes=1)
    DocumentJob.objects.filter(pk=job.pk).update(status=DocumentStatus.RUNNING, started_at=started)

    again = ask(methodist)

    job.refresh_from_db()
    assert job.status == DocumentStatus.FAILED and job.error
    assert again.pk != job.pk and again.status == DocumentStatus.QUEUED


def test_a_build_running_within_the_limit_is_the_same_request(methodist: User, ask: Ask) -> None:
    job = ask(methodist)
    started = timezone.now() - RUN_LIMIT + dt.timedelta(minutes=1)
    DocumentJob.objects.filter(pk=job.pk).update(status=DocumentStatus.RUNNING, started_at=started)

    assert ask(methodist).pk == job.pk
    assert expire_documents() == 0
    assert DocumentJob.objects.get(pk=job.pk).status == DocumentStatus.RUNNING


def test_a_queue_out_of_reach_fails_the_job_and_logs_it(
    methodist: User, ask: Ask, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # Redis on a port nothing listens on.
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}

    with caplog.at_level(logging.ERROR, logger="reports.background.services"):
        job = ask(methodist)

    job.refresh_from_db()
    assert job.status == DocumentStatus.FAILED and job.error and not job.task_id
    assert "could not be queued" in caplog.text


def test_an_unknown_kind_is_refused(methodist: User) -> None:
    with pytest.raises(ValueError, match="Unknown kind"):
        request_document(user=methodist, kind="nothing", params={}, title="—")


# --- The build -----------------------------------------------------------------------------


def test_the_task_builds_the_document_and_keeps_it_for_its_storage_period(
    methodist: User, ask: Ask, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.DOCUMENTS_KEEP_HOURS = 2
    use_build(monkeypatch, built)
    job = ask(methodist)

    build_document.call(job.pk)

    job.refresh_from_db()
    assert job.status == DocumentStatus.DONE
    assert job.filename == "built.pdf"
    assert job.file.read() == b"%PDF-1.4 built"
    assert (job.done, job.total) == (2, 2)
    assert job.started_at is not None and job.finished_at is not None
    assert job.expires_at == job.finished_at + dt.timedelta(hours=2)
    # The stored name is not the download's name, and not guessable from it.
    assert job.file.name.startswith("documents/") and "built" not in job.file.name


def test_a_job_taken_by_another_run_is_not_built_twice(
    methodist: User, ask: Ask, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    use_build(monkeypatch, lambda job, progress: calls.append(job.pk) or (b"", "x.pdf"))
    job = ask(methodist)
    DocumentJob.objects.filter(pk=job.pk).update(status=DocumentStatus.RUNNING)

    build_document.call(job.pk)

    assert calls == []


def test_a_failing_build_tells_the_user_without_the_traceback_and_logs_it(
    methodist: User, ask: Ask, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(job: DocumentJob, progress: Progress) -> tuple[bytes, str]:
        raise RuntimeError("secret internals")

    use_build(monkeypatch, broken)
    job = ask(methodist)

    with caplog.at_level(logging.ERROR, logger="reports.background.services"):
        build_document.call(job.pk)

    job.refresh_from_db()
    assert job.status == DocumentStatus.FAILED
    assert job.error and "secret" not in job.error and "Traceback" not in job.error
    assert not job.file
    assert "secret internals" in caplog.text


def test_a_refused_build_gives_its_reason(
    methodist: User, ask: Ask, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(job: DocumentJob, progress: Progress) -> tuple[bytes, str]:
        raise DocumentError("Фильтры больше не предлагаются.")

    use_build(monkeypatch, refused)
    job = ask(methodist)

    build_document.call(job.pk)

    job.refresh_from_db()
    assert (job.status, job.error) == (DocumentStatus.FAILED, "Фильтры больше не предлагаются.")


def test_a_user_who_lost_the_role_gets_no_registry(methodist: User, ask: Ask) -> None:
    job = ask(methodist)
    methodist.groups.remove(Group.objects.get(name="methodist"))

    build_document.call(job.pk)

    job.refresh_from_db()
    assert job.status == DocumentStatus.FAILED
    assert not job.file


def test_a_job_deleted_while_it_is_built_leaves_no_file(
    methodist: User, ask: Ask, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    def deleted_meanwhile(job: DocumentJob, progress: Progress) -> tuple[bytes, str]:
        DocumentJob.objects.filter(pk=job.pk).delete()
        return b"%PDF-1.4", "gone.pdf"

    use_build(monkeypatch, deleted_meanwhile)
    job = ask(methodist)

    build_document.call(job.pk)

    assert not DocumentJob.objects.exists()
    documents = settings.MEDIA_ROOT / "documents"
    assert not documents.exists() or not any(path.is_file() for path in documents.rglob("*"))


# --- Retry ---------------------------------------------------------------------------------


def test_a_failed_job_is_queued_again_and_then_built(
    methodist: User,
    ask: Ask,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    job = ask(methodist)
    DocumentJob.objects.filter(pk=job.pk).update(
        status=DocumentStatus.FAILED, error="Не получилось.", done=3, total=9
    )

    with django_capture_on_commit_callbacks(execute=True):
        again = retry_document(job)

    assert again.pk == job.pk
    again.refresh_from_db()
    assert (again.status, again.error, again.done) == (DocumentStatus.QUEUED, "", 0)
    assert DBTaskResult.objects.count() == 2
    use_build(monkeypatch, built)
    build_document.call(job.pk)
    again.refresh_from_db()
    assert again.status == DocumentStatus.DONE


def test_retry_leaves_a_job_that_has_not_failed(methodist: User, ask: Ask) -> None:
    job = ready(ask(methodist))

    assert retry_document(job).status == DocumentStatus.DONE
    assert DBTaskResult.objects.count() == 1


def test_retry_gives_the_same_request_asked_meanwhile(methodist: User, ask: Ask) -> None:
    failed = ask(methodist)
    DocumentJob.objects.filter(pk=failed.pk).update(status=DocumentStatus.FAILED)
    meanwhile = ask(methodist)

    assert retry_document(failed).pk == meanwhile.pk


# --- Progress ------------------------------------------------------------------------------


def test_progress_is_written_at_most_every_half_second(methodist: User, ask: Ask) -> None:
    job = ask(methodist)
    now = [100.0]
    progress = JobProgress(job.pk, clock=lambda: now[0])

    def seen() -> tuple[int, int, str]:
        row = DocumentJob.objects.get(pk=job.pk)
        return row.done, row.total, row.unit

    progress(0, 10)
    assert seen() == (0, 10, "rows")
    now[0] += 0.2
    progress(4, 10)
    assert seen() == (0, 10, "rows")  # too soon
    now[0] += 0.4
    progress(5, 10)
    assert seen() == (5, 10, "rows")
    now[0] += 0.1
    progress(10, 10)  # the last row is always written
    assert seen() == (10, 10, "rows")
    now[0] += 0.1
    progress(1, 0, "pages")  # so is a change of unit
    assert seen() == (1, 0, "pages")


def test_pages_are_counted_from_weasyprints_progress_log() -> None:
    reported: list[tuple[int, int, str]] = []
    logger = logging.getLogger("weasyprint.progress")

    with pages_laid_out(lambda done, total, unit="rows": reported.append((done, total, unit))):
        logger.info("Step 4 - Creating formatting structure")
        logger.info("Step 5 - Creating layout - Page %d", 1)
        logger.info("Step 5 - Creating layout - Page %d", 2)
    logger.info("Step 5 - Creating layout - Page %d", 3)  # after the build: not counted

    assert reported == [(1, 0, "pages"), (2, 0, "pages")]


# --- Deleting and expiry -------------------------------------------------------------------


def test_deleting_a_document_deletes_its_file(
    methodist: User, ask: Ask, django_capture_on_commit_callbacks: Any
) -> None:
    job = ready(ask(methodist))
    storage, name = job.file.storage, job.file.name

    with django_capture_on_commit_callbacks(execute=True):
        delete_document(job)

    assert not DocumentJob.objects.exists()
    assert not storage.exists(name)


def test_expired_files_are_deleted_and_their_rows_say_so(methodist: User, ask: Ask) -> None:
    old = ready(ask(methodist, query="year=2024"), expires_in=dt.timedelta(seconds=-1))
    fresh = ready(ask(methodist, query="year=2025"))
    storage, old_name = old.file.storage, old.file.name
    out = StringIO()

    call_command("expire_documents", stdout=out)

    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, old.file.name) == (DocumentStatus.EXPIRED, "")
    assert old.has_expired() and not old.is_available()
    assert not storage.exists(old_name)
    assert fresh.status == DocumentStatus.DONE and storage.exists(fresh.file.name)
    assert "1" in out.getvalue()
    assert expire_documents() == 0  # nothing left to do


def test_each_build_first_deletes_expired_files(
    methodist: User, ask: Ask, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = ready(ask(methodist, query="year=2024"), expires_in=dt.timedelta(seconds=-1))
    use_build(monkeypatch, built)
    job = ask(methodist)

    build_document.call(job.pk)

    old.refresh_from_db()
    assert old.status == DocumentStatus.EXPIRED


def test_params_identify_a_request_whatever_their_order(methodist: User) -> None:
    one = request_document(user=methodist, kind="registry-pdf", params={"a": 1, "b": 2}, title="—")
    two = request_document(user=methodist, kind="registry-pdf", params={"b": 2, "a": 1}, title="—")

    assert one.pk == two.pk
