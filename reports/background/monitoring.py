"""The monitoring report's PDF as a background document.

Printing the report draws a trend chart per indicator (about twenty) and lays out a long
document: 5–11 s of CPU, too long for a request. So the PDF of a draft is asked for like a
large registry (its page shows the progress, «Мои документы» keeps it), and the PDF of an
approved report is built once after the approval: the build stores it, with the region's
XLSX made from the same sections, on the report as approved (`store_approved_files`).

The job keeps the report's id and version and the id of the user who asked; the build reads
both again, so a user who may no longer read reports gets nothing and a report changed since
is printed as it is now.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.background.errors import DocumentError, job_user
from reports.background.progress import Progress, Unit, pages_laid_out
from reports.documents.monitoring_regional import monitoring_regional_xlsx
from reports.documents.monitoring_report import monitoring_report_pdf, report_filename
from reports.models import DocumentJob, MonitoringReport, ReportStatus
from reports.monitoring.report.content import report_content
from reports.monitoring.report.files import store_approved_files

MONITORING_REPORT_PDF = "monitoring-report-pdf"
PERMISSION = "reports.view_monitoringreport"


def report_params(report: MonitoringReport, user: User) -> dict[str, object]:
    """What identifies the PDF of the report as it is now: its version (each step of the
    workflow changes it, the approval too) and, for a report not yet approved, today's date,
    since its indicators are live until it is submitted."""
    params: dict[str, object] = {"user": user.pk, "report": report.pk, "version": report.version}
    if report.status != ReportStatus.APPROVED:
        params["on"] = timezone.localdate().isoformat()
    return params


def report_title(report: MonitoringReport) -> str:
    """«Утверждённый отчёт о мониторинге 2023/2024 (PDF)» — for «Мои документы»."""
    if report.status == ReportStatus.APPROVED:
        return _("Approved monitoring report %(year)s (PDF)") % {"year": report.year_label}
    return _("Monitoring report %(year)s (PDF)") % {"year": report.year_label}


def _report(job: DocumentJob) -> MonitoringReport:
    job_user(job, PERMISSION, _("You may no longer see the monitoring reports."))
    report = (
        MonitoringReport.objects.select_related("decided_by")
        .filter(pk=job.params.get("report"))
        .first()
    )
    if report is None:
        raise DocumentError(_("This monitoring report no longer exists."))
    return report


def build_monitoring_report_pdf(job: DocumentJob, progress: Progress) -> tuple[bytes, str]:
    """The report printed: its charts as they are drawn, then its pages as they are laid
    out. An approved report's PDF and XLSX are stored on the report; one that has them
    already is not printed again."""
    report = _report(job)
    filename = f"{report_filename(report)}.pdf"
    approved = report.status == ReportStatus.APPROVED
    if approved and report.pdf and report.xlsx:
        with report.pdf.open("rb") as stored:
            return stored.read(), filename
    content = report_content(report)
    progress(0, len(content.indicators), Unit.CHARTS)
    with pages_laid_out(progress):
        pdf = monitoring_report_pdf(
            report,
            content=content,
            on_chart=lambda done, total: progress(done, total, Unit.CHARTS),
        )
    if approved:
        store_approved_files(
            report.pk, pdf=pdf, xlsx=monitoring_regional_xlsx(report, content=content)
        )
    return pdf, filename
