"""What the director's dashboard reads: the indicators with their trend over the plan's years
(past years from the snapshots frozen when a report was submitted, the current one live), a
row of counts per format, monitoring's results and SWOTs, the plan's execution and what needs
attention; all within the formats the user sees, in a constant number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from core.dates import AcademicYear
from pairs.models import Meeting, Mentorship, MentorshipStatus, TerminationReason
from pairs.work.selectors import attention_scope
from programs.actionplan.services import plan_years
from programs.models import ActionPlan, Indicator, MentoringFormat, Organization, PlanRun
from reports.models import (
    Answer,
    Assignment,
    AssignmentState,
    DeclineReason,
    IndicatorSnapshot,
    MonitoringCycle,
    QuestionKind,
    QuestionTag,
)
from reports.monitoring.charts import trend_chart_svg
from reports.monitoring.indicators.basis import ENTRY_PURPOSES, EXIT_PURPOSES
from reports.monitoring.indicators.formulas import IndicatorValue, mean, share
from reports.monitoring.indicators.selectors import (
    QUESTIONNAIRE_INDICATORS,
    IndicatorResult,
    compute_indicators,
)
from reports.monitoring.results.selectors import (
    SMALL_NUMBER,
    IndexRow,
    ResultScope,
    cycle_index,
    paired_answers,
    positive_change,
    result_scope,
)
from reports.monitoring.swot.selectors import SwotRow, swot_overview

if TYPE_CHECKING:
    from core.http import AnyUser

# How many overdue runs of the plan the page lists (the count says how many there are).
OVERDUE_RUNS = 15


def dashboard_scope(user: AnyUser) -> ResultScope:
    """The formats the user's dashboard covers: every one, or a lead's led ones."""
    return result_scope(user)


def hides_small(scope: ResultScope) -> bool:
    """Whether an indicator from fewer than SMALL_NUMBER answers is hidden from the user:
    from who does not see every answer the indicators count (the director, the methodist,
    a methodist who leads one format), as on the results pages."""
    return not scope.sees_answers_of(None)


# --- Indicators and their trend -------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    year: AcademicYear
    value: Decimal | None
    # LIVE, SNAPSHOT or "" (no value); a hidden value is None with `hidden`.
    source: str
    taken_on: dt.date | None = None
    hidden: bool = False


LIVE, SNAPSHOT = "live", "snapshot"


@dataclass
class Card:
    """An indicator as the dashboard shows it: live, or as frozen in a past year's
    snapshot (`taken_on` its reference date)."""

    result: IndicatorResult
    hidden: bool
    source: str = LIVE
    taken_on: dt.date | None = None
    trend: list[TrendPoint] = field(default_factory=list)
    chart: str = ""


def _too_few(code: str, denominator: Decimal | int | None, *, hides: bool) -> bool:
    """A questionnaire-based value from fewer than SMALL_NUMBER answers, for who may not see
    it (see `hides_small`)."""
    return (
        hides
        and code in QUESTIONNAIRE_INDICATORS
        and denominator is not None
        and 0 < denominator < SMALL_NUMBER
    )


def snapshots_of(years: list[AcademicYear]) -> dict[tuple[int, int], IndicatorSnapshot]:
    """The latest snapshot of each indicator in each of the years, by (indicator, year): one
    query."""
    found: dict[tuple[int, int], IndicatorSnapshot] = {}
    for snapshot in IndicatorSnapshot.objects.filter(
        academic_year__in=[year.start_year for year in years]
    ).order_by("taken_at", "id"):
        found[(snapshot.indicator_id, snapshot.academic_year)] = snapshot
    return found


def frozen_result(indicator: Indicator, snapshot: IndicatorSnapshot) -> IndicatorResult:
    """A snapshot as an indicator's result, for the card of a past year."""
    denominator = snapshot.denominator
    numerator = snapshot.numerator if snapshot.numerator is not None else Decimal(0)
    return IndicatorResult(
        indicator=indicator,
        computed=IndicatorValue(
            numerator=numerator,
            denominator=None if denominator is None else int(denominator),
            value=snapshot.value,
            excluded=snapshot.excluded,
        ),
        target=snapshot.target,
    )


def trend_years(plan: ActionPlan | None, year: AcademicYear, today: dt.date) -> list[AcademicYear]:
    """The plan's years up to the current one (and the year shown, whatever it is)."""
    current = AcademicYear.of(today)
    years = [y for y in plan_years(plan) if y.start_year <= current.start_year] if plan else []
    if year not in years:
        years.append(year)
    return sorted(years, key=lambda y: y.start_year)


def indicator_cards(
    user: AnyUser, *, scope: ResultScope, day: dt.date, year: AcademicYear, today: dt.date
) -> tuple[ActionPlan | None, list[Card]]:
    """The indicators of the year shown, with their trend over the plan's years: the current
    year live, a past year as frozen in its snapshot (live when it has none). Snapshots are
    of the whole program, so a format lead's are all live."""
    computed = compute_indicators(day=day, year=year, user=user)
    hides = hides_small(scope)
    current = AcademicYear.of(today)
    live: dict[int, dict[int, IndicatorResult]] = {
        year.start_year: {r.indicator.pk: r for r in computed.results}
    }
    if current.start_year > year.start_year:
        # The current year's live values beside a past year's: a second computation.
        now = compute_indicators(day=today, year=current, user=user)
        live[current.start_year] = {r.indicator.pk: r for r in now.results}
    years = trend_years(computed.plan, year, today)
    snapshots = snapshots_of(years) if scope.every_format else {}
    cards = []
    for result in computed.results:
        indicator = result.indicator
        trend = []
        card = Card(result=result, hidden=False)
        for trend_year in years:
            snapshot = snapshots.get((indicator.pk, trend_year.start_year))
            shown = live.get(trend_year.start_year, {}).get(indicator.pk)
            source = LIVE
            if snapshot is not None and trend_year.start_year < current.start_year:
                shown, source = frozen_result(indicator, snapshot), SNAPSHOT
            if shown is None:
                trend.append(TrendPoint(trend_year, None, ""))
                continue
            hidden = _too_few(indicator.code, shown.computed.denominator, hides=hides)
            taken_on = snapshot.reference_date if source == SNAPSHOT and snapshot else None
            trend.append(
                TrendPoint(
                    trend_year,
                    None if hidden else shown.computed.value,
                    source,
                    taken_on=taken_on,
                    hidden=hidden,
                )
            )
            if trend_year == year:
                card = Card(result=shown, hidden=hidden, source=source, taken_on=taken_on)
        card.trend = trend
        card.chart = trend_chart_svg(
            [(point.year.label, point.value) for point in trend],
            card.result.target,
            indicator.unit,
            indicator.title,
        )
        cards.append(card)
    return computed.plan, cards


# --- The table per format ---------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A number of the table, hidden when it rests on too few answers."""

    value: Decimal | int | None
    hidden: bool = False
    base: int | None = None


@dataclass
class FormatRow:
    format: MentoringFormat
    running: int = 0
    groups: int = 0
    mentees: int = 0
    mentors: int = 0
    new: int = 0
    completed: int = 0
    ended_early: int = 0
    main_reason: str = ""
    silent: int = 0
    response_rate: Figure = Figure(None)
    satisfaction: Figure = Figure(None)
    positive_change: Figure = Figure(None)


def format_rows(*, scope: ResultScope, day: dt.date, year: AcademicYear) -> list[FormatRow]:
    """A row per format the user sees: on the day D, the pairs and groups running, their
    mentees and mentors, and those silent (no meeting within the organization's threshold);
    in the year up to D, the new, completed and ended early (with the main reason); from the
    year's questionnaires, the response rate, the mentees' and mentors' satisfaction and the
    positive change of stage 2. A fixed number of queries whatever the rows."""
    formats = scope.formats
    ids = [f.pk for f in formats]
    rows = {f.pk: FormatRow(f) for f in formats}
    if not formats:
        return []
    start, end = year.first_day, min(day, year.last_day)
    since = Organization.load().silent_since(day)
    registry = Mentorship.objects.in_registry().filter(format__in=ids)
    running = Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gte=day))
    per_mentorship = (
        Mentorship.mentees.through.objects.filter(mentorship=OuterRef("pk"))
        .values("mentorship")
        .annotate(count=Count("pk"))
    )
    mentee_count = per_mentorship.values("count")  # type: ignore[misc]
    recent = Meeting.objects.filter(mentorship=OuterRef("pk"), held_on__gte=since, held_on__lte=day)
    closed = Q(ended_on__gte=start, ended_on__lte=end)
    counts = (
        registry.alias(
            mentee_count=Subquery(mentee_count, output_field=IntegerField()),
            met_lately=Exists(recent),
        )
        .values("format_id")
        .annotate(
            running=Count("pk", filter=running),
            groups=Count("pk", filter=running & Q(mentee_count__gte=2)),
            silent=Count("pk", filter=running & Q(met_lately=False) & Q(started_on__lt=since)),
            new=Count("pk", filter=Q(started_on__gte=start, started_on__lte=end)),
            completed=Count("pk", filter=closed & Q(status=MentorshipStatus.COMPLETED)),
            ended_early=Count("pk", filter=closed & Q(status=MentorshipStatus.TERMINATED)),
        )
        .order_by()
    )
    for row in counts:
        target = rows[row.pop("format_id")]
        for name, value in row.items():
            setattr(target, name, value)
    running_ids = registry.filter(running).values("pk")
    for relation, name in (
        (Mentorship.mentees.through, "mentees"),
        (Mentorship.mentors.through, "mentors"),
    ):
        people = (
            relation.objects.filter(mentorship__in=running_ids)
            .values("mentorship__format_id")
            .annotate(count=Count("person", distinct=True))
            .order_by()
        )
        for row in people:
            setattr(rows[row["mentorship__format_id"]], name, row["count"])
    reasons = dict(TerminationReason.choices)
    main: dict[int, tuple[int, str]] = {}
    for row in (
        registry.filter(closed, status=MentorshipStatus.TERMINATED)
        .values("format_id", "termination_reason")
        .annotate(count=Count("pk"))
        .order_by("format_id", "-count", "termination_reason")
    ):
        if row["format_id"] not in main:
            main[row["format_id"]] = (row["count"], row["termination_reason"])
    for format_id, (_count, reason) in main.items():
        rows[format_id].main_reason = str(reasons.get(reason, reason))
    _questionnaire_figures(scope, rows, year=year)
    return [rows[f.pk] for f in formats]


def _questionnaire_figures(
    scope: ResultScope, rows: dict[int, FormatRow], *, year: AcademicYear
) -> None:
    """The response rate, satisfaction and positive change of each format's row."""
    ids = list(rows)
    assignments = (
        Assignment.objects.filter(cycle__academic_year=year.start_year, person__isnull=False)
        .annotate(scope_format=Coalesce("format_id", "mentorship__format_id"))
        .filter(scope_format__in=ids)
    )
    for row in (
        assignments.values("scope_format")
        .annotate(
            issued=Count("pk"),
            answered=Count("pk", filter=Q(state=AssignmentState.ANSWERED)),
            no_consent=Count(
                "pk",
                filter=Q(state=AssignmentState.DECLINED, decline_reason=DeclineReason.NO_CONSENT),
            ),
        )
        .order_by()
    ):
        expected = row["issued"] - row["no_consent"]
        rows[row["scope_format"]].response_rate = Figure(
            share(row["answered"], expected), base=expected
        )
    hides = {pk: not scope.sees_answers_of(rows[pk].format) for pk in ids}
    answers = Answer.objects.filter(
        response__is_draft=False, response__assignment__in=assignments.values("pk")
    ).annotate(
        answer_format=Coalesce(
            "response__assignment__format_id", "response__assignment__mentorship__format_id"
        )
    )
    for row in (
        answers.filter(
            question__tag=QuestionTag.SATISFACTION,
            question__kind=QuestionKind.SCALE,
            number__isnull=False,
        )
        .values("answer_format")
        .annotate(
            total=Sum("number"),
            count=Count("pk"),
            people=Count("response", distinct=True),
        )
        .order_by()
    ):
        format_id = row["answer_format"]
        hidden = hides[format_id] and row["people"] < SMALL_NUMBER
        rows[format_id].satisfaction = Figure(
            None if hidden else mean(row["total"], row["count"]), hidden, row["people"]
        )
    exits = answers.filter(response__assignment__questionnaire__purpose__in=EXIT_PURPOSES)
    # One query per format with exit answers: five at most, whatever the number of answers.
    answered = set(exits.values_list("answer_format", flat=True).distinct().order_by())
    for format_id in [pk for pk in ids if pk in answered]:
        participants, positive = positive_change(
            paired_answers(exits.filter(answer_format=format_id), entry_purposes=ENTRY_PURPOSES)
        )
        if participants:
            hidden = hides[format_id] and participants < SMALL_NUMBER
            rows[format_id].positive_change = Figure(
                None if hidden else share(positive, participants), hidden, participants
            )


# --- Monitoring's results, the plan, attention -----------------------------------------------


@dataclass(frozen=True)
class Results:
    cycle: MonitoringCycle | None
    stage_1: list[IndexRow]
    stage_2: list[IndexRow]
    swots: list[SwotRow]


def monitoring_results(scope: ResultScope, year: AcademicYear) -> Results:
    """The year's cycle: each questionnaire and wave with its response rate, by stage, and
    each format's SWOT (three queries)."""
    cycle = MonitoringCycle.objects.filter(academic_year=year.start_year).first()
    if cycle is None:
        return Results(None, [], [], [])
    rows = cycle_index(scope, cycle=cycle).rows
    return Results(
        cycle,
        [row for row in rows if row.questionnaire.stage == 1],
        [row for row in rows if row.questionnaire.stage == 2],
        swot_overview(cycle, scope.formats),
    )


@dataclass(frozen=True)
class PlanExecution:
    plan: ActionPlan | None
    overdue: list[PlanRun]
    overdue_count: int


def plan_execution(plan: ActionPlan | None, today: dt.date) -> PlanExecution:
    """The plan's overdue runs, the program's whole (not only the user's)."""
    if plan is None:
        return PlanExecution(None, [], 0)
    overdue = (
        PlanRun.objects.filter(item__plan=plan)
        .overdue(today)
        .select_related("item__parent")
        .order_by("due_on", "item__position", "id")
    )
    return PlanExecution(plan, list(overdue[:OVERDUE_RUNS]), overdue.count())


@dataclass(frozen=True)
class Attention:
    silent: int
    departed: int
    overdue_questionnaires: int
    # Whether the user has the attention list to go to (the director reads it).
    has_list: bool


def attention(user: AnyUser, scope: ResultScope, today: dt.date) -> Attention:
    """Today: the active pairs of the user's formats silent beyond the organization's
    threshold, those with a mentee who left the college, and the questionnaires past their
    date still unanswered."""
    ids = [f.pk for f in scope.formats]
    mentorships = Mentorship.objects.visible_to(user).filter(format__in=ids)
    since = Organization.load().silent_since(today)
    in_scope = Q(scope_format__in=ids)
    if scope.every_format:
        # The curator's own questionnaire is of no format.
        in_scope |= Q(scope_format__isnull=True)
    overdue = (
        Assignment.objects.filter(state=AssignmentState.ISSUED, due_on__lt=today)
        .alias(scope_format=Coalesce("format_id", "mentorship__format_id"))
        .filter(in_scope)
    )
    return Attention(
        silent=mentorships.silent(since=since).count(),
        departed=mentorships.with_departed_mentees().count(),
        overdue_questionnaires=overdue.count(),
        has_list=attention_scope(user) is not None,
    )
