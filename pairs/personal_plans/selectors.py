"""What other pages read of a personal plan."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User

from pairs.models import Mentorship
from pairs.personal_plans.services import can_edit_plan, plan_summary


def plan_card(mentorship: Mentorship, user: User | AnonymousUser) -> dict[str, Any]:
    """What the plan card of the mentorship page (templates/pairs/_plan.html) shows; the
    page's view adds it to its context."""
    return {
        "plan_summary": plan_summary(mentorship),
        "plan_editable": can_edit_plan(user, mentorship),
    }
