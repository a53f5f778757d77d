from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from pairs.mentorships.filters import MentorshipFilter, registry_filter
from pairs.mentorships.tables import in_registry_order
from pairs.models import Mentorship, MentorshipStatus, Proposal
from pairs.work.services import attention_counts
from programs.actionplan.views import upcoming_and_overdue
from programs.dates import AcademicYear
from programs.models import ActionPlan, MentoringFormat
from programs.roles import formats_with_hidden_variants
from registry.models import Incentive, IncentiveKind, Person
from registry.spreadsheets import xlsx_response
from reports import documents


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The start page: the program at a glance, within what the user may see."""
    user = request.user
    context: dict[str, Any] = {
        "is_participant": Person.objects.filter(user=user.pk).exists(),
        # A user who sees no mentorships gets no figures (they would all read 0) but
        # the way to what they do: their people and their proposals.
        "shows_mentorships": user.has_perm("pairs.view_mentorship"),
        **upcoming_and_overdue(request),
        **_proposal_counts(request),
        **_attention_counts(request),
    }
    if context["shows_mentorships"]:
        context.update(_mentorship_figures(request))
    return render(request, "reports/home.html", context)


def _mentorship_figures(request: HttpRequest) -> dict[str, Any]:
    visible = Mentorship.objects.visible_to(request.user)
    active = visible.active()
    per_format = MentoringFormat.objects.order_by("position").annotate(
        active_count=Count(
            "mentorships",
            filter=Q(mentorships__in=active.values("id")),
        )
    )
    own = (
        visible.filter(mentors__user=request.user.pk)
        .exclude(status=MentorshipStatus.DRAFT)
        .with_people()
        .order_by("-started_on")[:20]
    )
    return {
        "active_count": active.count(),
        "mentee_count": Person.objects.filter(mentorships_as_mentee__in=active).distinct().count(),
        "mentor_count": Person.objects.filter(mentorships_as_mentor__in=active).distinct().count(),
        "group_count": active.annotate(size=Count("mentees")).filter(size__gt=1).count(),
        "per_format": per_format,
        "own_mentorships": own,
    }


def _attention_counts(request: HttpRequest) -> dict[str, int]:
    """For the curator and format leads: silent pairs, pairs whose mentee left, drafts."""
    user = request.user
    if not user.has_perm("pairs.change_mentorship"):
        return {}
    return {
        **attention_counts(user, today=timezone.localdate()),
        "draft_count": Mentorship.objects.managed_by(user).drafts().count(),
    }


def _proposal_counts(request: HttpRequest) -> dict[str, int | None]:
    """Proposals waiting for the user: to review, for a curator or format lead; their own
    under review, for whoever proposes (None where the user has no part in them)."""
    pending = Proposal.objects.pending()
    user = request.user
    return {
        "proposals_to_review": (
            pending.decidable_by(user).count() if user.has_perm("pairs.change_proposal") else None
        ),
        "own_proposals_pending": (
            pending.filter(proposed_by=user.pk).count()
            if user.has_perm("pairs.add_proposal")
            else None
        ),
    }


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    """A printed document, shown in the browser (its own name when saved)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _report_year(request: HttpRequest, plan: ActionPlan) -> AcademicYear | None:
    """`?year=2023` (or 2023/2024) within the plan's period; no year is the whole period.

    Any other value is a 404 rather than a silent whole-period report that could be filed
    as the report of a year.
    """
    label = request.GET.get("year", "")
    if not label:
        return None
    year = AcademicYear.parse(label)
    if year is None or year.last_day < plan.starts_on or year.first_day > plan.ends_on:
        raise Http404
    return year


@require_GET
@permission_required("programs.view_planrun", raise_exception=True)
def plan_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan execution report (отчёт о выполнении комплекса мер) as a PDF."""
    plan = get_object_or_404(ActionPlan, pk=pk)
    year = _report_year(request, plan)
    pdf = documents.plan_report_pdf(plan, year=year, request=request)
    return pdf_response(pdf, documents.plan_report_filename(plan, year))


def _get_parents_letter_incentive(pk: int) -> Incentive:
    """Item 6.3: a letter to the parents is an incentive of a mentor who is a student."""
    incentives = Incentive.objects.filter(
        kind=IncentiveKind.PARENTS_LETTER, mentor__student__isnull=False
    ).select_related("mentor__student__group")
    return get_object_or_404(incentives, pk=pk)


@require_GET
@permission_required("registry.view_incentive", raise_exception=True)
def parents_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter of thanks to a student mentor's parents (благодарственное письмо) as a PDF."""
    incentive = _get_parents_letter_incentive(pk)
    pdf = documents.parents_letter_pdf(incentive, request=request)
    return pdf_response(pdf, f"parents-letter-{incentive.pk}.pdf")


# --- The pair registry: XLSX and PDF of the registry page's filters --------------------------


def _registry_selection(request: HttpRequest) -> MentorshipFilter:
    """The registry page's filters for the same query string.

    Filters that make no sense (a format or year that is not offered) are a 404 rather than
    the whole registry, which could be filed as the selection asked for.
    """
    filterset = registry_filter(request)
    if not filterset.is_usable:
        raise Http404
    return filterset


def _registry_rows(
    request: HttpRequest, filterset: MentorshipFilter
) -> list[documents.RegistryRow]:
    """The selection's rows in the page's sort, every page."""
    return documents.registry_rows(
        in_registry_order(request, filterset.qs),
        hidden_variant_formats=formats_with_hidden_variants(request.user),
    )


@require_GET
@permission_required("pairs.view_mentorship", raise_exception=True)
def registry_xlsx(request: HttpRequest) -> HttpResponse:
    """The pair registry (реестр наставнических пар) as XLSX, as far as the user sees it."""
    filterset = _registry_selection(request)
    rows = _registry_rows(request, filterset)
    return xlsx_response(
        documents.registry_filename(filterset, "xlsx"), documents.registry_sheet(rows)
    )


@require_GET
@permission_required("pairs.view_mentorship", raise_exception=True)
def registry_pdf(request: HttpRequest) -> HttpResponse:
    """The pair registry printed: A4 landscape with signature lines, as far as the user sees it.

    It is printed while the user waits, so a selection of more than `REGISTRY_PDF_MAX_ROWS`
    pairs is refused (back to the registry, with the way to narrow it or take the XLSX)
    rather than holding a server worker for minutes.
    """
    filterset = _registry_selection(request)
    count = filterset.qs.count()
    limit = settings.REGISTRY_PDF_MAX_ROWS
    if count > limit:
        messages.warning(
            request,
            ngettext(
                "The selection has %(count)s pair; a printed registry holds at most %(limit)s. "
                "Narrow it with the filters (academic year, format, status) or download the XLSX.",
                "The selection has %(count)s pairs; a printed registry holds at most %(limit)s. "
                "Narrow it with the filters (academic year, format, status) or download the XLSX.",
                count,
            )
            % {"count": count, "limit": limit},
        )
        return redirect(f"{reverse('pairs:registry')}?{request.GET.urlencode()}")
    pdf = documents.registry_pdf(filterset, _registry_rows(request, filterset), request=request)
    return pdf_response(pdf, documents.registry_filename(filterset, "pdf"))
