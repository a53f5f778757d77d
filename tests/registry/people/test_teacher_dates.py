"""A teacher's start of pedagogical experience and date of leaving (what the indicators need):
in the forms, on the person's page, and in the import and export of teachers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from registry.imports.applying import import_file
from registry.imports.specs import EXPERIENCE_SINCE, LEFT_ON, ImportKind
from registry.models import Teacher
from tests.conftest import client_for
from tests.factories import TeacherFactory
from tests.registry.imports.files import TEACHER_HEADER, csv_bytes, teacher
from tests.stale import token_of

pytestmark = pytest.mark.django_db

HEADER = [*TEACHER_HEADER, str(EXPERIENCE_SINCE.header), str(LEFT_ON.header)]


def _teacher_data(**fields: object) -> dict[str, object]:
    data: dict[str, object] = {
        "last_name": "Ёжикова",
        "first_name": "Алёна",
        "position": "teacher",
        "hired_on": "2024-09-01",
        "pedagogical_experience_since": "2023-09-01",
        "left_on": "",
    }
    data.update(fields)
    return data


def test_the_curator_adds_a_teacher_with_experience_and_leaving(curator: User) -> None:
    response = client_for(curator).post(
        reverse("people:create-teacher"), _teacher_data(left_on="2026-06-30")
    )

    assert response.status_code == 302
    saved = Teacher.objects.get()
    assert (saved.pedagogical_experience_since, saved.left_on) == (
        dt.date(2023, 9, 1),
        dt.date(2026, 6, 30),
    )


def test_leaving_before_being_hired_is_refused(curator: User) -> None:
    existing = TeacherFactory(hired_on=dt.date(2024, 9, 1))
    data = _teacher_data(left_on="2024-08-31", seen=token_of(existing))

    response = client_for(curator).post(reverse("people:edit", args=[existing.pk]), data)

    assert response.status_code == 200
    assert response.context["form"].errors
    existing.refresh_from_db()
    assert existing.left_on is None


def test_the_person_page_shows_both_dates(curator: User) -> None:
    shown = TeacherFactory(
        pedagogical_experience_since=dt.date(2023, 9, 1), left_on=dt.date(2026, 6, 30)
    )

    response = client_for(curator).get(reverse("people:detail", args=[shown.pk]))

    details = response.content.decode()
    assert response.status_code == 200
    assert "01.09.2023" in details
    assert "30.06.2026" in details


def test_the_import_reads_both_dates_and_sees_them_change() -> None:
    TeacherFactory(personnel_number="0042", birth_date=dt.date(1985, 3, 12))
    data = csv_bytes(
        [
            [*teacher("Петрова", "0042"), "01.09.2008", ""],
            [*teacher("Сидорова", "0043"), "01.09.2024", "30.06.2026"],
        ],
        header=HEADER,
    )

    plan = import_file(kind=ImportKind.TEACHERS, data=data, filename="teachers.csv")

    assert (plan.errors, plan.created, plan.updated) == ([], 1, 1)
    assert str(EXPERIENCE_SINCE.header) in plan.rows[0].changes
    assert Teacher.objects.get(personnel_number="0042").pedagogical_experience_since == dt.date(
        2008, 9, 1
    )
    assert Teacher.objects.get(personnel_number="0043").left_on == dt.date(2026, 6, 30)


def test_the_import_refuses_leaving_before_being_hired() -> None:
    data = csv_bytes([[*teacher("Петрова", "0042"), "", "31.08.2010"]], header=HEADER)

    plan = import_file(kind=ImportKind.TEACHERS, data=data, filename="teachers.csv")

    assert [(error.row, error.column) for error in plan.errors] == [(2, str(LEFT_ON.header))]
    assert Teacher.objects.count() == 0
