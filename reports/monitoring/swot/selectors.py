"""The SWOT analysis of a format in a year (МР-42/02, приложение 2, р. 2.3) as data: the
yearly SWOT assignment of the format, its response, and the lines computed from the year's
answers that pre-fill the strengths and the weaknesses.

The SWOT is the `swot` questionnaire's yearly assignment of a format (no person), answered as
a response of four open answers, one line per item: a lead's draft, the curator's final one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from programs.models import MentoringFormat
from reports.models import (
    Answer,
    Assignment,
    AssignmentState,
    DeclineReason,
    MonitoringCycle,
    QuestionKind,
    QuestionTag,
    Respondent,
    Response,
    Wave,
)
from reports.monitoring.results.selectors import (
    ENTRY_OF_EXIT,
    paired_answers,
    positive_change,
)

if TYPE_CHECKING:
    from core.http import AnyUser

SWOT_CODE = "swot"
# The four lists, in the order of the questionnaire (their questions' keys).
KEYS = ("strengths", "weaknesses", "opportunities", "threats")

# Where a computed share or mean is a strength, and where a weakness.
STRONG_SHARE = 50
STRONG_MEAN = Decimal(7)
WEAK_MEAN = Decimal(5)
LOW_RESPONSE_RATE = 50


def swot_formats(user: AnyUser) -> list[MentoringFormat]:
    """The formats whose SWOT the user sees: every one for the roles that see every
    mentorship, the led ones for a format lead, none for anyone else."""
    if not user.is_authenticated or not user.has_perm("reports.view_monitoring_results"):
        return []
    formats = MentoringFormat.objects.order_by("position", "id")
    if user.has_perm("pairs.view_all_mentorships"):
        return list(formats)
    return list(formats.led_by(user))


def swot_assignments(cycle: MonitoringCycle) -> QuerySet[Assignment]:
    return Assignment.objects.filter(
        cycle=cycle,
        questionnaire__code=SWOT_CODE,
        wave=Wave.YEARLY,
        person__isnull=True,
        format__isnull=False,
    )


@dataclass(frozen=True)
class SwotRow:
    """A format's SWOT of the year on the list: not issued, issued, a draft or final."""

    format: MentoringFormat
    assignment: Assignment | None
    response: Response | None

    @property
    def is_final(self) -> bool:
        return self.response is not None and not self.response.is_draft


def swot_overview(cycle: MonitoringCycle, formats: list[MentoringFormat]) -> list[SwotRow]:
    """Each format's SWOT of the cycle (one query)."""
    assignments = {
        assignment.format_id: assignment
        for assignment in swot_assignments(cycle)
        .filter(format__in=formats)
        .select_related("response")
    }
    rows = []
    for mentoring_format in formats:
        assignment = assignments.get(mentoring_format.pk)
        response = getattr(assignment, "response", None) if assignment is not None else None
        rows.append(SwotRow(mentoring_format, assignment, response))
    return rows


def saved_lists(response: Response | None) -> dict[str, str]:
    """The four lists of a saved SWOT, by key ("" for each when there is none)."""
    lists = dict.fromkeys(KEYS, "")
    if response is not None:
        for key, text in response.answers.values_list("question__key", "text"):
            if key in lists:
                lists[key] = text
    return lists


# --- The lines computed from the year's answers -------------------------------------------


@dataclass
class Prefill:
    strengths: list[str] = field(default_factory=list)
    weaknesses: list[str] = field(default_factory=list)

    def add(self, line: str, *, strong: bool) -> None:
        (self.strengths if strong else self.weaknesses).append(line)

    def as_text(self) -> dict[str, str]:
        return {"strengths": "\n".join(self.strengths), "weaknesses": "\n".join(self.weaknesses)}


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole)


def _mean(value: Decimal) -> str:
    return number_format(value.quantize(Decimal("0.1")), decimal_pos=1)


def _participants(
    cycle: MonitoringCycle, mentoring_format: MentoringFormat
) -> QuerySet[Assignment]:
    """The participants' assignments of the cycle in the format."""
    return (
        Assignment.objects.filter(cycle=cycle, person__isnull=False)
        .annotate(scope_format=Coalesce("format_id", "mentorship__format_id"))
        .filter(scope_format=mentoring_format.pk)
    )


def _yes(tag: str, *, answered_only: bool = False) -> Exists:
    answers = Answer.objects.filter(
        response=OuterRef("pk"), question__tag=tag, question__kind=QuestionKind.YES_NO
    )
    if answered_only:
        return Exists(answers.filter(number__isnull=False))
    return Exists(answers.filter(number=1))


def computed_lines(cycle: MonitoringCycle, mentoring_format: MentoringFormat) -> Prefill:
    """The strengths and weaknesses the year's answers of the format show, as lines the
    curator keeps, edits or drops (five queries):

    - the share of participants who liked taking part and are ready to continue;
    - the share of mentees who want to become mentors;
    - the mean satisfaction of mentees and of mentors: a strength from 7, a weakness below 5;
    - the share of participants whose growth items improved from entry to exit;
    - a response rate below half is a weakness.
    A share is a strength from 50 %, a weakness below it; nothing is said of what nobody
    answered."""
    prefill = Prefill()
    assignments = _participants(cycle, mentoring_format)
    responses = Response.objects.filter(is_draft=False, assignment__in=assignments.values("id"))
    answers = Answer.objects.filter(response__in=responses.values("id"))

    liked = responses.aggregate(
        asked=Count(
            "id",
            filter=_yes(QuestionTag.LIKED, answered_only=True)
            & _yes(QuestionTag.CONTINUE, answered_only=True),
        ),
        both=Count("id", filter=_yes(QuestionTag.LIKED) & _yes(QuestionTag.CONTINUE)),
    )
    if liked["asked"]:
        share = _percent(liked["both"], liked["asked"])
        prefill.add(
            _(
                "%(share)s %% of the participants liked taking part and are ready to continue "
                "(%(count)s of %(total)s)"
            )
            % {"share": share, "count": liked["both"], "total": liked["asked"]},
            strong=share >= STRONG_SHARE,
        )

    mentors_to_be = answers.filter(
        question__tag=QuestionTag.BECOME_MENTOR,
        question__kind=QuestionKind.YES_NO,
        number__isnull=False,
        response__assignment__questionnaire__respondent=Respondent.MENTEE,
    ).aggregate(asked=Count("id"), yes=Count("id", filter=Q(number=1)))
    if mentors_to_be["asked"]:
        share = _percent(mentors_to_be["yes"], mentors_to_be["asked"])
        prefill.add(
            _("%(share)s %% of the mentees want to become mentors (%(count)s of %(total)s)")
            % {"share": share, "count": mentors_to_be["yes"], "total": mentors_to_be["asked"]},
            strong=share >= STRONG_SHARE,
        )

    satisfaction = (
        answers.filter(
            question__tag=QuestionTag.SATISFACTION,
            question__kind=QuestionKind.SCALE,
            number__isnull=False,
        )
        .values("response__assignment__questionnaire__respondent")
        .annotate(mean=Avg("number"), n=Count("id"))
        .order_by("response__assignment__questionnaire__respondent")
    )
    for row in satisfaction:
        mean = Decimal(str(row["mean"]))
        respondent = row["response__assignment__questionnaire__respondent"]
        values = {"mean": _mean(mean), "count": row["n"]}
        if respondent == Respondent.MENTOR:
            text = _(
                "Mentors rate their satisfaction at %(mean)s of 10 on average (%(count)s answers)"
            )
        else:
            text = _(
                "Mentees rate their satisfaction at %(mean)s of 10 on average (%(count)s answers)"
            )
        if mean >= STRONG_MEAN:
            prefill.add(text % values, strong=True)
        elif mean < WEAK_MEAN:
            prefill.add(text % values, strong=False)

    growth = paired_answers(
        answers.filter(
            question__tag=QuestionTag.GROWTH,
            response__assignment__questionnaire__purpose__in=list(ENTRY_OF_EXIT),
        ),
        entry_purposes=list(ENTRY_OF_EXIT.values()),
    )
    participants, positive = positive_change(growth)
    if participants:
        share = _percent(positive, participants)
        prefill.add(
            _(
                "%(share)s %% of the participants grew from the entry to the exit "
                "questionnaire (%(count)s of %(total)s)"
            )
            % {"share": share, "count": positive, "total": participants},
            strong=share >= STRONG_SHARE,
        )

    rate = assignments.aggregate(
        issued=Count("id"),
        answered=Count("id", filter=Q(state=AssignmentState.ANSWERED)),
        no_consent=Count(
            "id",
            filter=Q(state=AssignmentState.DECLINED, decline_reason=DeclineReason.NO_CONSENT),
        ),
    )
    expected = rate["issued"] - rate["no_consent"]
    if expected and _percent(rate["answered"], expected) < LOW_RESPONSE_RATE:
        prefill.add(
            _(
                "Only %(share)s %% of the participants answered the questionnaires "
                "(%(count)s of %(total)s)"
            )
            % {
                "share": _percent(rate["answered"], expected),
                "count": rate["answered"],
                "total": expected,
            },
            strong=False,
        )
    return prefill
