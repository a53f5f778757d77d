"""People come in the order a Russian reader expects, on SQLite and on PostgreSQL alike.

Run on PostgreSQL too: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pytest <this>.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from registry.models import Person, Student
from tests.conftest import client_for
from tests.factories import StudentFactory, StudyGroupFactory

pytestmark = pytest.mark.django_db

# (last name, first name) in the expected order: ё sorts with е, a shorter last name comes
# before a longer one that starts with it, whatever the first names.
EXPECTED = [
    ("Абрамов", "Игорь"),
    ("Елисеев", "Олег"),
    ("Ёлкин", "Денис"),
    ("Иванов", "Пётр"),
    ("Иванова", "Анна"),
    ("Яковлев", "Борис"),
]
STUDENTS = reverse("people:students")


@pytest.fixture
def students() -> list[Student]:
    group = StudyGroupFactory()
    # Created out of order, so that the id cannot give the order by chance.
    shuffled = [EXPECTED[i] for i in (4, 2, 5, 0, 3, 1)]
    return [
        StudentFactory(last_name=last, first_name=first, group=group) for last, first in shuffled
    ]


def _names(people: Any) -> list[tuple[str, str]]:
    return [(person.last_name, person.first_name) for person in people]


def _listed(curator: User, **query: object) -> list[tuple[str, str]]:
    response = client_for(curator).get(STUDENTS, query)
    return _names(row.record for row in response.context["table"].page.object_list)


def test_people_are_in_russian_order(students: list[Student]) -> None:
    assert _names(Person.objects.in_russian_order()) == EXPECTED


def test_a_shorter_last_name_comes_first_whatever_the_first_names(
    students: list[Student],
) -> None:
    names = [p.full_name for p in Person.objects.search("иванов").in_russian_order()]

    assert names == ["Иванов Пётр Петрович", "Иванова Анна Петрович"]


def test_the_list_is_in_russian_order(curator: User, students: list[Student]) -> None:
    assert _listed(curator) == EXPECTED


def test_the_name_column_sorts_both_ways_in_russian_order(
    curator: User, students: list[Student]
) -> None:
    assert _listed(curator, sort="name") == EXPECTED
    assert _listed(curator, sort="-name") == EXPECTED[::-1]


def test_other_columns_keep_russian_order_among_equals(curator: User) -> None:
    first, second = StudyGroupFactory(name="А-1"), StudyGroupFactory(name="Б-1")
    for last, group in [("Ёлкин", second), ("Яковлев", first), ("Елисеев", second)]:
        StudentFactory(last_name=last, group=group)
    StudentFactory(last_name="Абрамов", group=first)

    names = [last for last, _ in _listed(curator, sort="group")]

    assert names == ["Абрамов", "Яковлев", "Елисеев", "Ёлкин"]


def test_the_search_finds_yo_by_ye_in_any_case(curator: User, students: list[Student]) -> None:
    assert _listed(curator, q="ЕЛКИН") == [("Ёлкин", "Денис")]
    assert _listed(curator, q="денис ёлкин") == [("Ёлкин", "Денис")]
