"""What the cycles' pages read: counts of assignments per cycle, and per questionnaire and
wave of one cycle, within the formats the user sees; a fixed number of queries each."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Q, QuerySet

from programs.models import MentoringFormat
from reports.models import Assignment, AssignmentState, MonitoringCycle, Wave

WAVE_ORDER = {wave: position for position, wave in enumerate(Wave.values)}


def sees_every_format(user: User | AnonymousUser) -> bool:
    """The curator, the director and the methodist see monitoring of every format; a format
    lead, that of the led formats only."""
    return user.has_perm("pairs.view_all_mentorships")


def assignments_seen_by(user: User | AnonymousUser, prefix: str = "") -> Q:
    """The condition on assignments (through `prefix`, e.g. "assignments__") the user's
    counts are made of: all, or those of the led formats."""
    if sees_every_format(user):
        return Q()
    led = MentoringFormat.objects.led_by(user).values("pk")
    return Q(**{f"{prefix}format__in": led})


def _counts(prefix: str, scope: Q) -> dict[str, Count]:
    def count(state: str) -> Count:
        return Count(f"{prefix}pk", filter=scope & Q(**{f"{prefix}state": state}))

    return {
        "issued": count(AssignmentState.ISSUED),
        "answered": count(AssignmentState.ANSWERED),
        "declined": count(AssignmentState.DECLINED),
    }


def cycles_with_counts(user: User | AnonymousUser) -> QuerySet[MonitoringCycle]:
    """Every cycle, the latest first, with `issued`, `answered` and `declined` counts."""
    scope = assignments_seen_by(user, "assignments__")
    return MonitoringCycle.objects.annotate(**_counts("assignments__", scope)).order_by(
        "-academic_year"
    )


@dataclass(frozen=True)
class CountRow:
    questionnaire: str
    code: str
    wave: str
    wave_label: str
    issued: int
    answered: int
    declined: int

    @property
    def asked(self) -> int:
        """Those asked: the declined (no consent, refused…) are not counted in the rate."""
        return self.issued + self.answered

    @property
    def rate(self) -> int | None:
        """The response rate in whole per cent, None when nobody was asked."""
        return round(100 * self.answered / self.asked) if self.asked else None


def cycle_counts(cycle: MonitoringCycle, user: User | AnonymousUser) -> list[CountRow]:
    """Per questionnaire and wave: issued (not yet answered), answered, declined."""
    rows = (
        Assignment.objects.filter(cycle=cycle)
        .filter(assignments_seen_by(user))
        .values("questionnaire__title", "questionnaire__code", "questionnaire__position", "wave")
        .annotate(**_counts("", Q()))
        .order_by()
    )
    labels = dict(Wave.choices)
    ordered = sorted(
        rows,
        key=lambda r: (
            r["questionnaire__position"],
            r["questionnaire__code"],
            WAVE_ORDER[r["wave"]],
        ),
    )
    return [
        CountRow(
            questionnaire=row["questionnaire__title"],
            code=row["questionnaire__code"],
            wave=row["wave"],
            wave_label=str(labels[row["wave"]]),
            issued=row["issued"],
            answered=row["answered"],
            declined=row["declined"],
        )
        for row in ordered
    ]
