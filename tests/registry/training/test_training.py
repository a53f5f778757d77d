"""The pages of the college's mentor trainings (item 3.1) and their attendance."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from programs.models import Organization, TrainingAudience, TrainingSession
from registry.models import QualificationCourse
from tests.conftest import client_for
from tests.factories import (
    PartnerEmployeeFactory,
    PupilFactory,
    QualificationCourseFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
    TrainingSessionFactory,
)
from tests.stale import refused_as_stale

pytestmark = pytest.mark.django_db

LIST = reverse("training:list")
CREATE = reverse("training:create")
VIEWERS = ["curator", "methodist", "director", "lead"]
EDITORS = ["curator", "methodist"]
OTHERS = ["teacher", "outsider"]


def url(name: str, *args: int) -> str:
    return reverse(f"training:{name}", args=args)


def session(**fields: Any) -> TrainingSession:
    """A saved session (TrainingSessionFactory, typed)."""
    made: TrainingSession = TrainingSessionFactory(**fields)
    return made


def attend(training: TrainingSession, person: Any) -> QualificationCourse:
    """A person's attendance as the service records it."""
    return QualificationCourseFactory(
        person=person,
        title=training.title,
        hours=training.hours,
        completed_on=training.held_on,
        covers_disabilities=False,
        is_mentor_training=True,
        session=training,
    )


def _data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Школа наставников: роль наставника",
        "audience": TrainingAudience.STUDENTS,
        "held_on": "2026-03-12",
        "hours": "6",
        "led_by": "Белова Наталья Сергеевна, методист",
        "programme": "Роль наставника. Обратная связь.",
    }
    data.update(changes)
    return data


def _records(response: Any) -> list[TrainingSession]:
    return [row.record for row in response.context["table"].page.object_list]


def _error_text(response: Any) -> str:
    """Every error the form shows, field and form errors alike, in one string."""
    return " ".join(
        str(message) for errors in response.context["form"].errors.values() for message in errors
    )


# --- The list ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", VIEWERS)
def test_the_roles_with_the_permission_see_the_list(
    persona: str, request: pytest.FixtureRequest
) -> None:
    session(title="Школа наставников, весна")

    response = client_for(request.getfixturevalue(persona)).get(LIST)

    assert response.status_code == 200
    assert "Школа наставников, весна" in response.text


@pytest.mark.parametrize("persona", OTHERS)
def test_others_cannot_see_trainings(persona: str, request: pytest.FixtureRequest) -> None:
    training = session()
    client = client_for(request.getfixturevalue(persona))

    assert client.get(LIST).status_code == 403
    assert client.get(url("detail", training.pk)).status_code == 403


def test_the_list_refuses_post(curator: User) -> None:
    assert client_for(curator).post(LIST).status_code == 405


def test_the_list_counts_the_attendees_of_each_training(curator: User) -> None:
    busy, empty = session(title="Полная"), session(title="Пустая")
    attend(busy, StudentFactory())
    attend(busy, StudentFactory())

    response = client_for(curator).get(LIST)

    counts = {record.title: record.attendee_count for record in _records(response)}
    assert counts == {"Полная": 2, "Пустая": 0}
    assert empty.pk in {record.pk for record in _records(response)}


def test_the_list_filters_by_audience(curator: User) -> None:
    teachers = session(audience=TrainingAudience.TEACHERS)
    session(audience=TrainingAudience.STUDENTS)

    response = client_for(curator).get(LIST, {"audience": TrainingAudience.TEACHERS})

    assert _records(response) == [teachers]


def test_the_list_filters_by_academic_year(curator: User) -> None:
    spring = session(held_on=dt.date(2025, 3, 14))
    session(held_on=dt.date(2025, 9, 20))

    response = client_for(curator).get(LIST, {"year": "2024"})

    assert _records(response) == [spring]


def test_an_empty_list_says_so_and_offers_to_add_one(curator: User) -> None:
    response = client_for(curator).get(LIST)

    assert _records(response) == []
    assert response.context["table"].empty_text
    assert response.context["can_add"] is True


def test_a_viewer_is_not_offered_to_add_one(director: User) -> None:
    assert client_for(director).get(LIST).context["can_add"] is False


def test_the_list_takes_the_same_queries_for_1_and_10_trainings(
    curator: User, django_assert_max_num_queries: Callable
) -> None:
    client = client_for(curator)
    client.get(LIST)  # the organization's row is made on the first page drawn

    def fill(count: int) -> None:
        for _ in range(count):
            training = session()
            attend(training, StudentFactory())
            attend(training, TeacherFactory())

    fill(1)
    with django_assert_max_num_queries(10) as one:
        client.get(LIST)
    fill(9)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(LIST)

    assert [record.attendee_count for record in _records(response)] == [2] * 10


# --- The page of a training ---------------------------------------------------------------------


def test_the_page_shows_the_training_and_its_attendees(director: User) -> None:
    training = session(title="Семинар наставников", led_by="Белова Н. С.", hours=8)
    student = StudentFactory(last_name="Посетившая", group=StudyGroupFactory(name="ГР-21"))
    attend(training, student)

    response = client_for(director).get(url("detail", training.pk))

    assert response.status_code == 200
    assert "Семинар наставников" in response.text
    assert "Белова Н. С." in response.text
    assert "Посетившая" in response.text
    assert reverse("people:detail", args=[student.pk]) in response.text
    assert reverse("documents:training-sheet", args=[training.pk]) in response.text
    assert response.context["can_change"] is False
    assert url("edit", training.pk) not in response.text


@pytest.mark.parametrize("persona", EDITORS)
def test_the_editors_get_the_buttons(persona: str, request: pytest.FixtureRequest) -> None:
    training = session()

    response = client_for(request.getfixturevalue(persona)).get(url("detail", training.pk))

    for name in ("edit", "delete", "attendance"):
        assert url(name, training.pk) in response.text


def test_a_missing_training_is_not_found(curator: User) -> None:
    client = client_for(curator)

    for name in ("detail", "edit", "delete", "attendance"):
        assert client.get(url(name, 9999)).status_code == 404


def test_the_page_refuses_post(curator: User) -> None:
    assert client_for(curator).post(url("detail", session().pk)).status_code == 405


# --- Creating ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", EDITORS)
def test_the_editors_record_a_training(persona: str, request: pytest.FixtureRequest) -> None:
    response = client_for(request.getfixturevalue(persona)).post(CREATE, _data())

    training = TrainingSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", training.pk)
    assert (training.title, training.hours, training.held_on, training.version) == (
        "Школа наставников: роль наставника",
        6,
        dt.date(2026, 3, 12),
        1,
    )


def test_the_form_opens_empty(methodist: User) -> None:
    response = client_for(methodist).get(CREATE)

    assert response.status_code == 200
    assert "version" not in response.context["form"].fields


@pytest.mark.parametrize("persona", ["director", "lead", "teacher", "outsider"])
def test_others_cannot_record_a_training(persona: str, request: pytest.FixtureRequest) -> None:
    client = client_for(request.getfixturevalue(persona))

    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, _data()).status_code == 403
    assert not TrainingSession.objects.exists()


def test_creating_refuses_other_methods(curator: User) -> None:
    assert client_for(curator).put(CREATE).status_code == 405


def test_a_training_after_today_is_refused(curator: User) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = client_for(curator).post(CREATE, _data(held_on=tomorrow.isoformat()))

    assert response.status_code == 200
    assert "held_on" in response.context["form"].errors
    assert tomorrow.strftime("%d.%m.%Y") in _error_text(response)
    assert not TrainingSession.objects.exists()


def test_a_date_after_today_is_refused_with_the_other_fields_errors(curator: User) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = client_for(curator).post(CREATE, _data(held_on=tomorrow.isoformat(), title=""))

    assert set(response.context["form"].errors) == {"title", "held_on"}
    assert not TrainingSession.objects.exists()


def test_a_training_held_today_is_recorded(curator: User) -> None:
    today = timezone.localdate()

    client_for(curator).post(CREATE, _data(held_on=today.isoformat()))

    assert TrainingSession.objects.get().held_on == today


@pytest.mark.parametrize("hours", ["0", "501"])
def test_hours_out_of_1_to_500_are_refused(curator: User, hours: str) -> None:
    response = client_for(curator).post(CREATE, _data(hours=hours))

    assert "hours" in response.context["form"].errors
    assert not TrainingSession.objects.exists()


# --- Editing -----------------------------------------------------------------------------------


def test_the_edit_form_carries_the_version(curator: User) -> None:
    training = session(version=4)

    response = client_for(curator).get(url("edit", training.pk))

    assert response.context["form"]["version"].value() == 4
    assert 'type="hidden" name="version" value="4"' in response.text


def test_editing_saves_the_training_and_its_attendees_records(methodist: User) -> None:
    training = session(title="Старое название", hours=4, held_on=dt.date(2025, 3, 14))
    record = attend(training, StudentFactory())
    other = QualificationCourseFactory(person=record.person, title="Другой курс", hours=72)

    response = client_for(methodist).post(
        url("edit", training.pk),
        _data(title="Новое название", hours="8", held_on="2025-03-15", version="1"),
    )

    assert response.status_code == 302
    training.refresh_from_db()
    record.refresh_from_db()
    other.refresh_from_db()
    assert (training.title, training.hours, training.version) == ("Новое название", 8, 2)
    assert (record.title, record.hours, record.completed_on) == (
        "Новое название",
        8,
        dt.date(2025, 3, 15),
    )
    assert (other.title, other.hours) == ("Другой курс", 72)


def test_a_stale_edit_is_refused_and_saves_nothing(curator: User) -> None:
    """Someone saved the training after this form was loaded at version 1."""
    training = session(title="Их название", version=2)
    record = attend(training, StudentFactory())

    response = client_for(curator).post(
        url("edit", training.pk), _data(title="Моё название", version="1")
    )

    assert refused_as_stale(response)
    training.refresh_from_db()
    record.refresh_from_db()
    assert (training.title, training.version) == ("Их название", 2)
    assert record.title == "Их название"


def test_an_edit_without_the_version_is_refused(curator: User) -> None:
    training = session(title="Как было")

    response = client_for(curator).post(url("edit", training.pk), _data(title="Без версии"))

    assert "version" in response.context["form"].errors
    training.refresh_from_db()
    assert training.title == "Как было"


def test_the_audience_cannot_change_past_its_attendees(curator: User) -> None:
    training = session(audience=TrainingAudience.STUDENTS)
    attend(training, StudentFactory(last_name="Студентка"))

    response = client_for(curator).post(
        url("edit", training.pk), _data(audience=TrainingAudience.TEACHERS, version="1")
    )

    assert "Студентка" in " ".join(response.context["form"].errors["audience"])
    training.refresh_from_db()
    assert (training.audience, training.version) == (TrainingAudience.STUDENTS, 1)


@pytest.mark.parametrize("persona", ["director", "lead", "teacher", "outsider"])
def test_others_cannot_edit(persona: str, request: pytest.FixtureRequest) -> None:
    training = session(title="Как было")
    client = client_for(request.getfixturevalue(persona))

    assert client.get(url("edit", training.pk)).status_code == 403
    assert client.post(url("edit", training.pk), _data(version="1")).status_code == 403
    training.refresh_from_db()
    assert training.title == "Как было"


def test_editing_refuses_other_methods(curator: User) -> None:
    assert client_for(curator).delete(url("edit", session().pk)).status_code == 405


# --- Deleting ----------------------------------------------------------------------------------


def test_the_confirmation_counts_the_records_that_go_with_it(curator: User) -> None:
    training = session()
    attend(training, StudentFactory())
    attend(training, StudentFactory())

    response = client_for(curator).get(url("delete", training.pk))

    assert response.status_code == 200
    assert response.context["record_count"] == 2
    assert 'data-testid="records-warning"' in response.text
    assert TrainingSession.objects.filter(pk=training.pk).exists()


def test_deleting_takes_the_attendees_records_with_it(methodist: User) -> None:
    training = session()
    record = attend(training, StudentFactory())
    kept = QualificationCourseFactory(person=record.person)

    response = client_for(methodist).post(url("delete", training.pk))

    assert response.status_code == 302
    assert response["Location"] == LIST
    assert not TrainingSession.objects.exists()
    assert list(QualificationCourse.objects.all()) == [kept]


@pytest.mark.parametrize("persona", ["director", "lead", "teacher", "outsider"])
def test_others_cannot_delete(persona: str, request: pytest.FixtureRequest) -> None:
    training = session()
    client = client_for(request.getfixturevalue(persona))

    assert client.get(url("delete", training.pk)).status_code == 403
    assert client.post(url("delete", training.pk)).status_code == 403
    assert TrainingSession.objects.filter(pk=training.pk).exists()


def test_deleting_a_missing_training_is_not_found(curator: User) -> None:
    assert client_for(curator).post(url("delete", 9999)).status_code == 404


def test_deleting_refuses_other_methods(curator: User) -> None:
    assert client_for(curator).put(url("delete", session().pk)).status_code == 405


# --- Attendance --------------------------------------------------------------------------------


def _add(client: Client, training: TrainingSession, *people: Any) -> Any:
    return client.post(url("attendance", training.pk), {"people": [p.pk for p in people]})


def test_the_attendance_form_offers_the_audience_not_yet_attending(curator: User) -> None:
    training = session(audience=TrainingAudience.STUDENTS)
    offered = StudentFactory(last_name="Предложенная")
    attending = StudentFactory(last_name="Пришедшая")
    attend(training, attending)
    TeacherFactory(last_name="Преподавательница")

    response = client_for(curator).get(url("attendance", training.pk))

    assert response.status_code == 200
    choices = [value for value, _label in response.context["form"].fields["people"].widget.choices]
    assert choices == [offered.pk]
    assert "Пришедшая" in response.text  # among the attendees, not the choices


def test_adding_attendees_gives_each_a_mentor_training_record(
    methodist: User, organization_named: Organization
) -> None:
    training = session(
        title="Школа наставников", hours=6, held_on=dt.date(2025, 3, 14), led_by="Белова Н. С."
    )
    first, second = StudentFactory(), StudentFactory()

    response = _add(client_for(methodist), training, first, second)

    assert response.status_code == 302
    assert response["Location"] == url("attendance", training.pk)
    records = QualificationCourse.objects.filter(session=training).order_by("person_id")
    assert [
        (r.person_id, r.title, r.provider, r.hours, r.completed_on, r.is_mentor_training)
        for r in records
    ] == [
        (person.pk, "Школа наставников", "КГБПОУ ЧГТТ", 6, dt.date(2025, 3, 14), True)
        for person in (first, second)
    ]


def test_without_the_organizations_name_the_leader_is_the_provider(curator: User) -> None:
    training = session(audience=TrainingAudience.TEACHERS, led_by="Белова Н. С.")

    _add(client_for(curator), training, TeacherFactory())

    assert QualificationCourse.objects.get(session=training).provider == "Белова Н. С."


@pytest.mark.parametrize(
    ("audience", "factory"),
    [
        (TrainingAudience.TEACHERS, TeacherFactory),
        (TrainingAudience.EMPLOYERS, PartnerEmployeeFactory),
    ],
)
def test_each_audience_takes_its_kind_of_person(
    curator: User, audience: str, factory: Callable[..., Any]
) -> None:
    training = session(audience=audience)
    person = factory()

    assert _add(client_for(curator), training, person).status_code == 302
    assert QualificationCourse.objects.get(session=training).person_id == person.pk


def test_a_person_of_another_kind_is_refused_by_name_and_nobody_is_added(
    curator: User,
) -> None:
    training = session(audience=TrainingAudience.STUDENTS)
    student = StudentFactory()
    teacher = TeacherFactory(last_name="Неподходящая")

    response = _add(client_for(curator), training, student, teacher)

    assert response.status_code == 200
    assert "Неподходящая" in _error_text(response)
    assert not QualificationCourse.objects.exists()


def test_a_person_already_attending_is_refused_by_name_and_nobody_is_added(
    curator: User,
) -> None:
    """The page was loaded before someone else recorded her."""
    training = session()
    already = StudentFactory(last_name="Уже-Записанная")
    record = attend(training, already)
    newcomer = StudentFactory()

    response = _add(client_for(curator), training, newcomer, already)

    assert response.status_code == 200
    assert "Уже-Записанная" in _error_text(response)
    assert list(QualificationCourse.objects.all()) == [record]


def test_a_school_pupil_cannot_be_added(curator: User) -> None:
    training = session()

    response = _add(client_for(curator), training, PupilFactory())

    assert "people" in response.context["form"].errors
    assert not QualificationCourse.objects.exists()


def test_adding_nobody_is_refused(curator: User) -> None:
    training = session()

    response = client_for(curator).post(url("attendance", training.pk), {})

    assert "people" in response.context["form"].errors


@pytest.mark.parametrize("persona", ["director", "lead", "teacher", "outsider"])
def test_others_cannot_change_the_attendance(persona: str, request: pytest.FixtureRequest) -> None:
    training = session()
    student = StudentFactory()
    record = attend(training, StudentFactory())
    client = client_for(request.getfixturevalue(persona))

    assert client.get(url("attendance", training.pk)).status_code == 403
    assert _add(client, training, student).status_code == 403
    assert client.post(url("attendee-remove", training.pk, record.pk)).status_code == 403
    assert list(QualificationCourse.objects.all()) == [record]


def test_the_attendance_refuses_other_methods(curator: User) -> None:
    assert client_for(curator).put(url("attendance", session().pk)).status_code == 405


def test_removing_an_attendee_asks_first(curator: User) -> None:
    training = session()
    record = attend(training, StudentFactory(last_name="Уходящая"))

    response = client_for(curator).get(url("attendee-remove", training.pk, record.pk))

    assert response.status_code == 200
    assert "Уходящая" in response.text
    assert QualificationCourse.objects.filter(pk=record.pk).exists()


def test_removing_an_attendee_deletes_their_record_of_it(methodist: User) -> None:
    training = session()
    record = attend(training, StudentFactory())
    kept = attend(training, StudentFactory())

    response = client_for(methodist).post(url("attendee-remove", training.pk, record.pk))

    assert response.status_code == 302
    assert response["Location"] == url("attendance", training.pk)
    assert list(QualificationCourse.objects.all()) == [kept]


def test_a_record_of_another_training_is_not_found(curator: User) -> None:
    record = attend(session(), StudentFactory())
    other = session()
    client = client_for(curator)

    assert client.get(url("attendee-remove", other.pk, record.pk)).status_code == 404
    assert client.post(url("attendee-remove", other.pk, record.pk)).status_code == 404
    assert client.post(url("attendee-remove", other.pk, 9999)).status_code == 404
    assert QualificationCourse.objects.filter(pk=record.pk).exists()


def test_removing_refuses_other_methods(curator: User) -> None:
    training = session()
    record = attend(training, StudentFactory())

    response = client_for(curator).put(url("attendee-remove", training.pk, record.pk))

    assert response.status_code == 405


def test_a_record_without_a_session_cannot_be_removed_here(curator: User) -> None:
    training = session()
    course = QualificationCourseFactory()

    assert (
        client_for(curator).post(url("attendee-remove", training.pk, course.pk)).status_code == 404
    )


# --- The person's page -----------------------------------------------------------------------


def test_a_persons_training_record_links_to_its_training(curator: User) -> None:
    training = session(title="Школа наставников")
    student = StudentFactory()
    attend(training, student)
    QualificationCourseFactory(person=student, title="Курс со стороны")

    response = client_for(curator).get(reverse("people:detail", args=[student.pk]))

    assert response.text.count(f'href="{url("detail", training.pk)}"') == 1
    assert re.search(r"<td>Курс со стороны\s", response.text)  # no link


def test_the_link_is_left_out_for_whoever_may_not_see_trainings(curator: User) -> None:
    """A viewer of people and training records without the trainings' permission."""
    training = session()
    teacher = TeacherFactory()
    attend(training, teacher)
    curator.user_permissions.clear()
    curator.groups.clear()
    for codename in ("view_person", "view_teacher", "view_qualificationcourse"):
        curator.user_permissions.add(Permission.objects.get(codename=codename))
    user = User.objects.get(pk=curator.pk)

    response = client_for(user).get(reverse("people:detail", args=[teacher.pk]))

    assert response.status_code == 200
    assert training.title in response.text
    assert url("detail", training.pk) not in response.text


@pytest.fixture
def organization_named(db: None) -> Organization:
    organization = Organization.load()
    organization.short_name = "КГБПОУ ЧГТТ"
    organization.save()
    return organization
