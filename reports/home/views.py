"""The home page: what the user's role does most first, then the program at a glance, within
what the user may see."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.http import AuthenticatedHttpRequest
from core.roles import Role, has_role
from pairs.models import Mentorship
from programs.actionplan.selectors import sees_whole_plan, upcoming_and_overdue
from reports.home import selectors
from reports.home.selectors import (
    FIGURES,
    MY_PAIRS,
    MY_PROPOSALS,
    PRINTS,
    PUPILS,
    RUNS,
    TO_DO,
    TRAININGS,
)


@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The start page: the blocks of the user's roles (`selectors.sections_for`), each read
    only when shown."""
    user = request.user
    today = timezone.localdate()
    is_mentor = (
        user.has_perm("pairs.view_mentorship")
        and Mentorship.objects.filter(mentors__user=user.pk).in_registry().exists()
    )
    sections = selectors.sections_for(user, is_mentor=is_mentor)
    context: dict[str, Any] = {
        "sections": sections,
        "today": today,
        # The director reviews the program: his home leads to the monitoring dashboard.
        "leads_to_dashboard": has_role(user, Role.DIRECTOR)
        and user.has_perm("reports.view_monitoring_results"),
    }
    if MY_PAIRS in sections:
        questionnaires = selectors.issued_questionnaires(user, today=today)
        pairs = selectors.own_pairs(user, today=today, questionnaires=questionnaires)
        context["own_pairs"] = pairs
        context["pair_warnings"] = sum(card.has_warning for card in pairs)
        # The questionnaires not about a pair listed (a pair where the user is a mentee).
        context["questionnaires_elsewhere"] = selectors.questionnaires_besides(
            questionnaires, shown={card.mentorship.pk for card in pairs}
        )
    if MY_PROPOSALS in sections and user.has_perm("pairs.view_proposal"):
        context.update(selectors.own_proposals(user))
    if PUPILS in sections:
        context.update(selectors.partner_pupils(user))
    if PRINTS in sections:
        context["plan"] = selectors.current_plan(today)
        if user.has_perm("pairs.view_personalplan"):
            context.update(selectors.adaptation_plans(user))
    if TRAININGS in sections and user.has_perm("programs.view_trainingsession"):
        context.update(selectors.trainings(today))
    if TO_DO in sections:
        context.update(selectors.to_do_counts(user, today=today))
    if RUNS in sections:
        context.update(upcoming_and_overdue(request))
        context["runs_of_program"] = sees_whole_plan(user)
    if FIGURES in sections and user.has_perm("pairs.view_mentorship"):
        context.update(selectors.mentorship_figures(user))
    return render(request, "reports/home.html", context)
