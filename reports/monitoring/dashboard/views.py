"""The director's dashboard (namespace monitoring-dashboard:): the indicators against their
targets with their trend, the formats, monitoring's results, the plan and what needs
attention, on one read-only page."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.dates import AcademicYear
from core.http import AuthenticatedHttpRequest
from reports.monitoring.dashboard import selectors
from reports.monitoring.indicators.forms import bound_reference
from reports.monitoring.results.selectors import RESULTS_PERMISSION, SMALL_NUMBER


@require_GET
@permission_required(RESULTS_PERMISSION, raise_exception=True)
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The program on a reference date, within the formats the user sees (a lead: the led
    ones; a lead of none has nothing here)."""
    scope = selectors.dashboard_scope(request.user)
    if not scope.formats:
        raise Http404
    today = timezone.localdate()
    reference = bound_reference(request.GET, today=today)
    if reference is None:
        raise Http404
    form, year, day = reference
    plan, cards = selectors.indicator_cards(
        request.user, scope=scope, day=day, year=year, today=today
    )
    context = {
        "form": form,
        "year": year,
        "day": day,
        "is_current": year == AcademicYear.of(today),
        "every_format": scope.every_format,
        "cards": cards,
        "rows": selectors.format_rows(scope=scope, day=day, year=year),
        "results": selectors.monitoring_results(scope, year),
        "execution": selectors.plan_execution(plan, today),
        "attention": selectors.attention(request.user, scope, today),
        "small_number": SMALL_NUMBER,
    }
    return render(request, "reports/monitoring/dashboard/dashboard.html", context)
