"""Pages of the SWOT analyses: the formats' SWOTs of a year, and one format's SWOT with its
form (the lead drafts, the curator makes it final) pre-filled from the year's answers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.formtools import posted, refuse
from core.http import AuthenticatedHttpRequest
from programs.models import MentoringFormat
from reports.models import MonitoringCycle
from reports.monitoring.swot.forms import SwotForm
from reports.monitoring.swot.selectors import (
    KEYS,
    computed_lines,
    saved_lists,
    swot_assignments,
    swot_formats,
    swot_overview,
)
from reports.monitoring.swot.services import issue_swot, save_swot

VIEW_PERMISSION = "reports.view_monitoring_results"


def may_finalize(request: AuthenticatedHttpRequest) -> bool:
    """The curator, who acts on every format, makes a SWOT final."""
    user = request.user
    return user.has_perm("reports.change_response") and user.has_perm("pairs.form_any_format")


def may_draft(request: AuthenticatedHttpRequest, mentoring_format: MentoringFormat) -> bool:
    """The curator, and the lead of the format, write its SWOT."""
    if may_finalize(request):
        return True
    return (
        request.user.has_perm("reports.change_response")
        and MentoringFormat.objects.led_by(request.user).filter(pk=mentoring_format.pk).exists()
    )


def _format_for(request: AuthenticatedHttpRequest, code: str) -> MentoringFormat:
    """The format by code, among those whose SWOT the user sees (else 404)."""
    for mentoring_format in swot_formats(request.user):
        if mentoring_format.code == code:
            return mentoring_format
    raise Http404


def _detail_url(cycle: MonitoringCycle, mentoring_format: MentoringFormat) -> str:
    return reverse("swot:detail", args=[cycle.academic_year, mentoring_format.code])


@require_GET
@permission_required(VIEW_PERMISSION, raise_exception=True)
def swot_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    cycles = list(MonitoringCycle.objects.order_by("-academic_year"))
    year = request.GET.get("year", "")
    cycle = next((c for c in cycles if str(c.academic_year) == year), None)
    if year and cycle is None:
        raise Http404
    cycle = cycle or (cycles[0] if cycles else None)
    formats = swot_formats(request.user)
    context = {
        "cycles": cycles,
        "cycle": cycle,
        "rows": swot_overview(cycle, formats) if cycle is not None else [],
        "may_issue": may_finalize(request) and request.user.has_perm("reports.add_assignment"),
    }
    return render(request, "reports/monitoring/swot/list.html", context)


@require_http_methods(["GET", "POST"])
@permission_required(VIEW_PERMISSION, raise_exception=True)
def swot_detail(request: AuthenticatedHttpRequest, year: int, format_code: str) -> HttpResponse:
    mentoring_format = _format_for(request, format_code)
    cycle = get_object_or_404(MonitoringCycle, academic_year=year)
    assignment = (
        swot_assignments(cycle).filter(format=mentoring_format).select_related("response").first()
    )
    response = getattr(assignment, "response", None) if assignment is not None else None
    editable = may_draft(request, mentoring_format)
    if request.method == "POST" and (not editable or assignment is None):
        raise PermissionDenied
    finalize = may_finalize(request)
    saved = saved_lists(response)
    form = None
    prefill = None
    if editable and assignment is not None:
        prefill = computed_lines(cycle, mentoring_format)
        initial: dict[str, object] = {"version": response.version if response else 0}
        initial.update(saved if response is not None else prefill.as_text())
        form = SwotForm(posted(request), initial=initial)
        if request.method == "POST" and form.is_valid():
            make_final = finalize and request.POST.get("action") == "final"
            try:
                save_swot(
                    assignment,
                    user=request.user,
                    lists=form.lists(),
                    seen_version=form.cleaned_data["version"],
                    final=make_final,
                )
            except ValidationError as refusal:
                refuse(form, refusal)
            else:
                messages.success(
                    request,
                    _("The SWOT analysis is final.") if make_final else _("The draft is saved."),
                )
                return redirect(_detail_url(cycle, mentoring_format))
    final = response is not None and not response.is_draft
    if form is not None and final and not finalize and not form.is_bound:
        # The lead reads the curator's final version; a refused write still shows its form.
        form = None
    context = {
        "cycle": cycle,
        "format": mentoring_format,
        "assignment": assignment,
        "response": response,
        "form": form,
        "prefill": prefill,
        "may_finalize": finalize,
        "may_issue": finalize and request.user.has_perm("reports.add_assignment"),
        # Readers see the final version only; who writes it sees the draft in the form.
        "lists": [
            (SwotForm.base_fields[key].label, saved[key].splitlines()) for key in KEYS if final
        ],
    }
    return render(request, "reports/monitoring/swot/detail.html", context)


@require_POST
@permission_required("reports.add_assignment", raise_exception=True)
def swot_issue(request: AuthenticatedHttpRequest, year: int, format_code: str) -> HttpResponse:
    if not may_finalize(request):
        raise PermissionDenied
    mentoring_format = _format_for(request, format_code)
    cycle = get_object_or_404(MonitoringCycle, academic_year=year)
    try:
        issue_swot(cycle=cycle, mentoring_format=mentoring_format, user=request.user)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The SWOT analysis of the year is issued."))
    return redirect(_detail_url(cycle, mentoring_format))
