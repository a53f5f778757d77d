"""Pages of monitoring's results: the cycle's questionnaires and waves with their response
rates, one questionnaire's results in a wave (filtered by format and variant) and its XLSX."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from core.http import AuthenticatedHttpRequest
from programs.models import FormatVariant, MentoringFormat
from reports.models import MonitoringCycle, Questionnaire, Wave
from reports.monitoring.results.exports import hidden_label, results_response
from reports.monitoring.results.selectors import (
    RESULTS_PERMISSION,
    SMALL_NUMBER,
    QuestionnaireResults,
    ResultScope,
    cycle_index,
    questionnaire_in_scope,
    questionnaire_results,
    result_scope,
)


def _scope(request: AuthenticatedHttpRequest) -> ResultScope:
    scope = result_scope(request.user)
    if not scope.formats:
        # A lead of no format has nothing to see here.
        raise Http404
    return scope


def _format(scope: ResultScope, data: QueryDict) -> MentoringFormat | None:
    """The format asked for by code; one the user does not see is a 404."""
    code = data.get("format", "")
    if not code:
        return None
    for mentoring_format in scope.formats:
        if mentoring_format.code == code:
            return mentoring_format
    raise Http404


def _format_and_variant(
    scope: ResultScope, data: QueryDict
) -> tuple[MentoringFormat | None, FormatVariant | None]:
    """The format and the variant asked for; a variant alone names its format too. A
    variant the user may not see is a 404 like a missing one."""
    mentoring_format = _format(scope, data)
    value = data.get("variant", "")
    if not value:
        return mentoring_format, None
    if not value.isdigit():
        raise Http404
    variant = get_object_or_404(
        FormatVariant.objects.select_related("format"),
        pk=int(value),
        format__in=[mentoring_format] if mentoring_format is not None else scope.formats,
    )
    if variant.format_id in scope.hidden_variant_format_ids:
        raise Http404
    return variant.format, variant


@require_GET
@permission_required(RESULTS_PERMISSION, raise_exception=True)
def results_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The newest cycle's results, or the cycle of `?year=`."""
    scope = _scope(request)
    cycles = list(MonitoringCycle.objects.order_by("-academic_year"))
    year = request.GET.get("year", "")
    cycle = next((c for c in cycles if str(c.academic_year) == year), None)
    if year and cycle is None:
        raise Http404
    cycle = cycle or (cycles[0] if cycles else None)
    mentoring_format = _format(scope, request.GET)
    context = {
        "cycles": cycles,
        "cycle": cycle,
        "scope": scope,
        "format": mentoring_format,
        "index": (
            cycle_index(scope, cycle=cycle, mentoring_format=mentoring_format)
            if cycle is not None
            else None
        ),
        "filter_query": urlencode({"format": mentoring_format.code}) if mentoring_format else "",
    }
    return render(request, "reports/monitoring/results/index.html", context)


def _results(
    request: AuthenticatedHttpRequest, year: int, code: str, wave: str
) -> tuple[ResultScope, QuestionnaireResults]:
    scope = _scope(request)
    if wave not in Wave.values:
        raise Http404
    cycle = get_object_or_404(MonitoringCycle, academic_year=year)
    questionnaire = get_object_or_404(Questionnaire, code=code)
    if not questionnaire_in_scope(scope, questionnaire):
        raise Http404
    mentoring_format, variant = _format_and_variant(scope, request.GET)
    return scope, questionnaire_results(
        scope,
        cycle=cycle,
        questionnaire=questionnaire,
        wave=wave,
        mentoring_format=mentoring_format,
        variant=variant,
    )


@require_GET
@permission_required(RESULTS_PERMISSION, raise_exception=True)
def results_detail(
    request: AuthenticatedHttpRequest, year: int, code: str, wave: str
) -> HttpResponse:
    scope, results = _results(request, year, code, wave)
    query = {}
    if results.mentoring_format is not None:
        query["format"] = results.mentoring_format.code
    if results.variant is not None:
        query["variant"] = str(results.variant.pk)
    context = {
        "results": results,
        "formats": scope.formats,
        "variants": scope.visible_variants(),
        "filter_query": urlencode(query),
        "hidden_label": hidden_label(),
        "small_number": SMALL_NUMBER,
    }
    return render(request, "reports/monitoring/results/detail.html", context)


@require_GET
@permission_required(RESULTS_PERMISSION, raise_exception=True)
def results_export(
    request: AuthenticatedHttpRequest, year: int, code: str, wave: str
) -> HttpResponse:
    _scope_of_user, results = _results(request, year, code, wave)
    return results_response(results)
