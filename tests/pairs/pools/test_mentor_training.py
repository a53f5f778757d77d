"""The mentor pool marks the mentors with no mentor training recorded («не обучен»)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from pairs.models import ParticipantRole
from tests.conftest import client_for
from tests.factories import (
    PoolEntryFactory,
    QualificationCourseFactory,
    TeacherFactory,
    format_of,
)

pytestmark = pytest.mark.django_db

LIST = reverse("pools:list")
MENTORS = {"year": "2025", "role": "mentor"}


def mentor_entry(**person_fields: Any) -> Any:
    return PoolEntryFactory(
        person=TeacherFactory(**person_fields),
        format=format_of("teacher_teacher"),
        role=ParticipantRole.MENTOR,
    )


def _marked(response: Any) -> dict[str, bool]:
    """Each mentor's last name, and whether the row says «не обучен»."""
    return {
        row.record.person.last_name: 'data-testid="not-trained"' in str(row.get_cell("courses"))
        for row in response.context["table"].page.object_list
    }


def test_a_mentor_without_mentor_training_is_marked(curator: User) -> None:
    trained = mentor_entry(last_name="Обученная")
    QualificationCourseFactory(person=trained.person, is_mentor_training=True)
    other_course = mentor_entry(last_name="Сдругимкурсом")
    QualificationCourseFactory(person=other_course.person, is_mentor_training=False)
    mentor_entry(last_name="Безкурсов")

    response = client_for(curator).get(LIST, MENTORS)

    assert _marked(response) == {"Обученная": False, "Сдругимкурсом": True, "Безкурсов": True}
    assert response.text.count('data-testid="not-trained"') == 2


def test_a_mentor_training_still_to_come_does_not_count(curator: User) -> None:
    entry = mentor_entry(last_name="Будущая")
    QualificationCourseFactory(
        person=entry.person,
        is_mentor_training=True,
        completed_on=timezone.localdate() + dt.timedelta(days=10),
    )

    assert _marked(client_for(curator).get(LIST, MENTORS)) == {"Будущая": True}


def test_the_mentee_pool_marks_nobody(curator: User) -> None:
    PoolEntryFactory()

    response = client_for(curator).get(LIST, {"year": "2025"})

    assert response.status_code == 200
    assert 'data-testid="not-trained"' not in response.text


def test_the_mark_takes_no_query_per_mentor(
    curator: User, django_assert_max_num_queries: Any
) -> None:
    client = client_for(curator)
    mentor_entry()
    client.get(LIST, MENTORS)
    with django_assert_max_num_queries(30) as one:
        client.get(LIST, MENTORS)
    for index in range(9):
        entry = mentor_entry()
        QualificationCourseFactory(person=entry.person, is_mentor_training=bool(index % 2))

    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(LIST, MENTORS)

    assert len(_marked(response)) == 10
