"""Printed documents: the static-only URL fetcher, the plan execution report, the letter of
thanks to the parents.

Tests named `test_pdf_…` render through WeasyPrint (a few tenths of a second each);
`pytest -k "not pdf"` leaves them out while working on something else.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from core.pdf import (
    MissingDocumentResource,
    ResourceRefused,
    StaticFilesFetcher,
    html_to_pdf,
    initials_and_surname,
    render_pdf,
)
from programs.models import (
    DISPLAY_STATUS_LABELS,
    ActionPlan,
    Organization,
    PlanRun,
    RunEvidence,
    RunStatus,
)
from registry.models import Incentive, IncentiveKind
from tests.conftest import client_for
from tests.factories import (
    ActionPlanFactory,
    IncentiveFactory,
    PlanItemFactory,
    PlanRunFactory,
    PlanSectionFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
)
from tests.pdf import pdf_text

ORGANIZATION = {
    "full_name": "Краевое государственное бюджетное профессиональное образовательное "
    "учреждение «Чегдомынский горно-технологический техникум»",
    "short_name": "КГБПОУ ЧГТТ",
    "locality": "р.п. Чегдомын",
    "director_name": "Соколова Елена Викторовна",
    "curator_name": "Васильев Андрей Сергеевич",
    "curator_position": "заместитель директора по учебно-производственной работе",
}
IMG_FILE = '<img src="file:///etc/passwd">'
LINK_HTTP = '<link rel=stylesheet href="http://example.com/a.css">'
DOCUMENTS_CSS = "https://nastavnik.invalid/static/css/documents.css"


def ru(label: object) -> str:
    with translation.override("ru"):
        return str(label)


@pytest.fixture
def organization(db: None) -> Organization:
    organization = Organization.load()
    for name, value in ORGANIZATION.items():
        setattr(organization, name, value)
    organization.save()
    return organization


# --- The fetcher -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/x.png",
        "https://example.com/x.png",
        "//example.com/static/css/documents.css",
        "data:image/png;base64,iVBORw0KGgo=",
        "data:text/css,body{color:red}",
        "/static/../../../etc/passwd",
        "/static/css/../../mentoring_site/settings.py",
        "/static/css/%2e%2e/%2e%2e/mentoring_site/settings.py",
        "https://nastavnik.invalid/static/css/../../manage.py",
        "https://nastavnik.invalid/media/plan-evidence/2025/act.pdf",
        "https://nastavnik.invalid/etc/passwd",
        "static:../manage.py",
        "static:/etc/passwd/../../manage.py",
        "/etc/passwd",
        "css/documents.css",
    ],
)
def test_fetcher_refuses_anything_but_our_static_files(url: str) -> None:
    with pytest.raises(ResourceRefused):
        StaticFilesFetcher().fetch(url)


@pytest.mark.parametrize("url", ["/static/css/no-such-file.css", "static:css/no-such-file.css"])
def test_fetcher_stops_the_print_at_a_static_file_that_is_not_there(url: str) -> None:
    with pytest.raises(MissingDocumentResource):
        StaticFilesFetcher().fetch(url)


@pytest.mark.parametrize(
    "url", ["/static/css/documents.css", DOCUMENTS_CSS, "static:css/documents.css"]
)
def test_fetcher_serves_our_static_files(url: str) -> None:
    response = StaticFilesFetcher().fetch(url)

    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_pdf_markup_that_reaches_weasyprint_is_refused_by_the_fetcher(fetched: list[str]) -> None:
    """Even if a template let raw markup through, nothing outside our static files is read."""
    html = f"""<html><head>{LINK_HTTP}</head><body>
        <p>Безопасно</p>{IMG_FILE}<img src="data:image/png;base64,iVBORw0KGgo=">
        <img src="/static/../../etc/passwd"></body></html>"""

    text = pdf_text(html_to_pdf(html))

    assert "Безопасно" in text
    assert "root:" not in text
    assert "http://example.com/a.css" in fetched
    assert "file:///etc/passwd" in fetched


def test_pdf_user_text_in_the_page_header_is_printed_not_fetched(
    fetched: list[str], organization: Organization
) -> None:
    organization.short_name = f"{IMG_FILE} {LINK_HTTP}"

    text = pdf_text(render_pdf("reports/documents/base.html", {"organization": organization}))

    assert fetched == [DOCUMENTS_CSS]
    assert IMG_FILE in text
    assert LINK_HTTP in text


def test_initials_and_surname() -> None:
    assert initials_and_surname("Васильев Андрей Сергеевич") == "А. С. Васильев"
    assert initials_and_surname("Васильев  Андрей") == "А. Васильев"
    assert initials_and_surname("Васильев") == "Васильев"
    assert initials_and_surname("") == ""


# --- The plan execution report ---------------------------------------------------------------


@pytest.fixture
def plan(organization: Organization) -> ActionPlan:
    plan = ActionPlanFactory(
        title="Комплекс мер по совершенствованию наставничества на период 2020 – 2024 гг.",
        starts_on=dt.date(2020, 12, 1),
        ends_on=dt.date(2024, 12, 31),
    )
    section = PlanSectionFactory(
        plan=plan, number="2", title="Формирование базы наставников и наставляемых"
    )
    item = PlanItemFactory(
        section=section,
        number="2.3",
        wording="Анализ базы наставников и наставляемых",
        deadline_text="апрель (ежегодно)",
        responsible_text="куратор программы",
    )
    done = PlanRunFactory(
        item=item,
        academic_year=2022,
        due_on=dt.date(2023, 4, 30),
        status=RunStatus.DONE,
        done_on=dt.date(2023, 4, 20),
        comment="Анализ проведён",
    )
    RunEvidence.objects.create(run=done, title="Справка по итогам анализа", url="https://x.test/1")
    # Past its due date and still planned: overdue.
    PlanRunFactory(item=item, academic_year=2023, due_on=dt.date(2024, 4, 30))
    return plan


def report_url(plan: ActionPlan | int) -> str:
    return reverse("documents:plan-report", args=[plan if isinstance(plan, int) else plan.pk])


def test_pdf_plan_report_for_the_curator(curator: User, plan: ActionPlan) -> None:
    response = client_for(curator).get(report_url(plan))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="plan-report-2020-2024.pdf"'
    text = pdf_text(response.content)
    assert ORGANIZATION["full_name"] in text
    assert "Отчёт о выполнении комплекса мер" in text
    assert "2020 – 2024" in text
    assert "2.3" in text
    assert "Анализ базы наставников" in text
    assert "апрель" in text
    assert "2022/2023" in text
    assert "2023/2024" in text
    assert "Справка по итогам" in text
    assert ru(DISPLAY_STATUS_LABELS["done"]) in text
    assert ru(DISPLAY_STATUS_LABELS["overdue"]) in text
    assert "страница 1 из 1" in text
    assert "Куратор программы" in text
    assert "____________ / А. С. Васильев" in text
    assert "КГБПОУ ЧГТТ" in text


def test_pdf_plan_report_for_the_director(director: User, plan: ActionPlan) -> None:
    response = client_for(director).get(report_url(plan))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_pdf_plan_report_for_a_teacher_who_may_view_the_plan(
    teacher: User, plan: ActionPlan
) -> None:
    # Teachers answer for runs, so the roles migration lets them view the plan and its runs.
    assert client_for(teacher).get(report_url(plan)).status_code == 200


def test_pdf_plan_report_of_one_academic_year(curator: User, plan: ActionPlan) -> None:
    response = client_for(curator).get(report_url(plan), {"year": "2023"})

    assert response["Content-Disposition"] == 'inline; filename="plan-report-2020-2024-2023.pdf"'
    text = pdf_text(response.content)
    assert "за 2023/2024 учебный год" in text
    assert "2022/2023" not in text
    assert ru(DISPLAY_STATUS_LABELS["done"]) not in text.split("Анализ базы", 1)[1]


def test_pdf_plan_report_summary_counts_runs(curator: User, plan: ActionPlan) -> None:
    PlanRunFactory(item=plan.items.get(), academic_year=2024, due_on=None)

    text = pdf_text(client_for(curator).get(report_url(plan)).content)

    for status, count in [("done", 1), ("overdue", 1), ("planned", 1), ("cancelled", 0)]:
        assert f"{ru(DISPLAY_STATUS_LABELS[status]).capitalize()} {count}" in text


def test_pdf_plan_report_prints_user_text_without_fetching_it(
    curator: User, plan: ActionPlan, fetched: list[str]
) -> None:
    plan.title = LINK_HTTP
    plan.save()
    plan.sections.update(title=IMG_FILE)
    PlanRun.objects.update(comment=IMG_FILE)

    response = client_for(curator).get(report_url(plan))

    assert fetched == [DOCUMENTS_CSS]
    text = pdf_text(response.content)
    assert LINK_HTTP in text
    assert IMG_FILE in text


@pytest.mark.parametrize("year", ["abc", "2023/2025", "1999", "2031", "2019"])
def test_plan_report_refuses_a_year_it_cannot_report(
    curator: User, plan: ActionPlan, year: str
) -> None:
    assert client_for(curator).get(report_url(plan), {"year": year}).status_code == 404


def test_plan_report_refuses_outsider(outsider: User, plan: ActionPlan) -> None:
    assert client_for(outsider).get(report_url(plan)).status_code == 403


def test_plan_report_of_unknown_plan_is_404(curator: User) -> None:
    assert client_for(curator).get(report_url(999_999)).status_code == 404


def test_plan_report_refuses_post(curator: User, plan: ActionPlan) -> None:
    assert client_for(curator).post(report_url(plan)).status_code == 405


# --- The letter of thanks to the parents -----------------------------------------------------


@pytest.fixture
def letter(organization: Organization) -> Incentive:
    student = StudentFactory(
        last_name="Иванов",
        first_name="Пётр",
        patronymic="Сергеевич",
        group=StudyGroupFactory(name="ПРМ-21", course=2),
    )
    return IncentiveFactory(
        mentor=student,
        kind=IncentiveKind.PARENTS_LETTER,
        awarded_on=dt.date(2026, 6, 20),
        basis_number="15-о",
        basis_date=dt.date(2026, 6, 18),
        reason="За активную работу наставником первокурсников в 2025/2026 учебном году.",
    )


def letter_url(incentive: Incentive | int) -> str:
    pk = incentive if isinstance(incentive, int) else incentive.pk
    return reverse("documents:parents-letter", args=[pk])


def test_pdf_parents_letter(curator: User, letter: Incentive, fetched: list[str]) -> None:
    response = client_for(curator).get(letter_url(letter))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="parents-letter-{letter.pk}.pdf"'
    assert fetched == [DOCUMENTS_CSS]
    text = pdf_text(response.content)
    assert ORGANIZATION["full_name"] in text
    assert "р.п. Чегдомын" in text
    assert "20.06.2026" in text
    assert "Уважаемые родители" in text
    assert "Иванов Пётр Сергеевич" in text
    assert "ПРМ-21" in text
    assert "наставник" in text
    assert "За активную работу наставником первокурсников" in text
    assert "№ 15-о от 18.06.2026" in text
    assert "Директор" in text
    assert "____________ / Е. В. Соколова" in text
    assert "страница" not in text


def test_pdf_parents_letter_for_the_director(director: User, letter: Incentive) -> None:
    assert client_for(director).get(letter_url(letter)).status_code == 200


def test_parents_letter_only_for_that_kind_of_incentive(curator: User, letter: Incentive) -> None:
    letter.kind = IncentiveKind.CERTIFICATE
    letter.save()

    assert client_for(curator).get(letter_url(letter)).status_code == 404


def test_parents_letter_only_for_a_student_mentor(
    curator: User, organization: Organization
) -> None:
    incentive = IncentiveFactory(mentor=TeacherFactory(), kind=IncentiveKind.PARENTS_LETTER)

    assert client_for(curator).get(letter_url(incentive)).status_code == 404


def test_parents_letter_of_unknown_incentive_is_404(curator: User) -> None:
    assert client_for(curator).get(letter_url(999_999)).status_code == 404


def test_parents_letter_refuses_teacher(teacher: User, letter: Incentive) -> None:
    assert client_for(teacher).get(letter_url(letter)).status_code == 403


def test_parents_letter_refuses_post(curator: User, letter: Incentive) -> None:
    assert client_for(curator).post(letter_url(letter)).status_code == 405
