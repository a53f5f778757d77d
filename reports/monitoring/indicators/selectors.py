"""The indicators of the program on a reference date, with their targets and deviations, in a
constant number of queries (see basis.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from core.dates import AcademicYear
from programs.models import ActionPlan, Indicator, IndicatorDirection, MentoringFormat
from reports.monitoring.indicators.basis import Basis
from reports.monitoring.indicators.formulas import FORMULAS, IndicatorValue

if TYPE_CHECKING:
    from core.http import AnyUser


# The indicators computed from the answers to questionnaires.
QUESTIONNAIRE_INDICATORS = frozenset(
    {
        "response_rate",
        "satisfaction_mentees",
        "satisfaction_mentors",
        "ready_to_continue",
        "want_to_become_mentors",
        "positive_change",
    }
)


def deviation_from(value: Decimal | None, target: Decimal | None) -> Decimal | None:
    """The value less the target; None without either."""
    if value is None or target is None:
        return None
    return value - target


def reaches_target(indicator: Indicator, deviation: Decimal | None) -> bool | None:
    """Whether a deviation from the target is on the indicator's right side (at most the
    target for a lower-is-better indicator); None without a deviation."""
    if deviation is None:
        return None
    if indicator.direction == IndicatorDirection.LOWER:
        return deviation <= 0
    return deviation >= 0


@dataclass(frozen=True)
class IndicatorResult:
    """An indicator as computed on a date: its value, the target of its plan and year, and
    how far the value is from it (value − target; for a lower-is-better indicator a negative
    deviation is good)."""

    indicator: Indicator
    computed: IndicatorValue
    target: Decimal | None

    @property
    def deviation(self) -> Decimal | None:
        return deviation_from(self.computed.value, self.target)

    @property
    def meets_target(self) -> bool | None:
        """Whether the value reaches the target the right way; None without either."""
        return reaches_target(self.indicator, self.deviation)


@dataclass(frozen=True)
class IndicatorValues:
    """All indicators of a date, with the plan whose targets they are compared with."""

    day: dt.date
    year: AcademicYear
    plan: ActionPlan | None
    results: list[IndicatorResult]


def formats_for(
    user: AnyUser | None, formats: Iterable[MentoringFormat] | None
) -> list[int] | None:
    """The ids of the formats the values cover: those given (None: all) and, for a user who
    does not see every mentorship, only the formats they lead."""
    ids = None if formats is None else [f.pk for f in formats]
    if user is not None and not user.has_perm("pairs.view_all_mentorships"):
        led = list(MentoringFormat.objects.led_by(user).values_list("pk", flat=True))
        ids = led if ids is None else [pk for pk in ids if pk in led]
    return ids


def compute_indicators(
    *,
    day: dt.date,
    year: AcademicYear,
    formats: Iterable[MentoringFormat] | None = None,
    user: AnyUser | None = None,
) -> IndicatorValues:
    """Every indicator on the reference date `day` for the academic `year` (the year-long
    indicators count from its 1 September to `day`), within `formats` (None: every format)
    and what `user` may see (a format lead: the led formats)."""
    basis = Basis(day=day, year=year, format_ids=formats_for(user, formats))
    results = [
        IndicatorResult(
            indicator=indicator,
            computed=FORMULAS[indicator.code](basis),
            target=basis.targets.get(indicator.pk),
        )
        for indicator in Indicator.objects.order_by("position", "id")
        if indicator.code in FORMULAS
    ]
    return IndicatorValues(day=day, year=year, plan=basis.plan, results=results)


def indicator_values(
    *,
    day: dt.date,
    year: AcademicYear,
    formats: Iterable[MentoringFormat] | None = None,
    user: AnyUser | None = None,
) -> list[IndicatorResult]:
    """The indicators of `compute_indicators`, in their order."""
    return compute_indicators(day=day, year=year, formats=formats, user=user).results
