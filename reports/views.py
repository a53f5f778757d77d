from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pairs.models import Mentorship, MentorshipStatus
from programs.models import MentoringFormat
from programs.plan_views import upcoming_and_overdue
from registry.models import Person


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The start page: the program at a glance, within what the user may see."""
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
    context = {
        "active_count": active.count(),
        "mentee_count": Person.objects.filter(mentorships_as_mentee__in=active).distinct().count(),
        "mentor_count": Person.objects.filter(mentorships_as_mentor__in=active).distinct().count(),
        "group_count": active.annotate(size=Count("mentees")).filter(size__gt=1).count(),
        "per_format": per_format,
        "own_mentorships": own,
        "is_participant": Person.objects.filter(user=request.user.pk).exists(),
        "can_see_registry": request.user.has_perm("pairs.view_mentorship"),
        **upcoming_and_overdue(request),
    }
    return render(request, "reports/home.html", context)
