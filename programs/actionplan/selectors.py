"""What other pages read of the action plan: the home page's runs due and overdue; the runs
a record of the site (a training, a publication …) counts for."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from core.dates import AcademicYear
from core.http import AuthenticatedHttpRequest
from core.roles import Role, has_role
from programs.models import MANAGE_PLAN_PERMISSION, DeadlineKind, PlanRun, RunStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from django.db.models import Model, QuerySet

# The curator manages the whole plan; others update the runs they are responsible for.
MANAGE_PLAN = MANAGE_PLAN_PERMISSION
# How many runs of each list the home page shows (the counts say how many there are).
HOME_RUNS = 15


def sees_whole_plan(user: User | AnonymousUser) -> bool:
    """Whether the home page lists every run of the plan, not only the user's own: for who
    manages the plan, and for the director, who answers for the whole program."""
    return user.has_perm(MANAGE_PLAN) or (
        user.has_perm("programs.view_planrun") and has_role(user, Role.DIRECTOR)
    )


def upcoming_and_overdue(request: AuthenticatedHttpRequest, days: int = 30) -> dict[str, object]:
    """For the home page: the user's runs due within `days`, and the overdue ones. Runs of a
    plan whose period has ended are left out (its page still shows them): nobody carries
    them out any more. A sub-item's run comes with its parent item, for its title."""
    if not request.user.has_perm("programs.view_planrun"):
        return {}
    today = timezone.localdate()
    runs = (
        PlanRun.objects.filter(item__plan__ends_on__gte=today)
        .select_related("item__plan", "item__parent")
        .order_by("due_on", "item__position")
    )
    if not sees_whole_plan(request.user):
        runs = runs.filter(pk__in=PlanRun.objects.for_user(request.user).values("pk"))
    due, overdue = runs.due_between(today, today + dt.timedelta(days=days)), runs.overdue(today)
    return {
        "runs_due": list(due[:HOME_RUNS]),
        "runs_due_count": due.count(),
        "runs_overdue": list(overdue[:HOME_RUNS]),
        "runs_overdue_count": overdue.count(),
        "runs_horizon": days,
    }


def runs_of_record(record: Model) -> list[PlanRun]:
    """The runs of the plan whose evidence points to the record."""
    content_type = ContentType.objects.get_for_model(record)
    return list(
        PlanRun.objects.filter(evidence__content_type=content_type, evidence__object_id=record.pk)
        .select_related("item__plan", "item__parent")
        .distinct()
        .order_by("item__plan__starts_on", "item__position", "academic_year")
    )


def runs_to_count(user: User | AnonymousUser, on: dt.date) -> QuerySet[PlanRun]:
    """The runs a record of the day `on` may be counted for: those the user may update, not
    cancelled, of that academic year, or of a measure of the whole period whose plan covers
    the day (such a measure has one run for all its years)."""
    whole_period = Q(
        item__deadline_kind=DeadlineKind.WHOLE_PERIOD,
        item__plan__starts_on__lte=on,
        item__plan__ends_on__gte=on,
    )
    return (
        PlanRun.objects.updatable_by(user)
        .filter(Q(academic_year=AcademicYear.of(on).start_year) | whole_period)
        .exclude(status=RunStatus.CANCELLED)
        .select_related("item__plan", "item__parent")
        .order_by("item__plan__starts_on", "item__position", "id")
    )
