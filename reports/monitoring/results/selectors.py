"""The results of monitoring as data: per cycle, questionnaire and wave, for a format and a
variant, within what the user may see.

Everything is aggregated in the database (counts, means and conditional counts grouped by
the items' stable keys; only the lists of several choices come as one row per answer, in one
query), so a page takes the same number of queries whatever the number of answers. The page
and the XLSX both format the same `QuestionnaireResults`.

Who sees what (issue 12, 152-ФЗ): the curator sees every format; a format lead only the led
formats; the director and the methodist every format, but aggregates only, and an aggregate
of fewer than `SMALL_NUMBER` answers is hidden from them. Whoever sees the individual answers
of everything a selection covers (the curator; a lead within the led formats) sees the small
aggregates and the open answers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils.translation import gettext as _

from programs.access import formats_with_hidden_variants
from programs.models import FormatVariant, MentoringFormat
from reports.models import (
    Answer,
    Assignment,
    AssignmentState,
    DeclineReason,
    Direction,
    MonitoringCycle,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnairePurpose,
    Wave,
)

if TYPE_CHECKING:
    from core.http import AnyUser

# An aggregate of fewer answers than this is hidden from who sees aggregates only.
SMALL_NUMBER = 5
# How many open answers of one item a page lists.
OPEN_ANSWER_LIMIT = 30
SCALE_VALUES = range(1, 11)

RESULTS_PERMISSION = "reports.view_monitoring_results"
ANSWERS_PERMISSION = "reports.view_individual_answers"

# Stage 2: the exit questionnaire of each kind and the entry one its answers are paired with.
ENTRY_OF_EXIT: dict[str, str] = {
    QuestionnairePurpose.MENTEE_GROWTH_EXIT: QuestionnairePurpose.MENTEE_GROWTH_ENTRY,
    QuestionnairePurpose.MENTOR_GROWTH_EXIT: QuestionnairePurpose.MENTOR_GROWTH_ENTRY,
    QuestionnairePurpose.ADAPTATION_EXIT: QuestionnairePurpose.ADAPTATION_ENTRY,
}

# The SWOT is four lists made by the curator: it has its own pages (reports/monitoring/swot).
NOT_IN_RESULTS = (QuestionnairePurpose.SWOT,)


# --- Who sees which formats ----------------------------------------------------------------


@dataclass(frozen=True)
class ResultScope:
    """The formats whose results a user sees, and whose individual answers.

    `every_format`: the user sees the results of every format and of the questionnaires of
    no format (the curator's); otherwise only `formats` (a lead's). `answers_everywhere`:
    the user sees every individual answer (the curator); otherwise those of
    `answer_format_ids` (a lead's formats)."""

    formats: list[MentoringFormat]
    every_format: bool
    answers_everywhere: bool
    answer_format_ids: frozenset[int]
    hidden_variant_format_ids: frozenset[int]

    @property
    def format_ids(self) -> set[int]:
        return {mentoring_format.pk for mentoring_format in self.formats}

    def sees_answers_of(self, mentoring_format: MentoringFormat | None) -> bool:
        """Whether the user sees every individual answer of the selection: one format, or
        (None) everything the user's results cover."""
        if self.answers_everywhere:
            return True
        if mentoring_format is not None:
            return mentoring_format.pk in self.answer_format_ids
        return not self.every_format and self.format_ids <= self.answer_format_ids

    def visible_variants(self) -> list[FormatVariant]:
        """The variants the user may filter by: none of a format whose variants are hidden."""
        return [
            variant
            for variant in FormatVariant.objects.filter(format__in=self.formats)
            .select_related("format")
            .order_by("format__position", "position", "id")
            if variant.format_id not in self.hidden_variant_format_ids
        ]


def result_scope(user: AnyUser) -> ResultScope:
    """What of monitoring's results `user` sees (nothing without the permission)."""
    if not user.is_authenticated or not user.has_perm(RESULTS_PERMISSION):
        return ResultScope([], False, False, frozenset(), frozenset())
    every_format = user.has_perm("pairs.view_all_mentorships")
    led = list(MentoringFormat.objects.led_by(user).order_by("position", "id"))
    formats = list(MentoringFormat.objects.order_by("position", "id")) if every_format else led
    answers = user.has_perm(ANSWERS_PERMISSION)
    # The curator forms pairs of every format and sees every answer; a lead those of the
    # led formats.
    answers_everywhere = answers and user.has_perm("pairs.form_any_format")
    return ResultScope(
        formats=formats,
        every_format=every_format,
        answers_everywhere=answers_everywhere,
        answer_format_ids=frozenset(f.pk for f in led) if answers else frozenset(),
        hidden_variant_format_ids=frozenset(formats_with_hidden_variants(user)),
    )


def questionnaire_in_scope(scope: ResultScope, questionnaire: Questionnaire) -> bool:
    """Whether the user sees results of the questionnaire at all: not the SWOT (its own
    pages), the curator's only with every format, one of some formats only with one of them."""
    if questionnaire.purpose in NOT_IN_RESULTS or not scope.formats:
        return False
    if scope.every_format:
        return True
    if questionnaire.purpose == QuestionnairePurpose.CURATOR:
        return False
    codes = set(questionnaire.format_codes or [])
    return not codes or any(f.code in codes for f in scope.formats)


def assignments_in_scope(
    scope: ResultScope,
    *,
    cycle: MonitoringCycle,
    mentoring_format: MentoringFormat | None = None,
    variant: FormatVariant | None = None,
) -> QuerySet[Assignment]:
    """The cycle's assignments the user's results cover, of one format (and variant).

    A participant's assignment has its mentorship's format; the curator's questionnaire has
    none and counts only for who sees every format."""
    assignments = Assignment.objects.filter(cycle=cycle).annotate(
        scope_format=Coalesce("format_id", "mentorship__format_id")
    )
    if mentoring_format is not None:
        assignments = assignments.filter(scope_format=mentoring_format.pk)
    elif not scope.every_format:
        assignments = assignments.filter(scope_format__in=scope.format_ids)
    if variant is not None:
        assignments = assignments.filter(mentorship__variant=variant)
    return assignments


# --- Response rates ------------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseRate:
    """Answered of those asked: the assignments declined for lack of consent are not
    counted as asked (nobody could answer them)."""

    issued: int
    answered: int
    declined: int
    no_consent: int

    @property
    def expected(self) -> int:
        return self.issued - self.no_consent

    @property
    def percent(self) -> float | None:
        return round(100 * self.answered / self.expected, 1) if self.expected else None


def _rate_counts() -> dict[str, Count]:
    return {
        "issued": Count("id"),
        "answered": Count("id", filter=Q(state=AssignmentState.ANSWERED)),
        "declined": Count("id", filter=Q(state=AssignmentState.DECLINED)),
        "no_consent": Count(
            "id",
            filter=Q(state=AssignmentState.DECLINED, decline_reason=DeclineReason.NO_CONSENT),
        ),
    }


def _rate(row: dict[str, int]) -> ResponseRate:
    return ResponseRate(row["issued"], row["answered"], row["declined"], row["no_consent"])


@dataclass(frozen=True)
class IndexRow:
    questionnaire: Questionnaire
    wave: Wave
    rate: ResponseRate


@dataclass(frozen=True)
class CycleIndex:
    cycle: MonitoringCycle
    rows: list[IndexRow]

    @property
    def total(self) -> ResponseRate:
        return ResponseRate(
            *(sum(getattr(row.rate, name) for row in self.rows) for name in _rate_counts())
        )


def cycle_index(
    scope: ResultScope,
    *,
    cycle: MonitoringCycle,
    mentoring_format: MentoringFormat | None = None,
) -> CycleIndex:
    """Each questionnaire and wave of the cycle with its response counts and rate (two
    queries)."""
    grouped = (
        assignments_in_scope(scope, cycle=cycle, mentoring_format=mentoring_format)
        .exclude(questionnaire__purpose__in=NOT_IN_RESULTS)
        .values("questionnaire_id", "wave")
        .annotate(**_rate_counts())
        .order_by()
    )
    counts = list(grouped)
    questionnaires = Questionnaire.objects.in_bulk({row["questionnaire_id"] for row in counts})
    waves = list(Wave)
    rows = [
        IndexRow(questionnaires[row["questionnaire_id"]], Wave(row["wave"]), _rate(row))
        for row in counts
    ]
    rows.sort(key=lambda r: (r.questionnaire.position, r.questionnaire.pk, waves.index(r.wave)))
    return CycleIndex(cycle, rows)


# --- One questionnaire and wave ------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One value of a distribution: its label, how many chose it and their share."""

    label: str
    count: int
    percent: float

    @property
    def width(self) -> int:
        """The bar's width class (0–100), for the CSS of static/css/monitoring.css."""
        return round(self.percent)


def _bars(labelled: list[tuple[str, int]], total: int) -> list[Bar]:
    return [
        Bar(label, count, round(100 * count / total, 1) if total else 0.0)
        for label, count in labelled
    ]


@dataclass
class ItemResult:
    """The aggregates of one item (all versions of it alike, by its key)."""

    question: Question
    count: int = 0
    mean: Decimal | None = None
    bars: list[Bar] = field(default_factory=list)
    open_answers: list[str] = field(default_factory=list)
    hidden: bool = False

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def is_open(self) -> bool:
        return self.question.kind == QuestionKind.TEXT

    @property
    def more_open_answers(self) -> int:
        return self.count - len(self.open_answers)

    @property
    def yes_percent(self) -> float | None:
        if self.kind != QuestionKind.YES_NO or not self.count:
            return None
        return self.bars[0].percent


@dataclass(frozen=True)
class GrowthItem:
    """Stage 2: one item's entry and exit means for who answered it both times."""

    question: Question
    paired: int
    entry_mean: Decimal | None
    exit_mean: Decimal | None
    improved: int
    hidden: bool

    @property
    def improved_percent(self) -> float | None:
        if self.question.direction == Direction.NONE or not self.paired:
            return None
        return round(100 * self.improved / self.paired, 1)


@dataclass(frozen=True)
class Growth:
    """Stage 2 for an exit questionnaire: the items compared and the participants whose
    change over the compared items (lower-is-better items reversed) is positive."""

    items: list[GrowthItem]
    participants: int
    positive: int
    hidden: bool

    @property
    def positive_percent(self) -> float | None:
        return round(100 * self.positive / self.participants, 1) if self.participants else None


@dataclass(frozen=True)
class Cell:
    """One item's mean (or, for yes/no, its share of «yes» in per cent) in one column."""

    count: int
    value: Decimal | None
    hidden: bool


@dataclass(frozen=True)
class Breakdown:
    """The measured items side by side: by format (no format chosen) or by variant (a
    format chosen whose variants the user sees)."""

    by_variant: bool
    columns: list[str]
    rows: list[tuple[Question, list[Cell]]]


@dataclass
class QuestionnaireResults:
    cycle: MonitoringCycle
    questionnaire: Questionnaire
    wave: str
    mentoring_format: MentoringFormat | None
    variant: FormatVariant | None
    rate: ResponseRate
    items: list[ItemResult]
    growth: Growth | None
    # The small aggregates and the open answers: for who sees every answer of the selection.
    shows_answers: bool
    breakdown: Breakdown | None = None

    @property
    def sections(self) -> list[tuple[str, list[ItemResult]]]:
        grouped: list[tuple[str, list[ItemResult]]] = []
        for item in self.items:
            if not grouped or grouped[-1][0] != item.question.section:
                grouped.append((item.question.section, []))
            grouped[-1][1].append(item)
        return grouped

    @property
    def wave_label(self) -> str:
        return str(Wave(self.wave).label)


def questions_by_key(questionnaire: Questionnaire) -> dict[str, Question]:
    """Each item of the questionnaire once, by key, as its newest version words it; in the
    order of the current version, then the items only older versions had."""
    chosen: dict[str, Question] = {}
    for question in Question.objects.filter(version__questionnaire=questionnaire).order_by(
        "-version__is_current", "-version__number", "position", "id"
    ):
        chosen.setdefault(question.key, question)
    return chosen


def _choice_labels(question: Question) -> list[str]:
    return [str(choice) for choice in question.choices]


def _item_results(
    questions: dict[str, Question], answers: QuerySet[Answer], *, suppress: bool, open_too: bool
) -> list[ItemResult]:
    """Counts, means, distributions and choices of every item: four grouped queries (and
    one for the open answers)."""
    items = {key: ItemResult(question) for key, question in questions.items()}
    for row in (
        answers.values("question__key")
        .annotate(
            numbers=Count("number"), texts=Count("id", filter=~Q(text="")), mean=Avg("number")
        )
        .order_by()
    ):
        item = items.get(row["question__key"])
        if item is None:
            continue
        item.count = row["texts"] if item.is_open else row["numbers"]
        if item.kind in (QuestionKind.SCALE, QuestionKind.NUMBER) and row["mean"] is not None:
            item.mean = Decimal(row["mean"]).quantize(Decimal("0.1"))

    tally: dict[str, dict[int, int]] = defaultdict(dict)
    counted = (QuestionKind.SCALE, QuestionKind.YES_NO, QuestionKind.SINGLE)
    for row in (
        answers.filter(question__kind__in=counted, number__isnull=False)
        .values("question__key", "number")
        .annotate(n=Count("id"))
        .order_by()
    ):
        tally[row["question__key"]][int(row["number"])] = row["n"]
    # Several choices are a list each: counted here, one row per answer, in one query.
    chosen: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for key, selected in answers.filter(question__kind=QuestionKind.MULTIPLE).values_list(
        "question__key", "selected"
    ):
        if key in items and selected:
            items[key].count += 1
            for index in selected:
                chosen[key][int(index)] += 1

    for key, item in items.items():
        counts = tally.get(key, {})
        if item.kind == QuestionKind.SCALE:
            item.bars = _bars([(str(v), counts.get(v, 0)) for v in SCALE_VALUES], item.count)
        elif item.kind == QuestionKind.YES_NO:
            item.bars = _bars(
                [(_("yes"), counts.get(1, 0)), (_("no"), counts.get(0, 0))], item.count
            )
        elif item.kind == QuestionKind.SINGLE:
            labels = _choice_labels(item.question)
            item.bars = _bars(
                [(label, counts.get(i, 0)) for i, label in enumerate(labels)], item.count
            )
        elif item.kind == QuestionKind.MULTIPLE:
            labels = _choice_labels(item.question)
            # A share of the respondents: several choices add up to more than 100 %.
            item.bars = _bars(
                [(label, chosen[key].get(i, 0)) for i, label in enumerate(labels)], item.count
            )
        item.hidden = suppress and item.count < SMALL_NUMBER and not item.is_open

    if open_too:
        texts = (
            answers.filter(question__kind=QuestionKind.TEXT)
            .exclude(text="")
            .annotate(
                rank=Window(RowNumber(), partition_by=[F("question__key")], order_by=F("id").asc())
            )
            .filter(rank__lte=OPEN_ANSWER_LIMIT)
            .values_list("question__key", "text")
        )
        for key, text in texts:
            if key in items:
                items[key].open_answers.append(text)
    return [item for item in items.values() if not item.is_open or open_too]


def paired_answers(answers: QuerySet[Answer], *, entry_purposes: Sequence[str]) -> QuerySet[Answer]:
    """The numeric exit answers that have an entry answer to the same item by the same
    person in the same mentorship, with it as `entry_value` (the latest, if given twice)."""
    entry_value = (
        Answer.objects.filter(
            response__is_draft=False,
            response__assignment__questionnaire__purpose__in=entry_purposes,
            response__assignment__person=OuterRef("response__assignment__person"),
            response__assignment__mentorship=OuterRef("response__assignment__mentorship"),
            question__key=OuterRef("question__key"),
            number__isnull=False,
        )
        .order_by("-response__submitted_at", "-id")
        .values("number")[:1]
    )
    return (
        answers.filter(
            question__kind__in=(QuestionKind.SCALE, QuestionKind.NUMBER), number__isnull=False
        )
        .annotate(entry_value=Subquery(entry_value))
        .filter(entry_value__isnull=False)
    )


def positive_change(paired: QuerySet[Answer]) -> tuple[int, int]:
    """How many participants answered a compared scale item both times, and how many of
    them changed for the better over those items taken together (the exit score minus the
    entry one, reversed where lower is better): one query."""
    change = Case(
        When(question__direction=Direction.HIGHER, then=F("number") - F("entry_value")),
        When(question__direction=Direction.LOWER, then=F("entry_value") - F("number")),
        default=Value(Decimal(0)),
        output_field=DecimalField(max_digits=10, decimal_places=2),
    )
    per_participant = (
        paired.filter(
            question__kind=QuestionKind.SCALE,
            question__direction__in=(Direction.HIGHER, Direction.LOWER),
        )
        .values("response_id")
        .annotate(change=Sum(change))
        .order_by()
    )
    totals = per_participant.aggregate(
        participants=Count("response_id"), positive=Count("response_id", filter=Q(change__gt=0))
    )
    return totals["participants"] or 0, totals["positive"] or 0


def _growth(
    questions: dict[str, Question],
    answers: QuerySet[Answer],
    *,
    entry_purposes: Sequence[str],
    suppress: bool,
) -> Growth:
    """Entry against exit, item by item, for the participants who answered an item both
    times (the same person in the same mentorship); two grouped queries."""
    paired = paired_answers(answers, entry_purposes=entry_purposes)
    better = Q(question__direction=Direction.HIGHER, number__gt=F("entry_value")) | Q(
        question__direction=Direction.LOWER, number__lt=F("entry_value")
    )
    items = []
    for row in (
        paired.values("question__key")
        .annotate(
            paired=Count("id"),
            entry_mean=Avg("entry_value"),
            exit_mean=Avg("number"),
            improved=Count("id", filter=better),
        )
        .order_by()
    ):
        question = questions.get(row["question__key"])
        if question is None:
            continue
        items.append(
            GrowthItem(
                question=question,
                paired=row["paired"],
                entry_mean=_tenth(row["entry_mean"]),
                exit_mean=_tenth(row["exit_mean"]),
                improved=row["improved"],
                hidden=suppress and row["paired"] < SMALL_NUMBER,
            )
        )
    order = list(questions)
    items.sort(key=lambda item: order.index(item.question.key))
    participants, positive = positive_change(paired)
    return Growth(
        items=items,
        participants=participants,
        positive=positive,
        hidden=suppress and participants < SMALL_NUMBER,
    )


def _tenth(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"))


BROKEN_DOWN = (QuestionKind.SCALE, QuestionKind.NUMBER, QuestionKind.YES_NO)


def _breakdown(
    scope: ResultScope,
    questions: dict[str, Question],
    answers: QuerySet[Answer],
    *,
    mentoring_format: MentoringFormat | None,
    variant: FormatVariant | None,
) -> Breakdown | None:
    """The means of the measured items by format, or by variant within the chosen format;
    a cell of fewer than `SMALL_NUMBER` answers hidden where the user does not see that
    format's answers. One grouped query (and one for the variants)."""
    if variant is not None:
        return None
    columns: list[tuple[int | None, str, bool]]
    group: Coalesce | F
    if mentoring_format is None:
        group = Coalesce(
            "response__assignment__format_id", "response__assignment__mentorship__format_id"
        )
        columns = [(f.pk, f.title, scope.sees_answers_of(f)) for f in scope.formats]
    elif mentoring_format.pk in scope.hidden_variant_format_ids:
        return None
    else:
        group = F("response__assignment__mentorship__variant_id")
        shown = scope.sees_answers_of(mentoring_format)
        columns = [
            (v.pk, v.title, shown)
            for v in FormatVariant.objects.filter(format=mentoring_format).order_by(
                "position", "id"
            )
        ]
        if not columns:
            return None
    stats: dict[tuple[str, int | None], tuple[int, object]] = {}
    for row in (
        answers.filter(question__kind__in=BROKEN_DOWN, number__isnull=False)
        .annotate(column=group)
        .values("question__key", "column")
        .annotate(n=Count("id"), mean=Avg("number"))
        .order_by()
    ):
        stats[(row["question__key"], row["column"])] = (row["n"], row["mean"])
    used = [column for column in columns if any(c == column[0] for _key, c in stats)]
    if len(used) < 2:
        # One column says no more than the items below.
        return None
    rows = []
    for key, question in questions.items():
        if question.kind not in BROKEN_DOWN:
            continue
        cells = []
        for pk, _title, sees in used:
            count, mean = stats.get((key, pk), (0, None))
            value = None if mean is None else Decimal(str(mean))
            if value is not None and question.kind == QuestionKind.YES_NO:
                value *= 100
            cells.append(
                Cell(
                    count=count,
                    value=None if value is None else value.quantize(Decimal("0.1")),
                    hidden=not sees and count < SMALL_NUMBER,
                )
            )
        rows.append((question, cells))
    return Breakdown(
        by_variant=mentoring_format is not None,
        columns=[title for _pk, title, _sees in used],
        rows=rows,
    )


def questionnaire_results(
    scope: ResultScope,
    *,
    cycle: MonitoringCycle,
    questionnaire: Questionnaire,
    wave: str,
    mentoring_format: MentoringFormat | None = None,
    variant: FormatVariant | None = None,
) -> QuestionnaireResults:
    """The results of one questionnaire in one wave of the cycle, for the user's scope,
    narrowed to a format and a variant; in a fixed number of queries."""
    assignments = assignments_in_scope(
        scope, cycle=cycle, mentoring_format=mentoring_format, variant=variant
    ).filter(questionnaire=questionnaire, wave=wave)
    rate = _rate(assignments.aggregate(**_rate_counts()))
    shows_answers = scope.sees_answers_of(mentoring_format)
    answers = Answer.objects.filter(
        response__assignment__in=assignments.values("id"), response__is_draft=False
    )
    questions = questions_by_key(questionnaire)
    items = _item_results(questions, answers, suppress=not shows_answers, open_too=shows_answers)
    entry_purpose = ENTRY_OF_EXIT.get(questionnaire.purpose)
    growth = (
        _growth(questions, answers, entry_purposes=[entry_purpose], suppress=not shows_answers)
        if entry_purpose is not None
        else None
    )
    return QuestionnaireResults(
        cycle=cycle,
        questionnaire=questionnaire,
        wave=wave,
        mentoring_format=mentoring_format,
        variant=variant,
        rate=rate,
        items=items,
        growth=growth,
        shows_answers=shows_answers,
        breakdown=_breakdown(
            scope, questions, answers, mentoring_format=mentoring_format, variant=variant
        ),
    )
