"""Incentives for mentors (section 6 of the Положение) and the honour board."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q, QuerySet
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.datastructures import MultiValueDict
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from core.dates import AcademicYear
from core.fields import seen_of
from core.formtools import refuse
from core.http import AuthenticatedHttpRequest
from programs.models import PublicationKind
from registry.incentives.filters import IncentiveFilter
from registry.incentives.forms import IncentiveForm
from registry.incentives.selectors import HONOUR_BOARD_KEEPER, photo_consented
from registry.incentives.services import create_incentive, delete_incentive, update_incentive
from registry.incentives.tables import IncentiveTable, MentorIncentiveTable, basis_label
from registry.models import (
    MATERIAL_INCENTIVES,
    PERSON_DETAILS,
    Incentive,
    IncentiveKind,
    Person,
)

INCENTIVE_PAGE_SIZE = 25
MENTOR_DETAILS = tuple(f"mentor__{path}" for path in PERSON_DETAILS)


def _posted(request: AuthenticatedHttpRequest) -> tuple[QueryDict | None, MultiValueDict | None]:
    # A POST binds the form even when empty, so that it is validated and refused.
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def _incentives() -> QuerySet[Incentive]:
    """Incentives with their mentor and what is printed beside the mentor's name."""
    return Incentive.objects.select_related("mentor", *MENTOR_DETAILS)


def _get_incentive(pk: int) -> Incentive:
    # Whoever may see incentives sees all of them; the permission decorators say who.
    return get_object_or_404(_incentives(), pk=pk)


def _filtered(request: AuthenticatedHttpRequest) -> IncentiveFilter:
    return IncentiveFilter(request.GET or None, queryset=_incentives())


def _filter_query(filterset: IncentiveFilter) -> dict[str, str]:
    """The valid filter values, to carry from one view of the list to the other."""
    if not filterset.is_bound or not filterset.form.is_valid():
        return {}
    return {name: str(value) for name, value in filterset.form.cleaned_data.items() if value}


@require_GET
@permission_required("registry.view_incentive", raise_exception=True)
def incentive_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = _filtered(request)
    table = IncentiveTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": INCENTIVE_PAGE_SIZE}).configure(table)
    context = {
        "filter": filterset,
        "table": table,
        "query_string": urlencode(_filter_query(filterset)),
        "can_add": request.user.has_perm("registry.add_incentive"),
    }
    return render(request, "registry/incentives/incentive_list.html", context)


@require_GET
@permission_required("registry.view_incentive", raise_exception=True)
def incentive_by_mentor(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The same filtered incentives, one row per mentor with counts."""
    filterset = _filtered(request)
    # The filter and the counts go through the same join, so only the filtered
    # incentives are counted.
    mentors = (
        Person.objects.filter(incentives__in=filterset.qs.values("id"))
        .select_related(*PERSON_DETAILS)
        .annotate(
            total=Count("incentives"),
            material=Count("incentives", filter=Q(incentives__kind__in=MATERIAL_INCENTIVES)),
            non_material=Count("incentives", filter=~Q(incentives__kind__in=MATERIAL_INCENTIVES)),
            last_awarded_on=Max("incentives__awarded_on"),
        )
        .order_by("-total", "last_name", "first_name", "patronymic")
    )
    query = _filter_query(filterset)
    table = MentorIncentiveTable(mentors, list_query=query)
    RequestConfig(request, paginate={"per_page": INCENTIVE_PAGE_SIZE}).configure(table)
    context = {
        "filter": filterset,
        "table": table,
        "query_string": urlencode(query),
        "can_add": request.user.has_perm("registry.add_incentive"),
    }
    return render(request, "registry/incentives/incentive_by_mentor.html", context)


@require_GET
@permission_required("registry.view_incentive", raise_exception=True)
def incentive_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    incentive = _get_incentive(pk)
    context = {
        "incentive": incentive,
        "basis": basis_label(incentive),
        "is_parents_letter": incentive.kind == IncentiveKind.PARENTS_LETTER,
        "can_change": request.user.has_perm("registry.change_incentive"),
        "can_delete": request.user.has_perm("registry.delete_incentive"),
    }
    return render(request, "registry/incentives/incentive_detail.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("registry.add_incentive", raise_exception=True)
def incentive_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = IncentiveForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            incentive = create_incentive(**form.incentive_fields(), photo=form.new_photo)
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(
                request, _("The incentive of %s is recorded.") % incentive.mentor.full_name
            )
            return redirect("incentives:incentive-detail", pk=incentive.pk)
    return render(
        request, "registry/incentives/incentive_form.html", {"form": form, "incentive": None}
    )


@require_http_methods(["GET", "POST"])
@permission_required("registry.change_incentive", raise_exception=True)
def incentive_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    incentive = _get_incentive(pk)
    # The form fills in its own copy; `incentive` keeps the saved values for the page
    # until the service accepts the change.
    form = IncentiveForm(*_posted(request), instance=_get_incentive(pk))
    if request.method == "POST" and form.is_valid():
        try:
            saved = update_incentive(
                incentive=incentive,
                seen=seen_of(form),
                **form.incentive_fields(),
                photo=form.new_photo,
                clear_photo=form.clears_photo,
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("The incentive of %s is saved.") % saved.mentor.full_name)
            return redirect("incentives:incentive-detail", pk=incentive.pk)
    return render(
        request, "registry/incentives/incentive_form.html", {"form": form, "incentive": incentive}
    )


@require_http_methods(["GET", "POST"])
@permission_required("registry.delete_incentive", raise_exception=True)
def incentive_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    incentive = _get_incentive(pk)
    if request.method == "POST":
        delete_incentive(incentive=incentive)
        messages.success(request, _("The incentive of %s is deleted.") % incentive.mentor.full_name)
        return redirect("incentives:incentive-list")
    context = {"incentive": incentive, "basis": basis_label(incentive)}
    return render(request, "registry/incentives/incentive_confirm_delete.html", context)


@require_GET
def honour_board(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The honour board (item 6.3): for every logged-in user, newest academic year first."""
    # A photo is shown only under a valid consent to publishing it (152-ФЗ), of today.
    chosen = (
        _incentives()
        .filter(kind=IncentiveKind.HONOUR_BOARD)
        .annotate(photo_consented=photo_consented())
        .order_by("-awarded_on", "id")
    )
    years = [
        (year, list(incentives))
        for year, incentives in groupby(chosen, key=lambda i: AcademicYear.of(i.awarded_on))
    ]
    context = {
        "years": years,
        # «Publish»: a publication about the mentor on the college's site, pre-filled.
        "can_publish": request.user.has_perm("programs.add_publication"),
        "best_mentor": PublicationKind.BEST_MENTOR.value,
        # The curator, who keeps the honour board, is told whose consent is missing.
        "shows_consent_notes": request.user.has_perm(HONOUR_BOARD_KEEPER),
    }
    return render(request, "registry/incentives/honour_board.html", context)
