"""One function per indicator code: its numerator, denominator and value on the `Basis` (the
grouped counts of reports/monitoring/indicators/basis.py), exactly as the indicator's texts
(programs.Indicator: numerator, denominator, reference) write them out.

A share is a percentage, a mean is of a 1–10 scale, a count is a number; each rounded to a
tenth. A denominator of zero gives no value («нет данных»), not 0 %.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from pairs.models import MentorshipStatus, ParticipantRole, TerminationReason
from programs.models import EventLevel
from registry.models import PersonKind
from reports.models import QuestionTag, Respondent, Wave
from reports.monitoring.indicators.basis import Basis

TENTH = Decimal("0.1")


def share(numerator: Decimal | int, denominator: int) -> Decimal | None:
    """The percentage, to a tenth; None without a denominator."""
    if not denominator:
        return None
    return (Decimal(100) * Decimal(numerator) / Decimal(denominator)).quantize(
        TENTH, rounding=ROUND_HALF_UP
    )


def mean(total: Decimal | int, count: int) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Part:
    """A line of an indicator's breakdown: by format, by kind, by reason, by level …"""

    label: str
    numerator: Decimal | int
    denominator: int | None = None
    value: Decimal | None = None
    note: str = ""


@dataclass(frozen=True)
class IndicatorValue:
    """What an indicator comes to: the numerator over the denominator (None for a count),
    the value (None when there is nothing to compute it from), how many were left out of both
    sides and why, and the breakdown."""

    numerator: Decimal | int
    denominator: int | None
    value: Decimal | None
    excluded: int = 0
    excluded_reason: str = ""
    breakdown: tuple[Part, ...] = field(default_factory=tuple)


def _share(
    numerator: Decimal | int,
    denominator: int,
    *,
    excluded: int = 0,
    excluded_reason: str = "",
    breakdown: tuple[Part, ...] = (),
) -> IndicatorValue:
    return IndicatorValue(
        numerator=numerator,
        denominator=denominator,
        value=share(numerator, denominator),
        excluded=excluded,
        excluded_reason=excluded_reason if excluded else "",
        breakdown=breakdown,
    )


def _count(total: int, breakdown: tuple[Part, ...] = ()) -> IndicatorValue:
    return IndicatorValue(
        numerator=total, denominator=None, value=Decimal(total), breakdown=breakdown
    )


def _no_birth_date(basis: Basis) -> tuple[int, str]:
    return (
        basis.students["no_birth_date"],
        _("studying students without a date of birth"),
    )


# --- Participation -------------------------------------------------------------------------


def students_15_19(basis: Basis) -> IndicatorValue:
    excluded, reason = _no_birth_date(basis)
    students = basis.students
    return _share(
        students["aged_in_pair"], students["aged"], excluded=excluded, excluded_reason=reason
    )


def students_15_19_mentees(basis: Basis) -> IndicatorValue:
    excluded, reason = _no_birth_date(basis)
    students = basis.students
    return _share(
        students["aged_mentees"], students["aged"], excluded=excluded, excluded_reason=reason
    )


def young_teachers_mentees(basis: Basis) -> IndicatorValue:
    teachers = basis.teachers
    return _share(
        teachers["young_mentees"],
        teachers["young"],
        excluded=teachers["no_experience_date"],
        excluded_reason=_("employed teachers without the start of their pedagogical experience"),
    )


def student_mentors(basis: Basis) -> IndicatorValue:
    students = basis.students
    return _share(students["mentors"], students["studying"])


def enterprises_giving_mentors(basis: Basis) -> IndicatorValue:
    enterprises = basis.enterprises
    return _share(
        enterprises["giving"],
        enterprises["with_agreement"],
        excluded=enterprises["giving_without_agreement"],
        excluded_reason=_("enterprises giving mentors without an agreement valid in the year"),
    )


# --- Pairs and groups ----------------------------------------------------------------------


def _per_format(basis: Basis, key: str) -> tuple[int, tuple[Part, ...]]:
    parts = tuple(
        Part(mentoring_format.title, basis.by_format.get(mentoring_format.pk, {}).get(key, 0))
        for mentoring_format in basis.formats
    )
    return sum(int(part.numerator) for part in parts), parts


def mentorships_running(basis: Basis) -> IndicatorValue:
    return _count(*_per_format(basis, "running"))


def groups_running(basis: Basis) -> IndicatorValue:
    return _count(*_per_format(basis, "groups"))


def meeting_regularity(basis: Basis) -> IndicatorValue:
    parts = []
    for mentoring_format in basis.formats:
        row = basis.by_format.get(mentoring_format.pk, {})
        regular, running = row.get("regular", 0), row.get("running", 0)
        parts.append(Part(mentoring_format.title, regular, running, share(regular, running)))
    return _share(
        sum(int(part.numerator) for part in parts),
        sum(part.denominator or 0 for part in parts),
        breakdown=tuple(parts),
    )


def results_achieved(basis: Basis) -> IndicatorValue:
    results = basis.results
    numerator = Decimal(results["achieved"]) + Decimal(results["partly"]) / 2
    unassessed = sum(
        row["unassessed"] for row in basis.closures if row["status"] == MentorshipStatus.COMPLETED
    )
    return _share(
        numerator,
        results["total"],
        excluded=unassessed,
        excluded_reason=_("completed mentorships whose results were not assessed"),
        breakdown=(
            Part(_("achieved"), results["achieved"]),
            Part(_("partly achieved"), results["partly"]),
            Part(
                _("not achieved"),
                results["total"] - results["achieved"] - results["partly"],
            ),
        ),
    )


def ended_early(basis: Basis) -> IndicatorValue:
    closed = sum(row["count"] for row in basis.closures)
    reasons: dict[str, int] = {}
    for row in basis.closures:
        if row["status"] == MentorshipStatus.TERMINATED:
            reason = row["termination_reason"]
            reasons[reason] = reasons.get(reason, 0) + row["count"]
    terminated = sum(reasons.values())
    labels = dict(TerminationReason.choices)
    breakdown = tuple(
        Part(str(labels.get(reason, reason)), count, terminated, share(count, terminated))
        for reason, count in sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
    )
    return _share(terminated, closed, breakdown=breakdown)


# --- Questionnaires --------------------------------------------------------------------------


def response_rate(basis: Basis) -> IndicatorValue:
    waves = dict(Wave.choices)
    parts = tuple(
        Part(
            f"{rate.questionnaire} — {waves.get(rate.wave, rate.wave)}",
            rate.answered,
            rate.issued - rate.no_consent,
            share(rate.answered, rate.issued - rate.no_consent),
        )
        for rate in basis.rates
    )
    no_consent = sum(rate.no_consent for rate in basis.rates)
    return _share(
        sum(rate.answered for rate in basis.rates),
        sum(rate.issued - rate.no_consent for rate in basis.rates),
        excluded=no_consent,
        excluded_reason=_("assignments declined for lack of consent"),
        breakdown=parts,
    )


def _satisfaction(basis: Basis, respondent: str) -> IndicatorValue:
    row = basis.scores.get((QuestionTag.SATISFACTION, respondent), {})
    total, count = row.get("total") or Decimal(0), row.get("count", 0)
    return IndicatorValue(numerator=total, denominator=count, value=mean(total, count))


def satisfaction_mentees(basis: Basis) -> IndicatorValue:
    return _satisfaction(basis, Respondent.MENTEE)


def satisfaction_mentors(basis: Basis) -> IndicatorValue:
    return _satisfaction(basis, Respondent.MENTOR)


def _yes_of(basis: Basis, tag: str, respondents: tuple[str, ...]) -> IndicatorValue:
    labels = dict(Respondent.choices)
    parts = []
    for respondent in respondents:
        row = basis.scores.get((tag, respondent), {})
        yes, count = row.get("yes", 0), row.get("count", 0)
        parts.append(Part(str(labels[respondent]), yes, count, share(yes, count)))
    return _share(
        sum(int(part.numerator) for part in parts),
        sum(part.denominator or 0 for part in parts),
        breakdown=tuple(parts) if len(parts) > 1 else (),
    )


def ready_to_continue(basis: Basis) -> IndicatorValue:
    return _yes_of(basis, QuestionTag.CONTINUE, (Respondent.MENTEE, Respondent.MENTOR))


def want_to_become_mentors(basis: Basis) -> IndicatorValue:
    return _yes_of(basis, QuestionTag.BECOME_MENTOR, (Respondent.MENTEE,))


def positive_change(basis: Basis) -> IndicatorValue:
    change = basis.change
    return _share(
        change["positive"],
        change["participants"],
        excluded=change["exits"] - change["participants"],
        excluded_reason=_("exit questionnaires without an entry one to compare with"),
    )


# --- Mentors, events, the plan ---------------------------------------------------------------

# The kinds of mentor the training is counted for (Комплекс мер 3.1.1–3.1.3).
MENTOR_KINDS = (PersonKind.STUDENT, PersonKind.TEACHER, PersonKind.PARTNER_EMPLOYEE)


def mentors_trained(basis: Basis) -> IndicatorValue:
    labels = {
        PersonKind.STUDENT: _("students"),
        PersonKind.TEACHER: _("teachers"),
        PersonKind.PARTNER_EMPLOYEE: _("employers' staff"),
    }
    parts = []
    for kind in MENTOR_KINDS:
        row = basis.mentors_by_kind.get(kind, {})
        trained, total = row.get("trained", 0), row.get("total", 0)
        parts.append(Part(labels[kind], trained, total, share(trained, total)))
    rows = basis.mentors_by_kind.values()
    return _share(
        sum(row["trained"] for row in rows),
        sum(row["total"] for row in rows),
        breakdown=tuple(parts),
    )


def event_participations(basis: Basis) -> IndicatorValue:
    by_level: dict[str, dict[str, int]] = {}
    for row in basis.events:
        level = by_level.setdefault(
            row["event__level"], {"count": 0, "prizes": 0, "mentors": 0, "mentees": 0}
        )
        level["count"] += row["count"]
        level["prizes"] += row["prizes"]
        level["mentors" if row["role"] == ParticipantRole.MENTOR else "mentees"] += row["count"]
    parts = tuple(
        Part(
            str(label),
            by_level[level]["count"],
            note=_("mentors %(mentors)s, mentees %(mentees)s, prize places %(prizes)s")
            % by_level[level],
        )
        for level, label in EventLevel.choices
        if level in by_level
    )
    return _count(sum(level["count"] for level in by_level.values()), parts)


def plan_execution(basis: Basis) -> IndicatorValue:
    runs = basis.runs
    return _share(runs["done"], runs["due"])


def mentors_encouraged(basis: Basis) -> IndicatorValue:
    encouraged = basis.encouraged
    return _share(encouraged["encouraged"], encouraged["total"])


FORMULAS: dict[str, Callable[[Basis], IndicatorValue]] = {
    formula.__name__: formula
    for formula in (
        students_15_19,
        students_15_19_mentees,
        young_teachers_mentees,
        student_mentors,
        enterprises_giving_mentors,
        mentorships_running,
        groups_running,
        results_achieved,
        ended_early,
        meeting_regularity,
        response_rate,
        satisfaction_mentees,
        satisfaction_mentors,
        ready_to_continue,
        want_to_become_mentors,
        positive_change,
        mentors_trained,
        event_participations,
        plan_execution,
        mentors_encouraged,
    )
}
