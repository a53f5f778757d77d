"""Asking for a document, retrying, deleting and expiring it, and the build a worker runs."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reports.background.errors import DocumentError
from reports.background.kinds import KINDS
from reports.background.progress import JobProgress
from reports.models import DocumentJob, DocumentStatus

logger = logging.getLogger(__name__)

# A build still «being prepared» after this long has lost its worker (stopped, killed, out of
# memory): it is marked failed, so it can be retried or asked for again. RQ stops a job after
# the same time (settings.RQ_QUEUES).
RUN_LIMIT = dt.timedelta(hours=1)


def fingerprint(params: dict[str, object]) -> str:
    """The params in a canonical form, hashed: equal params, equal fingerprints."""
    canonical = json.dumps(params, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _same_request(user: User, kind: str, print_: str) -> QuerySet[DocumentJob]:
    """The user's jobs of this request that are still worth having: queued, running, or
    ready and within their storage period."""
    return DocumentJob.objects.filter(requested_by=user, kind=kind, fingerprint=print_).filter(
        Q(status__in=[DocumentStatus.QUEUED, DocumentStatus.RUNNING])
        | Q(status=DocumentStatus.DONE, expires_at__gt=timezone.now())
    )


def fail_lost_builds(jobs: QuerySet[DocumentJob] | None = None) -> int:
    """Marks failed the builds running for longer than `RUN_LIMIT` (of `jobs`, or all)."""
    jobs = DocumentJob.objects.all() if jobs is None else jobs
    return jobs.filter(
        status=DocumentStatus.RUNNING, started_at__lt=timezone.now() - RUN_LIMIT
    ).update(
        status=DocumentStatus.FAILED,
        finished_at=timezone.now(),
        error=_(
            "The document took too long to prepare and was stopped. Try again; if it fails "
            "again, tell the program's curator."
        ),
    )


def _enqueue(job_id: int) -> None:
    # Imported here: the task module imports this one.
    from reports.background.tasks import build_document

    try:
        result = build_document.using(queue_name=settings.DOCUMENTS_QUEUE).enqueue(job_id)
    except Exception:  # noqa: BLE001 - a queue out of reach (Redis down): the job says so
        logger.exception("Document job %s could not be queued", job_id)
        DocumentJob.objects.filter(pk=job_id, status=DocumentStatus.QUEUED).update(
            status=DocumentStatus.FAILED,
            finished_at=timezone.now(),
            error=_(
                "The document could not be queued. Try again later; if it fails again, "
                "tell the program's curator."
            ),
        )
        return
    DocumentJob.objects.filter(pk=job_id).update(task_id=str(result.id)[:100])


def request_document(
    *, user: User, kind: str, params: dict[str, object], title: str
) -> DocumentJob:
    """The document of `kind` for `params`, asked for by `user`.

    The same request (user, kind and params) while one is queued, being prepared or ready
    within its storage period is that one: nothing is rendered twice. Otherwise a new job is
    queued; its task is sent once the transaction commits, so no worker looks for a row that
    is not there yet.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of document: {kind}")
    print_ = fingerprint(params)
    with transaction.atomic():
        # One request of a user at a time: a double click does not make two jobs.
        User.objects.select_for_update().filter(pk=user.pk).first()
        fail_lost_builds(DocumentJob.objects.filter(requested_by=user, fingerprint=print_))
        existing = _same_request(user, kind, print_).order_by("-created_at", "-id").first()
        if existing is not None:
            return existing
        job = DocumentJob(
            kind=kind,
            params=params,
            fingerprint=print_,
            title=title[:300],
            requested_by=user,
        )
        job.full_clean(exclude=["file"])
        try:
            with transaction.atomic():
                job.save()
        except IntegrityError:
            # Another request made it meanwhile (document_job_once_in_progress).
            return _same_request(user, kind, print_).get()
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def retry_document(job: DocumentJob) -> DocumentJob:
    """A failed job queued again; the same request queued or ready meanwhile is that one.
    A job that has not failed is left as it is."""
    with transaction.atomic():
        locked = DocumentJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != DocumentStatus.FAILED:
            return locked
        existing = _same_request(locked.requested_by, locked.kind, locked.fingerprint).first()
        if existing is not None:
            return existing
        locked.status = DocumentStatus.QUEUED
        locked.error = ""
        locked.done = locked.total = 0
        locked.started_at = locked.finished_at = None
        locked.save(update_fields=["status", "error", "done", "total", "started_at", "finished_at"])
        transaction.on_commit(lambda: _enqueue(locked.pk))
    return locked


def delete_document(job: DocumentJob) -> None:
    """The job and its file. A build still running finds no row and drops its file."""
    with transaction.atomic():
        name = job.file.name
        job.delete()
        if name:
            transaction.on_commit(lambda: job.file.storage.delete(name))


def expire_documents(*, now: dt.datetime | None = None) -> int:
    """Deletes the files past their storage period; their rows stay, saying so. Returns how
    many files were deleted. Builds that lost their worker are marked failed too."""
    fail_lost_builds()
    now = now or timezone.now()
    expired = list(
        DocumentJob.objects.filter(status=DocumentStatus.DONE, expires_at__lte=now).only(
            "pk", "file"
        )
    )
    for job in expired:
        if job.file:
            job.file.storage.delete(job.file.name)
    DocumentJob.objects.filter(pk__in=[job.pk for job in expired]).update(
        status=DocumentStatus.EXPIRED, file=""
    )
    return len(expired)


def _failed(job_id: int, message: str) -> None:
    DocumentJob.objects.filter(pk=job_id, status=DocumentStatus.RUNNING).update(
        status=DocumentStatus.FAILED, error=message, finished_at=timezone.now()
    )


def _stored_name(job: DocumentJob, filename: str) -> str:
    # Not guessable and not the user's words; the download is named `filename`.
    return f"{job.pk}-{secrets.token_urlsafe(12)}{PurePosixPath(filename).suffix}"


def build(job_id: int) -> None:
    """The task's work: builds the job's document and keeps it for its storage period, or
    marks the job failed with a message for its user (the traceback goes to the log).

    Each build first deletes the files past their storage period, so a worker that builds
    documents also clears them away.
    """
    expire_documents()
    started = DocumentJob.objects.filter(pk=job_id, status=DocumentStatus.QUEUED).update(
        status=DocumentStatus.RUNNING, started_at=timezone.now(), done=0, total=0
    )
    if not started:
        return  # deleted meanwhile, or already built by another run of the task
    job = DocumentJob.objects.get(pk=job_id)
    with translation.override(settings.LANGUAGE_CODE):
        try:
            content, filename = KINDS[job.kind].build(job, JobProgress(job.pk))
        except DocumentError as refusal:
            logger.warning("Document job %s (%s) refused: %s", job.pk, job.kind, refusal)
            _failed(job.pk, refusal.message)
            return
        except Exception:  # noqa: BLE001 - whatever broke the build, its user is told it failed
            logger.exception("Document job %s (%s) failed", job.pk, job.kind)
            _failed(
                job.pk,
                _(
                    "The document could not be prepared. Try again; if it fails again, "
                    "tell the program's curator."
                ),
            )
            return
    _store(job, content, filename)


def _store(job: DocumentJob, content: bytes, filename: str) -> None:
    name = job.file.storage.save(
        job.file.field.generate_filename(job, _stored_name(job, filename)), ContentFile(content)
    )
    finished = timezone.now()
    stored = DocumentJob.objects.filter(pk=job.pk, status=DocumentStatus.RUNNING).update(
        status=DocumentStatus.DONE,
        file=name,
        filename=filename,
        finished_at=finished,
        expires_at=finished + dt.timedelta(hours=settings.DOCUMENTS_KEEP_HOURS),
    )
    if not stored:
        job.file.storage.delete(name)  # the job was deleted while it was built
