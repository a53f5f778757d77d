from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from openpyxl import load_workbook

from core.dates import AcademicYear
from pairs.models import MentorshipStatus, ParticipantRole, PoolStatus
from pairs.pools.analysis import Counts, PoolAnalysis, analyse_pools, analysis_workbook
from registry.models import StudentStatus
from tests.factories import (
    MentorProfileFactory,
    MentorshipFactory,
    PoolEntryFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
    format_of,
    variant_of,
)

pytestmark = pytest.mark.django_db

YEAR = AcademicYear(2025)


def entry(person: Any, code: str, variant: str | None = None, **fields: Any) -> Any:
    return PoolEntryFactory(
        person=person,
        format=format_of(code),
        variant=variant_of(code, variant) if variant else None,
        **fields,
    )


def mentor_entry(person: Any, code: str, variant: str | None = None, **fields: Any) -> Any:
    return entry(person, code, variant, role=ParticipantRole.MENTOR, **fields)


def pending(person: Any, code: str, variant: str | None = None, **fields: Any) -> Any:
    return entry(person, code, variant, status=PoolStatus.PROPOSED, decision=None, **fields)


@pytest.fixture
def college(db: None) -> dict[str, Any]:
    """A small college: see each test for what it expects of it."""
    first, third = StudyGroupFactory(course=1), StudyGroupFactory(course=3)
    people = {
        "s1": StudentFactory(last_name="Аверина", group=first),
        "s2": StudentFactory(last_name="Борисов", group=first),
        "s3": StudentFactory(last_name="Власова", group=first),
        "s4": StudentFactory(last_name="Громов", group=first),
        "s5": StudentFactory(last_name="Дьяков", group=first, status=StudentStatus.GRADUATED),
        "s6": StudentFactory(last_name="Ершова", group=first),
        "m1": StudentFactory(last_name="Жуков", group=third),
        "t1": TeacherFactory(last_name="Зимина"),
        "t2": TeacherFactory(last_name="Исаев"),
        "t3": TeacherFactory(last_name="Котова"),
    }
    p = people
    # «студент – студент»: s1 paired with m1, s2 without a pair, s3 still proposed.
    entry(p["s1"], "student_student", "achiever_underachiever")
    entry(p["s2"], "student_student", "leader_passive")
    pending(p["s3"], "student_student", "achiever_underachiever")
    mentor_entry(p["m1"], "student_student")
    MentorshipFactory(format=format_of("student_student"), mentors=[p["m1"]], mentees=[p["s1"]])
    # «педагог – студент», ОВЗ: t1 takes s4 and s2 with a capacity of one.
    entry(p["s4"], "teacher_student", "disabilities")
    mentor_entry(p["t1"], "teacher_student", "disabilities")
    MentorProfileFactory(person=p["t1"], capacity=1)
    MentorshipFactory(
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "disabilities"),
        mentors=[p["t1"]],
        mentees=[p["s4"], p["s2"]],
    )
    # «педагог – педагог»: t2 included but only a completed mentorship; t3 proposed.
    mentor_entry(p["t2"], "teacher_teacher")
    pending(p["t3"], "teacher_teacher", role=ParticipantRole.MENTOR)
    MentorshipFactory(
        mentors=[p["t2"]],
        status=MentorshipStatus.COMPLETED,
        ended_on=dt.date(2026, 1, 10),
    )
    # Last year's pool does not count.
    entry(p["s6"], "student_student", "peer_to_peer", academic_year=2024)
    return people


def by_code(analysis: PoolAnalysis) -> dict[str, Any]:
    return {row.format.code: row for row in analysis.formats}


def test_counts_per_format_and_variant(curator: User, college: dict[str, Any]) -> None:
    rows = by_code(analyse_pools(user=curator, year=YEAR))

    assert rows["student_student"].total == Counts(2, 1, 1, 0)
    assert rows["student_student"].variants == [
        ("успевающий – неуспевающий", Counts(1, 1, 0, 0)),
        ("лидер – пассивный", Counts(1, 0, 0, 0)),
        ("без варианта", Counts(0, 0, 1, 0)),
    ]
    assert rows["teacher_teacher"].total == Counts(0, 0, 1, 1)
    assert rows["teacher_teacher"].variants == []
    assert rows["teacher_student"].total == Counts(1, 0, 1, 0)
    assert rows["teacher_student"].variants == [("педагог – студент с ОВЗ", Counts(1, 0, 1, 0))]
    assert rows["student_pupil"].total == Counts()
    assert rows["employer_student"].total == Counts()


def test_the_total_of_all_formats(curator: User, college: dict[str, Any]) -> None:
    assert analyse_pools(user=curator, year=YEAR).total == Counts(3, 1, 3, 1)


def test_mentees_without_a_mentor_of_their_format(curator: User, college: dict[str, Any]) -> None:
    lonely = analyse_pools(user=curator, year=YEAR).mentees_without_mentor

    # Borisov has a mentor in «педагог – студент», none in «студент – студент».
    assert lonely.total == 1
    assert [row.person.last_name for row in lonely.rows] == ["Борисов"]


def test_mentors_without_mentees(curator: User, college: dict[str, Any]) -> None:
    idle = analyse_pools(user=curator, year=YEAR).mentors_without_mentees

    assert idle.total == 1
    assert [row.person.last_name for row in idle.rows] == ["Исаев"]


def test_mentors_over_capacity(curator: User, college: dict[str, Any]) -> None:
    over = analyse_pools(user=curator, year=YEAR).mentors_over_capacity

    assert over.total == 1
    assert [(row.person.last_name, row.load, row.capacity) for row in over.rows] == [
        ("Зимина", 2, 1)
    ]


def test_a_mentor_without_a_profile_takes_one_mentee(
    curator: User, college: dict[str, Any]
) -> None:
    MentorshipFactory(
        format=format_of("student_student"),
        mentors=[college["m1"]],
        mentees=[college["s3"]],
    )

    over = analyse_pools(user=curator, year=YEAR).mentors_over_capacity

    assert [(row.person.last_name, row.load, row.capacity) for row in over.rows] == [
        ("Жуков", 2, 1),
        ("Зимина", 2, 1),
    ]


def test_coverage_of_students(curator: User, college: dict[str, Any]) -> None:
    coverage = analyse_pools(user=curator, year=YEAR).coverage

    assert coverage.students == 6  # the graduate is not counted
    assert coverage.in_pool == 3
    assert coverage.in_mentorship == 3
    assert coverage.in_pool_percent == 50.0
    assert coverage.in_mentorship_percent == 50.0


def test_a_lead_analyses_the_led_formats_only(lead: User, college: dict[str, Any]) -> None:
    analysis = analyse_pools(user=lead, year=YEAR)

    assert [row.format.code for row in analysis.formats] == ["student_student"]
    assert analysis.mentees_without_mentor.total == 1
    assert analysis.mentors_without_mentees.total == 0
    assert analysis.mentors_over_capacity.total == 0
    assert analysis.coverage.students == 6
    assert analysis.coverage.in_pool == 2
    assert analysis.coverage.in_mentorship == 1
    assert analysis.coverage.in_mentorship_percent == 16.7


def test_the_methodist_sees_only_the_total_of_teacher_student(
    methodist: User, college: dict[str, Any]
) -> None:
    analysis = analyse_pools(user=methodist, year=YEAR)
    rows = by_code(analysis)

    assert rows["teacher_student"].total == Counts(1, 0, 1, 0)
    assert rows["teacher_student"].variants == []
    assert rows["teacher_student"].variants_hidden
    assert rows["student_student"].variants != []


def test_the_problem_lists_are_limited(curator: User) -> None:
    for _number in range(3):
        entry(StudentFactory(), "student_student", "peer_to_peer")

    analysis = analyse_pools(user=curator, year=YEAR, limit=2)

    assert analysis.mentees_without_mentor.total == 3
    assert len(analysis.mentees_without_mentor.rows) == 2
    assert analysis.mentees_without_mentor.more == 1
    assert len(analyse_pools(user=curator, year=YEAR, limit=None).mentees_without_mentor.rows) == 3


def test_no_students_make_no_division_by_zero(curator: User) -> None:
    coverage = analyse_pools(user=curator, year=YEAR).coverage

    assert (coverage.students, coverage.in_pool_percent) == (0, 0.0)


def test_someone_without_the_permission_sees_nothing(
    teacher: User, college: dict[str, Any]
) -> None:
    analysis = analyse_pools(user=teacher, year=YEAR)

    assert analysis.formats == []
    assert analysis.mentees_without_mentor.total == 0


# --- The workbook --------------------------------------------------------------------------


def test_the_workbook_has_a_sheet_per_section(curator: User, college: dict[str, Any]) -> None:
    workbook = load_workbook(BytesIO(analysis_workbook(analyse_pools(user=curator, year=YEAR))))

    assert workbook.sheetnames == [
        "Численность",
        "Наставляемые без наставника",
        "Наставники без наставляемых",
        "Сверх нагрузки",
        "Охват студентов",
    ]
    counts = [list(row) for row in workbook["Численность"].iter_rows(values_only=True)]
    assert counts[1] == ["студент – студент", "всего", 2, 1, 1, 0]
    assert counts[-1] == ["Все формы наставничества", None, 3, 1, 3, 1]
    lonely = list(workbook["Наставляемые без наставника"].iter_rows(values_only=True))
    assert lonely[1][0] == college["s2"].full_name
    coverage = list(workbook["Охват студентов"].iter_rows(values_only=True))
    assert coverage[1:] == [
        ("Обучающиеся студенты", 6, 100),
        ("Студенты в базе наставляемых", 3, 50),
        ("Студенты в действующих парах и группах", 3, 50),
    ]
    assert counts[0][3] == "Наставляемые: ожидают решения"


def test_the_workbook_masks_hidden_variants(methodist: User, college: dict[str, Any]) -> None:
    workbook = load_workbook(BytesIO(analysis_workbook(analyse_pools(user=methodist, year=YEAR))))

    text = " ".join(
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
    )
    assert "ОВЗ" not in text
    assert "все варианты (скрыты)" in text


def test_the_workbook_writes_formulas_as_text(curator: User) -> None:
    entry(
        StudentFactory(last_name='=HYPERLINK("http://x.test","a")'),
        "student_student",
        "peer_to_peer",
    )

    workbook = load_workbook(BytesIO(analysis_workbook(analyse_pools(user=curator, year=YEAR))))

    cell = workbook["Наставляемые без наставника"]["A2"]
    assert cell.value.startswith("=HYPERLINK")
    assert cell.data_type == "s"
    assert cell.quotePrefix
