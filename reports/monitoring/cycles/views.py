"""Monitoring cycles: the list, a cycle's figures per questionnaire and wave, and the
curator's actions on a cycle (open, close, issue the mid-year or final wave after a
preview, issue the yearly questionnaires)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tables2 import RequestConfig

from core.fields import seen_of
from core.formtools import posted, refuse
from core.http import AnyUser, AuthenticatedHttpRequest
from reports.models import CycleStatus, MonitoringCycle
from reports.monitoring.assignments import (
    WAVE_CHANGED,
    WavePreview,
    issue_wave,
    issue_yearly,
    preview_wave,
    reopen_consented,
)
from reports.monitoring.cycles.forms import CloseCycleForm, CycleForm, WaveForm
from reports.monitoring.cycles.selectors import cycle_counts, cycles_with_counts, sees_every_format
from reports.monitoring.cycles.services import close_cycle, create_cycle
from reports.monitoring.cycles.tables import CycleTable

PAGE_SIZE = 25


def _get_cycle(pk: int) -> MonitoringCycle:
    # Cycles are the program's, not a format's: whoever may view them sees every one; what
    # a format lead counts in them is scoped by the selectors.
    return get_object_or_404(MonitoringCycle, pk=pk)


def may_issue(user: AnyUser) -> bool:
    """The curator issues the waves and the yearly questionnaires: they span every format."""
    return user.has_perm("reports.add_assignment") and user.has_perm("pairs.form_any_format")


def _check_may_issue(user: AnyUser) -> None:
    if not may_issue(user):
        raise PermissionDenied


def _issued_message(count: int) -> str:
    if not count:
        return _("Nothing new to issue: everyone already has these questionnaires.")
    return ngettext(
        "%(count)s questionnaire issued.", "%(count)s questionnaires issued.", count
    ) % {"count": count}


@require_GET
@permission_required("reports.view_monitoringcycle", raise_exception=True)
def cycle_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    table = CycleTable(cycles_with_counts(request.user))
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    can_add = request.user.has_perm("reports.add_monitoringcycle")
    context = {
        "table": table,
        "form": CycleForm() if can_add else None,
        "every_format": sees_every_format(request.user),
    }
    return render(request, "reports/monitoring/cycles/list.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("reports.add_monitoringcycle", raise_exception=True)
def cycle_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CycleForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            cycle = create_cycle(academic_year=form.cleaned_data["academic_year"])
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("The monitoring cycle %(year)s is open.") % {"year": cycle})
            return redirect("monitoring:cycle-detail", pk=cycle.pk)
    return render(request, "reports/monitoring/cycles/cycle_form.html", {"form": form})


@require_GET
@permission_required("reports.view_monitoringcycle", raise_exception=True)
def cycle_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cycle = _get_cycle(pk)
    is_open = cycle.status == CycleStatus.OPEN
    context = {
        "cycle": cycle,
        "rows": cycle_counts(cycle, request.user),
        "every_format": sees_every_format(request.user),
        "can_issue": is_open and may_issue(request.user),
        "can_close": is_open and request.user.has_perm("reports.change_monitoringcycle"),
    }
    return render(request, "reports/monitoring/cycles/detail.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("reports.change_monitoringcycle", raise_exception=True)
def cycle_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cycle = _get_cycle(pk)
    form = CloseCycleForm(posted(request), cycle=cycle)
    if request.method == "POST" and form.is_valid():
        try:
            close_cycle(cycle, seen=seen_of(form))
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(
                request, _("The monitoring cycle %(year)s is closed.") % {"year": cycle}
            )
            return redirect("monitoring:cycle-detail", pk=cycle.pk)
    context = {"cycle": cycle, "form": form}
    return render(request, "reports/monitoring/cycles/close.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("reports.view_monitoringcycle", raise_exception=True)
def wave_issue(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The first POST shows what the wave would issue; the second, confirmed, issues it."""
    _check_may_issue(request.user)
    cycle = _get_cycle(pk)
    form = WaveForm(posted(request), cycle=cycle)
    preview: WavePreview | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        wave = {"wave": data["wave"], "formats": list(data["formats"]), "due_on": data["due_on"]}
        try:
            if data["confirmed"]:
                created = issue_wave(cycle, user=request.user, expected=data["expected"], **wave)
                messages.success(request, _issued_message(len(created)))
                return redirect("monitoring:cycle-detail", pk=cycle.pk)
            preview = preview_wave(cycle, **wave)
        except ValidationError as refusal:
            refuse(form, refusal)
            if any(error.code == WAVE_CHANGED for error in refusal.error_list):
                preview = preview_wave(cycle, **wave)
    context = {"cycle": cycle, "form": form, "preview": preview}
    return render(request, "reports/monitoring/cycles/wave.html", context)


@require_POST
@permission_required("reports.view_monitoringcycle", raise_exception=True)
def yearly_issue(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _check_may_issue(request.user)
    cycle = _get_cycle(pk)
    try:
        created = issue_yearly(cycle, user=request.user)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(request, _issued_message(len(created)))
    return redirect("monitoring:cycle-detail", pk=cycle.pk)


@require_POST
@permission_required("reports.view_monitoringcycle", raise_exception=True)
def consents_recheck(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Issues the questionnaires declined for lack of consent to those who now have one."""
    _check_may_issue(request.user)
    cycle = _get_cycle(pk)
    try:
        reopened = reopen_consented(cycle, user=request.user)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(request, _issued_message(reopened))
    return redirect("monitoring:cycle-detail", pk=cycle.pk)
