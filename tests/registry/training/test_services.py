"""The services of mentor trainings, called directly: the rules hold for any caller."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from programs.models import TrainingAudience, TrainingSession
from registry.models import QualificationCourse
from registry.training.services import (
    add_attendees,
    create_session,
    delete_session,
    remove_attendee,
    update_session,
)
from tests.factories import (
    PartnerEmployeeFactory,
    StudentFactory,
    TeacherFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db


def session(**fields: Any) -> TrainingSession:
    made: TrainingSession = TrainingSessionFactory(**fields)
    return made


def _fields(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": "Школа наставников",
        "audience": TrainingAudience.STUDENTS,
        "held_on": dt.date(2025, 3, 14),
        "hours": 4,
        "led_by": "Белова Н. С.",
        "programme": "",
    }
    fields.update(changes)
    return fields


def test_creating_starts_at_version_1() -> None:
    assert create_session(**_fields()).version == 1


def test_a_training_after_today_is_not_created() -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    with pytest.raises(ValidationError) as refusal:
        create_session(**_fields(held_on=tomorrow))

    assert "held_on" in refusal.value.message_dict
    assert not TrainingSession.objects.exists()


@pytest.mark.parametrize("hours", [0, 501])
def test_hours_out_of_range_are_refused(hours: int) -> None:
    with pytest.raises(ValidationError) as refusal:
        create_session(**_fields(hours=hours))

    assert "hours" in refusal.value.message_dict
    assert not TrainingSession.objects.exists()


def test_an_update_at_the_current_version_increments_it() -> None:
    training = session()

    updated = update_session(session=training, version=1, **_fields(title="Новое"))

    training.refresh_from_db()
    assert (updated.version, training.version, training.title) == (2, 2, "Новое")


def test_a_second_update_from_the_same_version_is_stale() -> None:
    """Two users opened the form at version 1; the second to save is refused."""
    training = session(title="Начальное")
    first_copy = TrainingSession.objects.get(pk=training.pk)
    second_copy = TrainingSession.objects.get(pk=training.pk)
    record = add_attendees(session=training, people=[StudentFactory()])[0]

    update_session(session=first_copy, version=1, **_fields(title="Первое"))
    with pytest.raises(ValidationError) as refusal:
        update_session(session=second_copy, version=1, **_fields(title="Второе", hours=9))

    assert refusal.value.code == "stale"
    training.refresh_from_db()
    record.refresh_from_db()
    assert (training.title, training.version) == ("Первое", 2)
    assert (record.title, record.hours) == ("Первое", 4)


def test_an_update_carries_title_hours_and_date_to_the_records() -> None:
    training = session()
    records = add_attendees(session=training, people=[StudentFactory(), StudentFactory()])

    update_session(
        session=training,
        version=1,
        **_fields(title="Другое", hours=12, held_on=dt.date(2025, 3, 20)),
    )

    assert {
        (r.title, r.hours, r.completed_on)
        for r in QualificationCourse.objects.filter(pk__in=[r.pk for r in records])
    } == {("Другое", 12, dt.date(2025, 3, 20))}


def test_attendees_of_other_kinds_are_refused_all_or_nothing() -> None:
    training = session(audience=TrainingAudience.EMPLOYERS)
    employee = PartnerEmployeeFactory()
    student = StudentFactory(last_name="Студентова")
    teacher = TeacherFactory(last_name="Учителева")

    with pytest.raises(ValidationError) as refusal:
        add_attendees(session=training, people=[employee, student, teacher])

    messages = " ".join(refusal.value.messages)
    assert "Студентова" in messages
    assert "Учителева" in messages
    assert not QualificationCourse.objects.exists()


def test_a_person_already_attending_is_refused_and_nobody_is_added() -> None:
    training = session()
    already = StudentFactory(last_name="Записанная")
    add_attendees(session=training, people=[already])
    newcomer = StudentFactory()

    with pytest.raises(ValidationError) as refusal:
        add_attendees(session=training, people=[newcomer, already])

    assert "Записанная" in " ".join(refusal.value.messages)
    assert list(QualificationCourse.objects.values_list("person_id", flat=True)) == [already.pk]


def test_the_same_person_may_attend_two_trainings() -> None:
    student = StudentFactory()

    add_attendees(session=session(), people=[student])
    add_attendees(session=session(), people=[student])

    assert QualificationCourse.objects.filter(person=student, is_mentor_training=True).count() == 2


def test_deleting_returns_how_many_records_went() -> None:
    training = session()
    add_attendees(session=training, people=[StudentFactory(), StudentFactory()])

    assert delete_session(session=training) == 2
    assert not QualificationCourse.objects.exists()


def test_removing_an_attendee_leaves_the_training() -> None:
    training = session()
    record = add_attendees(session=training, people=[StudentFactory()])[0]

    remove_attendee(record=record)

    assert not QualificationCourse.objects.exists()
    assert TrainingSession.objects.filter(pk=training.pk).exists()
