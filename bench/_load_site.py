"""The site bench/load.py puts under load, with its two floors: the whole site (as
mentoring_site.urls) plus

- /bench/registry-by-hand/: the registry's 50 rows with the table written by hand, the floor
  of bench/registry.py (bench/_registry_by_hand.py);
- /bench/home-by-hand/: the curator's home page — the same figures (the attention list's
  counts, drafts, proposals to review, the plan's due and overdue runs, the program at a
  glance and its formats) — read by plain queries straight in the view, into a plain
  template (bench/templates/bench/home_by_hand.html), without the home's selectors and
  per-section includes.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Max, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from bench._registry_by_hand import urlpatterns as site_and_registry_by_hand
from core.http import AuthenticatedHttpRequest
from pairs.models import DEPARTED_STATUSES, Mentorship, MentorshipStatus, Proposal, ProposalStatus
from programs.actionplan.selectors import HOME_RUNS
from programs.models import MentoringFormat, Organization, PlanRun

ACTIVE = MentorshipStatus.ACTIVE


@require_GET
@permission_required("pairs.change_mentorship", raise_exception=True)
def home_by_hand(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The curator's home by hand: each figure one plain query."""
    today = timezone.localdate()
    since = Organization.load().silent_since(today)
    active = Mentorship.objects.filter(status=ACTIVE)
    mentees = Mentorship.mentees.through.objects.filter(mentorship__status=ACTIVE)
    mentors = Mentorship.mentors.through.objects.filter(mentorship__status=ACTIVE)
    runs = PlanRun.objects.filter(item__plan__ends_on__gte=today).select_related(
        "item__plan", "item__parent"
    )
    due = runs.due_between(today, today + dt.timedelta(days=30)).order_by(
        "due_on", "item__position"
    )
    overdue = runs.overdue(today).order_by("due_on", "item__position")
    context = {
        "silent_count": active.annotate(last=Max("meetings__held_on"))
        .filter(Q(last__lt=since) | Q(last__isnull=True, started_on__lt=since))
        .count(),
        "departed_count": active.filter(
            id__in=Mentorship.objects.filter(mentees__student__status__in=DEPARTED_STATUSES).values(
                "id"
            )
        ).count(),
        "draft_count": Mentorship.objects.filter(status=MentorshipStatus.DRAFT).count(),
        "proposals_to_review": Proposal.objects.filter(status=ProposalStatus.PENDING).count(),
        "runs_due": list(due[:HOME_RUNS]),
        "runs_due_count": due.count(),
        "runs_overdue": list(overdue[:HOME_RUNS]),
        "runs_overdue_count": overdue.count(),
        "active_count": active.count(),
        "mentee_count": mentees.aggregate(n=Count("person_id", distinct=True))["n"],
        "mentor_count": mentors.aggregate(n=Count("person_id", distinct=True))["n"],
        "group_count": active.annotate(size=Count("mentees")).filter(size__gt=1).count(),
        "per_format": MentoringFormat.objects.order_by("position").annotate(
            active_count=Count("mentorships", filter=Q(mentorships__status=ACTIVE))
        ),
    }
    return render(request, "bench/home_by_hand.html", context)


urlpatterns = [path("bench/home-by-hand/", home_by_hand), *site_and_registry_by_hand]
