"""The task a worker runs for a document (`manage.py db_worker`, or `manage.py rqworker`
with TASK_BACKEND=rq): it takes the job's id only; everything else is read from the job."""

from __future__ import annotations

from django_tasks import task

from reports.background import services


@task()
def build_document(job_id: int) -> None:
    services.build(job_id)
