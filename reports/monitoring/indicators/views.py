"""Pages of the indicators: their values on a reference date, and the targets of a plan's
indicators by year (the curator's)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.fields import seen_of
from core.formtools import posted, refuse
from core.http import AuthenticatedHttpRequest
from programs.actionplan.services import plan_years
from programs.models import ActionPlan, Indicator, IndicatorTarget, MentoringFormat
from reports.monitoring.indicators.forms import TargetsForm, bound_reference, field_name
from reports.monitoring.indicators.selectors import (
    QUESTIONNAIRE_INDICATORS,
    IndicatorResult,
    compute_indicators,
)
from reports.monitoring.indicators.services import save_targets, targets_token
from reports.monitoring.results.selectors import RESULTS_PERMISSION, SMALL_NUMBER

# Setting a plan's targets is changing the plan: the curator's.
EDIT_TARGETS = "programs.change_actionplan"


@require_http_methods(["GET", "POST"])
@permission_required(EDIT_TARGETS, raise_exception=True)
def targets_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The targets of every indicator in each academic year of the plan, as a table of
    inputs; an empty input is no target."""
    plan = get_object_or_404(ActionPlan, pk=pk)
    indicators = list(Indicator.objects.order_by("position", "id"))
    years = plan_years(plan)
    stored = {
        (target.indicator_id, target.academic_year): target.value
        for target in IndicatorTarget.objects.filter(plan=plan)
    }
    initial: dict[str, object] = {
        field_name(indicator, year): stored.get((indicator.pk, year.start_year))
        for indicator in indicators
        for year in years
    }
    initial["seen"] = targets_token(plan)
    form = TargetsForm(posted(request), initial=initial, indicators=indicators, years=years)
    if request.method == "POST" and form.is_valid():
        try:
            changed = save_targets(plan, targets=form.targets(), seen=seen_of(form))
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(
                request, _("The targets are saved (%(count)s changed).") % {"count": changed}
            )
            return redirect("indicators:targets", pk=plan.pk)
    context = {"plan": plan, "form": form, "years": years}
    return render(request, "reports/monitoring/indicators/targets.html", context)


def _shown(request: AuthenticatedHttpRequest, result: IndicatorResult) -> dict[str, object]:
    """An indicator as the page shows it: a questionnaire-based value from fewer than
    `SMALL_NUMBER` answers is hidden from those who do not see the answers themselves."""
    denominator = result.computed.denominator
    hidden = (
        result.indicator.code in QUESTIONNAIRE_INDICATORS
        and denominator is not None
        and 0 < denominator < SMALL_NUMBER
        and not request.user.has_perm("reports.view_individual_answers")
    )
    return {"result": result, "hidden": hidden}


@require_GET
@permission_required(RESULTS_PERMISSION, raise_exception=True)
def indicator_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every indicator on the reference date: value, target, numerator and denominator,
    whether the target is met, the formula, and who was left out. A format lead sees the
    led formats only; a lead of none has nothing here."""
    if not request.user.has_perm("pairs.view_all_mentorships") and not (
        MentoringFormat.objects.led_by(request.user).exists()
    ):
        raise Http404
    today = timezone.localdate()
    reference = bound_reference(request.GET, today=today)
    if reference is None:
        raise Http404
    form, year, day = reference
    computed = compute_indicators(day=day, year=year, user=request.user)
    context = {
        "form": form,
        "year": year,
        "day": day,
        "plan": computed.plan,
        "rows": [_shown(request, result) for result in computed.results],
        "every_format": request.user.has_perm("pairs.view_all_mentorships"),
        "small_number": SMALL_NUMBER,
    }
    return render(request, "reports/monitoring/indicators/list.html", context)
