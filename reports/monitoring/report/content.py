"""What the monitoring report says, gathered once for its PDF and its regional XLSX: every
section as data, aggregates only (counts, shares, means; the names printed are the staff's:
the curator, the format leads, and the partner organizations'), in a number of queries that
does not grow with the data.

A questionnaire aggregate of fewer than `SMALL_NUMBER` answers is hidden. Mentorships are
counted by format only: a special-category variant never shows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet

from core.dates import AcademicYear
from pairs.models import Mentorship, MentorshipStatus, TerminationReason
from programs.models import (
    ContestEntry,
    EventLevel,
    Indicator,
    MentoringFormat,
    Organization,
    PlanRun,
    Publication,
    RunStatus,
    TrainingSession,
)
from registry.models import (
    Agreement,
    Incentive,
    IncentiveKind,
    PartnerKind,
    PartnerOrganization,
    Person,
    PersonKind,
)
from reports.models import (
    Assignment,
    IndicatorSnapshot,
    MonitoringCycle,
    MonitoringReport,
    Question,
    QuestionKind,
    QuestionnairePurpose,
    ReportStatus,
    Wave,
)
from reports.monitoring.indicators.basis import Basis
from reports.monitoring.indicators.selectors import (
    compute_indicators,
    deviation_from,
    reaches_target,
)
from reports.monitoring.report.snapshots import breakdown_json
from reports.monitoring.results.selectors import SMALL_NUMBER
from reports.monitoring.swot.selectors import KEYS as SWOT_KEYS
from reports.monitoring.swot.selectors import saved_lists, swot_assignments

# How many years back a trend chart goes.
TREND_YEARS = 5
# The overdue runs the report lists by name (the count says how many there are).
OVERDUE_LISTED = 20

GROWTH_PURPOSES = (
    QuestionnairePurpose.MENTEE_GROWTH_ENTRY,
    QuestionnairePurpose.MENTEE_GROWTH_EXIT,
    QuestionnairePurpose.MENTOR_GROWTH_ENTRY,
    QuestionnairePurpose.MENTOR_GROWTH_EXIT,
)
ADAPTATION_PURPOSES = (QuestionnairePurpose.ADAPTATION_ENTRY, QuestionnairePurpose.ADAPTATION_EXIT)
STAGE_1_PURPOSES = (QuestionnairePurpose.MENTEE_PROCESS, QuestionnairePurpose.MENTOR_PROCESS)


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    target: Decimal | None
    excluded: int
    excluded_reason: str
    parts: list[dict[str, Any]]
    # (year label, value) over the years, the report's own last.
    trend: list[tuple[str, Decimal | None]] = field(default_factory=list)

    @property
    def deviation(self) -> Decimal | None:
        return deviation_from(self.value, self.target)

    @property
    def meets_target(self) -> bool | None:
        return reaches_target(self.indicator, self.deviation)


@dataclass(frozen=True)
class FormatRow:
    format: MentoringFormat
    running: int
    groups: int
    new: int
    completed: int
    ended_early: int
    regular: int
    reasons: list[tuple[str, int]]


@dataclass(frozen=True)
class RateRow:
    questionnaire: str
    wave: str
    issued: int
    answered: int
    no_consent: int

    @property
    def percent(self) -> Decimal | None:
        expected = self.issued - self.no_consent
        if not expected:
            return None
        return (Decimal(100) * self.answered / expected).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class ItemRow:
    """One item's aggregate over the year's answers: the mean of a scale, the share of «yes»
    of a yes/no item; hidden under `SMALL_NUMBER` answers."""

    questionnaire: str
    purpose: str
    section: str
    text: str
    kind: str
    count: int
    value: Decimal | None

    @property
    def hidden(self) -> bool:
        return self.count < SMALL_NUMBER


@dataclass(frozen=True)
class SwotBlock:
    format: MentoringFormat
    lists: dict[str, list[str]]
    is_final: bool

    @property
    def is_empty(self) -> bool:
        return not any(self.lists.values())


@dataclass
class ReportContent:
    report: MonitoringReport
    organization: Organization
    year: AcademicYear
    frozen: bool
    curator_name: str
    format_leads: list[tuple[MentoringFormat, list[str]]]
    participants: dict[str, int]
    partners: list[dict[str, Any]]
    indicators: list[IndicatorRow]
    formats: list[FormatRow]
    reasons_total: list[tuple[str, int]]
    rates: list[RateRow]
    stage1_items: list[ItemRow]
    curator_items: list[ItemRow]
    swots: list[SwotBlock]
    change: dict[str, int]
    results: dict[str, int]
    events: list[dict[str, Any]]
    adaptation_rates: list[RateRow]
    adaptation_items: list[ItemRow]
    young_teachers: dict[str, int]
    mentors_by_kind: list[dict[str, Any]]
    trainings: int
    encouraged: dict[str, int]
    encouraged_by_kind: dict[str, int]
    incentives: list[tuple[str, int]]
    runs: dict[str, int]
    overdue: list[PlanRun]
    overdue_count: int
    contests: list[ContestEntry]
    publications: list[Publication]

    @property
    def status_label(self) -> str:
        return str(ReportStatus(self.report.status).label)


def _text(value: int | None) -> str | None:
    return None if value is None else str(value)


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _indicator_rows(report: MonitoringReport, basis: Basis) -> tuple[list[IndicatorRow], bool]:
    """The report's frozen snapshots once submitted, the live values of a draft; with each
    indicator's trend over the years of the snapshots before it."""
    year = report.academic_year
    past: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    for indicator_id, snapshot_year, value in IndicatorSnapshot.objects.filter(
        academic_year__lt=year, academic_year__gte=year - TREND_YEARS + 1
    ).values_list("indicator_id", "academic_year", "value"):
        past[indicator_id][snapshot_year] = value
    years = sorted({y for values in past.values() for y in values} | {year})

    def trend(indicator_id: int, own: Decimal | None) -> list[tuple[str, Decimal | None]]:
        values = {**past.get(indicator_id, {}), year: own}
        return [(AcademicYear(y).label, values.get(y)) for y in years]

    snapshots = list(
        IndicatorSnapshot.objects.filter(report=report)
        .select_related("indicator")
        .order_by("indicator__position", "indicator_id")
    )
    if snapshots:
        return [
            IndicatorRow(
                s.indicator,
                s.numerator,
                s.denominator,
                s.value,
                s.target,
                s.excluded,
                str(s.breakdown.get("excluded_reason", "")),
                [
                    {**part, "value": _dec(part.get("value"))}
                    for part in s.breakdown.get("parts", [])
                ],
                trend(s.indicator_id, s.value),
            )
            for s in snapshots
        ], True
    computed = compute_indicators(day=basis.day, year=basis.year).results
    rows = []
    for result in computed:
        data = breakdown_json(result.computed)
        value = result.computed.value
        rows.append(
            IndicatorRow(
                result.indicator,
                Decimal(result.computed.numerator),
                _dec(_text(result.computed.denominator)),
                value,
                result.target,
                result.computed.excluded,
                data["excluded_reason"],
                [{**part, "value": _dec(part["value"])} for part in data["parts"]],
                trend(result.indicator.pk, value),
            )
        )
    return rows, False


def _format_rows(basis: Basis) -> tuple[list[FormatRow], list[tuple[str, int]]]:
    period = (basis.period_start, basis.period_end)
    new = dict(
        basis.mentorships()
        .filter(started_on__range=period)
        .values("format_id")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("format_id", "count")
    )
    closed: dict[int, dict[str, int]] = defaultdict(lambda: {"completed": 0, "terminated": 0})
    reasons: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    totals: dict[str, int] = defaultdict(int)
    for row in (
        basis.closed_in_period()
        .values("format_id", "status", "termination_reason")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        if row["status"] == MentorshipStatus.COMPLETED:
            closed[row["format_id"]]["completed"] += row["count"]
        else:
            closed[row["format_id"]]["terminated"] += row["count"]
            reason = row["termination_reason"] or TerminationReason.OTHER
            reasons[row["format_id"]][reason] += row["count"]
            totals[reason] += row["count"]

    def labelled(counts: dict[str, int]) -> list[tuple[str, int]]:
        return sorted(
            ((str(TerminationReason(reason).label), count) for reason, count in counts.items()),
            key=lambda pair: -pair[1],
        )

    rows = []
    for mentoring_format in basis.formats:
        running = basis.by_format.get(mentoring_format.pk, {})
        rows.append(
            FormatRow(
                mentoring_format,
                running.get("running", 0),
                running.get("groups", 0),
                new.get(mentoring_format.pk, 0),
                closed[mentoring_format.pk]["completed"],
                closed[mentoring_format.pk]["terminated"],
                running.get("regular", 0),
                labelled(reasons[mentoring_format.pk]),
            )
        )
    return rows, labelled(totals)


def _items(basis: Basis, purposes: tuple[str, ...]) -> list[ItemRow]:
    rows = (
        basis.answers()
        .filter(
            response__assignment__questionnaire__purpose__in=purposes,
            question__kind__in=[QuestionKind.SCALE, QuestionKind.YES_NO],
            number__isnull=False,
        )
        .values(
            "response__assignment__questionnaire__title",
            "response__assignment__questionnaire__purpose",
            "response__assignment__questionnaire__position",
            "question__key",
            "question__kind",
        )
        .annotate(
            count=Count("pk"),
            mean=Avg("number"),
            yes=Count("pk", filter=Q(number=1)),
        )
        .order_by("response__assignment__questionnaire__position", "question__key")
    )
    # The items' wording: the newest version's (read last, it wins).
    keys = {row["question__key"] for row in rows}
    texts: dict[str, str] = {}
    sections: dict[str, str] = {}
    positions: dict[str, int] = {}
    for key, text, section, position in (
        Question.objects.filter(key__in=keys, version__questionnaire__purpose__in=purposes)
        .order_by("version__is_current", "version__number")
        .values_list("key", "text", "section", "position")
    ):
        texts[key], sections[key], positions[key] = text, section, position
    items = []
    for row in rows:
        key, kind, count = row["question__key"], row["question__kind"], row["count"]
        if kind == QuestionKind.YES_NO:
            value = (Decimal(100) * row["yes"] / count).quantize(Decimal("0.1")) if count else None
        else:
            value = None if row["mean"] is None else Decimal(row["mean"]).quantize(Decimal("0.1"))
        items.append(
            ItemRow(
                row["response__assignment__questionnaire__title"],
                row["response__assignment__questionnaire__purpose"],
                sections.get(key, ""),
                texts.get(key, key),
                kind,
                count,
                value,
            )
        )
    items.sort(key=lambda item: (item.questionnaire, item.section))
    return items


def _rates(basis: Basis, purposes: tuple[str, ...] | None = None) -> list[RateRow]:
    assignments = basis.assignments().filter(person__isnull=False)
    if purposes is not None:
        assignments = assignments.filter(questionnaire__purpose__in=purposes)
    else:
        assignments = assignments.exclude(
            questionnaire__purpose__in=[*ADAPTATION_PURPOSES, QuestionnairePurpose.SWOT]
        )
    rows = (
        assignments.values("questionnaire__title", "questionnaire__position", "wave")
        .annotate(
            issued=Count("pk"),
            answered=Count("pk", filter=Q(state="answered")),
            no_consent=Count("pk", filter=Q(state="declined", decline_reason="no_consent")),
        )
        .order_by("questionnaire__position", "wave")
    )
    return [
        RateRow(
            row["questionnaire__title"],
            str(Wave(row["wave"]).label),
            row["issued"],
            row["answered"],
            row["no_consent"],
        )
        for row in rows
    ]


def _swots(basis: Basis) -> list[SwotBlock]:
    assignments = {
        a.format_id: a
        for a in swot_assignments_of(basis.year.start_year).select_related("response")
    }
    blocks = []
    for mentoring_format in basis.formats:
        assignment = assignments.get(mentoring_format.pk)
        response = getattr(assignment, "response", None) if assignment is not None else None
        lists = saved_lists(response)
        blocks.append(
            SwotBlock(
                mentoring_format,
                {
                    key: [line.strip() for line in lists[key].splitlines() if line.strip()]
                    for key in SWOT_KEYS
                },
                response is not None and not response.is_draft,
            )
        )
    return blocks


def swot_assignments_of(academic_year: int) -> QuerySet[Assignment]:
    cycle = MonitoringCycle.objects.filter(academic_year=academic_year).first()
    if cycle is None:
        return Assignment.objects.none()
    return swot_assignments(cycle)


def _partners(basis: Basis) -> list[dict[str, Any]]:
    valid = Agreement.objects.filter(
        organization=OuterRef("pk"), valid_from__lte=basis.period_end
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=basis.period_start))
    mentoring = basis.running_in_period().filter(
        mentors__partneremployee__organization=OuterRef("pk")
    )
    return list(
        PartnerOrganization.objects.alias(valid=Exists(valid))
        .filter(valid=True)
        .annotate(gives_mentors=Exists(mentoring))
        .order_by("kind", "name")
        .values("name", "kind", "gives_mentors")
    )


def _participants(basis: Basis) -> dict[str, int]:
    running = basis.running_in_period()
    through_mentees = Mentorship.mentees.through.objects.filter(mentorship__in=running.values("pk"))
    through_mentors = Mentorship.mentors.through.objects.filter(mentorship__in=running.values("pk"))
    return {
        "mentorships": running.count(),
        "mentees": through_mentees.values("person").distinct().count(),
        "mentors": through_mentors.values("person").distinct().count(),
    }


def _encouraged_by_kind(basis: Basis) -> dict[str, int]:
    """Mentors of the pairs running in the period with an incentive of the period, by kind."""
    incentive = Incentive.objects.filter(
        mentor=OuterRef("pk"),
        awarded_on__gte=basis.period_start,
        awarded_on__lte=basis.period_end,
    )
    return dict(
        Person.objects.filter(Exists(basis.running_in_period().filter(mentors=OuterRef("pk"))))
        .filter(Exists(incentive))
        .values("kind")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("kind", "count")
    )


def report_content(report: MonitoringReport) -> ReportContent:
    """Every section of the report of `report`'s year on its reference date."""
    year = AcademicYear(report.academic_year)
    basis = Basis(day=report.reference_date, year=year)
    organization = Organization.load()
    indicators, frozen = _indicator_rows(report, basis)
    formats, reasons_total = _format_rows(basis)
    leads: dict[int, list[str]] = defaultdict(list)
    for format_id, first, last in MentoringFormat.leads.through.objects.order_by(
        "user__last_name"
    ).values_list("mentoringformat_id", "user__first_name", "user__last_name"):
        leads[format_id].append(f"{last} {first}".strip())
    kinds = dict(PersonKind.choices)
    mentors_by_kind = [
        {"code": kind, "kind": str(kinds.get(kind, kind)), **counts}
        for kind, counts in sorted(basis.mentors_by_kind.items())
    ]
    incentive_kinds = dict(IncentiveKind.choices)
    incentives = [
        (str(incentive_kinds.get(kind, kind)), count)
        for kind, count in Incentive.objects.filter(
            awarded_on__gte=basis.period_start, awarded_on__lte=basis.period_end
        )
        .values("kind")
        .annotate(count=Count("pk"))
        .order_by("kind")
        .values_list("kind", "count")
    ]
    levels = dict(EventLevel.choices)
    events: dict[str, dict[str, Any]] = {}
    for row in basis.events:
        level = str(levels.get(row["event__level"], row["event__level"]))
        entry = events.setdefault(level, {"level": level, "mentors": 0, "mentees": 0, "prizes": 0})
        entry["mentors" if row["role"] == "mentor" else "mentees"] += row["count"]
        entry["prizes"] += row["prizes"]
    overdue_runs = (
        PlanRun.objects.filter(item__plan=basis.plan, due_on__lt=basis.day)
        .exclude(status__in=[RunStatus.DONE, RunStatus.CANCELLED])
        .select_related("item")
        .order_by("due_on", "id")
        if basis.plan is not None
        else PlanRun.objects.none()
    )
    period = (basis.period_start, basis.period_end)
    return ReportContent(
        report=report,
        organization=organization,
        year=year,
        frozen=frozen,
        curator_name=organization.curator_name,
        format_leads=[(f, leads.get(f.pk, [])) for f in basis.formats],
        participants=_participants(basis),
        partners=[
            {
                **partner,
                "kind_code": partner["kind"],
                "kind": str(PartnerKind(partner["kind"]).label),
            }
            for partner in _partners(basis)
        ],
        indicators=indicators,
        formats=formats,
        reasons_total=reasons_total,
        rates=_rates(basis),
        stage1_items=_items(basis, STAGE_1_PURPOSES),
        curator_items=_items(basis, (QuestionnairePurpose.CURATOR,)),
        swots=_swots(basis),
        change=basis.change,
        results=basis.results,
        events=list(events.values()),
        adaptation_rates=_rates(basis, ADAPTATION_PURPOSES),
        adaptation_items=_items(basis, ADAPTATION_PURPOSES),
        young_teachers=basis.teachers,
        mentors_by_kind=mentors_by_kind,
        trainings=TrainingSession.objects.filter(held_on__range=period).count(),
        encouraged=basis.encouraged,
        encouraged_by_kind=_encouraged_by_kind(basis),
        incentives=incentives,
        runs=basis.runs,
        overdue=list(overdue_runs[:OVERDUE_LISTED]),
        overdue_count=overdue_runs.count(),
        contests=list(
            ContestEntry.objects.filter(submitted_on__range=period).order_by("submitted_on")
        ),
        publications=list(
            Publication.objects.filter(published_on__range=period).order_by("published_on")
        ),
    )
