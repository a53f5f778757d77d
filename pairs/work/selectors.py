"""What the mentorship page reads of a pair's running: meetings, silence, departed mentees,
results, history, and which actions the user may take."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.http import AuthenticatedHttpRequest
from core.roles import Role, has_role
from pairs.access import keeps_work, may_manage
from pairs.models import (
    DEPARTED_STATUSES,
    OPEN_STATUSES,
    ChangeAction,
    Meeting,
    Mentorship,
    MentorshipChange,
    MentorshipStatus,
    PersonalPlan,
    PlanTask,
)
from programs.models import Organization
from registry.models import Person

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from pairs.models import MentorshipQuerySet

# Which model's fields a history entry of each action names (see MentorshipChange.details).
_HISTORY_MODELS: dict[str, tuple[type[Model], ...]] = {
    ChangeAction.MEETING_LOGGED: (Meeting,),
    ChangeAction.MEETING_CHANGED: (Meeting,),
    ChangeAction.MEETING_DELETED: (Meeting,),
    ChangeAction.PLAN_CHANGED: (PersonalPlan, PlanTask),
}


def attention_scope(user: User | AnonymousUser) -> MentorshipQuerySet | None:
    """The mentorships of the user's «Требуют внимания» list: those the user manages (the
    curator, a format lead), who acts on them; the whole program for the director, who
    reads it. None for a user who has no such list."""
    if user.has_perm("pairs.change_mentorship"):
        return Mentorship.objects.managed_by(user)
    if user.has_perm("pairs.view_all_mentorships") and has_role(user, Role.DIRECTOR):
        return Mentorship.objects.visible_to(user)
    return None


def quiet_since_date(mentorship: Mentorship, last_meeting_on: dt.date | None) -> dt.date:
    """The last day anything happened: the last meeting, else the start."""
    return last_meeting_on if last_meeting_on is not None else mentorship.started_on


def departed_mentees(mentorship: Mentorship) -> list[Person]:
    """The mentees (loaded with `with_people`) who have left the college."""
    return [
        person
        for person in mentorship.mentees.all()
        if getattr(person.concrete, "status", None) in DEPARTED_STATUSES
    ]


def _field_label(action: str, field: str) -> str:
    if field == "format" and action in _HISTORY_MODELS and Meeting in _HISTORY_MODELS[action]:
        # Meeting.format reads «форма наставничества» otherwise: it is how the meeting was held.
        return capfirst(_("form of the meeting"))
    models: tuple[type[Model], ...] = (*_HISTORY_MODELS.get(action, ()), Mentorship)
    for model in models:
        try:
            label = getattr(model._meta.get_field(field), "verbose_name", None)
        except FieldDoesNotExist:
            continue
        if label is not None:
            return capfirst(str(label))
    return field


@dataclass(frozen=True)
class HistoryLine:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    change: MentorshipChange
    lines: list[HistoryLine]


def history_entries(mentorship: Mentorship, *, variant_hidden: bool) -> list[HistoryEntry]:
    """The mentorship's history, newest first, each value as it was shown then; a variant the
    user may not see is masked, as on the page."""
    hidden = _("hidden")
    entries = []
    for change in mentorship.changes.select_related("changed_by"):  # type: ignore[attr-defined]
        lines = []
        for item in change.details:
            old, new = str(item.get("old", "")), str(item.get("new", ""))
            if variant_hidden and item.get("field") == "variant":
                old, new = (hidden if old else ""), (hidden if new else "")
            lines.append(HistoryLine(_field_label(change.action, str(item.get("field"))), old, new))
        entries.append(HistoryEntry(change, lines))
    return entries


def running_context(
    request: AuthenticatedHttpRequest, mentorship: Mentorship, *, variant_hidden: bool
) -> dict[str, Any]:
    """What the mentorship page shows of its running: meetings, the silent and departed
    flags, the results or the reason for ending early, the history, and which of the actions
    the user may take."""
    user = request.user
    today = timezone.localdate()
    is_active = mentorship.status == MentorshipStatus.ACTIVE
    manages = may_manage(user, mentorship)
    logs_meetings = is_active and keeps_work(user, mentorship, manages=manages)
    meetings = list(mentorship.meetings.select_related("logged_by"))  # type: ignore[attr-defined]
    context: dict[str, Any] = {
        "meetings": meetings if user.has_perm("pairs.view_meeting") else None,
        "can_add_meeting": logs_meetings and user.has_perm("pairs.add_meeting"),
        "can_change_meeting": logs_meetings and user.has_perm("pairs.change_meeting"),
        "can_delete_meeting": logs_meetings and user.has_perm("pairs.delete_meeting"),
        "manages": manages,
        "can_edit": manages and mentorship.status in OPEN_STATUSES,
        "can_close": manages and is_active,
        "silent_weeks": None,
        "departed_mentees": departed_mentees(mentorship) if is_active else [],
        "assessments": None,
        "history": None,
    }
    if is_active:
        since = Organization.load().silent_since(today)
        quiet_since = quiet_since_date(mentorship, meetings[0].held_on if meetings else None)
        if quiet_since < since:
            context["silent_weeks"] = (today - quiet_since).days // 7
    # The expected results of the special-category variants differ from the others', so they
    # would give the variant away: a user who may not see it reads the summary only.
    if (
        mentorship.status == MentorshipStatus.COMPLETED
        and user.has_perm("pairs.view_mentorshipresult")
        and not variant_hidden
    ):
        context["assessments"] = list(mentorship.result_assessments.all())  # type: ignore[attr-defined]
    if user.has_perm("pairs.view_mentorshipchange"):
        context["history"] = history_entries(mentorship, variant_hidden=variant_hidden)
    return context
