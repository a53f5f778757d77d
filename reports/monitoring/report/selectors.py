"""Reads of the monitoring report: the reports by year, a report's history, the run of the
plan's monitoring row the approved report is the evidence of, and the state of the approved
report's files (prepared in the background)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, IntegerField, QuerySet, Value, When

from core.dates import AcademicYear
from programs.models import PlanRun, RunEvidence, RunStatus
from reports.background.monitoring import MONITORING_REPORT_PDF
from reports.models import (
    DocumentJob,
    DocumentStatus,
    MonitoringReport,
    MonitoringReportEvent,
    ReportStatus,
)

# The row of the plan (order № 147, item 3) whose runs the yearly reports are the evidence of.
MONITORING_ROW_TITLE = "Проведение мониторинга качества реализации программы наставничества"


def reports() -> QuerySet[MonitoringReport]:
    return MonitoringReport.objects.select_related("submitted_by", "decided_by").order_by(
        "-academic_year"
    )


def history(report: MonitoringReport) -> QuerySet[MonitoringReportEvent]:
    return report.events.select_related("user").order_by("at", "id")


def monitoring_run(academic_year: int) -> PlanRun | None:
    """The run of the monitoring row for the year: of a plan covering the year, that year's
    run if the row has one each year, else the row's one run for the plan's whole period;
    never a cancelled one."""
    year = AcademicYear(academic_year)
    return (
        PlanRun.objects.filter(
            item__wording=MONITORING_ROW_TITLE,
            item__plan__starts_on__lte=year.last_day,
            item__plan__ends_on__gte=year.first_day,
        )
        .exclude(status=RunStatus.CANCELLED)
        .alias(
            same_year=Case(
                When(academic_year=academic_year, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .select_related("item", "item__plan")
        .order_by("-same_year", "-item__plan__starts_on", "due_on", "id")
        .first()
    )


def evidence_of(report: MonitoringReport) -> list[RunEvidence]:
    """The runs of the plan the report is the evidence of."""
    return list(
        RunEvidence.objects.filter(
            content_type=ContentType.objects.get_for_model(MonitoringReport), object_id=report.pk
        ).select_related("run", "run__item")
    )


def approved_file_jobs(report: MonitoringReport) -> QuerySet[DocumentJob]:
    """The background builds of the approved report's files, whoever asked for them: those
    asked at the report's version as approved (the approval is its last change)."""
    return DocumentJob.objects.filter(
        kind=MONITORING_REPORT_PDF,
        params__report=report.pk,
        params__version=report.version,
    ).order_by("-created_at", "-id")


class FilesState:
    READY = "ready"
    PREPARING = "preparing"
    FAILED = "failed"
    MISSING = "missing"


@dataclass(frozen=True)
class ApprovedFiles:
    """Where the approved report's PDF and XLSX are: stored (ready), being prepared, failed
    (with the latest build, whose `error` says why), or never asked for (the reports the
    demo loads; the page offers to prepare them)."""

    state: str
    job: DocumentJob | None = None


def approved_files(report: MonitoringReport) -> ApprovedFiles | None:
    """None for a report not approved: its PDF is printed when asked for."""
    if report.status != ReportStatus.APPROVED:
        return None
    if report.pdf and report.xlsx:
        return ApprovedFiles(FilesState.READY)
    job = approved_file_jobs(report).defer("params").first()
    if job is None or job.status in (DocumentStatus.DONE, DocumentStatus.EXPIRED):
        # Built, yet the report has no files: they were deleted by hand.
        return ApprovedFiles(FilesState.MISSING, job)
    if job.in_progress:
        return ApprovedFiles(FilesState.PREPARING, job)
    return ApprovedFiles(FilesState.FAILED, job)
