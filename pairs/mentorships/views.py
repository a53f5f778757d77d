from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from core.http import AuthenticatedHttpRequest
from pairs.accesslog import record_special_view, special_mentees
from pairs.mentorships.filters import registry_filter
from pairs.mentorships.tables import MentorshipTable
from pairs.models import Decision, Mentorship
from pairs.personal_plans.selectors import plan_card
from pairs.work.selectors import running_context
from programs.access import formats_with_hidden_variants
from registry.people.selectors import OpenablePeople

REGISTRY_PAGE_SIZE = 25


def _get_mentorship_for_user(request: AuthenticatedHttpRequest, pk: int) -> Mentorship:
    visible = Mentorship.objects.visible_to(request.user).with_people()
    return get_object_or_404(visible, pk=pk)


@require_GET
@permission_required("pairs.view_mentorship", raise_exception=True)
def registry(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The pair registry (реестр наставнических пар), filtered, sorted and paginated."""
    filterset = registry_filter(request)
    table = MentorshipTable(
        filterset.qs,
        hidden_variant_formats=formats_with_hidden_variants(request.user),
        openable=OpenablePeople(request.user),
    )
    RequestConfig(request, paginate={"per_page": REGISTRY_PAGE_SIZE}).configure(table)
    record_special_view(
        request,
        _("Pair registry: health and risk-group variants"),
        special_mentees(
            (row.record for row in table.page.object_list), table.hidden_variant_formats
        ),
    )
    # The XLSX and the PDF take the same filters and sort, and every page.
    export_query = request.GET.copy()
    export_query.pop("page", None)
    context = {
        "filter": filterset,
        "table": table,
        "can_add": request.user.has_perm("pairs.add_mentorship"),
        "export_query": export_query.urlencode() if filterset.is_usable else None,
    }
    return render(request, "pairs/mentorships/registry.html", context)


@require_GET
@permission_required("pairs.view_mentorship", raise_exception=True)
def mentorship_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship = _get_mentorship_for_user(request, pk)
    hidden = formats_with_hidden_variants(request.user)
    variant_hidden = mentorship.format_id in hidden
    record_special_view(
        request,
        _("Mentorship: health or risk-group variant"),
        special_mentees([mentorship], hidden),
    )
    openable = OpenablePeople(request.user)
    context = {
        "mentorship": mentorship,
        "variant_hidden": variant_hidden,
        # The scan's link only where its download opens (a decision that also confirms a
        # pair of a special variant stays closed to who may not see such data).
        "scan_opens": mentorship.decision is not None
        and bool(mentorship.decision.scan)
        and Decision.objects.visible_to(request.user).filter(pk=mentorship.decision.pk).exists(),
        # The people whose names lead to their pages.
        "openable_people": {
            person.pk
            for person in (*mentorship.mentors.all(), *mentorship.mentees.all())
            if openable(person)
        },
        "participations": list(
            mentorship.event_participations.visible_to(request.user)  # type: ignore[attr-defined]
            .select_related("event", "person")
            .order_by("-event__starts_on", "event__title", "role", "person__last_name")
        ),
        # Meetings, flags, results, history and the actions on a running mentorship.
        **running_context(request, mentorship, variant_hidden=variant_hidden),
        # The personal plan's card: goal, tasks, progress.
        **plan_card(mentorship, request.user),
    }
    return render(request, "pairs/mentorships/mentorship_detail.html", context)


@require_GET
@permission_required("pairs.view_decision", raise_exception=True)
def decision_scan(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """The signed scan of a decision, for who may see it (`DecisionQuerySet.visible_to`); sent
    as a download, so that an uploaded file cannot run in the site's origin."""
    decision = get_object_or_404(Decision.objects.visible_to(request.user).exclude(scan=""), pk=pk)
    try:
        file = decision.scan.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(file, as_attachment=True, filename=Path(decision.scan.name).name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
