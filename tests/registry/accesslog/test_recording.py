"""The access log (152-ФЗ): each page, export and print of special-category data or of a
whole base writes one row with who, what and whose; nothing else does; rows never change."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pairs.models import Mentorship
from registry.accesslog import record_access
from registry.models import (
    AccessAction,
    AccessLogEntry,
    AccessLogPerson,
    AppendOnlyError,
    Student,
)
from tests.conftest import client_for
from tests.factories import (
    MentorshipFactory,
    PoolEntryFactory,
    SpecialCategoryStatusFactory,
    StudentFactory,
    TeacherFactory,
    UserFactory,
    format_of,
    variant_of,
)

pytestmark = pytest.mark.django_db

STUDENTS = reverse("people:students")


@pytest.fixture
def special_student(db: None) -> Student:
    status = SpecialCategoryStatusFactory(
        consent__person__last_name="Особенная", has_disabilities=True, in_risk_group=True
    )
    return Student.objects.get(pk=status.person_id)


def only_entry() -> AccessLogEntry:
    entries = list(AccessLogEntry.objects.all())
    assert len(entries) == 1, entries
    return entries[0]


def names_of(entry: AccessLogEntry) -> list[str]:
    return [row.name for row in AccessLogPerson.objects.filter(entry=entry)]


def special_pair(**kwargs: Any) -> Mentorship:
    mentorship: Mentorship = MentorshipFactory(
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "disabilities"),
        mentees=[StudentFactory(last_name="Чувствительная", first_name="Анна")],
        **kwargs,
    )
    return mentorship


# --- The person's page and the lists ---------------------------------------------------------


@pytest.mark.parametrize("persona", ["curator", "director"])
def test_the_person_page_logs_who_saw_the_special_status(
    persona: str, special_student: Student, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    url = reverse("people:detail", args=[special_student.pk])

    assert client_for(user).get(url).status_code == 200

    entry = only_entry()
    assert entry.user == user
    assert user.last_name in entry.user_name
    assert entry.action == AccessAction.VIEW
    assert entry.people_count == 1
    assert list(entry.people.all()) == [special_student.person_ptr]
    assert names_of(entry) == [special_student.full_name]
    assert entry.path == url
    # Who, what and whose only: never the special data itself.
    assert "Особенная" not in entry.what


@pytest.mark.parametrize("persona", ["lead", "methodist", "teacher"])
def test_roles_without_special_data_leave_no_trace(
    persona: str, special_student: Student, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(persona))

    client.get(reverse("people:detail", args=[special_student.pk]))
    client.get(STUDENTS)
    client.get(reverse("imports:export-students"), {"special": "1"})

    # The methodist exports the base (counted), never the special columns.
    assert not AccessLogEntry.objects.exclude(what__contains="(XLSX)").exists()
    assert not AccessLogPerson.objects.exists()


def test_a_teacher_page_is_not_logged(curator: User) -> None:
    teacher = TeacherFactory()

    assert client_for(curator).get(reverse("people:detail", args=[teacher.pk])).status_code == 200

    assert not AccessLogEntry.objects.exists()


def test_the_students_list_logs_the_people_of_the_page(
    curator: User, special_student: Student
) -> None:
    StudentFactory(last_name="Обычный")

    assert client_for(curator).get(STUDENTS).status_code == 200

    entry = only_entry()
    assert entry.action == AccessAction.VIEW
    assert sorted(names_of(entry)) == sorted(
        [special_student.full_name, Student.objects.get(last_name="Обычный").full_name]
    )
    assert entry.people_count == 2


def test_the_students_list_logs_in_constant_queries(curator: User) -> None:
    client = client_for(curator)
    StudentFactory.create_batch(2)
    client.get(STUDENTS)
    with CaptureQueriesContext(connection) as few:
        client.get(STUDENTS)
    StudentFactory.create_batch(8)
    with CaptureQueriesContext(connection) as many:
        client.get(STUDENTS)

    assert len(many) == len(few)
    assert AccessLogPerson.objects.filter(entry=AccessLogEntry.objects.first()).count() == 10


def test_other_lists_are_not_logged(curator: User) -> None:
    TeacherFactory()

    client_for(curator).get(reverse("people:teachers"))

    assert not AccessLogEntry.objects.exists()


# --- The exports of the bases ----------------------------------------------------------------


def test_the_special_export_logs_whose_data_left(curator: User, special_student: Student) -> None:
    other = StudentFactory(last_name="Обычный")

    response = client_for(curator).get(reverse("imports:export-students"), {"special": "1"})

    assert response.status_code == 200
    entry = only_entry()
    assert entry.action == AccessAction.EXPORT
    assert "XLSX" in entry.what
    assert set(entry.people.values_list("pk", flat=True)) == {special_student.pk, other.pk}
    assert entry.people_count == 2
    assert "special=1" in entry.path


@pytest.mark.parametrize("name", ["imports:export-students", "imports:export-teachers"])
def test_a_plain_export_is_a_whole_base_counted(
    methodist: User, special_student: Student, name: str
) -> None:
    TeacherFactory.create_batch(2)

    response = client_for(methodist).get(reverse(name))

    assert response.status_code == 200
    entry = only_entry()
    assert entry.action == AccessAction.EXPORT
    assert entry.people_count == (1 if name == "imports:export-students" else 2)
    assert not entry.people.exists()


# --- The pools -------------------------------------------------------------------------------

POOL = {"year": "2025", "role": "mentee"}


def disabilities_entry(**fields: Any) -> Any:
    return PoolEntryFactory(
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "disabilities"),
        **fields,
    )


def test_the_pool_list_logs_the_people_of_special_variants(curator: User) -> None:
    special = disabilities_entry(person=StudentFactory(last_name="Скрытова"))
    PoolEntryFactory(person=StudentFactory(last_name="Обычная"))

    assert client_for(curator).get(reverse("pools:list"), POOL).status_code == 200

    entry = only_entry()
    assert entry.action == AccessAction.VIEW
    assert list(entry.people.values_list("pk", flat=True)) == [special.person_id]


def test_a_pool_without_special_variants_is_not_logged(curator: User) -> None:
    PoolEntryFactory()

    client_for(curator).get(reverse("pools:list"), POOL)

    assert not AccessLogEntry.objects.exists()


def test_the_methodist_pool_list_is_not_logged(methodist: User) -> None:
    disabilities_entry()

    client_for(methodist).get(reverse("pools:list"), POOL)

    assert not AccessLogEntry.objects.exists()


def test_the_pool_xlsx_is_a_whole_base_with_its_special_people(curator: User) -> None:
    special = disabilities_entry()
    PoolEntryFactory()

    response = client_for(curator).get(reverse("pools:export"), POOL)

    assert response.status_code == 200
    entry = only_entry()
    assert entry.action == AccessAction.EXPORT
    assert entry.people_count == 2
    assert list(entry.people.values_list("pk", flat=True)) == [special.person_id]


def test_the_methodist_pool_xlsx_is_counted_without_people(methodist: User) -> None:
    disabilities_entry()

    client_for(methodist).get(reverse("pools:export"), POOL)

    entry = only_entry()
    assert entry.people_count == 1
    assert not entry.people.exists()


# --- The printed documents -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "action"),
    [
        ("documents:registry-xlsx", AccessAction.EXPORT),
        ("documents:registry-pdf", AccessAction.PRINT),
    ],
)
def test_the_registry_with_a_special_variant_is_logged(
    curator: User, name: str, action: AccessAction
) -> None:
    pair = special_pair()
    MentorshipFactory()

    assert client_for(curator).get(reverse(name)).status_code == 200

    entry = only_entry()
    assert entry.action == action
    assert names_of(entry) == [pair.mentees.get().full_name]


@pytest.mark.parametrize("name", ["documents:registry-xlsx", "documents:registry-pdf"])
def test_the_registry_without_special_variants_is_not_logged(
    curator: User, methodist: User, name: str
) -> None:
    MentorshipFactory()
    special_pair()

    client_for(methodist).get(reverse(name))  # hidden from the methodist

    assert not AccessLogEntry.objects.exists()


def test_the_personal_plan_of_a_special_variant_is_logged(curator: User) -> None:
    pair = special_pair()
    url = reverse("documents:personal-plan", args=[pair.pk])

    assert client_for(curator).get(url).status_code == 200

    entry = only_entry()
    assert entry.action == AccessAction.PRINT
    assert names_of(entry) == [pair.mentees.get().full_name]


def test_the_personal_plan_of_a_plain_pair_is_not_logged(curator: User) -> None:
    pair = MentorshipFactory()

    client_for(curator).get(reverse("documents:personal-plan", args=[pair.pk]))

    assert not AccessLogEntry.objects.exists()


# --- Append-only -----------------------------------------------------------------------------


def test_a_row_cannot_be_changed_or_deleted(curator: User, special_student: Student) -> None:
    entry = record_access(curator, action=AccessAction.VIEW, what="X", people=[special_student])

    entry.what = "Y"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(what="Y")
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()

    entry.refresh_from_db()
    assert entry.what == "X"


def test_the_names_are_kept_as_they_were(curator: User, special_student: Student) -> None:
    entry = record_access(curator, action=AccessAction.VIEW, what="X", people=[special_student])
    special_student.last_name = "Переименованная"
    special_student.save()

    assert names_of(entry)[0].startswith("Особенная ")


def test_a_deleted_user_leaves_the_name(special_student: Student) -> None:
    user = UserFactory(username="gone", last_name="Ушедший", roles=["curator"])
    entry = record_access(user, action=AccessAction.VIEW, what="X", people=[special_student])

    user.delete()

    entry.refresh_from_db()
    assert entry.user is None
    assert "Ушедший" in entry.user_name


def test_no_edit_permissions_exist() -> None:
    from django.contrib.auth.models import Permission

    codenames = set(
        Permission.objects.filter(content_type__model="accesslogentry").values_list(
            "codename", flat=True
        )
    )
    assert codenames == {"view_accesslogentry"}


def test_recording_without_a_request(curator: User) -> None:
    entry = record_access(curator, action=AccessAction.EXPORT, what="Base", count=120)

    assert entry.people_count == 120
    assert entry.path == ""
    assert entry.at.date() >= dt.date(2025, 1, 1)
