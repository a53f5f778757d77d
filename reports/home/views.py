"""The home page: the program at a glance, within what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.http import AuthenticatedHttpRequest
from pairs.models import Mentorship, MentorshipStatus, Proposal
from pairs.work.services import attention_counts
from programs.actionplan.selectors import upcoming_and_overdue
from programs.models import MentoringFormat
from registry.models import Person


@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
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


def _mentorship_figures(request: AuthenticatedHttpRequest) -> dict[str, Any]:
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


def _attention_counts(request: AuthenticatedHttpRequest) -> dict[str, int]:
    """For the curator and format leads: silent pairs, pairs whose mentee left, drafts."""
    user = request.user
    if not user.has_perm("pairs.change_mentorship"):
        return {}
    return {
        **attention_counts(user, today=timezone.localdate()),
        "draft_count": Mentorship.objects.managed_by(user).drafts().count(),
    }


def _proposal_counts(request: AuthenticatedHttpRequest) -> dict[str, int | None]:
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
