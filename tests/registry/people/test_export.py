from __future__ import annotations

import datetime as dt
import io
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from core.spreadsheets import XLSX_CONTENT_TYPE
from registry.imports.applying import import_file
from registry.imports.specs import EXPERIENCE_SINCE, LEFT_ON, ImportKind
from registry.models import Student, StudentStatus, StudyGroup, TeacherPosition
from tests.conftest import client_for
from tests.factories import (
    SpecialCategoryStatusFactory,
    SpecialtyFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
)

pytestmark = pytest.mark.django_db

STUDENTS = reverse("imports:export-students")
TEACHERS = reverse("imports:export-teachers")
STUDENT_HEADERS = [
    "Фамилия",
    "Имя",
    "Отчество",
    "Дата рождения",
    "№ зачётной книжки",
    "Группа",
    "Курс",
    "Код специальности",
    "Статус",
]
SPECIAL_HEADERS = ["ОВЗ", "Группа риска"]


@pytest.fixture
def group() -> StudyGroup:
    return StudyGroupFactory(name="ПР-25", course=1, specialty=SpecialtyFactory(code="21.02.17"))


def sheet_of(content: bytes) -> Worksheet:
    sheet = load_workbook(io.BytesIO(content)).active
    assert isinstance(sheet, Worksheet)
    return sheet


def rows_of(content: bytes) -> list[list[Any]]:
    return [list(row) for row in sheet_of(content).iter_rows(values_only=True)]


def test_the_students_export_has_the_import_columns_in_russian_order(
    curator: User, group: StudyGroup
) -> None:
    StudentFactory(
        last_name="Ёлкин",
        first_name="Пётр",
        patronymic="",
        birth_date=dt.date(2009, 5, 14),
        record_book="0012",
        group=group,
        status=StudentStatus.ACADEMIC_LEAVE,
    )
    StudentFactory(last_name="Егоров", first_name="Иван", group=group, record_book="0013")
    StudentFactory(last_name="Жуков", first_name="Иван", group=group, record_book="0014")

    response = client_for(curator).get(STUDENTS)

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="students.xlsx"'
    rows = rows_of(response.content)
    assert rows[0] == STUDENT_HEADERS
    assert [row[0] for row in rows[1:]] == ["Егоров", "Ёлкин", "Жуков"]
    assert rows[2] == [
        "Ёлкин",
        "Пётр",
        None,
        dt.datetime(2009, 5, 14),  # noqa: DTZ001 - openpyxl reads date cells as naive
        "0012",
        "ПР-25",
        1,
        "21.02.17",
        "в академическом отпуске",
    ]


def test_the_export_takes_a_search(curator: User, group: StudyGroup) -> None:
    StudentFactory(last_name="Ёлкин", group=group)
    StudentFactory(last_name="Жуков", group=group)

    response = client_for(curator).get(STUDENTS, {"q": "ЕЛКИН"})

    assert [row[0] for row in rows_of(response.content)[1:]] == ["Ёлкин"]


def test_the_teachers_export(curator: User) -> None:
    TeacherFactory(
        last_name="Петрова",
        first_name="Анна",
        patronymic="Сергеевна",
        birth_date=dt.date(1985, 3, 12),
        personnel_number="0042",
        position=TeacherPosition.MASTER,
        hired_on=dt.date(2010, 9, 1),
        pedagogical_experience_since=dt.date(2008, 9, 1),
        left_on=dt.date(2026, 6, 30),
    )

    response = client_for(curator).get(TEACHERS)

    assert rows_of(response.content) == [
        [
            "Фамилия",
            "Имя",
            "Отчество",
            "Дата рождения",
            "Табельный №",
            "Должность",
            "Дата приёма",
            str(EXPERIENCE_SINCE.header),
            str(LEFT_ON.header),
        ],
        [
            "Петрова",
            "Анна",
            "Сергеевна",
            dt.datetime(1985, 3, 12),  # noqa: DTZ001 - openpyxl reads date cells as naive
            "0042",
            "мастер производственного обучения",
            dt.datetime(2010, 9, 1),  # noqa: DTZ001
            dt.datetime(2008, 9, 1),  # noqa: DTZ001
            dt.datetime(2026, 6, 30),  # noqa: DTZ001
        ],
    ]


def test_the_export_is_imported_back_as_unchanged(curator: User, group: StudyGroup) -> None:
    for number in range(3):
        StudentFactory(group=group, record_book=f"25-{number}", patronymic="")

    response = client_for(curator).get(STUDENTS)
    plan = import_file(kind=ImportKind.STUDENTS, data=response.content, filename="students.xlsx")

    assert (plan.errors, plan.unchanged) == ([], 3)


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_like_text_is_exported_as_text(
    curator: User, group: StudyGroup, prefix: str
) -> None:
    name = f'{prefix}HYPERLINK("http://example.com")'
    StudentFactory(last_name=name, group=group)

    cell = sheet_of(client_for(curator).get(STUDENTS).content)["A2"]

    # XML reads a raw carriage return back as a line feed; the cell is still marked text.
    assert cell.value == name.replace("\r", "\n")
    assert cell.data_type == "s"
    assert cell.quotePrefix is True


def test_plain_text_has_no_quote_prefix(curator: User, group: StudyGroup) -> None:
    StudentFactory(last_name="Иванов", group=group)

    cell = sheet_of(client_for(curator).get(STUDENTS).content)["A2"]

    assert (cell.value, cell.quotePrefix) == ("Иванов", False)


def test_the_export_reads_a_fixed_number_of_queries(
    curator: User, group: StudyGroup, django_assert_max_num_queries: Any
) -> None:
    client = client_for(curator)
    for number in range(30):
        student = StudentFactory(group=group, record_book=str(number))
        if number % 3 == 0:
            SpecialCategoryStatusFactory(consent__person=student)

    with django_assert_max_num_queries(8):
        response = client.get(STUDENTS, {"special": "1"})

    assert len(rows_of(response.content)) == 31


# --- Special categories ---------------------------------------------------------------------


@pytest.fixture
def special_student(group: StudyGroup) -> Student:
    student = StudentFactory(last_name="Особов", group=group)
    SpecialCategoryStatusFactory(
        consent__person=student, has_disabilities=False, in_risk_group=True
    )
    return student


@pytest.mark.parametrize("persona", ["curator", "director"])
def test_special_columns_for_who_may_see_them_on_request(
    persona: str, request: pytest.FixtureRequest, special_student: Student
) -> None:
    client = client_for(request.getfixturevalue(persona))

    rows = rows_of(client.get(STUDENTS, {"special": "1"}).content)

    assert rows[0] == STUDENT_HEADERS + SPECIAL_HEADERS
    assert rows[1][-2:] == [None, "да"]


def test_the_file_with_special_columns_is_named_so(curator: User, special_student: Student) -> None:
    response = client_for(curator).get(STUDENTS, {"special": "1"})

    assert response["Content-Disposition"] == 'attachment; filename="students-ovz-risk.xlsx"'


def test_no_special_columns_unless_asked(curator: User, special_student: Student) -> None:
    rows = rows_of(client_for(curator).get(STUDENTS).content)

    assert rows[0] == STUDENT_HEADERS
    assert "да" not in rows[1]


@pytest.mark.parametrize("persona", ["methodist", "director"])
def test_others_export_the_students_without_special_data(
    persona: str, request: pytest.FixtureRequest, special_student: Student
) -> None:
    response = client_for(request.getfixturevalue(persona)).get(STUDENTS)

    assert response.status_code == 200
    assert rows_of(response.content)[0] == STUDENT_HEADERS


@pytest.mark.parametrize("persona", ["methodist"])
def test_no_special_columns_for_others_even_on_request(
    persona: str, request: pytest.FixtureRequest, special_student: Student
) -> None:
    client = client_for(request.getfixturevalue(persona))

    rows = rows_of(client.get(STUDENTS, {"special": "1"}).content)

    assert rows[0] == STUDENT_HEADERS


def test_a_status_without_a_valid_consent_is_not_exported(
    curator: User, special_student: Student
) -> None:
    consent = special_student.special_status.consent
    consent.withdrawn_on = dt.date(2025, 10, 1)
    consent.save()

    rows = rows_of(client_for(curator).get(STUDENTS, {"special": "1"}).content)

    assert rows[1][-2:] == [None, None]


def test_a_special_export_is_imported_back_without_its_special_columns(
    curator: User, special_student: Student
) -> None:
    special_student.record_book = "25-1"
    special_student.save()
    response = client_for(curator).get(STUDENTS, {"special": "1"})

    plan = import_file(kind=ImportKind.STUDENTS, data=response.content, filename="s.xlsx")

    assert (plan.errors, plan.unchanged, plan.ignored_columns) == ([], 1, SPECIAL_HEADERS)


# --- Methods and roles -------------------------------------------------------------------------


@pytest.mark.parametrize("url", [STUDENTS, TEACHERS])
def test_wrong_method(curator: User, url: str) -> None:
    assert client_for(curator).post(url).status_code == 405


@pytest.mark.parametrize(
    ("persona", "url"),
    [("teacher", STUDENTS), ("teacher", TEACHERS), ("lead", STUDENTS), ("outsider", STUDENTS)],
)
def test_wrong_role(persona: str, url: str, request: pytest.FixtureRequest) -> None:
    assert client_for(request.getfixturevalue(persona)).get(url).status_code == 403


def test_a_partner_curator_exports_no_students(school_curator: Any, group: StudyGroup) -> None:
    """A partner's curator holds no student permission at all."""
    StudentFactory(group=group)

    response = client_for(school_curator.user).get(STUDENTS)

    assert response.status_code == 403


def test_the_students_export_takes_the_lists_group_filter(curator: User, group: StudyGroup) -> None:
    StudentFactory(last_name="Ёлкин", group=group)
    StudentFactory(last_name="Жуков", group=StudyGroupFactory(name="ТМ-24"))

    response = client_for(curator).get(STUDENTS, {"group": group.pk})

    assert [row[0] for row in rows_of(response.content)[1:]] == ["Ёлкин"]


def test_the_students_export_takes_the_lists_status_filter(
    curator: User, group: StudyGroup
) -> None:
    StudentFactory(last_name="Ёлкин", group=group, status=StudentStatus.ACADEMIC_LEAVE)
    StudentFactory(last_name="Жуков", group=group, status=StudentStatus.STUDYING)

    response = client_for(curator).get(
        STUDENTS, {"status": StudentStatus.ACADEMIC_LEAVE, "special": "1"}
    )

    assert [row[0] for row in rows_of(response.content)[1:]] == ["Ёлкин"]


def test_the_teachers_export_takes_the_lists_position_filter(curator: User) -> None:
    TeacherFactory(last_name="Петрова", position=TeacherPosition.MASTER)
    TeacherFactory(last_name="Сидоров", position=TeacherPosition.TEACHER)

    response = client_for(curator).get(TEACHERS, {"position": TeacherPosition.MASTER})

    assert [row[0] for row in rows_of(response.content)[1:]] == ["Петрова"]


def test_the_list_links_its_exports_with_its_filters(curator: User, group: StudyGroup) -> None:
    query = {"q": "Ёлкин", "group": str(group.pk), "status": StudentStatus.STUDYING}

    context = client_for(curator).get(reverse("people:students"), query).context

    export = urlsplit(context["export_url"])
    special = urlsplit(context["special_export_url"])
    assert export.path == special.path == STUDENTS
    assert {key: value for key, [value] in parse_qs(export.query).items()} == query
    assert {key: value for key, [value] in parse_qs(special.query).items()} == {
        **query,
        "special": "1",
    }
