"""The attendance sheet of a mentor training (лист регистрации), printed to be signed.

Tests named `test_pdf_…` render through WeasyPrint; `pytest -k "not pdf"` leaves them out.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from programs.models import Organization, TrainingAudience, TrainingSession
from registry.training.services import add_attendees
from reports.documents.attendance_sheet import attendance_sheet_pdf
from tests.conftest import client_for
from tests.factories import (
    PartnerEmployeeFactory,
    PartnerOrganizationFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
    TrainingSessionFactory,
)
from tests.pdf import A4_PORTRAIT, pdf_page_sizes, pdf_text

pytestmark = pytest.mark.django_db

DOCUMENTS_CSS = "https://nastavnik.invalid/static/css/documents.css"
FULL_NAME = (
    "Краевое государственное бюджетное профессиональное образовательное учреждение "
    "«Чегдомынский горно-технологический техникум»"
)


@pytest.fixture(autouse=True)
def organization(db: None) -> Organization:
    organization = Organization.load()
    organization.full_name = FULL_NAME
    organization.short_name = "КГБПОУ ЧГТТ"
    organization.save()
    return organization


@pytest.fixture
def training(db: None) -> TrainingSession:
    session: TrainingSession = TrainingSessionFactory(
        title="Школа наставников: роль наставника",
        audience=TrainingAudience.STUDENTS,
        held_on=dt.date(2025, 3, 14),
        hours=6,
        led_by="Белова Наталья Сергеевна, методист",
    )
    add_attendees(
        session=session,
        people=[
            StudentFactory(
                last_name="Яковлева",
                first_name="Анна",
                patronymic="Игоревна",
                group=StudyGroupFactory(name="ТЭ-31", course=3),
            ),
            StudentFactory(
                last_name="Антонов",
                first_name="Илья",
                patronymic="Петрович",
                group=StudyGroupFactory(name="ГД-21", course=2),
            ),
        ],
    )
    return session


def sheet_url(pk: int) -> str:
    return reverse("documents:training-sheet", args=[pk])


def test_pdf_attendance_sheet(curator: User, training: TrainingSession, fetched: list[str]) -> None:
    response = client_for(curator).get(sheet_url(training.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == f'inline; filename="attendance-sheet-{training.pk}.pdf"'
    )
    assert fetched == [DOCUMENTS_CSS]
    assert pdf_page_sizes(response.content) == [A4_PORTRAIT]
    text = pdf_text(response.content)
    assert FULL_NAME in text
    assert "Школа наставников: роль наставника" in text
    assert "14.03.2025" in text
    assert "Белова Наталья Сергеевна, методист" in text
    # The attendees in the order of their names, each numbered with their group.
    assert text.index("1 Антонов Илья Петрович") < text.index("2 Яковлева Анна Игоревна")
    assert "ГД-21" in text
    assert "ТЭ-31" in text
    assert "____________ / Н. С. Белова" in text


def test_pdf_a_sheet_with_nobody_yet_has_rows_to_fill_in(methodist: User) -> None:
    session: TrainingSession = TrainingSessionFactory(audience=TrainingAudience.EMPLOYERS)

    pdf = attendance_sheet_pdf(session)

    text = pdf_text(pdf)
    assert " 15 " in text
    assert session.title in text


def test_pdf_the_sheet_prints_the_position_of_teachers_and_employees(methodist: User) -> None:
    teachers: TrainingSession = TrainingSessionFactory(audience=TrainingAudience.TEACHERS)
    add_attendees(session=teachers, people=[TeacherFactory(last_name="Преподавателева")])
    employers: TrainingSession = TrainingSessionFactory(audience=TrainingAudience.EMPLOYERS)
    add_attendees(
        session=employers,
        people=[
            PartnerEmployeeFactory(
                position="горный мастер",
                organization=PartnerOrganizationFactory(short_name="АО «Ургалуголь»"),
            )
        ],
    )

    assert "Преподавателева" in pdf_text(attendance_sheet_pdf(teachers))
    employers_text = pdf_text(attendance_sheet_pdf(employers))
    assert "горный мастер" in employers_text
    assert "Ургалуголь" in employers_text


@pytest.mark.parametrize("persona", ["director", "lead", "methodist"])
def test_pdf_the_viewers_of_trainings_print_the_sheet(
    persona: str, request: pytest.FixtureRequest, training: TrainingSession
) -> None:
    response = client_for(request.getfixturevalue(persona)).get(sheet_url(training.pk))

    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["teacher", "outsider"])
def test_others_cannot_print_the_sheet(persona: str, request: pytest.FixtureRequest) -> None:
    session: TrainingSession = TrainingSessionFactory()

    assert (
        client_for(request.getfixturevalue(persona)).get(sheet_url(session.pk)).status_code == 403
    )


def test_the_sheet_of_a_missing_training_is_not_found(curator: User) -> None:
    assert client_for(curator).get(sheet_url(9999)).status_code == 404


def test_the_sheet_refuses_post(curator: User) -> None:
    session: TrainingSession = TrainingSessionFactory()

    assert client_for(curator).post(sheet_url(session.pk)).status_code == 405
