from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from core.dates import AcademicYear
from pairs.models import Mentorship, MentorshipStatus
from programs.models import MentoringFormat
from registry.models import Teacher
from tests.conftest import client_for
from tests.factories import (
    MentorshipFactory,
    PartnerEmployeeFactory,
    PupilFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
    format_of,
    variant_of,
)

pytestmark = pytest.mark.django_db

REGISTRY = reverse("mentorships:registry")


def student_pair(**kwargs: object) -> object:
    return MentorshipFactory(
        format=format_of("student_student"),
        variant=variant_of("student_student", "peer_to_peer"),
        mentors=[StudentFactory(group=StudyGroupFactory(course=3))],
        mentees=[StudentFactory(group=StudyGroupFactory(course=1))],
        **kwargs,
    )


def special_pair(variant: str = "disabilities") -> object:
    return MentorshipFactory(
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", variant),
        mentees=[StudentFactory(last_name="Чувствительная")],
    )


def test_curator_sees_every_mentorship(curator: User) -> None:
    MentorshipFactory(mentees=[TeacherFactory(last_name="Ёлкина")])
    student_pair()

    response = client_for(curator).get(REGISTRY)

    assert response.status_code == 200
    assert "Ёлкина" in response.text
    assert len(response.context["table"].rows) == 2


def test_drafts_are_not_in_the_registry(curator: User) -> None:
    MentorshipFactory(status=MentorshipStatus.DRAFT, decision=None)

    response = client_for(curator).get(REGISTRY)

    assert len(response.context["table"].rows) == 0
    assert "Нет наставнических пар" in response.text


def test_teacher_sees_only_where_they_are_mentor(teacher: User, teacher_person: Teacher) -> None:
    own = MentorshipFactory(mentors=[teacher_person])
    MentorshipFactory()

    response = client_for(teacher).get(REGISTRY)

    assert [row.record for row in response.context["table"].rows] == [own]


def test_format_lead_sees_only_their_formats(lead: User) -> None:
    own = student_pair()
    MentorshipFactory()

    response = client_for(lead).get(REGISTRY)

    assert [row.record for row in response.context["table"].rows] == [own]


def test_registry_needs_a_role(outsider: User) -> None:
    assert client_for(outsider).get(REGISTRY).status_code == 403


def test_registry_refuses_post(curator: User) -> None:
    assert client_for(curator).post(REGISTRY).status_code == 405


def test_filter_by_format(curator: User) -> None:
    MentorshipFactory()
    own = student_pair()
    student_student = MentoringFormat.objects.get(code="student_student")

    response = client_for(curator).get(REGISTRY, {"format": student_student.pk})

    assert [row.record for row in response.context["table"].rows] == [own]


def test_filter_by_status(curator: User) -> None:
    MentorshipFactory()
    done = MentorshipFactory(status=MentorshipStatus.COMPLETED, ended_on=dt.date(2026, 6, 1))

    response = client_for(curator).get(REGISTRY, {"status": "completed"})

    assert [row.record for row in response.context["table"].rows] == [done]


def test_filter_by_academic_year_takes_pairs_running_in_it(curator: User) -> None:
    old = MentorshipFactory(
        started_on=dt.date(2023, 10, 1),
        planned_end_on=dt.date(2024, 6, 1),
        ended_on=dt.date(2024, 6, 1),
        status=MentorshipStatus.COMPLETED,
    )
    spanning = MentorshipFactory(
        started_on=dt.date(2024, 3, 1), planned_end_on=dt.date(2025, 12, 1)
    )
    MentorshipFactory(started_on=dt.date(2025, 10, 1), planned_end_on=dt.date(2026, 6, 1))

    response = client_for(curator).get(REGISTRY, {"year": "2024"})

    assert {row.record for row in response.context["table"].rows} == {spanning}
    response = client_for(curator).get(REGISTRY, {"year": "2023"})
    assert {row.record for row in response.context["table"].rows} == {old, spanning}


def test_an_active_pair_past_its_planned_end_is_still_running(curator: User) -> None:
    overdue = MentorshipFactory(started_on=dt.date(2023, 10, 1), planned_end_on=dt.date(2024, 6, 1))

    response = client_for(curator).get(REGISTRY, {"year": "2025"})

    assert [row.record for row in response.context["table"].rows] == [overdue]


def test_search_finds_russian_names_in_any_case(curator: User) -> None:
    found = MentorshipFactory(mentees=[TeacherFactory(last_name="Ёжикова", first_name="Алёна")])
    MentorshipFactory(mentees=[TeacherFactory(last_name="Иванова")])

    for query in ("ежикова", "ЁЖИКОВА", "Ежикова алена"):
        response = client_for(curator).get(REGISTRY, {"q": query})
        assert [row.record for row in response.context["table"].rows] == [found], query


def test_sensitive_variants_are_shown_to_curator_and_director(
    curator: User, director: User
) -> None:
    special_pair("disabilities")

    for user in (curator, director):
        assert "педагог – студент с ОВЗ" in client_for(user).get(REGISTRY).text


def test_sensitive_variants_are_hidden_from_the_methodist(methodist: User) -> None:
    special_pair("risk_group")

    response = client_for(methodist).get(REGISTRY)

    assert "группы риска" not in response.text
    assert "Чувствительная" in response.text
    assert "скрыт" in response.text


def test_every_variant_of_teacher_student_is_hidden_alike(methodist: User) -> None:
    """Otherwise «hidden» would itself tell that the mentee has ОВЗ or is in the risk group."""
    special_pair("gifted")
    student_pair()

    response = client_for(methodist).get(REGISTRY)

    assert "высокомотивированный" not in response.text
    assert "равный – равному" in response.text


def test_lead_of_teacher_student_sees_sensitive_variants(lead: User) -> None:
    format_of("teacher_student").leads.add(lead)
    special_pair("disabilities")

    assert "студент с ОВЗ" in client_for(lead).get(REGISTRY).text


def test_registry_is_paginated(curator: User) -> None:
    for _ in range(27):
        MentorshipFactory()

    response = client_for(curator).get(REGISTRY)

    assert len(response.context["table"].page.object_list) == 25
    assert "?page=2" in response.text


def test_registry_sorts_by_start(curator: User) -> None:
    later = MentorshipFactory(started_on=dt.date(2025, 11, 1))
    earlier = MentorshipFactory(started_on=dt.date(2025, 9, 20))

    response = client_for(curator).get(REGISTRY, {"sort": "started_on"})

    assert [row.record for row in response.context["table"].rows] == [earlier, later]


def _registry_queries(curator: User, rows: int, django_assert_max_num_queries: object) -> None:
    for _ in range(rows):
        MentorshipFactory(mentees=[TeacherFactory(), TeacherFactory()])
        student_pair()
        MentorshipFactory(
            format=format_of("student_pupil"),
            variant=variant_of("student_pupil", "active"),
            mentors=[StudentFactory()],
            mentees=[PupilFactory()],
        )
        MentorshipFactory(
            format=format_of("employer_student"),
            mentors=[PartnerEmployeeFactory()],
            mentees=[StudentFactory()],
        )
    client = client_for(curator)
    client.get(REGISTRY)  # warms the session and the user's permission cache
    with django_assert_max_num_queries(REGISTRY_QUERIES):  # type: ignore[operator]
        response = client.get(REGISTRY, {"year": str(AcademicYear.current().start_year)})
    assert response.status_code == 200


# Session, user, permissions, organization, count, page, mentors, mentees, roles, + slack.
REGISTRY_QUERIES = 12


@pytest.mark.parametrize("rows", [1, 8])
def test_registry_does_a_constant_number_of_queries(
    curator: User, rows: int, django_assert_max_num_queries: object
) -> None:
    _registry_queries(curator, rows, django_assert_max_num_queries)


# --- Sorting by the people's names -----------------------------------------------------------


def _rows(response: object) -> list[object]:
    return [row.record for row in response.context["table"].rows]  # type: ignore[attr-defined]


def test_registry_sorts_by_mentee_in_russian_order(curator: User) -> None:
    """ё sorts as е, capitals as small letters, on SQLite and PostgreSQL alike."""
    names = ["Яковлева", "ёлкина", "Ежова", "Абрамова", "Елизарова"]
    by_name = {name: MentorshipFactory(mentees=[TeacherFactory(last_name=name)]) for name in names}
    expected = [by_name[name] for name in ["Абрамова", "Ежова", "Елизарова", "ёлкина", "Яковлева"]]

    ascending = client_for(curator).get(REGISTRY, {"sort": "mentees"})
    descending = client_for(curator).get(REGISTRY, {"sort": "-mentees"})

    assert _rows(ascending) == expected
    assert _rows(descending) == expected[::-1]


def test_registry_sorts_by_mentor_then_first_name(curator: User) -> None:
    second = MentorshipFactory(mentors=[TeacherFactory(last_name="Иванова", first_name="Ольга")])
    first = MentorshipFactory(mentors=[TeacherFactory(last_name="Иванова", first_name="Анна")])
    before = MentorshipFactory(mentors=[TeacherFactory(last_name="Иванов", first_name="Яков")])

    response = client_for(curator).get(REGISTRY, {"sort": "mentors"})

    # The whole last name first: «Иванов Яков» before «Иванова Анна».
    assert _rows(response) == [before, first, second]


def test_a_group_sorts_by_its_first_mentor_in_the_alphabet(curator: User) -> None:
    group = MentorshipFactory(
        mentors=[TeacherFactory(last_name="Яшина"), TeacherFactory(last_name="Алексеева")]
    )
    single = MentorshipFactory(mentors=[TeacherFactory(last_name="Борисова")])

    response = client_for(curator).get(REGISTRY, {"sort": "mentors"})

    assert _rows(response) == [group, single]


def test_sorting_by_names_keeps_the_filters(curator: User) -> None:
    MentorshipFactory(mentees=[TeacherFactory(last_name="Антонова")])
    own = student_pair()

    response = client_for(curator).get(
        REGISTRY, {"sort": "mentees", "format": format_of("student_student").pk}
    )

    assert _rows(response) == [own]


@pytest.mark.parametrize("sort", ["mentors", "-mentees"])
def test_sorting_by_names_does_a_constant_number_of_queries(
    curator: User, sort: str, django_assert_max_num_queries: object
) -> None:
    for _ in range(8):
        MentorshipFactory(mentees=[TeacherFactory(), TeacherFactory()])
        student_pair()
    client = client_for(curator)
    client.get(REGISTRY)
    with django_assert_max_num_queries(REGISTRY_QUERIES):  # type: ignore[operator]
        response = client.get(REGISTRY, {"sort": sort})
    assert response.status_code == 200


def test_a_year_to_come_lists_only_the_pairs_planned_into_it() -> None:
    """An active pair past its planned end runs up to today, not in the years to come."""
    today = timezone.localdate()
    next_year = AcademicYear.of(today).next
    ending = MentorshipFactory(started_on=today - dt.timedelta(days=30), planned_end_on=today)
    lasting = MentorshipFactory(
        started_on=today - dt.timedelta(days=30), planned_end_on=next_year.first_day
    )

    running = Mentorship.objects.in_academic_year(next_year)

    assert lasting in running
    assert ending not in running
    assert ending in Mentorship.objects.in_academic_year(AcademicYear.of(today))
