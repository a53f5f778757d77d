"""The analysis of the mentor and mentee pools (plan item 2.3, each April), as data.

One function computes it for a user and an academic year; the page and the XLSX export
both format the same `PoolAnalysis`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from django.db.models import Count, Exists, F, Model, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.utils.translation import gettext as _

from core.dates import AcademicYear
from core.spreadsheets import Sheet, workbook_bytes, xlsx_response
from core.spreadsheets import Value as CellValue
from pairs.models import (
    Mentorship,
    MentorshipStatus,
    ParticipantRole,
    PoolEntry,
    PoolStatus,
    pool_formats_visible_to,
)
from programs.access import formats_with_hidden_variants
from programs.models import FormatVariant, MentoringFormat
from registry.models import (
    DEFAULT_MENTOR_CAPACITY,
    PERSON_DETAILS,
    Person,
    Student,
    StudentStatus,
    russian_name_order,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

T = TypeVar("T")
M = TypeVar("M", bound=Model)

# How many people each problem list shows on the page; the export gives them all.
PAGE_LIMIT = 50


@dataclass(frozen=True)
class Counts:
    mentees_included: int = 0
    mentees_proposed: int = 0
    mentors_included: int = 0
    mentors_proposed: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.mentees_included + other.mentees_included,
            self.mentees_proposed + other.mentees_proposed,
            self.mentors_included + other.mentors_included,
            self.mentors_proposed + other.mentors_proposed,
        )

    @property
    def values(self) -> tuple[int, int, int, int]:
        return (
            self.mentees_included,
            self.mentees_proposed,
            self.mentors_included,
            self.mentors_proposed,
        )


@dataclass(frozen=True)
class FormatCounts:
    """A format's counts; `variants` is empty where the user may not see the variants."""

    format: MentoringFormat
    total: Counts
    variants: list[tuple[str, Counts]]
    variants_hidden: bool


@dataclass(frozen=True)
class OverloadedMentor:
    person: Person
    load: int
    capacity: int


@dataclass(frozen=True)
class Coverage:
    """How many studying students the pools and the mentorships reach."""

    students: int
    in_pool: int
    in_mentorship: int

    @staticmethod
    def _share(part: int, whole: int) -> float:
        return round(100 * part / whole, 1) if whole else 0.0

    @property
    def in_pool_percent(self) -> float:
        return self._share(self.in_pool, self.students)

    @property
    def in_mentorship_percent(self) -> float:
        return self._share(self.in_mentorship, self.students)


@dataclass(frozen=True)
class PeopleList(Generic[T]):
    """Up to `limit` rows of a problem list and how many there are in all."""

    total: int
    rows: list[T]

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


@dataclass(frozen=True)
class PoolAnalysis:
    year: AcademicYear
    formats: list[FormatCounts]
    mentees_without_mentor: PeopleList[PoolEntry]
    mentors_without_mentees: PeopleList[PoolEntry]
    mentors_over_capacity: PeopleList[OverloadedMentor]
    coverage: Coverage
    hidden_variant_formats: set[int] = field(default_factory=set)

    @property
    def total(self) -> Counts:
        return sum((row.total for row in self.formats), Counts())

    def variant_label(self, entry: PoolEntry) -> str:
        """The entry's variant, or «—» where the user may not see it or there is none."""
        if entry.format_id in self.hidden_variant_formats or entry.variant is None:
            return "—"
        return entry.variant.title


def _format_counts(
    entries: QuerySet[PoolEntry], formats: list[MentoringFormat], hidden: set[int]
) -> list[FormatCounts]:
    tally: Counter[tuple[int, int | None, str, str]] = Counter()
    for row in entries.values("format_id", "variant_id", "role", "status").annotate(n=Count("id")):
        tally[(row["format_id"], row["variant_id"], row["role"], row["status"])] = row["n"]

    def counts(format_id: int, variant_id: int | None) -> Counts:
        def n(role: str, status: str) -> int:
            return tally[(format_id, variant_id, role, status)]

        return Counts(
            n(ParticipantRole.MENTEE, PoolStatus.INCLUDED),
            n(ParticipantRole.MENTEE, PoolStatus.PROPOSED),
            n(ParticipantRole.MENTOR, PoolStatus.INCLUDED),
            n(ParticipantRole.MENTOR, PoolStatus.PROPOSED),
        )

    variants: dict[int, list[FormatVariant]] = {}
    for variant in FormatVariant.objects.filter(format__in=formats).order_by("position", "id"):
        variants.setdefault(variant.format_id, []).append(variant)
    result = []
    for mentoring_format in formats:
        own = variants.get(mentoring_format.pk, [])
        rows = [(variant.title, counts(mentoring_format.pk, variant.pk)) for variant in own]
        if own:
            # Mentors may be in a pool of a format without a variant.
            rows.append((_("no variant"), counts(mentoring_format.pk, None)))
        total = (
            sum((c for _label, c in rows), Counts()) if own else counts(mentoring_format.pk, None)
        )
        is_hidden = mentoring_format.pk in hidden
        result.append(
            FormatCounts(
                format=mentoring_format,
                total=total,
                variants=[] if is_hidden else [(label, c) for label, c in rows if any(c.values)],
                variants_hidden=is_hidden and bool(own),
            )
        )
    return result


def _limited(rows: QuerySet[M], limit: int | None) -> list[M]:
    return list(rows if limit is None else rows[:limit])


def analyse_pools(
    *, user: User | AnonymousUser, year: AcademicYear, limit: int | None = PAGE_LIMIT
) -> PoolAnalysis:
    """The analysis of the pools of the user's formats for the academic year, in a fixed
    number of queries; each problem list holds at most `limit` people (None: all)."""
    formats = list(pool_formats_visible_to(user))
    hidden = formats_with_hidden_variants(user)
    entries = PoolEntry.objects.filter(format__in=formats).in_year(year)
    order = (russian_name_order(entries.db, prefix="person__"), "format__position", "id")
    active = Mentorship.objects.filter(status=MentorshipStatus.ACTIVE)

    mentees = entries.included().filter(role=ParticipantRole.MENTEE)
    lonely_mentees = mentees.exclude(
        Exists(active.filter(format=OuterRef("format"), mentees=OuterRef("person")))
    )
    mentors = entries.included().filter(role=ParticipantRole.MENTOR)
    idle_mentors = mentors.exclude(
        Exists(active.filter(format=OuterRef("format"), mentors=OuterRef("person")))
    )
    # A mentor's capacity holds whatever the format, so every active mentorship counts.
    overloaded = (
        Person.objects.filter(pk__in=mentors.values("person_id"))
        .annotate(
            load=Count(
                "mentorships_as_mentor__mentees",
                filter=Q(mentorships_as_mentor__status=MentorshipStatus.ACTIVE),
                distinct=True,
            ),
            capacity=Coalesce("mentor_profile__capacity", Value(DEFAULT_MENTOR_CAPACITY)),
        )
        .filter(load__gt=F("capacity"))
    )

    studying = Student.objects.filter(status=StudentStatus.STUDYING)
    in_mentorship = active.filter(format__in=formats).values("mentees")
    coverage = Coverage(
        students=studying.count(),
        in_pool=studying.filter(pk__in=mentees.values("person_id")).count(),
        in_mentorship=studying.filter(pk__in=in_mentorship).count(),
    )

    lonely_total = lonely_mentees.count()
    idle_total = idle_mentors.count()
    overloaded_total = overloaded.count()
    return PoolAnalysis(
        year=year,
        formats=_format_counts(entries, formats, hidden),
        mentees_without_mentor=PeopleList(
            lonely_total,
            _limited(lonely_mentees.with_people().order_by(*order), limit),
        ),
        mentors_without_mentees=PeopleList(
            idle_total,
            _limited(idle_mentors.with_people().order_by(*order), limit),
        ),
        mentors_over_capacity=PeopleList(
            overloaded_total,
            [
                OverloadedMentor(person=person, load=person.load, capacity=person.capacity)
                for person in _limited(
                    overloaded.select_related(*PERSON_DETAILS).order_by(
                        russian_name_order(entries.db), "id"
                    ),
                    limit,
                )
            ],
        ),
        coverage=coverage,
        hidden_variant_formats=hidden,
    )


# --- The same analysis as XLSX: one sheet per section ---------------------------------------


def _entry_rows(analysis: PoolAnalysis, entries: list[PoolEntry]) -> list[list[CellValue]]:
    return [
        [
            entry.person.full_name,
            entry.person.affiliation,
            entry.format.title,
            analysis.variant_label(entry),
            entry.included_on,
        ]
        for entry in entries
    ]


def analysis_sheets(analysis: PoolAnalysis) -> list[Sheet]:
    """The analysis of the pools as a workbook: counts, the three problem lists (whole) and
    the coverage of students, one sheet each."""
    count_headers = [
        _("Format"),
        _("Variant"),
        _("Mentees included"),
        _("Mentees awaiting a decision"),
        _("Mentors included"),
        _("Mentors awaiting a decision"),
    ]
    counts: list[list[CellValue]] = []
    for row in analysis.formats:
        label = _("all variants (hidden)") if row.variants_hidden else _("total")
        counts.append([row.format.title, label, *row.total.values])
        counts += [[row.format.title, variant, *c.values] for variant, c in row.variants]
    counts.append([_("All formats"), "", *analysis.total.values])
    sheets = [Sheet(_("Counts"), count_headers, counts)]

    person_headers = [
        _("Last name, first name, patronymic"),
        _("Group, position, class or employer"),
        _("Format"),
        _("Variant"),
        _("In the pool since"),
    ]
    sheets.append(
        Sheet(
            _("Mentees without a mentor"),
            person_headers,
            _entry_rows(analysis, analysis.mentees_without_mentor.rows),
        )
    )
    sheets.append(
        Sheet(
            _("Mentors without mentees"),
            person_headers,
            _entry_rows(analysis, analysis.mentors_without_mentees.rows),
        )
    )
    over_capacity = Sheet(
        _("Over capacity"),
        [
            _("Last name, first name, patronymic"),
            _("Group, position, class or employer"),
            _("Mentees now"),
            _("Capacity"),
        ],
        [
            [row.person.full_name, row.person.affiliation, row.load, row.capacity]
            for row in analysis.mentors_over_capacity.rows
        ],
    )
    coverage = analysis.coverage
    coverage_sheet = Sheet(
        _("Coverage of students"),
        [_("Indicator"), _("Students"), _("Share, %")],
        [
            [_("Students studying"), coverage.students, 100.0 if coverage.students else 0.0],
            [_("Students in the mentee pools"), coverage.in_pool, coverage.in_pool_percent],
            [
                _("Students in active mentorships"),
                coverage.in_mentorship,
                coverage.in_mentorship_percent,
            ],
        ],
    )
    return [*sheets, over_capacity, coverage_sheet]


def analysis_workbook(analysis: PoolAnalysis) -> bytes:
    return workbook_bytes(*analysis_sheets(analysis))


def analysis_response(analysis: PoolAnalysis) -> HttpResponse:
    filename = f"pool-analysis-{analysis.year.start_year}.xlsx"
    return xlsx_response(filename, *analysis_sheets(analysis))
