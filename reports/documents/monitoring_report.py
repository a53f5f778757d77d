"""The yearly monitoring report (отчёт о мониторинге качества реализации программы
наставничества) as PDF: every section of issue 14, printed even when it has no data, with a
trend chart of each indicator from `reports.monitoring.charts`. No mentee's name is printed;
mentorships are counted by format only."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from core.pdf import initials_and_surname, render_pdf
from reports.models import MonitoringReport, ReportStatus
from reports.monitoring.charts import trend_chart_svg
from reports.monitoring.report.content import IndicatorRow, ReportContent, report_content

# The sections, in order: each is printed, with «нет данных» where it has nothing.
SECTION_HEADINGS = [
    _("General information"),
    _("Indicators of effectiveness"),
    _("Pairs and groups by format"),
    _("Stage 1 of monitoring: quality of the process"),
    _("Stage 2 of monitoring: results and growth"),
    _("Mentor training"),
    _("Incentives of mentors"),
    _("Execution of the action plan"),
    _("Contests and publications"),
    _("Conclusions and recommendations"),
    _("The director's decision"),
]


def indicator_chart(row: IndicatorRow) -> SafeString:
    """The indicator's trend over the years as inline SVG (matplotlib, via the charts module
    the dashboard shows too)."""
    svg = trend_chart_svg(row.trend, row.target, row.indicator.unit, row.indicator.title)
    return mark_safe(svg)  # noqa: S308 - the charts module's own sanitized SVG, no user markup


def _charts(
    rows: list[IndicatorRow], on_chart: Callable[[int, int], None] | None
) -> list[tuple[IndicatorRow, SafeString]]:
    charts = []
    for row in rows:
        charts.append((row, indicator_chart(row)))
        if on_chart is not None:
            on_chart(len(charts), len(rows))
    return charts


def report_filename(report: MonitoringReport) -> str:
    return f"monitoring-report-{report.academic_year}-{report.academic_year + 1}"


def monitoring_report_pdf(
    report: MonitoringReport,
    *,
    content: ReportContent | None = None,
    request: HttpRequest | None = None,
    on_chart: Callable[[int, int], None] | None = None,
) -> bytes:
    """The report printed; `on_chart(done, total)` is called as each trend chart is drawn
    (the background build reports them: they are most of a first print's time)."""
    content = content or report_content(report)
    organization = content.organization
    decider = report.decided_by
    context = {
        "report": report,
        "content": content,
        "organization": organization,
        "headings": SECTION_HEADINGS,
        "charts": _charts(content.indicators, on_chart),
        "approved": report.status == ReportStatus.APPROVED,
        "decided_on": timezone.localdate(report.decided_at) if report.decided_at else None,
        "director_signature": initials_and_surname(organization.director_name),
        "curator_signature": initials_and_surname(organization.curator_name),
        "decider_name": decider.get_full_name() if decider is not None else "",
        "printed_on": timezone.localdate(),
    }
    return render_pdf("reports/documents/monitoring_report.html", context, request=request)
