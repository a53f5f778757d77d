"""A subject's data on request (152-ФЗ, article 14): every record on one person, PDF and XLSX,
logged in the access log; only the curator and the director give it out."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from openpyxl import load_workbook

from registry.models import AccessAction, AccessLogEntry
from tests.conftest import client_for
from tests.factories import StudentFactory
from tests.pdf import pdf_text
from tests.registry.subjects import Subject, make_subject

pytestmark = pytest.mark.django_db

# One text of each kind of record make_subject gives the person.
EVERY_KIND = [
    "Субботина",  # identity
    "ЗК-4242",  # the student's record book
    "Согласие на фото № 5",  # consents
    "Начертательная геометрия",  # mentor profile
    "Школа наставников",  # training records
    "Субботина А. И. — лучший наставник",  # incentives
    "Наставник месяца: октябрь",  # publications
    "Подтянуть физику",  # proposals
    "Сдать сессию без долгов",  # pool entries
    "Разбор контрольной",  # meetings
    "Решить задачник",  # personal plan tasks
    "Успеваемость выросла",  # results
    "Фестиваль «Профи-трек»",  # events
    "довольна занятиями",  # monitoring answers
]


@pytest.fixture
def subject() -> Subject:
    return make_subject()


def test_the_pdf_holds_every_kind_of_record_but_not_the_other_members(
    curator: User, subject: Subject
) -> None:
    response = client_for(curator).get(reverse("subject-data:pdf", args=[subject.person.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in EVERY_KIND:
        assert expected in text, expected
    # The other members of her pairs are their own personal data.
    assert "Наставникова" not in text
    assert "Подопечный" not in text


def _cells(content: bytes) -> list[str]:
    workbook = load_workbook(BytesIO(content))
    return [
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]


def test_the_xlsx_holds_every_kind_of_record_but_not_the_other_members(
    curator: User, subject: Subject
) -> None:
    response = client_for(curator).get(reverse("subject-data:xlsx", args=[subject.person.pk]))

    assert response.status_code == 200
    cells = _cells(response.content)
    joined = "\n".join(cells)
    for expected in EVERY_KIND:
        assert expected in joined, expected
    assert "Наставникова" not in joined
    assert "Подопечный" not in joined
    # A sheet per section: registry's seven, pairs' seven, monitoring's two.
    assert len(load_workbook(BytesIO(response.content)).worksheets) == 16


@pytest.mark.parametrize(
    ("name", "action"), [("pdf", AccessAction.PRINT), ("xlsx", AccessAction.EXPORT)]
)
def test_each_document_given_is_logged(
    director: User, subject: Subject, name: str, action: AccessAction
) -> None:
    response = client_for(director).get(reverse(f"subject-data:{name}", args=[subject.person.pk]))

    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert entry.action == action
    assert entry.user == director
    assert list(entry.rows.values_list("person_id", "name")) == [
        (subject.person.pk, "Субботина Алла Игоревна")
    ]


@pytest.mark.parametrize("name", ["pdf", "xlsx"])
@pytest.mark.parametrize("role", ["methodist", "lead", "teacher", "partner_curator"])
def test_other_roles_are_refused_and_nothing_is_logged(
    request: pytest.FixtureRequest, role: str, name: str
) -> None:
    person = StudentFactory()
    user = request.getfixturevalue(role)

    response = client_for(user).get(reverse(f"subject-data:{name}", args=[person.pk]))

    assert response.status_code == 403
    assert not AccessLogEntry.objects.exists()


def test_an_unknown_person_is_404(curator: User) -> None:
    response = client_for(curator).get(reverse("subject-data:pdf", args=[999999]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["pdf", "xlsx"])
def test_post_is_405(curator: User, name: str) -> None:
    response = client_for(curator).post(reverse(f"subject-data:{name}", args=[StudentFactory().pk]))

    assert response.status_code == 405
    assert not AccessLogEntry.objects.exists()


def test_the_person_page_links_the_documents_for_the_curator_only(
    curator: User, methodist: User, subject: Subject
) -> None:
    url = reverse("people:detail", args=[subject.person.pk])
    link = reverse("subject-data:pdf", args=[subject.person.pk])

    assert link in client_for(curator).get(url).content.decode()
    assert link not in client_for(methodist).get(url).content.decode()
