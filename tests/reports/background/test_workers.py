"""The task backends for real: the database worker (`manage.py db_worker --batch`), RQ's
worker against the Redis at REDIS_URL, and the immediate backend."""

from __future__ import annotations

import os
import uuid
from io import StringIO
from typing import Any

import django_rq
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from redis import Redis
from redis.exceptions import RedisError
from rq import SimpleWorker

from reports.models import DocumentJob, DocumentStatus
from tests.conftest import client_for
from tests.reports.background.conftest import two_pairs

XLSX = reverse("documents:registry-xlsx")


def asked_xlsx(user: User) -> DocumentJob:
    response = client_for(user).get(XLSX)
    assert response.status_code == 302
    return DocumentJob.objects.get()


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_builds_a_queued_document(methodist: User) -> None:
    two_pairs()
    job = asked_xlsx(methodist)  # committed: the task is in the database now
    assert DBTaskResult.objects.get().status == "READY"
    assert job.status == DocumentStatus.QUEUED

    call_command(
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        "--queue-name=*",
        verbosity=0,
        stdout=StringIO(),
    )

    job.refresh_from_db()
    assert job.status == DocumentStatus.DONE
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    response = client_for(methodist).get(reverse("documents-bg:download", args=[job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"  # an XLSX is a zip


def _redis_or_skip(url: str) -> None:
    """CI (CI=true) must test against a real Redis; elsewhere a missing one skips the test."""
    try:
        Redis.from_url(url, socket_connect_timeout=1).ping()
    except RedisError as error:
        reason = f"Redis is not reachable at {url} ({error}); start redis-server to run this"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.mark.django_db
def test_the_rq_worker_builds_a_queued_document(
    methodist: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    url = settings.REDIS_URL
    _redis_or_skip(url)
    # A queue of this test's own, so that no other worker or test run takes its job.
    queue_name = f"nastavnik-test-{uuid.uuid4().hex[:12]}"
    settings.DOCUMENTS_QUEUE = queue_name
    settings.RQ_QUEUES = {name: {"URL": url} for name in ("default", queue_name)}
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default", queue_name]}
    }
    queue = django_rq.get_queue(queue_name)
    two_pairs()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            job = asked_xlsx(methodist)
        job.refresh_from_db()
        assert queue.job_ids == [job.task_id]  # in Redis, waiting for a worker

        # RQ's worker in this process (no fork), so it sees this test's transaction.
        worker = django_rq.get_worker(queue_name, worker_class=SimpleWorker)
        assert worker.work(burst=True)

        job.refresh_from_db()
        assert job.status == DocumentStatus.DONE
        assert job.file.read()[:2] == b"PK"
        assert queue.fetch_job(job.task_id).is_finished
    finally:
        # Nothing of this test is left in Redis: its job, its results, its queue's keys.
        redis = queue.connection
        task_ids = list(DocumentJob.objects.values_list("task_id", flat=True))
        keys = [*redis.keys(f"rq:*{queue_name}*")]
        for task_id in filter(None, task_ids):
            keys += redis.keys(f"rq:*{task_id}*")
        if keys:
            redis.delete(*keys)
        redis.srem("rq:queues", queue.key)


@pytest.mark.django_db
def test_the_immediate_backend_builds_while_the_user_asks(
    methodist: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    two_pairs()

    with django_capture_on_commit_callbacks(execute=True):
        job = asked_xlsx(methodist)

    job.refresh_from_db()
    assert job.status == DocumentStatus.DONE
    assert not DBTaskResult.objects.exists()
