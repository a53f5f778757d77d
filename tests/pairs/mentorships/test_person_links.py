"""On a mentorship's page and in the registry, a name leads to the person's page where the
viewer may open it, and is plain text otherwise."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pairs.models import Mentorship
from registry.models import Teacher
from tests.conftest import client_for
from tests.factories import MentorshipFactory, StudentFactory, TeacherFactory, format_of, variant_of

pytestmark = pytest.mark.django_db

REGISTRY = reverse("mentorships:registry")


def person(pk: int) -> str:
    return f'href="{reverse("people:detail", args=[pk])}"'


def teacher_student_pair(mentor: Teacher | None = None) -> Mentorship:
    return MentorshipFactory(
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "gifted"),
        mentors=[mentor or TeacherFactory()],
        mentees=[StudentFactory()],
    )


def test_the_curator_reaches_both_people_from_the_pair(curator: User) -> None:
    pair = teacher_student_pair()
    mentor, mentee = pair.mentors.get(), pair.mentees.get()

    html = client_for(curator).get(reverse("mentorships:mentorship-detail", args=[pair.pk])).text

    assert person(mentor.pk) in html
    assert person(mentee.pk) in html


def test_a_teacher_reaches_the_student_but_not_a_teachers_record(
    teacher: User, teacher_person: Teacher
) -> None:
    # A teacher may view students, not the teachers' base: his own name stays plain text.
    pair = teacher_student_pair(mentor=teacher_person)
    mentee = pair.mentees.get()

    response = client_for(teacher).get(reverse("mentorships:mentorship-detail", args=[pair.pk]))

    assert person(mentee.pk) in response.text
    assert person(teacher_person.pk) not in response.text
    assert teacher_person.full_name in response.text
    assert (
        client_for(teacher).get(reverse("people:detail", args=[teacher_person.pk])).status_code
        == 404
    )


def test_the_registry_links_the_people(curator: User) -> None:
    pair = teacher_student_pair()

    html = client_for(curator).get(REGISTRY).text

    assert person(pair.mentors.get().pk) in html
    assert person(pair.mentees.get().pk) in html


def test_the_registry_links_only_whom_a_teacher_may_open(
    teacher: User, teacher_person: Teacher
) -> None:
    pair = teacher_student_pair(mentor=teacher_person)

    html = client_for(teacher).get(REGISTRY).text

    assert person(pair.mentees.get().pk) in html
    assert person(teacher_person.pk) not in html


def _registry_queries(user: User) -> int:
    client = client_for(user)
    client.get(REGISTRY)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(REGISTRY).status_code == 200
    return len(captured)


def test_the_links_take_no_query_per_row(curator: User) -> None:
    teacher_student_pair()
    few = _registry_queries(curator)
    for _ in range(3):
        teacher_student_pair()

    assert _registry_queries(curator) == few
