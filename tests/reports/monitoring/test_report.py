"""The monitoring report: the workflow (create, write, submit, return, amend, resubmit,
approve), its refusals, its pages, and the evidence of the plan's monitoring row. The
approved report's files, printed in the background, are tested in test_report_files.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse

from programs.models import Indicator, PlanRun, RunEvidence
from reports.background.services import build
from reports.models import (
    DocumentJob,
    IndicatorSnapshot,
    MonitoringReport,
    MonitoringReportEvent,
    ReportAction,
    ReportStatus,
)
from reports.monitoring.report import services
from reports.monitoring.report.selectors import MONITORING_ROW_TITLE, monitoring_run
from tests.conftest import client_for
from tests.stale import is_stale, refused_as_stale, seen_on, token_of

pytestmark = pytest.mark.django_db

YEAR = 2023  # 2023/2024, within the 2020–2024 plan of order № 147 (loaded by its migration)
DAY = dt.date(2024, 5, 31)


def draft(curator: User, **texts: str) -> MonitoringReport:
    report = services.create_report(academic_year=YEAR, reference_date=DAY, user=curator)
    if texts:
        report = services.save_texts(
            report=report,
            seen=token_of(report),
            reference_date=DAY,
            conclusions=texts.get("conclusions", ""),
            recommendations=texts.get("recommendations", ""),
            user=curator,
        )
    return report


def written(curator: User) -> MonitoringReport:
    return draft(curator, conclusions="Программа выполняется.", recommendations="Продолжить.")


def submitted(curator: User) -> MonitoringReport:
    report = written(curator)
    return services.submit_report(report=report, seen=token_of(report), user=curator)


def codes(refusal: ValidationError) -> list[str | None]:
    if hasattr(refusal, "error_dict"):
        return [error.code for errors in refusal.error_dict.values() for error in errors]
    return [error.code for error in refusal.error_list]


def actions(report: MonitoringReport) -> list[str]:
    return list(report.events.order_by("at", "id").values_list("action", flat=True))


# --- Services ------------------------------------------------------------------------------


def test_default_reference_date_is_31_august_of_a_past_year_and_today_of_the_current() -> None:
    today = dt.date(2026, 12, 2)
    assert services.default_reference_date(2024, today) == dt.date(2025, 8, 31)
    assert services.default_reference_date(2026, today) == today


def test_the_whole_workflow_freezes_snapshots_and_ends_as_evidence(
    curator: User, director: User, quick_report_charts: list[str]
) -> None:
    report = submitted(curator)

    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == curator
    snapshots = IndicatorSnapshot.objects.filter(report=report)
    assert snapshots.count() == Indicator.objects.count()
    assert set(snapshots.values_list("academic_year", "reference_date")) == {(YEAR, DAY)}
    first_taken = set(snapshots.values_list("pk", flat=True))

    report = services.return_report(
        report=report, seen=token_of(report), comment="Добавьте выводы по SWOT.", user=director
    )
    assert report.status == ReportStatus.RETURNED
    assert report.director_comment == "Добавьте выводы по SWOT."

    report = services.save_texts(
        report=report,
        seen=token_of(report),
        reference_date=DAY,
        conclusions="Программа выполняется; SWOT учтён.",
        recommendations="Продолжить.",
        user=curator,
    )
    report = services.submit_report(report=report, seen=token_of(report), user=curator)
    refrozen = set(IndicatorSnapshot.objects.filter(report=report).values_list("pk", flat=True))
    assert refrozen and not refrozen & first_taken

    report = services.approve_report(report=report, seen=token_of(report), user=director)

    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert report.decided_by == director
    assert not report.pdf  # printed in the background, by the job the approval queued
    build(DocumentJob.objects.get(requested_by=director).pk)
    report.refresh_from_db()
    assert report.pdf.read().startswith(b"%PDF")
    assert len(quick_report_charts) == Indicator.objects.count()  # a chart each
    assert report.xlsx.read().startswith(b"PK")
    assert actions(report) == [
        ReportAction.CREATED,
        ReportAction.SUBMITTED,
        ReportAction.RETURNED,
        ReportAction.AMENDED,
        ReportAction.SUBMITTED,
        ReportAction.APPROVED,
    ]
    run = monitoring_run(YEAR)
    assert run is not None and run.item.wording == MONITORING_ROW_TITLE
    evidence = RunEvidence.objects.get(run=run)
    assert (evidence.content_type.model, evidence.object_id) == ("monitoringreport", report.pk)
    assert evidence.created_by == curator


@pytest.mark.parametrize(
    ("state", "step", "code"),
    [
        ("draft", "approve", "not_submitted"),
        ("draft", "return", "not_submitted"),
        ("submitted", "submit", "submitted"),
        ("submitted", "texts", "submitted"),
        ("approved", "texts", "approved"),
        ("approved", "submit", "approved"),
        ("approved", "approve", "not_submitted"),
        ("draft-empty", "submit", "empty"),
        ("submitted", "return-without-comment", "no_comment"),
    ],
)
def test_a_step_in_the_wrong_state_is_refused_and_changes_nothing(
    curator: User, director: User, state: str, step: str, code: str
) -> None:
    if state == "draft":
        report = written(curator)
    elif state == "draft-empty":
        report = draft(curator)
    else:
        report = submitted(curator)
        if state == "approved":
            # As approval leaves it (printing its PDF here would only slow the test down).
            MonitoringReport.objects.filter(pk=report.pk).update(status=ReportStatus.APPROVED)
            report.refresh_from_db()
    before = MonitoringReport.objects.filter(pk=report.pk).values().get()
    events = report.events.count()
    snapshots = list(IndicatorSnapshot.objects.filter(report=report).values_list("pk", flat=True))
    seen = token_of(report)
    calls: dict[str, Any] = {
        "approve": lambda: services.approve_report(report=report, seen=seen, user=director),
        "return": lambda: services.return_report(
            report=report, seen=seen, comment="Нет.", user=director
        ),
        "return-without-comment": lambda: services.return_report(
            report=report, seen=seen, comment="  ", user=director
        ),
        "submit": lambda: services.submit_report(report=report, seen=seen, user=curator),
        "texts": lambda: services.save_texts(
            report=report,
            seen=seen,
            reference_date=DAY,
            conclusions="Иначе.",
            recommendations="Иначе.",
            user=curator,
        ),
    }

    with pytest.raises(ValidationError) as refusal:
        calls[step]()

    assert codes(refusal.value) == [code]
    assert MonitoringReport.objects.filter(pk=report.pk).values().get() == before
    assert report.events.count() == events
    assert (
        list(IndicatorSnapshot.objects.filter(report=report).values_list("pk", flat=True))
        == snapshots
    )


def test_a_stale_write_is_refused(curator: User) -> None:
    report = written(curator)
    seen = token_of(report)
    services.save_texts(
        report=report,
        seen=seen,
        reference_date=DAY,
        conclusions="Первая правка.",
        recommendations="Продолжить.",
        user=curator,
    )

    with pytest.raises(ValidationError) as refusal:
        services.submit_report(report=report, seen=seen, user=curator)

    assert is_stale(refusal.value)
    assert MonitoringReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def test_one_report_per_year_and_a_reference_date_within_it(curator: User) -> None:
    draft(curator)
    with pytest.raises(ValidationError):
        services.create_report(academic_year=YEAR, reference_date=DAY, user=curator)
    with pytest.raises(ValidationError) as refusal:
        services.create_report(
            academic_year=YEAR + 1, reference_date=dt.date(2024, 8, 31), user=curator
        )
    assert refusal.value.error_dict.keys() == {"reference_date"}
    assert MonitoringReport.objects.count() == 1


def test_without_a_monitoring_row_in_the_plan_the_approval_attaches_nothing(
    curator: User, director: User
) -> None:
    PlanRun.objects.filter(item__wording=MONITORING_ROW_TITLE).delete()
    report = submitted(curator)

    report = services.approve_report(report=report, seen=token_of(report), user=director)

    assert report.status == ReportStatus.APPROVED
    assert not RunEvidence.objects.exists()


# --- Pages ---------------------------------------------------------------------------------


def url(name: str, year: int = YEAR) -> str:
    return reverse(f"monitoring-report:{name}", args=[year])


@pytest.mark.parametrize("persona", ["curator", "director", "methodist", "lead"])
def test_the_list_and_the_report_are_open_to_who_reads_monitoring(
    persona: str, request: pytest.FixtureRequest, curator: User
) -> None:
    written(curator)
    client = client_for(request.getfixturevalue(persona))

    assert client.get(reverse("monitoring-report:list")).status_code == 200
    page = client.get(url("detail"))
    assert page.status_code == 200
    assert "Программа выполняется." in page.content.decode()


@pytest.mark.parametrize("persona", ["teacher", "outsider"])
def test_others_get_403(persona: str, request: pytest.FixtureRequest, curator: User) -> None:
    written(curator)
    client = client_for(request.getfixturevalue(persona))

    assert client.get(reverse("monitoring-report:list")).status_code == 403
    assert client.get(url("detail")).status_code == 403
    assert client.get(url("pdf")).status_code == 403


def test_a_year_without_a_report_is_404(curator: User) -> None:
    client = client_for(curator)
    for name in ("detail", "edit", "submit", "pdf", "xlsx"):
        assert client.get(url(name, 2019)).status_code == 404, name


def test_wrong_methods_are_405(curator: User, director: User) -> None:
    written(curator)
    assert client_for(curator).delete(reverse("monitoring-report:list")).status_code == 405
    assert client_for(curator).post(url("detail")).status_code == 405
    assert client_for(curator).post(url("pdf")).status_code == 405
    assert client_for(director).put(url("approve")).status_code == 405


def test_the_director_does_not_write_and_the_curator_does_not_decide(
    curator: User, director: User
) -> None:
    report = submitted(curator)
    assert client_for(director).get(url("edit")).status_code == 403
    assert client_for(director).post(reverse("monitoring-report:create")).status_code == 403
    curator_client = client_for(curator)
    assert curator_client.post(url("approve"), {"seen": token_of(report)}).status_code == 403
    assert curator_client.post(url("return"), {"seen": token_of(report)}).status_code == 403
    assert MonitoringReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_the_list_takes_a_constant_number_of_queries(
    curator: User, django_assert_max_num_queries: Any
) -> None:
    for year in (2021, 2022, 2023):
        services.create_report(academic_year=year, reference_date=None, user=curator)
    client = client_for(curator)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("monitoring-report:list")).status_code == 200


def test_the_curator_creates_writes_and_submits_through_the_pages(curator: User) -> None:
    client = client_for(curator)
    response = client.post(
        reverse("monitoring-report:create"),
        {"academic_year": YEAR, "reference_date": DAY.isoformat()},
    )
    assert response.status_code == 302
    report = MonitoringReport.objects.get(academic_year=YEAR)
    assert report.reference_date == DAY

    seen = seen_on(client, url("edit"))
    response = client.post(
        url("edit"),
        {
            "seen": seen,
            "reference_date": DAY.isoformat(),
            "conclusions": "Выводы.",
            "recommendations": "Рекомендации.",
        },
    )
    assert response.status_code == 302
    seen = seen_on(client, url("submit"))
    assert client.post(url("submit"), {"seen": seen}).status_code == 302

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.conclusions == "Выводы."
    # Submitted: the edit page sends back to the report.
    assert client.get(url("edit")).status_code == 302


def test_the_edit_page_refuses_a_stale_write(curator: User) -> None:
    written(curator)
    client = client_for(curator)
    seen = seen_on(client, url("edit"))
    MonitoringReport.objects.filter(academic_year=YEAR).update(conclusions="Чужая правка.")

    response = client.post(
        url("edit"),
        {
            "seen": seen,
            "reference_date": DAY.isoformat(),
            "conclusions": "Моя правка.",
            "recommendations": "Продолжить.",
        },
    )

    assert refused_as_stale(response)
    assert MonitoringReport.objects.get(academic_year=YEAR).conclusions == "Чужая правка."


def test_a_step_no_longer_open_sends_its_page_back_to_the_report_with_the_reason(
    curator: User, director: User
) -> None:
    """No form that would be refused: the submit and edit pages of a report with the
    director, the approve and return pages of one that is not (here: approved)."""
    report = submitted(curator)
    for step in ("submit", "edit"):
        response = client_for(curator).get(url(step), follow=True)
        assert response.redirect_chain == [(url("detail"), 302)]
        assert "Отчёт передан директору" in response.content.decode()

    services.approve_report(report=report, seen=token_of(report), user=director)
    director_client = client_for(director)
    for step in ("approve", "return"):
        response = director_client.get(url(step), follow=True)
        assert response.redirect_chain == [(url("detail"), 302)]
        assert "Утвердить или вернуть можно только отчёт, переданный директору." in (
            response.content.decode()
        )
    assert MonitoringReport.objects.get(pk=report.pk).status == ReportStatus.APPROVED


def test_the_director_returns_with_a_required_comment_and_approves_through_the_pages(
    curator: User,
    director: User,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
    quick_report_charts: list[str],
) -> None:
    # The approval's task runs as it commits, as a worker would take it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    submitted(curator)
    client = client_for(director)

    seen = seen_on(client, url("return"))
    response = client.post(url("return"), {"seen": seen, "comment": ""})
    assert response.status_code == 200
    assert response.context["form"].has_error("comment")
    assert MonitoringReport.objects.get(academic_year=YEAR).status == ReportStatus.SUBMITTED

    response = client.post(url("return"), {"seen": seen, "comment": "Уточните цифры."})
    assert response.status_code == 302
    report = MonitoringReport.objects.get(academic_year=YEAR)
    assert report.status == ReportStatus.RETURNED
    assert MonitoringReportEvent.objects.filter(
        report=report, action=ReportAction.RETURNED, comment="Уточните цифры."
    ).exists()

    report = services.submit_report(report=report, seen=token_of(report), user=curator)
    seen = seen_on(client, url("approve"))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url("approve"), {"seen": seen, "comment": ""}).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert report.pdf and report.xlsx

    pdf = client.get(url("pdf"))
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
