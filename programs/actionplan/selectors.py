"""What other pages read of the action plan: the home page's runs due and overdue."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from core.http import AuthenticatedHttpRequest
from programs.models import MANAGE_PLAN_PERMISSION, PlanRun

# The curator manages the whole plan; others update the runs they are responsible for.
MANAGE_PLAN = MANAGE_PLAN_PERMISSION
# How many runs of each list the home page shows (the counts say how many there are).
HOME_RUNS = 15


def upcoming_and_overdue(request: AuthenticatedHttpRequest, days: int = 30) -> dict[str, object]:
    """For the home page: the user's runs due within `days`, and the overdue ones."""
    if not request.user.has_perm("programs.view_planrun"):
        return {}
    today = timezone.localdate()
    runs = PlanRun.objects.select_related("item__plan").order_by("due_on", "item__position")
    if not request.user.has_perm(MANAGE_PLAN):
        runs = runs.filter(pk__in=PlanRun.objects.for_user(request.user).values("pk"))
    due, overdue = runs.due_between(today, today + dt.timedelta(days=days)), runs.overdue(today)
    return {
        "runs_due": list(due[:HOME_RUNS]),
        "runs_due_count": due.count(),
        "runs_overdue": list(overdue[:HOME_RUNS]),
        "runs_overdue_count": overdue.count(),
        "runs_horizon": days,
    }
