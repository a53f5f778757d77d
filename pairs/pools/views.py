"""Pages of the mentor and mentee pools (базы) and of their analysis (plan items 2.1–2.3)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tables2 import RequestConfig

from core.dates import AcademicYear
from core.formtools import posted, refuse
from core.http import AuthenticatedHttpRequest
from pairs.accesslog import record_special_view, special_entry_people
from pairs.models import (
    Decision,
    ParticipantRole,
    PoolEntry,
    PoolStatus,
    pool_formats_visible_to,
)
from pairs.pools.analysis import PoolAnalysis, analyse_pools, analysis_response
from pairs.pools.filters import PoolEntryFilter
from pairs.pools.forms import (
    ExcludeForm,
    IncludeBasis,
    IncludeForm,
    PoolEntryForm,
    pool_candidates,
    pool_year_choices,
)
from pairs.pools.services import (
    add_to_pool,
    carry_over,
    exclude_entry,
    include_by_new_decision,
    include_entries,
    managed_formats,
    plan_carry_over,
)
from pairs.pools.tables import (
    MENTEE_ONLY,
    MENTOR_ONLY,
    PoolEntryTable,
    mentor_profile_of,
    pool_response,
)
from programs.access import formats_with_hidden_variants
from registry.accesslog import record_access
from registry.models import (
    AccessAction,
    Person,
    QualificationCourse,
    program_consent_exists,
    russian_name_order,
)
from registry.people.fields import person_candidates

POOL_PAGE_SIZE = 25


def _year(data: QueryDict) -> AcademicYear:
    """The academic year asked for, or the current one."""
    return AcademicYear.parse(data.get("year", "")) or AcademicYear.current()


def _role(data: QueryDict) -> str:
    role = data.get("role", "")
    return role if role in ParticipantRole.values else ParticipantRole.MENTEE


def _pool(request: AuthenticatedHttpRequest, year: AcademicYear, role: str) -> QuerySet[PoolEntry]:
    """One pool of the year as far as the user sees it, with what its rows print."""
    entries = (
        PoolEntry.objects.visible_to(request.user)
        .in_year(year)
        .filter(role=role)
        .with_people()
        .select_related("person__mentor_profile")
        .annotate(has_program_consent=program_consent_exists("person_id", timezone.localdate()))
    )
    if role == ParticipantRole.MENTOR:
        # Whether the mentor has been trained as one is a subquery, not a query per row.
        trained = QualificationCourse.objects.filter(
            person=OuterRef("person_id"),
            is_mentor_training=True,
            completed_on__lte=timezone.localdate(),
        )
        entries = entries.annotate(
            course_count=Count("person__courses"), has_mentor_training=Exists(trained)
        )
    order = russian_name_order(entries.db, prefix="person__")
    return entries.order_by(order, "format__position", "id")


def _filtered(
    request: AuthenticatedHttpRequest, year: AcademicYear, role: str, hidden: set[int]
) -> PoolEntryFilter:
    return PoolEntryFilter(
        request.GET or None,
        queryset=_pool(request, year, role),
        formats=pool_formats_visible_to(request.user),
        hidden_variant_formats=hidden,
    )


def _filter_query(filterset: PoolEntryFilter) -> dict[str, str]:
    """The valid filter values, to carry to the export and the other tab."""
    if not filterset.is_bound or not filterset.form.is_valid():
        return {}
    return {
        name: str(value.pk if hasattr(value, "pk") else value)
        for name, value in filterset.form.cleaned_data.items()
        if value
    }


def _special_people(entries: Iterable[PoolEntry], hidden: set[int]) -> list[Person]:
    """The people of the entries whose ОВЗ or risk-group variant the user sees."""
    return [
        entry.person
        for entry in entries
        if entry.variant is not None
        and entry.variant.is_special_category
        and entry.format_id not in hidden
    ]


def _pool_query(year: AcademicYear, role: str) -> str:
    return urlencode({"year": str(year.start_year), "role": role})


def _list_url(year: AcademicYear, role: str) -> str:
    return f"{reverse('pools:list')}?{_pool_query(year, role)}"


@require_GET
@permission_required("pairs.view_poolentry", raise_exception=True)
def pool_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    year, role = _year(request.GET), _role(request.GET)
    hidden = formats_with_hidden_variants(request.user)
    filterset = _filtered(request, year, role, hidden)
    managed = {f.pk for f in managed_formats(request.user)}
    is_mentor = role == ParticipantRole.MENTOR
    exclude = MENTEE_ONLY if is_mentor else MENTOR_ONLY
    # Mentors seldom have a variant: the column is shown only when one of them has.
    if is_mentor and not filterset.qs.filter(variant__isnull=False).exists():
        exclude = (*exclude, "variant")
    table = PoolEntryTable(
        filterset.qs, hidden_variant_formats=hidden, selectable_formats=managed, exclude=exclude
    )
    RequestConfig(request, paginate={"per_page": POOL_PAGE_SIZE}).configure(table)
    query = _filter_query(filterset)
    context = {
        "year": year,
        "role": role,
        "title": _("Mentor pool") if is_mentor else _("Mentee pool"),
        "years": pool_year_choices(),
        "tabs": [
            (value, label, _pool_query(year, value))
            for value, label in (
                (ParticipantRole.MENTEE, _("Mentees")),
                (ParticipantRole.MENTOR, _("Mentors")),
            )
        ],
        "filter": filterset,
        "table": table,
        "export_query": urlencode({"year": str(year.start_year), "role": role, **query}),
        "can_add": request.user.has_perm("pairs.add_poolentry") and bool(managed),
        "can_include": bool(managed)
        and any(
            row.record.format_id in managed and row.record.status != PoolStatus.INCLUDED
            for row in table.page.object_list
        ),
        "include_form": IncludeForm(),
    }
    if special := _special_people((row.record for row in table.page.object_list), hidden):
        record_access(
            request,
            action=AccessAction.VIEW,
            what=_("%(pool)s: health and risk-group variants") % {"pool": context["title"]},
            people=special,
        )
    return render(request, "pairs/pools/pool_list.html", context)


@require_GET
@permission_required("pairs.view_poolentry", raise_exception=True)
def pool_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    year, role = _year(request.GET), _role(request.GET)
    hidden = formats_with_hidden_variants(request.user)
    filterset = _filtered(request, year, role, hidden)
    entries = filterset.qs
    exported = list(entries)  # the queryset keeps them for the file
    # A whole base: counted, and whose health or risk-group variant the file shows.
    title = _("Mentor pool") if role == ParticipantRole.MENTOR else _("Mentee pool")
    record_access(
        request,
        action=AccessAction.EXPORT,
        what=_("%(pool)s (XLSX)") % {"pool": title},
        people=_special_people(exported, hidden),
        count=len(exported),
    )
    return pool_response(entries=entries, year=year, role=role, hidden_variant_formats=hidden)


@require_GET
@permission_required("pairs.view_poolentry", raise_exception=True)
def entry_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(
        PoolEntry.objects.visible_to(request.user)
        .with_people()
        .select_related("person__mentor_profile", "proposal", "carried_from", "added_by"),
        pk=pk,
    )
    is_mentor = entry.role == ParticipantRole.MENTOR
    managed = entry.format_id in {f.pk for f in managed_formats(request.user)}
    hidden = formats_with_hidden_variants(request.user)
    record_special_view(
        request,
        _("Pool entry: health or risk-group variant"),
        special_entry_people([entry], hidden),
    )
    context = {
        "entry": entry,
        "variant_hidden": entry.format_id in hidden,
        "is_mentor": is_mentor,
        "profile": mentor_profile_of(entry.person) if is_mentor else None,
        "courses": list(entry.person.courses.all()) if is_mentor else [],
        "can_exclude": managed and entry.status != PoolStatus.EXCLUDED,
        "list_query": _pool_query(entry.year, entry.role),
    }
    return render(request, "pairs/pools/entry_detail.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("pairs.add_poolentry", raise_exception=True)
def entry_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A person for a pool. The person is found by name: htmx refreshes the candidates as
    one types; without scripts the «Find» button reloads the page with them."""
    formats = managed_formats(request.user)
    people = pool_candidates()
    data = request.POST if request.method == "POST" else request.GET
    initial = {
        "academic_year": _year(request.GET).start_year,
        "role": _role(request.GET),
    }
    form = PoolEntryForm(posted(request), formats=formats, initial=initial)
    pk = data.get("person", "")
    chosen = people.filter(pk=int(pk)).first() if pk.isdigit() else None
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        try:
            entry = add_to_pool(
                user=request.user,
                person=cleaned["person"],
                role=cleaned["role"],
                format=cleaned["format"],
                variant=cleaned["variant"],
                request=cleaned["request"],
                academic_year=cleaned["academic_year"],
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(
                request,
                _("%(name)s is added to the pool and awaits a decision.")
                % {"name": entry.person.full_name},
            )
            return redirect(_list_url(entry.year, entry.role))
    query = request.GET.get("q", "") if request.method == "GET" else ""
    context = {"form": form, "formats": formats, **person_candidates(people, query, chosen)}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "pairs/pools/_candidates.html", context)
    return render(request, "pairs/pools/entry_form.html", context)


def _include(request: AuthenticatedHttpRequest, form: IncludeForm, entries: list[PoolEntry]) -> int:
    data = form.cleaned_data
    user = request.user
    if data["basis"] == IncludeBasis.NEW:
        return include_by_new_decision(
            user=user,
            entries=entries,
            body=data["body"],
            number=data["number"],
            decided_on=data["decided_on"],
            student_council_opinion=data["student_council_opinion"],
        )
    decision: Decision | None = data["decision"] if data["basis"] == IncludeBasis.EXISTING else None
    return include_entries(
        user=user, entries=entries, decision=decision, included_on=data["included_on"]
    )


@require_POST
@permission_required("pairs.change_poolentry", raise_exception=True)
def entries_include(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Includes the entries ticked on the list by a decision (or the partner's curator)."""
    year, role = _year(request.POST), _role(request.POST)
    try:
        ids = {int(value) for value in request.POST.getlist("entries")}
    except ValueError as bad:
        raise Http404 from bad
    if not ids:
        messages.error(request, _("Choose at least one person to include."))
        return redirect(_list_url(year, role))
    entries = list(
        PoolEntry.objects.visible_to(request.user)
        .filter(pk__in=ids)
        .with_people()
        .order_by("person__search_name", "id")
    )
    if len(entries) != len(ids):
        raise Http404
    needs_opinion = any(entry.needs_student_council_opinion for entry in entries)
    form = IncludeForm(request.POST, opinion_needed=needs_opinion)
    if form.is_valid():
        try:
            count = _include(request, form, entries)
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s person is included in the pool.",
                    "%(count)s people are included in the pool.",
                    count,
                )
                % {"count": count},
            )
            return redirect(_list_url(year, role))
    context = {
        "form": form,
        "entries": entries,
        "year": year,
        "role": role,
        "hidden_variant_formats": formats_with_hidden_variants(request.user),
    }
    return render(request, "pairs/pools/include.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("pairs.change_poolentry", raise_exception=True)
def entry_exclude(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(PoolEntry.objects.managed_by(request.user).with_people(), pk=pk)
    form = ExcludeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            exclude_entry(
                user=request.user,
                entry=entry,
                excluded_on=form.cleaned_data["excluded_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(
                request,
                _("%(name)s is excluded from the pool.") % {"name": entry.person.full_name},
            )
            return redirect("pools:entry", pk=entry.pk)
    return render(request, "pairs/pools/entry_exclude.html", {"entry": entry, "form": form})


@require_http_methods(["GET", "POST"])
@permission_required(["pairs.add_poolentry", "pairs.change_poolentry"], raise_exception=True)
def pools_refresh(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Carries the pools of a year over to the next one for review: GET previews, POST does."""
    data = request.POST if request.method == "POST" else request.GET
    from_year = _year(data)
    to_year = from_year.next
    user = request.user
    if request.method == "POST":
        done = carry_over(user=user, from_year=from_year, to_year=to_year)
        messages.success(
            request,
            ngettext(
                "%(count)s entry is carried over to %(year)s for review.",
                "%(count)s entries are carried over to %(year)s for review.",
                len(done.to_carry),
            )
            % {"count": len(done.to_carry), "year": to_year.label},
        )
        return redirect(_list_url(to_year, ParticipantRole.MENTEE))
    plan = plan_carry_over(user=user, from_year=from_year, to_year=to_year)
    context = {"plan": plan, "years": pool_year_choices()}
    return render(request, "pairs/pools/refresh.html", context)


def _analysis(request: AuthenticatedHttpRequest, limit: int | None) -> PoolAnalysis:
    return analyse_pools(user=request.user, year=_year(request.GET), limit=limit)


@require_GET
@permission_required("pairs.view_poolentry", raise_exception=True)
def pools_analysis(request: AuthenticatedHttpRequest) -> HttpResponse:
    analysis = _analysis(request, limit=50)
    context = {
        "analysis": analysis,
        "years": pool_year_choices(),
        "year_query": urlencode({"year": analysis.year.start_year}),
    }
    return render(request, "pairs/pools/analysis.html", context)


@require_GET
@permission_required("pairs.view_poolentry", raise_exception=True)
def pools_analysis_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    return analysis_response(_analysis(request, limit=None))
