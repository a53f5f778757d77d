"""The monitoring report's PDF and XLSX, printed in the background: the approval queues them
and prints nothing while the director waits; the job stores them on the report; the report's
page shows them being prepared, ready, or failed with a retry; a draft's PDF is a document
of «Мои документы»; no download prints the report in its request."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from reports.background import monitoring as background
from reports.background.kinds import KINDS, DocumentKind
from reports.background.progress import Progress
from reports.background.services import build
from reports.models import DocumentJob, DocumentStatus, MonitoringReport, ReportStatus
from reports.monitoring.report import services
from tests.conftest import client_for
from tests.reports.monitoring.test_report import YEAR, submitted, url, written
from tests.stale import is_stale, seen_on, token_of

pytestmark = pytest.mark.django_db

KIND = background.MONITORING_REPORT_PDF
FAKE_PDF = b"%PDF-1.4 the report"


def ru(message: str, plural: str = "", count: int = 0) -> str:
    """The message as the pages show it (whether the catalogue has it yet or not)."""
    with translation.override("ru"):
        return (
            translation.ngettext(message, plural, count) if plural else translation.gettext(message)
        )


PREPARING = ru(
    "The PDF and XLSX of the approved report are being prepared in the background; this "
    "page shows them once they are ready."
)


def fake_pdf(report: MonitoringReport, **kwargs: Any) -> bytes:
    """The report printed without drawing or laying out anything: its charts reported."""
    on_chart = kwargs.get("on_chart")
    if on_chart is not None:
        on_chart(1, 1)
    return FAKE_PDF


@pytest.fixture
def printer(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The background build prints with `fake_pdf` (a real print is tested once, in
    test_report.py); the ids of the reports printed."""
    printed: list[int] = []

    def printing(report: MonitoringReport, **kwargs: Any) -> bytes:
        printed.append(report.pk)
        return fake_pdf(report, **kwargs)

    monkeypatch.setattr(background, "monitoring_report_pdf", printing)
    return printed


@pytest.fixture
def nothing_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails the test if anything prints a PDF or builds a document in this process."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a document was printed while the user waited")

    monkeypatch.setattr("core.pdf.html_to_pdf", refuse)
    monkeypatch.setitem(KINDS, KIND, DocumentKind(refuse, background.PERMISSION))
    monkeypatch.setattr(background, "report_content", refuse)


def approved_through_the_page(director: User, django_capture_on_commit_callbacks: Any) -> Any:
    client = client_for(director)
    seen = seen_on(client, url("approve"))
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url("approve"), {"seen": seen, "comment": ""}, follow=True)


def approved(curator: User, director: User) -> MonitoringReport:
    report = submitted(curator)
    return services.approve_report(report=report, seen=token_of(report), user=director)


def run_worker() -> None:
    """What a worker does with the jobs queued: builds each (tasks.build_document)."""
    for pk in DocumentJob.objects.filter(status=DocumentStatus.QUEUED).values_list("pk", flat=True):
        build(pk)


def files_state(user: User) -> str:
    page = client_for(user).get(url("detail")).content.decode()
    for state in ("ready", "preparing", "failed", "missing"):
        if f'data-files-state="{state}"' in page:
            return state
    return ""


# --- The approval --------------------------------------------------------------------------


def test_the_approval_queues_the_files_and_prints_nothing_while_the_director_waits(
    curator: User,
    director: User,
    nothing_printed: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    submitted(curator)

    response = approved_through_the_page(director, django_capture_on_commit_callbacks)

    assert response.redirect_chain == [(url("detail"), 302)]
    approval = ru(
        "The report is approved. Its PDF and XLSX are being prepared in the background, "
        "usually within a minute: they will appear on this page, and the PDF also in "
        "«My documents»."
    )
    assert approval in response.content.decode()
    report = MonitoringReport.objects.get(academic_year=YEAR)
    assert report.status == ReportStatus.APPROVED
    assert not report.pdf and not report.xlsx
    job = DocumentJob.objects.get()
    assert (job.kind, job.requested_by, job.status) == (KIND, director, DocumentStatus.QUEUED)
    assert job.params == {"user": director.pk, "report": report.pk, "version": report.version}
    assert job.title == ru("Approved monitoring report %(year)s (PDF)") % {"year": "2023/2024"}
    # Sent to the database queue once the approval committed, for a worker.
    task = DBTaskResult.objects.get()
    assert (task.status, task.args_kwargs["args"]) == ("READY", [job.pk])
    assert job.task_id == str(task.id)


def test_a_refused_approval_queues_nothing(curator: User, director: User) -> None:
    report = submitted(curator)
    seen = token_of(report)
    MonitoringReport.objects.filter(pk=report.pk).update(conclusions="Другие выводы.")

    with pytest.raises(ValidationError) as refusal:
        services.approve_report(report=report, seen=seen, user=director)

    assert is_stale(refusal.value)
    assert not DocumentJob.objects.exists()


# --- The job -------------------------------------------------------------------------------


def test_the_job_stores_the_files_on_the_report_and_the_page_offers_them(
    curator: User, director: User, printer: list[int]
) -> None:
    report = approved(curator, director)

    run_worker()

    report.refresh_from_db()
    assert report.pdf.read() == FAKE_PDF
    assert report.xlsx.read().startswith(b"PK")
    job = DocumentJob.objects.get()
    assert job.status == DocumentStatus.DONE
    assert job.file.read() == FAKE_PDF  # in «Мои документы» too
    assert job.filename == "monitoring-report-2023-2024.pdf"
    assert (job.unit, job.done, job.total) == ("charts", 1, 1)
    assert printed_once(printer, report)
    assert files_state(director) == "ready"
    assert files_state(curator) == "ready"
    pdf = client_for(curator).get(url("pdf"))
    assert b"".join(pdf.streaming_content) == FAKE_PDF
    xlsx = client_for(curator).get(url("xlsx"))
    assert b"".join(xlsx.streaming_content).startswith(b"PK")


def printed_once(printer: list[int], report: MonitoringReport) -> bool:
    return printer == [report.pk]


def test_a_second_build_does_not_print_the_stored_report_again(
    curator: User, director: User, printer: list[int]
) -> None:
    report = approved(curator, director)
    run_worker()
    stored = MonitoringReport.objects.get(pk=report.pk).pdf.name
    DocumentJob.objects.update(status=DocumentStatus.FAILED)
    job = services.request_report_pdf(MonitoringReport.objects.get(pk=report.pk), user=curator)

    build(job.pk)

    assert printed_once(printer, report)
    assert MonitoringReport.objects.get(pk=report.pk).pdf.name == stored
    job.refresh_from_db()
    assert job.status == DocumentStatus.DONE
    assert job.file.read() == FAKE_PDF


def test_a_user_who_lost_the_role_gets_no_print(
    curator: User, director: User, printer: list[int]
) -> None:
    approved(curator, director)
    director.groups.set(Group.objects.none())

    run_worker()

    job = DocumentJob.objects.get()
    assert job.status == DocumentStatus.FAILED
    assert job.error == ru("You may no longer see the monitoring reports.")
    assert printer == []


# --- The report's page ---------------------------------------------------------------------


def test_the_page_shows_the_files_being_prepared_and_polls_their_state(
    curator: User, director: User, nothing_printed: None
) -> None:
    approved(curator, director)

    page = client_for(curator).get(url("detail")).content.decode()

    assert 'data-files-state="preparing"' in page
    assert f'hx-get="{url("files-state")}"' in page
    assert PREPARING in page
    # No link that would print the report: the files are offered once ready.
    assert f'href="{url("pdf")}"' not in page
    fragment = client_for(curator).get(url("files-state")).content.decode()
    assert 'data-files-state="preparing"' in fragment

    DocumentJob.objects.update(status=DocumentStatus.RUNNING, unit="charts", done=7, total=20)
    fragment = client_for(curator).get(url("files-state")).content.decode()
    assert 'max="20" value="7"' in fragment


def test_a_failed_build_shows_why_and_is_tried_again(
    curator: User,
    director: User,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    approved(curator, director)

    def broken(job: DocumentJob, progress: Progress) -> tuple[bytes, str]:
        raise RuntimeError("out of memory")

    with monkeypatch.context() as patched:
        patched.setitem(KINDS, KIND, DocumentKind(broken, background.PERMISSION))
        run_worker()

    assert files_state(curator) == "failed"
    page = client_for(curator).get(url("detail")).content.decode()
    assert "Не удалось" in page
    assert "Попробуйте ещё раз" in page  # the job's message, without the traceback
    assert "out of memory" not in page
    assert f'action="{url("prepare-files")}"' in page

    monkeypatch.setattr(background, "monitoring_report_pdf", fake_pdf)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(curator).post(url("prepare-files"))
    assert response.status_code == 302 and response.url == url("detail")
    retried = DocumentJob.objects.get(status=DocumentStatus.QUEUED)
    assert retried.requested_by == curator
    assert files_state(director) == "preparing"

    run_worker()

    assert files_state(director) == "ready"
    assert MonitoringReport.objects.get(academic_year=YEAR).pdf.read() == FAKE_PDF


# --- Downloads -----------------------------------------------------------------------------


def test_downloads_before_the_files_are_ready_follow_the_build_without_printing(
    curator: User, director: User, nothing_printed: None
) -> None:
    approved(curator, director)
    client = client_for(curator)

    for name in ("pdf", "xlsx"):
        response = client.get(url(name), follow=True)
        assert response.redirect_chain == [(url("detail"), 302)], name
        asked = ru(
            "The PDF and XLSX of the approved report are being prepared in the background; "
            "they will appear on this page once they are ready."
        )
        assert asked in response.content.decode()

    # The director's build under way is the one: the report is printed once.
    assert DocumentJob.objects.get().requested_by == director


def test_a_report_approved_without_files_prepares_them_when_asked(
    curator: User, director: User, printer: list[int], django_capture_on_commit_callbacks: Any
) -> None:
    # As the demo loads past years: approved, with no files and no build.
    report = submitted(curator)
    MonitoringReport.objects.filter(pk=report.pk).update(status=ReportStatus.APPROVED)
    assert files_state(curator) == "missing"
    assert (
        'action="{}"'.format(url("prepare-files"))
        in client_for(curator).get(url("detail")).content.decode()
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(curator).get(url("pdf"))

    assert response.status_code == 302 and response.url == url("detail")
    assert printer == []
    assert files_state(director) == "preparing"
    run_worker()
    assert files_state(director) == "ready"


def test_a_drafts_pdf_is_a_background_document_of_its_user(
    curator: User, printer: list[int], django_capture_on_commit_callbacks: Any
) -> None:
    report = written(curator)
    client = client_for(curator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url("pdf"))

    job = DocumentJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("documents-bg:job", args=[job.pk])
    assert (job.kind, job.requested_by, job.title) == (
        KIND,
        curator,
        ru("Monitoring report %(year)s (PDF)") % {"year": "2023/2024"},
    )
    assert printer == []
    # Asked again: the same document, not a second print.
    assert client.get(url("pdf")).url == response.url

    run_worker()

    job.refresh_from_db()
    assert job.file.read() == FAKE_PDF
    assert not MonitoringReport.objects.get(pk=report.pk).pdf  # a draft's print is not kept
    page = client.get(reverse("documents-bg:job", args=[job.pk])).content.decode()
    assert 'data-job-state="done"' in page
    assert reverse("documents-bg:download", args=[job.pk]) in page


def test_my_documents_shows_the_charts_drawn(curator: User) -> None:
    written(curator)
    client = client_for(curator)
    client.get(url("pdf"))
    job = DocumentJob.objects.get()
    DocumentJob.objects.update(status=DocumentStatus.RUNNING, unit="charts", done=3, total=20)

    page = client.get(reverse("documents-bg:job", args=[job.pk])).content.decode()

    drawn = ru("%(done)s of %(counter)s chart drawn", "%(done)s of %(counter)s charts drawn", 20)
    assert drawn % {"done": 3, "counter": 20} in page


# --- Refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["teacher", "outsider"])
def test_the_files_are_not_for_others(
    persona: str, request: pytest.FixtureRequest, curator: User, director: User
) -> None:
    approved(curator, director)
    client = client_for(request.getfixturevalue(persona))

    assert client.get(url("files-state")).status_code == 403
    assert client.post(url("prepare-files")).status_code == 403
    assert client.get(url("xlsx")).status_code == 403
    assert DocumentJob.objects.count() == 1


def test_wrong_methods_on_the_files_are_405(curator: User, director: User) -> None:
    approved(curator, director)
    client = client_for(curator)

    assert client.post(url("files-state")).status_code == 405
    assert client.get(url("prepare-files")).status_code == 405
    assert client.put(url("prepare-files")).status_code == 405
    assert client.post(url("xlsx")).status_code == 405


def test_preparing_a_report_not_approved_or_already_stored_does_nothing(
    curator: User, director: User, printer: list[int]
) -> None:
    written(curator)
    assert client_for(curator).post(url("prepare-files")).url == url("detail")
    assert not DocumentJob.objects.exists()

    MonitoringReport.objects.all().delete()
    approved(curator, director)
    run_worker()
    assert client_for(curator).post(url("prepare-files")).url == url("detail")
    assert DocumentJob.objects.count() == 1
