"""The pair registry as XLSX and as a printed PDF: the registry page's rows, filters and sort.

Tests named `test_pdf_…` print the PDF (ReportLab, core/longtables.py); `pytest -k "not pdf"`
leaves them out.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from io import BytesIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from openpyxl import load_workbook

from core.dates import AcademicYear
from pairs.models import (
    DecisionBody,
    Mentorship,
    MentorshipResult,
    MentorshipStatus,
    ResultAchievement,
    TerminationReason,
)
from programs.models import Organization
from registry.models import Teacher
from reports.models import DocumentJob
from tests.conftest import client_for
from tests.factories import (
    DecisionFactory,
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


def registry_pages(pdf: bytes) -> list[str]:
    """The text of each page cell by cell (`pdftotext -raw`: the registry's narrow columns
    sit too close for `-layout`), on one line, the words hyphenated at a line's end
    («сту-|дент») joined again."""
    result = subprocess.run(
        ["pdftotext", "-raw", "-", "-"],  # noqa: S607 - poppler-utils, a test dependency
        input=pdf,
        capture_output=True,
        check=True,
    )
    pages = [" ".join(page.split()) for page in result.stdout.decode().split("\f")]
    return [re.sub(r"(\w)- (\w)", r"\1\2", page) for page in pages if page]


def registry_text(pdf: bytes) -> str:
    return " ".join(registry_pages(pdf))


XLSX = reverse("documents:registry-xlsx")
PDF = reverse("documents:registry-pdf")
REGISTRY = reverse("mentorships:registry")
DOCUMENTS_CSS = "https://nastavnik.invalid/static/css/documents.css"

ORGANIZATION = {
    "full_name": "Краевое государственное бюджетное профессиональное образовательное "
    "учреждение «Чегдомынский горно-технологический техникум»",
    "short_name": "КГБПОУ ЧГТТ",
    "director_name": "Соколова Елена Викторовна",
    "curator_name": "Васильев Андрей Сергеевич",
    "curator_position": "заместитель директора по учебно-производственной работе",
}


@pytest.fixture
def organization(db: None) -> Organization:
    organization = Organization.load()
    for name, value in ORGANIZATION.items():
        setattr(organization, name, value)
    organization.save()
    return organization


def student_pair(**kwargs: Any) -> Mentorship:
    """A «студент – студент» pair, the format the `lead` persona leads."""
    defaults: dict[str, Any] = {
        "format": format_of("student_student"),
        "variant": variant_of("student_student", "peer_to_peer"),
        "mentors": [StudentFactory(last_name="Старшекурсников", group=StudyGroupFactory(course=3))],
        "mentees": [StudentFactory(last_name="Первокурсников", group=StudyGroupFactory(course=1))],
    }
    mentorship: Mentorship = MentorshipFactory(**{**defaults, **kwargs})
    return mentorship


def special_pair(variant: str = "risk_group", **kwargs: Any) -> Mentorship:
    mentorship: Mentorship = MentorshipFactory(
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", variant),
        mentees=[StudentFactory(last_name="Чувствительная", first_name="Анна")],
        **kwargs,
    )
    return mentorship


def sheet_rows(content: bytes) -> list[tuple[Any, ...]]:
    return list(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))


def xlsx_rows(user: User, query: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """The data rows of the user's registry XLSX, without the header."""
    response = client_for(user).get(XLSX, query or {})
    assert response.status_code == 200
    return sheet_rows(response.content)[1:]


def registry_numbers(user: User, query: dict[str, Any] | None = None) -> list[int]:
    return [row[1] for row in xlsx_rows(user, query)]


# --- XLSX ------------------------------------------------------------------------------------


def test_xlsx_has_a_row_per_mentorship_with_every_column(curator: User) -> None:
    mentorship = MentorshipFactory(
        mentors=[TeacherFactory(last_name="Наставникова", first_name="Ольга", patronymic="")],
        mentees=[
            StudentFactory(
                last_name="Ёлкин",
                first_name="Пётр",
                patronymic="",
                group=StudyGroupFactory(name="ГРП-21", course=2),
            ),
            PupilFactory(last_name="Школьникова", first_name="Вера", grade=9, class_letter="Б"),
        ],
        decision=DecisionFactory(number="7", decided_on=dt.date(2025, 9, 15)),
        started_on=dt.date(2025, 10, 1),
        planned_end_on=dt.date(2026, 6, 30),
        status=MentorshipStatus.TERMINATED,
        ended_on=dt.date(2026, 2, 1),
        termination_reason=TerminationReason.OTHER,
        termination_comment="Переезд",
    )

    response = client_for(curator).get(XLSX)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="pair-registry.xlsx"' in response["Content-Disposition"]
    header, row = sheet_rows(response.content)
    assert header[:4] == ("№", "Номер в реестре", "Наставники", "Наставляемые")
    assert row[:2] == (1, mentorship.pk)
    assert row[2] == "Наставникова Ольга (преподаватель)"
    assert row[3].startswith("Ёлкин Пётр (группа ГРП-21, 2 курс); Школьникова Вера (")
    assert row[3].endswith("9Б класс)")
    assert row[4:8] == ("педагог – педагог", "—", "педагогический совет", "7")
    assert [cell.date() for cell in row[8:12]] == [
        dt.date(2025, 9, 15),
        dt.date(2025, 10, 1),
        dt.date(2026, 6, 30),
        dt.date(2026, 2, 1),
    ]
    assert row[12] == "прекращена досрочно"
    assert row[13] is None  # results are those of completed pairs


def test_xlsx_of_curator_director_and_methodist_has_every_mentorship(
    curator: User, director: User, methodist: User
) -> None:
    ids = {MentorshipFactory().pk, student_pair().pk, special_pair().pk}

    for user in (curator, director, methodist):
        assert set(registry_numbers(user)) == ids, user.username


def test_xlsx_of_a_format_lead_has_only_their_formats(lead: User) -> None:
    own = student_pair()
    MentorshipFactory()
    special_pair()

    assert registry_numbers(lead) == [own.pk]


def test_xlsx_of_a_teacher_has_only_where_they_are_mentor(
    teacher: User, teacher_person: Teacher
) -> None:
    own = MentorshipFactory(mentors=[teacher_person])
    MentorshipFactory()

    assert registry_numbers(teacher) == [own.pk]


def test_xlsx_leaves_drafts_out(curator: User) -> None:
    MentorshipFactory(status=MentorshipStatus.DRAFT, decision=None)

    assert xlsx_rows(curator) == []


def test_xlsx_follows_the_filters_of_the_page(curator: User) -> None:
    MentorshipFactory()
    own = student_pair()
    student_pair(status=MentorshipStatus.COMPLETED, ended_on=dt.date(2026, 1, 10))
    query = {"format": format_of("student_student").pk, "status": "active", "page": "3"}

    response = client_for(curator).get(REGISTRY, query)
    assert [row.record for row in response.context["table"].rows] == [own]
    assert registry_numbers(curator, query) == [own.pk]


def test_xlsx_follows_the_year_and_the_search(curator: User) -> None:
    MentorshipFactory(
        started_on=dt.date(2023, 10, 1),
        planned_end_on=dt.date(2024, 6, 1),
        ended_on=dt.date(2024, 6, 1),
        status=MentorshipStatus.COMPLETED,
        mentees=[TeacherFactory(last_name="Ёжикова")],
    )
    current = MentorshipFactory(mentees=[TeacherFactory(last_name="Ёжикова")])
    MentorshipFactory(mentees=[TeacherFactory(last_name="Иванова")])

    response = client_for(curator).get(XLSX, {"q": "ежикова", "year": "2025"})

    assert [row[1] for row in sheet_rows(response.content)[1:]] == [current.pk]
    assert 'filename="pair-registry-2025.xlsx"' in response["Content-Disposition"]


def test_xlsx_follows_the_sort_of_the_page(curator: User) -> None:
    late = MentorshipFactory(mentees=[TeacherFactory(last_name="Яковлева")])
    early = MentorshipFactory(mentees=[TeacherFactory(last_name="Ёлкина")])
    first = MentorshipFactory(mentees=[TeacherFactory(last_name="Абрамова")])

    assert registry_numbers(curator, {"sort": "mentees"}) == [first.pk, early.pk, late.pk]
    assert registry_numbers(curator, {"sort": "-mentees"}) == [late.pk, early.pk, first.pk]


@pytest.mark.parametrize("query", [{"format": "999999"}, {"year": "1999"}, {"status": "draft"}])
def test_filters_that_make_no_sense_are_not_printed_as_the_whole_registry(
    curator: User, query: dict[str, str]
) -> None:
    MentorshipFactory()

    assert client_for(curator).get(XLSX, query).status_code == 404
    assert client_for(curator).get(PDF, query).status_code == 404


def test_xlsx_hides_special_category_variants_from_the_methodist(methodist: User) -> None:
    special_pair("risk_group")
    special_pair("gifted")

    rows = xlsx_rows(methodist)

    assert {row[5] for row in rows} == {"—"}
    assert all("Чувствительная" in row[3] for row in rows)


def test_xlsx_hides_special_category_variants_from_a_teacher_mentor(
    teacher: User, teacher_person: Teacher
) -> None:
    special_pair("disabilities", mentors=[teacher_person])

    [row] = xlsx_rows(teacher)

    assert row[4:6] == ("педагог – студент", "—")


def test_xlsx_shows_special_category_variants_to_curator_and_their_lead(
    curator: User, lead: User
) -> None:
    format_of("teacher_student").leads.add(lead)
    special_pair("disabilities")

    for user in (curator, lead):
        assert [row[5] for row in xlsx_rows(user)] == ["педагог – студент с ОВЗ"]


def test_xlsx_keeps_names_that_look_like_formulas_as_text(curator: User) -> None:
    MentorshipFactory(mentors=[TeacherFactory(last_name="=HYPERLINK(1)", first_name="Ян")])

    response = client_for(curator).get(XLSX)

    cell = load_workbook(BytesIO(response.content)).active["C2"]
    assert cell.data_type == "s"
    assert cell.value.startswith("=HYPERLINK(1) Ян")


def _fill_registry(rows: int) -> None:
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
        special_pair()


# Session, user, user's and groups' permissions, roles, hidden-variant formats, mentorships,
# mentors, mentees, the results of completed pairs.
XLSX_QUERIES = 10


@pytest.mark.parametrize("rows", [1, 8])
@pytest.mark.parametrize("sort", ["", "mentors", "-mentees"])
def test_xlsx_does_a_constant_number_of_queries(
    methodist: User, rows: int, sort: str, django_assert_max_num_queries: Any
) -> None:
    _fill_registry(rows)
    client = client_for(methodist)
    client.get(REGISTRY)  # warms the session
    with django_assert_max_num_queries(XLSX_QUERIES):
        response = client.get(XLSX, {"sort": sort} if sort else {})
    assert len(sheet_rows(response.content)) == rows * 5 + 1


def test_pdf_does_a_constant_number_of_queries(
    methodist: User, organization: Organization, django_assert_max_num_queries: Any
) -> None:
    _fill_registry(3)
    client = client_for(methodist)
    client.get(REGISTRY)  # warms the session
    # And the organization, and the count checked against DOCUMENTS_AT_ONCE_MAX_ROWS.
    with django_assert_max_num_queries(XLSX_QUERIES + 2):
        response = client.get(PDF, {"sort": "mentors"})
    assert response.status_code == 200


# --- Access ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [XLSX, PDF])
def test_registry_documents_need_a_role(outsider: User, url: str) -> None:
    assert client_for(outsider).get(url).status_code == 403


@pytest.mark.parametrize("url", [XLSX, PDF])
def test_registry_documents_refuse_post(curator: User, url: str) -> None:
    assert client_for(curator).post(url).status_code == 405


def test_registry_documents_need_a_login(client: Any) -> None:
    assert client.get(XLSX).status_code in {302, 403}


# --- The registry page links to both, with its query string ----------------------------------


def test_registry_page_links_the_documents_with_its_filters(curator: User) -> None:
    student_student = format_of("student_student")
    query = {"format": student_student.pk, "sort": "mentors", "page": "1"}

    response = client_for(curator).get(REGISTRY, query)

    expected = f"?format={student_student.pk}&amp;sort=mentors"
    assert f'href="{XLSX}{expected}"' in response.text
    assert f'href="{PDF}{expected}"' in response.text
    assert "Скачать XLSX" in response.text
    assert "Печать (PDF)" in response.text


def test_registry_page_links_the_documents_without_filters(teacher: User) -> None:
    response = client_for(teacher).get(REGISTRY)

    assert f'href="{XLSX}"' in response.text
    assert f'href="{PDF}"' in response.text


def test_registry_page_offers_no_documents_for_filters_that_make_no_sense(curator: User) -> None:
    response = client_for(curator).get(REGISTRY, {"format": "999999"})

    assert XLSX not in response.text


# --- PDF -------------------------------------------------------------------------------------


def test_pdf_prints_the_registry_with_title_pages_and_signatures(
    curator: User, organization: Organization
) -> None:
    pair = student_pair(
        mentors=[
            StudentFactory(
                last_name="Старшекурсников",
                first_name="Илья",
                patronymic="",
                group=StudyGroupFactory(name="ГРП-31", course=3),
            )
        ],
        decision=DecisionFactory(number="12", decided_on=dt.date(2025, 9, 15)),
    )
    current = AcademicYear.current()

    response = client_for(curator).get(PDF)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'inline; filename="pair-registry.pdf"' in response["Content-Disposition"]
    text = registry_text(response.content)
    assert ORGANIZATION["full_name"] in text
    assert "Реестр наставнических пар" in text
    assert f"Все учебные годы (текущий — {current.label})" in text
    # pdftotext keeps the columns side by side: a cell's wrapped lines are apart.
    assert f"{pair.pk} Старшекурсников Илья," in text
    assert "ГРП-31, 3 курс" in text
    assert "равный –" in text
    assert "№ 12 от" in text
    assert "01.10.2025 –" in text
    assert "страница 1 из 1" in text
    assert "Куратор программы" in text
    assert "А. С. Васильев" in text
    assert "Директор" in text
    assert "Е. В. Соколова" in text


def test_pdf_title_names_the_year_and_the_filters(
    curator: User, organization: Organization
) -> None:
    student_pair(mentees=[StudentFactory(last_name="Ёжиков")])
    query = {"year": "2025", "format": format_of("student_student").pk, "q": "ежиков"}

    response = client_for(curator).get(PDF, query)

    text = registry_text(response.content)
    assert "Пары, действующие в 2025/2026 учебном году" in text
    assert "Отбор: форма «студент – студент»; в имени «ежиков»" in text
    assert "Ёжиков" in text
    assert 'filename="pair-registry-2025.pdf"' in response["Content-Disposition"]


def test_pdf_of_an_empty_selection_says_so(director: User, organization: Organization) -> None:
    text = registry_text(client_for(director).get(PDF).content)

    assert "Нет наставнических пар, подходящих под условия отбора." in text


def test_pdf_of_a_format_lead_has_only_their_formats(
    lead: User, organization: Organization
) -> None:
    student_pair()
    MentorshipFactory(mentees=[TeacherFactory(last_name="Чужая")])

    text = registry_text(client_for(lead).get(PDF).content)

    assert "Первокурсников" in text
    assert "Чужая" not in text


def test_pdf_masks_special_category_variants(
    methodist: User, lead: User, organization: Organization
) -> None:
    special_pair("risk_group")

    text = registry_text(client_for(methodist).get(PDF).content)
    assert "Чувствительная" in text
    assert "группы риска" not in text

    format_of("teacher_student").leads.add(lead)
    assert "группы риска" in registry_text(client_for(lead).get(PDF).content)


def test_pdf_prints_what_people_typed_as_text_and_fetches_nothing(
    fetched: list[str], curator: User, organization: Organization
) -> None:
    image = '<img src="file:///etc/passwd">'
    stylesheet = '<link rel=stylesheet href="http://example.com/a.css">'
    MentorshipFactory(
        mentors=[TeacherFactory(last_name=image, first_name="Ян", patronymic="")],
        mentees=[TeacherFactory(last_name=stylesheet, first_name="Ян", patronymic="")],
    )

    text = registry_text(client_for(curator).get(PDF).content)

    assert fetched == []  # the registry is printed without a stylesheet (ReportLab)
    # Printed as the text typed; where a cell wraps it, pdftotext puts a space between lines.
    unwrapped = text.replace(" ", "")
    assert '<imgsrc="file:///etc/passwd">Ян,преподаватель' in unwrapped
    assert '<linkrel=stylesheethref="http://example.com/a.css">Ян' in unwrapped


def test_pdf_repeats_the_table_header_on_every_page(
    curator: User, organization: Organization
) -> None:
    for _ in range(40):
        student_pair()

    text = registry_text(client_for(curator).get(PDF).content)

    pages = int(text.split("страница 1 из ")[1].split()[0])
    assert pages > 1
    assert text.count("Наставляемый") == pages


def test_pdf_numbers_pairs_as_the_registry_and_prints_decision_body_and_results(
    curator: User, organization: Organization
) -> None:
    completed = MentorshipFactory(
        mentees=[TeacherFactory(last_name="Завершившая")],
        decision=DecisionFactory(
            body=DecisionBody.WORKING_GROUP, number="5", decided_on=dt.date(2025, 9, 20)
        ),
        status=MentorshipStatus.COMPLETED,
        ended_on=dt.date(2026, 5, 15),
        results="Открытый урок проведён",
    )
    MentorshipResult.objects.create(
        mentorship=completed,
        expected="Адаптация",
        achievement=ResultAchievement.ACHIEVED,
    )
    active = MentorshipFactory(
        mentees=[TeacherFactory(last_name="Действующая")],
        decision=DecisionFactory(body=DecisionBody.PEDAGOGICAL_COUNCIL, number="44"),
        results="Не печатается",
    )

    text = registry_text(client_for(curator).get(PDF, {"sort": "id"}).content)

    assert f" {completed.pk} Педагогова" in text
    assert f" {active.pk} Педагогова" in text
    assert "Рабочая группа, № 5 от 20.09.2025" in text
    assert "Педагогический совет, № 44 от" in text
    assert "завершена Открытый урок проведён Адаптация — достигнут" in text
    assert "Не печатается" not in text


def test_pdf_keeps_the_signatures_with_the_last_rows(
    curator: User, organization: Organization
) -> None:
    pairs = [student_pair() for _ in range(19)]

    pages = registry_pages(client_for(curator).get(PDF, {"sort": "id"}).content)

    assert len(pages) > 1
    last = pages[-1]
    assert "Куратор программы" in last
    assert "Наставляемый" in last  # the header, repeated
    assert all(f" {pair.pk} Старшекурсников" in f" {last}" for pair in pairs[-3:])
    assert all("Куратор программы" not in page for page in pages[:-1])


def test_xlsx_has_the_decision_body_and_the_results_of_completed_pairs(
    curator: User,
) -> None:
    completed = MentorshipFactory(
        decision=DecisionFactory(body=DecisionBody.WORKING_GROUP),
        status=MentorshipStatus.COMPLETED,
        ended_on=dt.date(2026, 5, 15),
        results="Открытый урок проведён",
    )
    MentorshipResult.objects.create(
        mentorship=completed, expected="Адаптация", achievement=ResultAchievement.PARTLY
    )

    header, row = sheet_rows(client_for(curator).get(XLSX).content)

    assert len(header) == len(row) == 14
    assert row[1] == completed.pk
    assert row[6] == "рабочая группа"
    assert row[13] == "Открытый урок проведён\nАдаптация — достигнут частично"


def test_pdf_prints_the_search_text_as_text(
    fetched: list[str], curator: User, organization: Organization
) -> None:
    search = '<img src="http://example.com/x.png">'

    text = registry_text(client_for(curator).get(PDF, {"q": search}).content)

    assert fetched == []
    assert f"в имени «{search}»" in text


# --- A registry too large to print while the user waits --------------------------------------


def test_pdf_of_more_pairs_than_printed_at_once_is_prepared_in_the_background(
    methodist: User, settings: Any
) -> None:
    settings.DOCUMENTS_AT_ONCE_MAX_ROWS = 2
    for _ in range(3):
        MentorshipFactory()
    client = client_for(methodist)

    response = client.get(PDF, {"sort": "mentors"})

    job = DocumentJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents-bg:job", args=[job.pk])
    assert (job.kind, job.requested_by, job.params["query"]) == (
        "registry-pdf",
        methodist,
        "sort=mentors",
    )


def test_pdf_of_as_many_pairs_as_printed_at_once_is_printed(
    methodist: User, organization: Organization, settings: Any
) -> None:
    settings.DOCUMENTS_AT_ONCE_MAX_ROWS = 2
    for _ in range(2):
        MentorshipFactory()

    response = client_for(methodist).get(PDF)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
