"""The monitoring report's workflow: the curator creates the draft of a year, writes the
conclusions and recommendations and submits it (the indicators are frozen then); the director
approves it or returns it with a comment; the curator amends a returned report and submits it
again. An approved report is read-only and becomes the evidence of the run of the plan's
monitoring row of that year; its PDF and XLSX are printed in the background after the
approval and stored on it as approved (reports/background/monitoring.py).

Every write locks the report and refuses a stale one (`core.versions`); a step taken in the
wrong state is refused with nothing changed.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import AcademicYear
from core.versions import lock_at_version
from programs.actionplan.services import attach_record
from programs.models import PlanRun, RunEvidence
from reports.background.monitoring import MONITORING_REPORT_PDF, report_params, report_title
from reports.background.services import fail_lost_builds, request_document
from reports.models import (
    DocumentJob,
    DocumentStatus,
    MonitoringReport,
    MonitoringReportEvent,
    ReportAction,
    ReportStatus,
)
from reports.monitoring.report.selectors import approved_file_jobs, monitoring_run
from reports.monitoring.report.snapshots import freeze_snapshots


def default_reference_date(academic_year: int, today: dt.date | None = None) -> dt.date:
    """Today for the current academic year (or a coming one), 31 August for a past one."""
    today = today or timezone.localdate()
    year = AcademicYear(academic_year)
    return year.last_day if year.last_day < today else today


def _what(report: MonitoringReport) -> str:
    return _("the monitoring report %(year)s") % {"year": report.year_label}


def _lock(report: MonitoringReport, seen: str) -> MonitoringReport:
    return lock_at_version(MonitoringReport.objects.all(), report.pk, seen=seen, what=_what(report))


def _check_reference_date(academic_year: int, reference_date: dt.date) -> None:
    year = AcademicYear(academic_year)
    if not year.first_day <= reference_date <= year.last_day:
        message = _("The reference date must fall within the %(year)s academic year.") % {
            "year": year.label
        }
        raise ValidationError({"reference_date": ValidationError(message, code="outside_year")})


def _log(report: MonitoringReport, action: str, user: User, comment: str = "") -> None:
    MonitoringReportEvent.objects.create(report=report, action=action, user=user, comment=comment)


def _save(report: MonitoringReport, fields: list[str]) -> None:
    report.version += 1
    report.save(update_fields=[*fields, "version"])


@transaction.atomic
def create_report(
    *, academic_year: int, reference_date: dt.date | None, user: User
) -> MonitoringReport:
    """The draft report of an academic year (one per year)."""
    if MonitoringReport.objects.filter(academic_year=academic_year).exists():
        raise ValidationError(
            _("The monitoring report of %(year)s already exists.")
            % {"year": AcademicYear(academic_year).label},
            code="exists",
        )
    day = reference_date or default_reference_date(academic_year)
    _check_reference_date(academic_year, day)
    report = MonitoringReport.objects.create(
        academic_year=academic_year, reference_date=day, created_by=user
    )
    _log(report, ReportAction.CREATED, user)
    return report


def check_editable(report: MonitoringReport) -> None:
    """Refuses (ValidationError) a report that the curator may no longer change or submit."""
    if report.status == ReportStatus.APPROVED:
        raise ValidationError(
            _("The report is approved by the director and can no longer be changed."),
            code="approved",
        )
    if report.status == ReportStatus.SUBMITTED:
        raise ValidationError(
            _("The report is with the director; it can be changed once the director returns it."),
            code="submitted",
        )


@transaction.atomic
def save_texts(
    *,
    report: MonitoringReport,
    seen: str,
    reference_date: dt.date,
    conclusions: str,
    recommendations: str,
    user: User,
) -> MonitoringReport:
    """The curator's conclusions and recommendations (and the reference date) of a draft or
    a returned report; an edit of a returned one is recorded as an amendment."""
    locked = _lock(report, seen)
    check_editable(locked)
    _check_reference_date(locked.academic_year, reference_date)
    locked.reference_date = reference_date
    locked.conclusions = conclusions.strip()
    locked.recommendations = recommendations.strip()
    _save(locked, ["reference_date", "conclusions", "recommendations"])
    if locked.status == ReportStatus.RETURNED:
        _log(locked, ReportAction.AMENDED, user)
    return locked


@transaction.atomic
def submit_report(*, report: MonitoringReport, seen: str, user: User) -> MonitoringReport:
    """Sends a draft or a returned report to the director, freezing its indicators."""
    locked = _lock(report, seen)
    check_editable(locked)
    if not locked.conclusions or not locked.recommendations:
        raise ValidationError(
            _("Write the conclusions and the recommendations before submitting the report."),
            code="empty",
        )
    freeze_snapshots(locked)
    locked.status = ReportStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.submitted_by = user
    _save(locked, ["status", "submitted_at", "submitted_by"])
    _log(locked, ReportAction.SUBMITTED, user)
    return locked


def check_submitted(report: MonitoringReport) -> None:
    """Refuses (ValidationError) a report that the director may not approve or return."""
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(
            _("Only a report submitted to the director can be approved or returned."),
            code="not_submitted",
        )


@transaction.atomic
def return_report(
    *, report: MonitoringReport, seen: str, comment: str, user: User
) -> MonitoringReport:
    """The director returns a submitted report to the curator; the comment says why."""
    locked = _lock(report, seen)
    check_submitted(locked)
    comment = comment.strip()
    if not comment:
        message = _("Say what is to be corrected in the report.")
        raise ValidationError({"comment": ValidationError(message, code="no_comment")})
    locked.status = ReportStatus.RETURNED
    locked.director_comment = comment
    locked.decided_at = timezone.now()
    locked.decided_by = user
    _save(locked, ["status", "director_comment", "decided_at", "decided_by"])
    _log(locked, ReportAction.RETURNED, user, comment)
    return locked


@transaction.atomic
def approve_report(
    *, report: MonitoringReport, seen: str, comment: str = "", user: User
) -> MonitoringReport:
    """The director approves a submitted report, which becomes the evidence of the monitoring
    row's run of its year. Its PDF and XLSX are not printed here (the PDF's charts take
    seconds): their build is queued once the approval commits, asked for by the director,
    and stores them on the report (`request_report_pdf`)."""
    locked = _lock(report, seen)
    check_submitted(locked)
    locked.status = ReportStatus.APPROVED
    locked.director_comment = comment.strip()
    locked.decided_at = timezone.now()
    locked.decided_by = user
    _save(locked, ["status", "director_comment", "decided_at", "decided_by"])
    _log(locked, ReportAction.APPROVED, user, locked.director_comment)
    attach_as_evidence(locked, approver=user)
    request_report_pdf(locked, user=user)
    return locked


def request_report_pdf(report: MonitoringReport, *, user: User) -> DocumentJob:
    """The report's PDF, prepared in the background (`documents-bg`); its task is sent once
    the transaction commits.

    An approved report's build stores its PDF and XLSX on the report. While one is queued
    or being prepared, whoever asked for it, that one is given: the report is printed once.
    A report not approved is printed for the user as it is now, like any large document.
    """
    if report.status == ReportStatus.APPROVED:
        with transaction.atomic():
            fail_lost_builds(approved_file_jobs(report))
            pending = (
                approved_file_jobs(report)
                .filter(status__in=[DocumentStatus.QUEUED, DocumentStatus.RUNNING])
                .first()
            )
        if pending is not None:
            return pending
    return request_document(
        user=user,
        kind=MONITORING_REPORT_PDF,
        params=report_params(report, user),
        title=report_title(report),
    )


def attach_as_evidence(report: MonitoringReport, *, approver: User) -> RunEvidence | None:
    """Makes the approved report the evidence of the monitoring row's run of its year (done
    on the day of approval, for a run of that year), attached in the name of the curator who
    submitted it, who answers for the row; None when the plan has no such run."""
    run: PlanRun | None = monitoring_run(report.academic_year)
    if run is None:
        return None
    day = timezone.localdate(report.decided_at) if report.decided_at else timezone.localdate()
    done_on = day if run.academic_year == report.academic_year else None
    for user in (report.submitted_by, approver):
        if user is None:
            continue
        try:
            with transaction.atomic():
                return attach_record(run=run, record=report, user=user, done_on=done_on)
        except ValidationError:
            continue
    return None
