"""pairs.drafting.suggestions: which mentors of the pool are suggested for mentees, in what
order and why; a mentor who breaks a rule of the format is never offered."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from core.dates import AcademicYear
from pairs.drafting.suggestions import (
    Suggestion,
    _same_word,
    _shared_words,
    mentees_to_match,
    rank_mentors,
    suggest_mentors,
)
from pairs.mentorships.services import draft_mentorship
from pairs.models import Mentorship, MentorshipStatus, ParticipantRole, PoolEntry, PoolStatus
from pairs.rules import check_mentorship_rules
from programs.models import FormatVariant
from registry.models import PartnerKind, Person, Student, StudentStatus
from tests.factories import (
    AgreementFactory,
    DecisionFactory,
    MentorProfileFactory,
    MentorshipFactory,
    PartnerEmployeeFactory,
    PartnerOrganizationFactory,
    PoolEntryFactory,
    QualificationCourseFactory,
    SpecialCategoryStatusFactory,
    SpecialtyFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
    format_of,
    variant_of,
)

pytestmark = pytest.mark.django_db

YEAR = AcademicYear(2025)
START = dt.date(2025, 10, 1)


def student(course: int = 1, **kwargs: Any) -> Student:
    group = kwargs.pop("group", None) or StudyGroupFactory(course=course)
    return StudentFactory(group=group, **kwargs)


def in_pool(
    person: Person,
    role: str = ParticipantRole.MENTOR,
    code: str = "student_student",
    **kwargs: Any,
) -> PoolEntry:
    return PoolEntryFactory(person=person, role=role, format=format_of(code), **kwargs)


def mentee_in_pool(person: Person, code: str = "student_student", **kwargs: Any) -> Person:
    in_pool(person, ParticipantRole.MENTEE, code, **kwargs)
    return person


def suggest(
    mentees: list[Person], code: str = "student_student", variant: FormatVariant | None = None
) -> list[Suggestion]:
    if variant is None and code == "student_student":
        variant = variant_of(code, "achiever_underachiever")
    return suggest_mentors(
        format=format_of(code),
        variant=variant,
        mentees=mentees,
        started_on=START,
        academic_year=YEAR,
    )


def names(suggestions: list[Suggestion]) -> list[str]:
    return [s.person.last_name for s in suggestions]


# ---- who is a candidate ---------------------------------------------------------------------


def test_only_included_mentors_of_the_format_and_year_are_candidates() -> None:
    mentee = mentee_in_pool(student(course=1))
    in_pool(student(course=3, last_name="Включённый"))
    in_pool(student(course=3, last_name="Ожидающий"), status=PoolStatus.PROPOSED, included_on=None)
    in_pool(student(course=3, last_name="Прошлогодний"), academic_year=2024)
    in_pool(student(course=3, last_name="Другаяформа"), code="student_pupil")
    in_pool(student(course=3, last_name="Наставляемый"), role=ParticipantRole.MENTEE)

    assert names(suggest([mentee])) == ["Включённый"]


def test_no_mentees_no_suggestions() -> None:
    in_pool(student(course=3))

    assert suggest([]) == []


# ---- each rule excludes a mentor ----------------------------------------------------------


def test_a_mentor_on_the_same_course_is_not_offered() -> None:
    mentee = mentee_in_pool(student(course=2))
    in_pool(student(course=2, last_name="Однокурсник"))
    in_pool(student(course=3, last_name="Старшекурсник"))

    ranking = rank_mentors(
        format=format_of("student_student"),
        variant=variant_of("student_student", "achiever_underachiever"),
        mentees=[mentee],
        started_on=START,
        academic_year=YEAR,
    )

    assert names(ranking.suggestions) == ["Старшекурсник"]
    (refused,) = ranking.not_offered
    assert refused.person.last_name == "Однокурсник"
    assert "на более старшем курсе" in refused.refusals[0]


def test_a_mentor_at_full_capacity_is_not_offered() -> None:
    mentee = mentee_in_pool(student(course=1))
    busy = student(course=3, last_name="Занятой")
    in_pool(busy)
    MentorProfileFactory(person=busy, capacity=1)
    MentorshipFactory(
        format=format_of("student_student"), mentors=[busy], mentees=[student(course=1)]
    )
    in_pool(student(course=3, last_name="Свободный"))

    ranking = rank_mentors(
        format=format_of("student_student"),
        variant=variant_of("student_student", "achiever_underachiever"),
        mentees=[mentee],
        started_on=START,
        academic_year=YEAR,
    )

    assert names(ranking.suggestions) == ["Свободный"]
    assert "наибольшее число наставляемых" in ranking.not_offered[0].refusals[0]


def test_group_mentoring_needs_a_seat_for_every_mentee() -> None:
    mentees = [mentee_in_pool(student(course=1)) for _ in range(2)]
    small = student(course=3, last_name="Одноместный")
    large = student(course=3, last_name="Двухместный")
    for mentor, capacity in ((small, 1), (large, 2)):
        in_pool(mentor)
        MentorProfileFactory(person=mentor, capacity=capacity)

    assert names(suggest(mentees)) == ["Двухместный"]


def test_an_employee_of_an_enterprise_with_an_expired_agreement_is_not_offered() -> None:
    mentee = mentee_in_pool(student(course=3), code="employer_student")
    expired = PartnerOrganizationFactory(kind=PartnerKind.ENTERPRISE)
    AgreementFactory(organization=expired, valid_to=dt.date(2024, 12, 31))
    valid = PartnerOrganizationFactory(kind=PartnerKind.ENTERPRISE)
    AgreementFactory(organization=valid, number="15/Д")
    in_pool(
        PartnerEmployeeFactory(organization=expired, last_name="Бездоговорный"),
        code="employer_student",
    )
    in_pool(
        PartnerEmployeeFactory(organization=valid, last_name="Договорный"),
        code="employer_student",
    )

    suggestions = suggest([mentee], code="employer_student")

    assert names(suggestions) == ["Договорный"]
    assert "действует договор предприятия с техникумом № 15/Д" in suggestions[0].reasons


def test_a_teacher_without_the_disability_course_is_not_offered_for_the_ovz_variant() -> None:
    mentee = StudentFactory(group=StudyGroupFactory(course=1), birth_date=dt.date(2005, 3, 1))
    SpecialCategoryStatusFactory(person=mentee, consent__person=mentee)
    variant = variant_of("teacher_student", "disabilities")
    mentee_in_pool(mentee, code="teacher_student", variant=variant)
    untrained = TeacherFactory(last_name="Безкурсов")
    trained = TeacherFactory(last_name="Скурсом")
    QualificationCourseFactory(person=trained, completed_on=dt.date(2024, 5, 20))
    in_pool(untrained, code="teacher_student")
    in_pool(trained, code="teacher_student")

    suggestions = suggest([mentee], code="teacher_student", variant=variant)

    assert names(suggestions) == ["Скурсом"]
    assert "пройдены курсы по обучению лиц с ОВЗ (20.05.2024)" in suggestions[0].reasons


def test_nobody_is_offered_to_a_mentee_who_already_has_a_pair_of_the_format() -> None:
    mentee = mentee_in_pool(student(course=1, last_name="Занятая"))
    MentorshipFactory(
        format=format_of("student_student"), mentors=[student(course=3)], mentees=[mentee]
    )
    in_pool(student(course=3))

    ranking = rank_mentors(
        format=format_of("student_student"),
        variant=variant_of("student_student", "achiever_underachiever"),
        mentees=[mentee],
        started_on=START,
        academic_year=YEAR,
    )

    assert ranking.suggestions == []
    assert ranking.not_offered == []
    (refusal,) = ranking.mentee_refusals
    assert "уже состоит в действующей наставнической паре" in refusal


def test_a_mentee_is_never_suggested_as_their_own_mentor() -> None:
    both = student(course=3, last_name="Двойной")
    mentee_in_pool(both)
    in_pool(both)

    assert suggest([both]) == []


def test_every_suggestion_is_accepted_as_a_draft() -> None:
    mentee = mentee_in_pool(student(course=1))
    for course in (1, 2, 3, 4):
        in_pool(student(course=course))
    variant = variant_of("student_student", "achiever_underachiever")

    for suggestion in suggest([mentee]):
        draft = draft_mentorship(
            format=format_of("student_student"),
            variant=variant,
            mentors=[suggestion.person],
            mentees=[mentee],
            started_on=START,
            planned_end_on=dt.date(2026, 6, 30),
        )
        draft.delete()


# ---- ranking and reasons ------------------------------------------------------------------


def test_free_seats_are_counted_and_more_rank_higher() -> None:
    mentee = mentee_in_pool(student(course=1))
    roomy = student(course=3, last_name="Просторный")
    tight = student(course=3, last_name="Тесный")
    for mentor, capacity in ((roomy, 3), (tight, 2)):
        in_pool(mentor)
        MentorProfileFactory(person=mentor, capacity=capacity)
    MentorshipFactory(
        format=format_of("student_student"), mentors=[tight], mentees=[student(course=1)]
    )

    suggestions = suggest([mentee])

    assert names(suggestions) == ["Просторный", "Тесный"]
    assert suggestions[0].free_seats == 3
    assert "свободно 3 из 3 мест" in suggestions[0].reasons
    assert "свободно 1 из 2 мест" in suggestions[1].reasons
    assert (suggestions[1].free_seats, suggestions[1].capacity) == (1, 2)


def test_a_close_course_gap_ranks_above_a_large_one() -> None:
    mentee = mentee_in_pool(student(course=1))
    in_pool(student(course=4, last_name="Выпускной"))
    in_pool(student(course=2, last_name="Второкурсный"))

    suggestions = suggest([mentee])

    assert names(suggestions) == ["Второкурсный", "Выпускной"]
    assert "разница в курсах — 1: близко, как рекомендуется (1–2)" in suggestions[0].reasons
    assert "разница в курсах — 3: больше рекомендуемой (1–2)" in suggestions[1].reasons


def test_the_same_specialty_ranks_higher() -> None:
    mining = SpecialtyFactory(code="21.02.15", title="Открытые горные работы")
    mentee = mentee_in_pool(student(group=StudyGroupFactory(course=1, specialty=mining)))
    in_pool(student(course=3, last_name="Аматов"))
    in_pool(student(group=StudyGroupFactory(course=3, specialty=mining), last_name="Горняков"))

    suggestions = suggest([mentee])

    assert names(suggestions) == ["Горняков", "Аматов"]
    assert "та же специальность: 21.02.15 Открытые горные работы" in suggestions[0].reasons


def test_shared_interests_match_words_in_any_form_case_and_with_yo() -> None:
    mentee = mentee_in_pool(
        student(course=1), request="Подтянуть МАТЕМАТИКУ и подготовиться к экзамену по учёбе"
    )
    matching = student(course=3, last_name="Яковлев")
    other = student(course=3, last_name="Абрамов")
    MentorProfileFactory(
        person=matching,
        competencies="Подготовка к экзаменам по математике",
        interests="Учеба, шахматы",
    )
    MentorProfileFactory(person=other, competencies="Волейбол", interests="Рыбалка")
    in_pool(matching)
    in_pool(other)

    suggestions = suggest([mentee])

    assert names(suggestions) == ["Яковлев", "Абрамов"]
    assert "общие интересы: математику, подготовиться, экзамену" in suggestions[0].reasons
    assert not any("общие интересы" in reason for reason in suggestions[1].reasons)


def test_completed_mentor_training_ranks_higher() -> None:
    mentee = mentee_in_pool(student(course=1))
    trained = student(course=3, last_name="Яшин")
    QualificationCourseFactory(
        person=trained,
        title="Школа наставников",
        completed_on=dt.date(2025, 4, 10),
        covers_disabilities=False,
        is_mentor_training=True,
    )
    in_pool(trained)
    in_pool(student(course=3, last_name="Абакумов"))

    suggestions = suggest([mentee])

    assert names(suggestions) == ["Яшин", "Абакумов"]
    assert "пройдено обучение наставников («Школа наставников», 10.04.2025)" in (
        suggestions[0].reasons
    )


def test_a_training_after_the_start_does_not_count() -> None:
    mentee = mentee_in_pool(student(course=1))
    later = student(course=3)
    QualificationCourseFactory(
        person=later, completed_on=dt.date(2025, 12, 1), is_mentor_training=True
    )
    in_pool(later)

    (suggestion,) = suggest([mentee])

    assert not any("обучение наставников" in reason for reason in suggestion.reasons)


def test_mentees_in_drafts_lower_the_rank_and_are_named() -> None:
    mentee = mentee_in_pool(student(course=1))
    drafted = student(course=3, last_name="Абрамов")
    in_pool(drafted)
    in_pool(student(course=3, last_name="Яблоков"))
    MentorshipFactory(
        format=format_of("student_student"),
        status=MentorshipStatus.DRAFT,
        decision=None,
        mentors=[drafted],
        mentees=[student(course=1)],
    )

    suggestions = suggest([mentee])

    assert names(suggestions) == ["Яблоков", "Абрамов"]
    assert "ещё 1 наставляемый в черновиках пар" in suggestions[1].reasons


def test_equal_scores_follow_russian_name_order_with_yo_as_ye() -> None:
    mentee = mentee_in_pool(student(course=1))
    for last_name in ("Ёлкин", "Борисов", "Елисеев", "Андреев"):
        in_pool(student(course=3, last_name=last_name))

    suggestions = suggest([mentee])

    assert names(suggestions) == ["Андреев", "Борисов", "Елисеев", "Ёлкин"]
    assert len({s.score for s in suggestions}) == 1


@pytest.mark.parametrize("candidates", [3, 30])
def test_queries_do_not_grow_with_the_candidates(
    django_assert_max_num_queries: Any, candidates: int
) -> None:
    mentee = mentee_in_pool(student(course=1))
    fmt = format_of("student_student")
    group, decision = StudyGroupFactory(course=3), DecisionFactory()
    for index in range(candidates):
        mentor = StudentFactory(group=group)
        in_pool(mentor, decision=decision)
        MentorProfileFactory(person=mentor, competencies="Математика", capacity=2)
        if index % 3 == 1:
            MentorshipFactory(format=fmt, mentors=[mentor], mentees=[student(course=1)])
            QualificationCourseFactory(
                person=mentor, is_mentor_training=True, covers_disabilities=False
            )

    with django_assert_max_num_queries(16):
        assert len(suggest([mentee])) == candidates


def test_queries_do_not_grow_with_teachers_and_enterprises(
    django_assert_max_num_queries: Any,
) -> None:
    """The rules that read a teacher's courses and an enterprise's agreements, loaded once."""
    mentee = StudentFactory(group=StudyGroupFactory(course=1), birth_date=dt.date(2005, 3, 1))
    SpecialCategoryStatusFactory(person=mentee, consent__person=mentee)
    variant = variant_of("teacher_student", "disabilities")
    mentee_in_pool(mentee, code="teacher_student", variant=variant)
    for index in range(10):
        teacher = TeacherFactory()
        if index % 2:
            QualificationCourseFactory(person=teacher)
        in_pool(teacher, code="teacher_student")
    employee_mentee = mentee_in_pool(student(course=3), code="employer_student")
    for index in range(10):
        enterprise = PartnerOrganizationFactory(kind=PartnerKind.ENTERPRISE)
        if index % 2:
            AgreementFactory(organization=enterprise)
        in_pool(PartnerEmployeeFactory(organization=enterprise), code="employer_student")

    with django_assert_max_num_queries(18):
        assert len(suggest([mentee], code="teacher_student", variant=variant)) == 5
    with django_assert_max_num_queries(16):
        assert len(suggest([employee_mentee], code="employer_student")) == 5


def test_each_refusal_is_what_a_draft_of_the_mentor_is_refused() -> None:
    """The candidates are checked from facts loaded at once: the messages are those of
    `check_mentorship_rules` for a draft of each one, in the same order."""
    mentees = [mentee_in_pool(student(course=2)) for _ in range(2)]
    fmt = format_of("student_student")
    variant = variant_of("student_student", "achiever_underachiever")
    same_course = student(course=2, last_name="Однокурсник")
    busy = student(course=2, last_name="Занятой")
    MentorProfileFactory(person=busy, capacity=2)
    MentorshipFactory(format=fmt, mentors=[busy], mentees=[student(course=1)])
    left = student(course=4, last_name="Отчисленный", status=StudentStatus.EXPELLED)
    teacher = TeacherFactory(last_name="Педагог")
    fine = student(course=4, last_name="Подходящий")
    MentorProfileFactory(person=fine, capacity=3)
    for mentor in (same_course, busy, left, teacher, fine):
        in_pool(mentor)

    ranking = rank_mentors(
        format=fmt, variant=variant, mentees=mentees, started_on=START, academic_year=YEAR
    )

    assert names(ranking.suggestions) == ["Подходящий"]
    assert len(ranking.not_offered) == 4
    for refused in ranking.not_offered:
        expected = check_mentorship_rules(
            format=fmt,
            variant=variant,
            mentors=[refused.person],
            mentees=mentees,
            decision=None,
            started_on=START,
            planned_end_on=START + dt.timedelta(days=1),
            draft=True,
        )
        assert list(refused.refusals) == expected
    busy_refusals = next(n for n in ranking.not_offered if n.person == busy).refusals
    assert len(busy_refusals) == 3  # the course for each mentee, and the capacity


# ---- the mentees waiting for a pair, and word matching ------------------------------------


def test_mentees_to_match_leaves_out_those_with_an_active_pair_or_a_draft() -> None:
    waiting = mentee_in_pool(student(course=1, last_name="Ждущий"))
    active = mentee_in_pool(student(course=1, last_name="Действующий"))
    drafted = mentee_in_pool(student(course=1, last_name="Черновой"))
    ended = mentee_in_pool(student(course=1, last_name="Завершивший"))
    fmt = format_of("student_student")
    MentorshipFactory(format=fmt, mentees=[active], mentors=[student(course=3)])
    MentorshipFactory(
        format=fmt,
        status=MentorshipStatus.DRAFT,
        decision=None,
        mentees=[drafted],
        mentors=[student(course=3)],
    )
    MentorshipFactory(
        format=fmt,
        status=MentorshipStatus.COMPLETED,
        ended_on=dt.date(2026, 6, 1),
        mentees=[ended],
        mentors=[student(course=3)],
    )
    # A pair of another format does not count.
    MentorshipFactory(
        format=format_of("teacher_student"), mentees=[waiting], mentors=[TeacherFactory()]
    )

    entries = mentees_to_match(fmt, YEAR)

    assert [entry.person.last_name for entry in entries] == ["Ждущий", "Завершивший"]


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("математика", "математике", True),
        ("экзамен", "экзамену", True),
        ("учеба", "учеба", True),
        ("физика", "физкультура", False),
        ("горное", "горный", False),
    ],
)
def test_same_word_in_another_form(one: str, other: str, same: bool) -> None:
    assert _same_word(one, other) is same


def test_shared_words_ignore_short_and_common_words() -> None:
    assert _shared_words("Помощь в учёбе и по работе", ["Нужна помощь по работе в учебе"]) == [
        "учебе"
    ]


def test_a_draft_is_refused_for_a_mentor_who_is_not_suggested() -> None:
    """The same rules: whom the suggestions leave out, the service refuses."""
    mentee = mentee_in_pool(student(course=2))
    same_course = student(course=2)
    in_pool(same_course)

    assert suggest([mentee]) == []
    with pytest.raises(ValidationError):
        draft_mentorship(
            format=format_of("student_student"),
            variant=variant_of("student_student", "achiever_underachiever"),
            mentors=[same_course],
            mentees=[mentee],
            started_on=START,
            planned_end_on=dt.date(2026, 6, 30),
        )
    assert not Mentorship.objects.exists()
