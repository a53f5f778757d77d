"""The monitoring report's pages (/monitoring/report/): the reports by year; a report with
its indicators, history and evidence; the curator's draft, texts and submission; the
director's approval or return; the PDF and the region's XLSX (the stored ones once approved).

No page prints the PDF while its user waits (its charts take seconds): a draft's is asked for
as a background document and followed on its page in «Мои документы»; an approved report's
PDF and XLSX are built in the background after the approval, and the report's page shows
whether they are being prepared, ready, or failed (with a retry).

Who does what: whoever makes reports (`add_monitoringreport`: the curator) writes and submits
them; the director (`decide_monitoringreport`) approves or returns them; the methodist and the
format leads read them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tables2 import RequestConfig

from core.fields import seen_of
from core.formtools import posted, refuse
from core.http import AnyUser, AuthenticatedHttpRequest
from core.spreadsheets import XLSX_CONTENT_TYPE
from reports.documents.monitoring_regional import monitoring_regional_xlsx
from reports.documents.monitoring_report import report_filename
from reports.models import IndicatorSnapshot, MonitoringReport, ReportStatus
from reports.monitoring.report import services
from reports.monitoring.report.forms import (
    ApproveForm,
    NewReportForm,
    ReportTextsForm,
    ReturnForm,
    StepForm,
)
from reports.monitoring.report.selectors import (
    approved_files,
    evidence_of,
    history,
    monitoring_run,
    reports,
)
from reports.monitoring.report.tables import ReportTable

VIEW = "reports.view_monitoringreport"
WRITE = "reports.add_monitoringreport"
DECIDE = "reports.decide_monitoringreport"
PAGE_SIZE = 20


def _get_report(year: int) -> MonitoringReport:
    # The report is the program's, not a format's: whoever may view reports sees every one.
    return get_object_or_404(MonitoringReport, academic_year=year)


def may_write(user: AnyUser, report: MonitoringReport) -> bool:
    return user.has_perm(WRITE) and report.is_editable


def may_decide(user: AnyUser, report: MonitoringReport) -> bool:
    return user.has_perm(DECIDE) and report.status == ReportStatus.SUBMITTED


@require_GET
@permission_required(VIEW, raise_exception=True)
def report_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    table = ReportTable(reports())
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    form = NewReportForm() if request.user.has_perm(WRITE) else None
    return render(request, "reports/monitoring/report/list.html", {"table": table, "form": form})


@require_http_methods(["GET", "POST"])
@permission_required(WRITE, raise_exception=True)
def report_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = NewReportForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            report = services.create_report(
                academic_year=form.cleaned_data["academic_year"],
                reference_date=form.cleaned_data["reference_date"],
                user=request.user,
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("The draft report is created."))
            return redirect("monitoring-report:edit", year=report.academic_year)
    return render(request, "reports/monitoring/report/create.html", {"form": form})


@require_GET
@permission_required(VIEW, raise_exception=True)
def report_detail(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    report = _get_report(year)
    snapshots = (
        IndicatorSnapshot.objects.filter(report=report)
        .select_related("indicator")
        .order_by("indicator__position", "indicator_id")
    )
    context = {
        "report": report,
        "events": history(report),
        "snapshots": snapshots,
        "evidence": evidence_of(report),
        "run": monitoring_run(report.academic_year),
        "can_write": may_write(request.user, report),
        "can_decide": may_decide(request.user, report),
        "files": approved_files(report),
    }
    return render(request, "reports/monitoring/report/detail.html", context)


@require_GET
@permission_required(VIEW, raise_exception=True)
def report_files_state(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    """The fragment of the approved report's files that its page polls while they are
    being prepared."""
    report = _get_report(year)
    context = {"report": report, "files": approved_files(report)}
    return render(request, "reports/monitoring/report/_files_state.html", context)


def _files_requested(request: AuthenticatedHttpRequest, report: MonitoringReport) -> HttpResponse:
    """Asks for the approved report's files (or follows the build already under way) and
    sends the user to the report's page, which shows their state."""
    services.request_report_pdf(report, user=request.user)
    messages.info(
        request,
        _(
            "The PDF and XLSX of the approved report are being prepared in the background; "
            "they will appear on this page once they are ready."
        ),
    )
    return redirect("monitoring-report:detail", year=report.academic_year)


@require_POST
@permission_required(VIEW, raise_exception=True)
def report_prepare_files(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    """Prepares the approved report's files again after a failed build, or for the first
    time for a report approved without them (the demo's past years)."""
    report = _get_report(year)
    if report.status != ReportStatus.APPROVED or (report.pdf and report.xlsx):
        return redirect("monitoring-report:detail", year=year)
    return _files_requested(request, report)


@require_http_methods(["GET", "POST"])
@permission_required(WRITE, raise_exception=True)
def report_edit(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    report = _get_report(year)
    if (closed := _no_longer_open(request, report, services.check_editable)) is not None:
        return closed
    form = ReportTextsForm(posted(request), report=report)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_texts(
                report=report,
                seen=seen_of(form),
                reference_date=data["reference_date"],
                conclusions=data["conclusions"],
                recommendations=data["recommendations"],
                user=request.user,
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("The report is saved."))
            return redirect("monitoring-report:detail", year=year)
    return render(request, "reports/monitoring/report/edit.html", {"report": report, "form": form})


def _no_longer_open(
    request: AuthenticatedHttpRequest,
    report: MonitoringReport,
    check: Callable[[MonitoringReport], None],
) -> HttpResponse | None:
    """The report's page, with the reason the service's `check` gives, when the page of a
    step is asked for a report that step no longer applies to (approved, or with the
    director): rather than a form that would be refused."""
    try:
        check(report)
    except ValidationError as refusal:
        messages.info(request, " ".join(refusal.messages))
        return redirect("monitoring-report:detail", year=report.academic_year)
    return None


def _step(
    request: AuthenticatedHttpRequest,
    report: MonitoringReport,
    form: StepForm,
    *,
    template: str,
    done: str,
    action: Callable[[], object],
    allowed: Callable[[MonitoringReport], None],
) -> HttpResponse:
    """A step of the report's workflow: its page (none for a report the step no longer
    applies to: `_no_longer_open`), and its form posted (refused by the service then)."""
    if request.method == "GET" and (closed := _no_longer_open(request, report, allowed)):
        return closed
    if request.method == "POST" and form.is_valid():
        try:
            action()
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, done)
            return redirect("monitoring-report:detail", year=report.academic_year)
    return render(request, template, {"report": report, "form": form})


@require_http_methods(["GET", "POST"])
@permission_required(WRITE, raise_exception=True)
def report_submit(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    report = _get_report(year)
    form = StepForm(posted(request), report=report)
    return _step(
        request,
        report,
        form,
        template="reports/monitoring/report/submit.html",
        done=_("The report is submitted to the director."),
        action=lambda: services.submit_report(report=report, seen=seen_of(form), user=request.user),
        allowed=services.check_editable,
    )


@require_http_methods(["GET", "POST"])
@permission_required(DECIDE, raise_exception=True)
def report_return(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    report = _get_report(year)
    form = ReturnForm(posted(request), report=report)
    return _step(
        request,
        report,
        form,
        template="reports/monitoring/report/return.html",
        done=_("The report is returned to the curator."),
        action=lambda: services.return_report(
            report=report,
            seen=seen_of(form),
            comment=form.cleaned_data["comment"],
            user=request.user,
        ),
        allowed=services.check_submitted,
    )


@require_http_methods(["GET", "POST"])
@permission_required(DECIDE, raise_exception=True)
def report_approve(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    report = _get_report(year)
    form = ApproveForm(posted(request), report=report)
    return _step(
        request,
        report,
        form,
        template="reports/monitoring/report/approve.html",
        done=_(
            "The report is approved. Its PDF and XLSX are being prepared in the background, "
            "usually within a minute: they will appear on this page, and the PDF also in "
            "«My documents»."
        ),
        action=lambda: services.approve_report(
            report=report,
            seen=seen_of(form),
            comment=form.cleaned_data["comment"],
            user=request.user,
        ),
        allowed=services.check_submitted,
    )


def _stored(report: MonitoringReport, name: str) -> bool:
    return report.status == ReportStatus.APPROVED and bool(getattr(report, name))


@require_GET
@permission_required(VIEW, raise_exception=True)
def report_pdf(request: AuthenticatedHttpRequest, year: int) -> HttpResponse | FileResponse:
    """The stored PDF of an approved report. One not stored yet is prepared in the
    background, as is a draft's (its page in «Мои документы» follows it): never printed
    while the user waits."""
    report = _get_report(year)
    if _stored(report, "pdf"):
        return FileResponse(
            report.pdf.open("rb"),
            content_type="application/pdf",
            filename=f"{report_filename(report)}.pdf",
        )
    if report.status == ReportStatus.APPROVED:
        return _files_requested(request, report)
    job = services.request_report_pdf(report, user=request.user)
    return redirect("documents-bg:job", pk=job.pk)


@require_GET
@permission_required(VIEW, raise_exception=True)
def report_xlsx(request: AuthenticatedHttpRequest, year: int) -> HttpResponse | FileResponse:
    """The region's XLSX: the stored one of an approved report (prepared in the background
    with its PDF when it is not stored yet); a draft's, made now: its sections without the
    charts, about 2 s for 10,000 pairs (bench/monitoring_report.py, «gather the sections»
    and «XLSX»)."""
    report = _get_report(year)
    filename = f"{report_filename(report)}.xlsx"
    if _stored(report, "xlsx"):
        return FileResponse(
            report.xlsx.open("rb"),
            content_type=XLSX_CONTENT_TYPE,
            as_attachment=True,
            filename=filename,
        )
    if report.status == ReportStatus.APPROVED:
        return _files_requested(request, report)
    response = HttpResponse(monitoring_regional_xlsx(report), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
