"""What the home page reads: each block of it, in a fixed number of queries whatever the
number of rows. Which blocks a user gets, and in what order, is `sections_for`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, Min, OuterRef, Q

from core.roles import COLLEGE_ROLES, Role, user_roles
from pairs.models import (
    Mentorship,
    MentorshipStatus,
    PlanTask,
    Proposal,
)
from pairs.proposals.tables import status_badge
from pairs.work.selectors import attention_scope, departed_mentees, quiet_since_date
from programs.models import ActionPlan, FormatCode, MentoringFormat, Organization, TrainingSession
from registry.models import Person, Pupil
from reports.models import Assignment, AssignmentState, CycleStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

# How many rows a list of the home page shows; its count and link say how many there are.
HOME_ROWS = 8
# The mentor's own pairs: all of them, up to this many (a mentor has a handful).
OWN_PAIRS = 20

# The blocks of the home page (templates/reports/home/_<name>.html).
MY_PAIRS = "my_pairs"
MY_PROPOSALS = "my_proposals"
PUPILS = "pupils"
PRINTS = "prints"
TRAININGS = "trainings"
TO_DO = "to_do"
RUNS = "runs"
FIGURES = "figures"

# What each role does most comes first: a user with several roles gets each role's blocks in
# this order of roles, then the plan and the figures (for the college's staff), each once.
ROLE_SECTIONS: dict[Role, tuple[str, ...]] = {
    Role.CURATOR: (TO_DO,),
    Role.DIRECTOR: (RUNS, TO_DO),
    Role.METHODIST: (PRINTS, TRAININGS),
    Role.FORMAT_LEAD: (TO_DO,),
    Role.TEACHER: (MY_PAIRS, MY_PROPOSALS),
    Role.PARTNER_CURATOR: (PUPILS, MY_PROPOSALS),
}
ROLE_PRIORITY = (
    Role.CURATOR,
    Role.DIRECTOR,
    Role.METHODIST,
    Role.FORMAT_LEAD,
    Role.TEACHER,
    Role.PARTNER_CURATOR,
)


def sections_for(user: User | AnonymousUser, *, is_mentor: bool) -> list[str]:
    """The blocks of the user's home page, what their roles do most first; a mentor's own
    pairs (whatever the role) before the plan; the plan's items and the figures last."""
    roles = user_roles(user)
    if not roles and user.is_superuser:
        roles = [Role.CURATOR]  # may do all the curator does, without the group
    sections: list[str] = []
    for role in ROLE_PRIORITY:
        if role in roles:
            sections.extend(name for name in ROLE_SECTIONS[role] if name not in sections)
    if is_mentor and MY_PAIRS not in sections:
        sections.append(MY_PAIRS)
    if any(role in COLLEGE_ROLES for role in roles):
        sections.extend(name for name in (RUNS, FIGURES) if name not in sections)
    return sections


# --- The mentor's own pairs ---------------------------------------------------------------


@dataclass
class PairCard:
    """One of the mentor's pairs with its warnings and its next steps."""

    mentorship: Mentorship
    last_meeting_on: dt.date | None
    silent_weeks: int | None = None
    departed: list[Person] = field(default_factory=list)
    can_log_meeting: bool = False
    needs_plan: bool = False
    questionnaires: Questionnaires | None = None

    @property
    def has_warning(self) -> bool:
        return self.silent_weeks is not None or bool(self.departed)


def own_pairs(
    user: User, *, today: dt.date, questionnaires: dict[int | None, Questionnaires]
) -> list[PairCard]:
    """The pairs where the user is a mentor, in the registry (no drafts): active ones first,
    those needing attention at their head; each with the weeks it has been silent
    (`Mentorship.objects.silent`), its mentees who left the college, whether a meeting may be
    logged and the plan needs filling, and the questionnaires the user has to answer for it
    (`issued_questionnaires`). Five queries."""
    since = Organization.load().silent_since(today)
    mine = Mentorship.objects.filter(mentors__user=user).in_registry()
    silent = set(mine.silent(since=since).values_list("id", flat=True))
    tasks = PlanTask.objects.filter(plan__mentorship=OuterRef("pk"))
    rows = list(
        mine.with_people()
        .with_last_meeting()
        .annotate(has_tasks=Exists(tasks))
        .order_by("-started_on", "-id")[:OWN_PAIRS]
    )
    may_log = user.has_perm("pairs.add_meeting")
    may_plan = user.has_perm("pairs.change_personalplan")
    cards = []
    for mentorship in rows:
        active = mentorship.status == MentorshipStatus.ACTIVE
        last: dt.date | None = mentorship.last_meeting_on  # type: ignore[attr-defined]
        card = PairCard(
            mentorship=mentorship,
            last_meeting_on=last,
            departed=departed_mentees(mentorship) if active else [],
            can_log_meeting=active and may_log,
            needs_plan=active and may_plan and not mentorship.has_tasks,  # type: ignore[attr-defined]
            questionnaires=questionnaires.get(mentorship.pk),
        )
        if mentorship.pk in silent:
            card.silent_weeks = (today - quiet_since_date(mentorship, last)).days // 7
        cards.append(card)
    cards.sort(
        key=lambda card: (card.mentorship.status != MentorshipStatus.ACTIVE, not card.has_warning)
    )
    return cards


@dataclass(frozen=True)
class Questionnaires:
    """The questionnaires waiting for the user about one pair (or about none): how many,
    and the first of them, which the home page opens when it is the only one."""

    count: int
    first_pk: int


def issued_questionnaires(user: User, *, today: dt.date) -> dict[int | None, Questionnaires]:
    """The questionnaires issued to the user and still open to answering (not answered nor
    declined, their monitoring cycle neither closed nor past its closing day), by
    mentorship (None: not about a pair). One query."""
    issued = (
        Assignment.objects.filter(person__user=user, state=AssignmentState.ISSUED)
        .exclude(cycle__status=CycleStatus.CLOSED)
        .filter(cycle__closes_on__gte=today)
        .values("mentorship_id")
        .annotate(count=Count("id"), first_pk=Min("id"))
        .order_by()
    )
    return {
        row["mentorship_id"]: Questionnaires(count=row["count"], first_pk=row["first_pk"])
        for row in issued
    }


def questionnaires_besides(
    questionnaires: dict[int | None, Questionnaires], *, shown: set[int]
) -> Questionnaires | None:
    """The questionnaires of `issued_questionnaires` not about one of the `shown` pairs, in
    one; None if there are none."""
    rest = [waiting for pk, waiting in questionnaires.items() if pk not in shown]
    if not rest:
        return None
    return Questionnaires(
        count=sum(waiting.count for waiting in rest),
        first_pk=min(waiting.first_pk for waiting in rest),
    )


# --- Proposals ----------------------------------------------------------------------------


def own_proposals(user: User) -> dict[str, Any]:
    """The user's latest proposals with their state, and how many are under review."""
    mine = Proposal.objects.filter(proposed_by=user)
    latest = mine.select_related("person", "format").order_by("-created_at", "-id")[:HOME_ROWS]
    return {
        "own_proposals": [(proposal, status_badge(proposal)) for proposal in latest],
        "own_proposals_pending": mine.pending().count(),
    }


# --- The partner's curator ----------------------------------------------------------------


def partner_pupils(user: User) -> dict[str, Any]:
    """The pupils of the schools the user curates: the latest added, and how many."""
    pupils = Pupil.objects.visible_to(user)
    return {
        "pupils": list(pupils.select_related("school").order_by("-id")[:HOME_ROWS]),
        "pupil_count": pupils.count(),
    }


# --- The methodist's prints and trainings -------------------------------------------------


def current_plan(today: dt.date) -> ActionPlan | None:
    """The plan in force today, else the latest (as the plan's page picks it)."""
    return (
        ActionPlan.objects.filter(starts_on__lte=today, ends_on__gte=today).first()
        or ActionPlan.objects.order_by("-starts_on").first()
    )


def adaptation_plans(user: User) -> dict[str, Any]:
    """The active «педагог – педагог» pairs the user sees, whose personal plan is the young
    teacher's adaptation plan (п. 3.6) to print."""
    pairs = (
        Mentorship.objects.visible_to(user)
        .active()
        .filter(format__code=FormatCode.TEACHER_TEACHER)
        .prefetch_related("mentees")
        .order_by("-started_on", "-id")
    )
    teacher_format = MentoringFormat.objects.filter(code=FormatCode.TEACHER_TEACHER).first()
    return {
        "adaptation_pairs": list(pairs[:HOME_ROWS]),
        "adaptation_count": pairs.count(),
        "teacher_format": teacher_format,
    }


def trainings(today: dt.date) -> dict[str, Any]:
    """The mentor trainings to come and the latest held, with their attendance."""
    sessions = TrainingSession.objects.annotate(attendee_count=Count("records"))
    return {
        "trainings_ahead": list(sessions.filter(held_on__gte=today).order_by("held_on", "id")[:4]),
        "trainings_held": list(
            sessions.filter(held_on__lt=today).order_by("-held_on", "-id")[: HOME_ROWS // 2]
        ),
    }


# --- The curator's and format lead's work -------------------------------------------------


def to_do_counts(user: User, *, today: dt.date) -> dict[str, int | None]:
    """The attention list's figures (silent pairs, pairs whose mentee left), the drafts and
    the proposals to review, for who has them (None where the user has no such list)."""
    scope = attention_scope(user)
    counts: dict[str, int | None] = {"silent_count": None, "departed_count": None}
    if scope is not None:
        since = Organization.load().silent_since(today)
        counts["silent_count"] = scope.silent(since=since).count()
        counts["departed_count"] = scope.with_departed_mentees().count()
    manages = user.has_perm("pairs.change_mentorship")
    counts["draft_count"] = (
        Mentorship.objects.managed_by(user).drafts().count() if manages else None
    )
    counts["proposals_to_review"] = (
        Proposal.objects.pending().decidable_by(user).count()
        if user.has_perm("pairs.change_proposal")
        else None
    )
    return counts


# --- Figures ------------------------------------------------------------------------------


def _distinct_people(links: Any, mentorships: Any) -> int:
    """How many people the link table (mentors' or mentees') names in the mentorships."""
    counted: int = links.objects.filter(mentorship__in=mentorships.values("pk")).aggregate(
        people=Count("person_id", distinct=True)
    )["people"]
    return counted


def mentorship_figures(user: User) -> dict[str, Any]:
    """How many active pairs, mentors, mentees and groups the user sees; per format for
    those who see the whole program, or per led format for a format lead (a teacher's would
    be a table of zeros)."""
    visible = Mentorship.objects.visible_to(user)
    active = visible.active()
    figures: dict[str, Any] = {
        "active_count": active.count(),
        # Distinct ids in the link tables: no join to the people, no DISTINCT over their
        # every column.
        "mentee_count": _distinct_people(Mentorship.mentees.through, active),
        "mentor_count": _distinct_people(Mentorship.mentors.through, active),
        "group_count": active.annotate(size=Count("mentees")).filter(size__gt=1).count(),
        "per_format": None,
    }
    formats = MentoringFormat.objects.order_by("position")
    if not user.has_perm("pairs.view_all_mentorships"):
        if not user.has_perm("pairs.change_mentorship"):
            return figures
        formats = formats.led_by(user)
    figures["per_format"] = formats.annotate(
        active_count=Count("mentorships", filter=Q(mentorships__in=active.values("id")))
    )
    return figures
