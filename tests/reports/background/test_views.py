"""The registry's large PDF and XLSX through a background job, «Мои документы», a job's page,
its download, retry and deletion; only the owner reaches a job."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from registry.models import AccessAction, AccessLogEntry
from reports.background.tasks import build_document
from reports.models import DocumentJob, DocumentStatus
from tests.conftest import client_for
from tests.pdf import pdf_text
from tests.reports.background.conftest import special_pair, two_pairs

pytestmark = pytest.mark.django_db

PDF = reverse("documents:registry-pdf")
XLSX = reverse("documents:registry-xlsx")
MINE = reverse("documents-bg:mine")


def asked(client: Any, url: str, query: dict[str, str] | None = None) -> DocumentJob:
    """Asks for a registry document that goes to the background; its job."""
    response = client.get(url, query or {})
    job = DocumentJob.objects.latest("id")
    assert response.status_code == 302
    assert response["Location"] == reverse("documents-bg:job", args=[job.pk])
    return job


def done_job(user: User, *, title: str = "Реестр пар (PDF)", **fields: Any) -> DocumentJob:
    job = DocumentJob(
        kind="registry-pdf",
        params={"user": user.pk, "path": PDF, "query": ""},
        fingerprint=f"f{DocumentJob.objects.count()}",
        title=title,
        requested_by=user,
        status=DocumentStatus.DONE,
        filename="pair-registry.pdf",
        expires_at=timezone.now() + dt.timedelta(hours=1),
        **fields,
    )
    job.file.save("x.pdf", ContentFile(b"%PDF-1.4 stored"), save=False)
    job.save()
    return job


# --- The registry through a job ------------------------------------------------------------


def test_a_large_registry_pdf_is_printed_in_the_background(
    methodist: User, django_capture_on_commit_callbacks: Any
) -> None:
    two_pairs()
    client = client_for(methodist)

    with django_capture_on_commit_callbacks(execute=True):
        job = asked(client, PDF, {"sort": "mentors", "page": "2"})

    assert job.requested_by == methodist
    assert job.params == {"user": methodist.pk, "path": PDF, "query": "sort=mentors"}
    assert job.status == DocumentStatus.QUEUED
    page = client.get(reverse("documents-bg:job", args=[job.pk]))
    assert page.status_code == 200
    assert reverse("documents-bg:job-state", args=[job.pk]) in page.text  # polled

    build_document.call(job.pk)

    job.refresh_from_db()
    assert job.status == DocumentStatus.DONE
    assert job.filename == "pair-registry.pdf"
    assert (job.unit, job.done, job.total) == ("rows", 2, 2)  # the rows laid out were counted
    state = client.get(reverse("documents-bg:job-state", args=[job.pk]))
    assert reverse("documents-bg:download", args=[job.pk]) in state.text
    assert "hx-trigger" not in state.text  # no more polling
    response = client.get(reverse("documents-bg:download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert 'inline; filename="pair-registry.pdf"' in response["Content-Disposition"]
    text = pdf_text(b"".join(response.streaming_content))
    assert "Реестр наставнических пар" in text
    assert text.index("Наставникова") < text.index("Учителева")  # the page's sort
    assert "страница 1 из" in text


def test_a_small_registry_still_comes_at_once(methodist: User, settings: Any) -> None:
    settings.DOCUMENTS_AT_ONCE_MAX_ROWS = 2
    two_pairs()

    response = client_for(methodist).get(XLSX)

    assert response.status_code == 200
    assert not DocumentJob.objects.exists()


def test_asking_twice_gives_the_same_job(methodist: User) -> None:
    two_pairs()
    client = client_for(methodist)

    first = asked(client, XLSX, {"year": "2025", "status": "active"})
    second = asked(client, XLSX, {"status": "active", "year": "2025"})

    assert first.pk == second.pk


def test_a_large_xlsx_keeps_the_users_masked_variants_and_logs_nothing(methodist: User) -> None:
    two_pairs()
    special_pair()  # its variant is hidden from the methodist
    job = asked(client_for(methodist), XLSX)

    build_document.call(job.pk)

    job.refresh_from_db()
    assert job.status == DocumentStatus.DONE and job.filename == "pair-registry.xlsx"
    assert (job.done, job.total) == (3, 3)
    sheet = load_workbook(BytesIO(job.file.read())).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3
    assert {row[5] for row in rows} == {"—"}  # no variant shown
    assert not AccessLogEntry.objects.exists()


def test_the_special_variants_printed_in_the_background_are_logged(curator: User) -> None:
    pair = special_pair()
    two_pairs()
    job = asked(client_for(curator), PDF)
    assert not AccessLogEntry.objects.exists()  # nothing printed yet

    build_document.call(job.pk)

    entry = AccessLogEntry.objects.get()
    assert entry.user == curator
    assert entry.action == AccessAction.PRINT
    assert entry.path == PDF
    assert [person.pk for person in entry.people.all()] == [pair.mentees.get().pk]


def test_filters_no_longer_offered_fail_the_job(methodist: User) -> None:
    two_pairs()
    job = asked(client_for(methodist), PDF)
    DocumentJob.objects.filter(pk=job.pk).update(
        params={"user": methodist.pk, "path": PDF, "query": "format=999999"}
    )

    build_document.call(job.pk)

    job.refresh_from_db()
    assert job.status == DocumentStatus.FAILED and job.error


# --- «Мои документы» -------------------------------------------------------------------------


def test_a_file_gone_from_the_disk_is_not_found(methodist: User) -> None:
    job = done_job(methodist)
    job.file.storage.delete(job.file.name)

    response = client_for(methodist).get(reverse("documents-bg:download", args=[job.pk]))

    assert response.status_code == 404


def test_my_documents_lists_only_mine_in_constant_queries(
    methodist: User, curator: User, django_assert_max_num_queries: Any
) -> None:
    done_job(methodist, title="Мой реестр")
    done_job(curator, title="Чужой реестр")
    client = client_for(methodist)
    client.get(MINE)  # warms the session

    with django_assert_max_num_queries(8) as few:
        response = client.get(MINE)
    for number in range(25):
        done_job(methodist, title=f"Реестр {number}")
    DocumentJob.objects.filter(title="Реестр 24").update(
        status=DocumentStatus.FAILED, error="Сбой."
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        more = client.get(MINE)

    assert response.status_code == 200
    assert "Мой реестр" in response.text and "Чужой реестр" not in response.text
    assert more.text.count('data-job-state="done"') == 19  # a page: 20 rows
    assert more.text.count('data-job-state="failed"') == 1 and "Сбой." in more.text
    assert client.get(MINE, {"page": "2"}).text.count('data-job-state="done"') == 6


def test_my_documents_when_there_are_none(methodist: User) -> None:
    response = client_for(methodist).get(MINE)

    assert response.status_code == 200
    assert 'data-job-state="' not in response.text


def test_the_user_menu_has_my_documents_for_those_who_print(
    methodist: User, outsider: User
) -> None:
    assert MINE in client_for(methodist).get(reverse("home")).text
    assert MINE not in client_for(outsider).get(reverse("home")).text


def test_a_job_in_progress_is_polled_and_an_expired_one_says_so(methodist: User) -> None:
    running = done_job(methodist, title="Готовится")
    DocumentJob.objects.filter(pk=running.pk).update(
        status=DocumentStatus.RUNNING, done=40, total=100, expires_at=None
    )
    expired = done_job(methodist, title="Истёк")
    DocumentJob.objects.filter(pk=expired.pk).update(status=DocumentStatus.EXPIRED, file="")
    client = client_for(methodist)

    page = client.get(MINE).text
    state = client.get(reverse("documents-bg:job-state", args=[running.pk])).text

    row = client.get(reverse("documents-bg:job-state", args=[running.pk]), {"row": "1"}).text

    assert f"{reverse('documents-bg:job-state', args=[running.pk])}?row=1" in page
    assert row.strip().startswith("<tr") and 'hx-trigger="every 2s"' in row
    assert 'value="40"' in state and 'max="100"' in state and 'hx-trigger="every 1s"' in state
    assert reverse("documents-bg:download", args=[expired.pk]) not in page
    assert client.get(reverse("documents-bg:download", args=[expired.pk])).status_code == 404


# --- Retry and delete ------------------------------------------------------------------------


def test_retry_queues_a_failed_job(methodist: User) -> None:
    job = done_job(methodist)
    DocumentJob.objects.filter(pk=job.pk).update(status=DocumentStatus.FAILED, error="Сбой.")

    response = client_for(methodist).post(reverse("documents-bg:retry", args=[job.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("documents-bg:job", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.error) == (DocumentStatus.QUEUED, "")


def test_delete_asks_first_then_deletes(methodist: User) -> None:
    job = done_job(methodist)
    client = client_for(methodist)
    url = reverse("documents-bg:delete", args=[job.pk])

    confirm = client.get(url)
    assert confirm.status_code == 200 and 'method="post"' in confirm.text
    assert DocumentJob.objects.filter(pk=job.pk).exists()

    response = client.post(url)

    assert response.status_code == 302 and response["Location"] == MINE
    assert not DocumentJob.objects.filter(pk=job.pk).exists()


# --- Access --------------------------------------------------------------------------------

JOB_PAGES = ["documents-bg:job", "documents-bg:job-state", "documents-bg:download"]


@pytest.mark.parametrize("name", [*JOB_PAGES, "documents-bg:delete"])
def test_another_users_job_is_not_found(methodist: User, curator: User, name: str) -> None:
    job = done_job(curator)

    assert client_for(methodist).get(reverse(name, args=[job.pk])).status_code == 404


@pytest.mark.parametrize("name", ["documents-bg:retry", "documents-bg:delete"])
def test_another_users_job_is_not_changed(methodist: User, curator: User, name: str) -> None:
    job = done_job(curator)
    DocumentJob.objects.filter(pk=job.pk).update(status=DocumentStatus.FAILED)

    assert client_for(methodist).post(reverse(name, args=[job.pk])).status_code == 404
    assert DocumentJob.objects.get(pk=job.pk).status == DocumentStatus.FAILED


def test_a_user_who_lost_the_role_may_not_download_or_retry(methodist: User) -> None:
    job = done_job(methodist)
    methodist.groups.remove(Group.objects.get(name="methodist"))
    client = client_for(methodist)

    assert client.get(reverse("documents-bg:download", args=[job.pk])).status_code == 403
    assert client.post(reverse("documents-bg:retry", args=[job.pk])).status_code == 403


def test_asking_for_the_registry_needs_a_role(outsider: User) -> None:
    two_pairs()

    assert client_for(outsider).get(PDF).status_code == 403
    assert not DocumentJob.objects.exists()


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("documents-bg:job", "post"),
        ("documents-bg:job-state", "post"),
        ("documents-bg:download", "post"),
        ("documents-bg:retry", "get"),
        ("documents-bg:delete", "put"),
    ],
)
def test_wrong_methods_are_refused(methodist: User, name: str, method: str) -> None:
    job = done_job(methodist)

    response = getattr(client_for(methodist), method)(reverse(name, args=[job.pk]))

    assert response.status_code == 405


def test_my_documents_refuses_post(methodist: User) -> None:
    assert client_for(methodist).post(MINE).status_code == 405


def test_stored_documents_are_not_served_as_media(methodist: User) -> None:
    job = done_job(methodist)

    response = client_for(methodist).get(f"/media/{job.file.name}")

    assert response.status_code == 404
