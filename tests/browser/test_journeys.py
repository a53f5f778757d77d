from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from pairs.models import Mentorship
from tests.browser.conftest import log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("demo"),
]

# Latin words allowed in a Russian UI: the Roman numerals of documents and the names of file
# formats on download buttons, as Russian offices write them.
ALLOWED_LATIN = {"II", "III", "IV", "PDF", "XLSX"}


def latin_words(page: Page) -> set[str]:
    text = page.locator("body").inner_text()
    return set(re.findall(r"[A-Za-z]{2,}", text)) - ALLOWED_LATIN


def test_curator_logs_in_and_sees_the_registry(page: Page, live_server: LiveServer) -> None:
    log_in(page, live_server.url, "curator")
    expect(page.get_by_test_id("current-user")).to_contain_text("Васильев")
    expect(page.get_by_test_id("current-user")).to_contain_text("куратор")

    page.get_by_role("button", name="Пары").click()
    page.get_by_role("link", name="Реестр пар").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Реестр наставнических пар и групп")
    rows = page.locator("table.registry-table tbody tr")
    expect(rows).to_have_count(25)
    first = Mentorship.objects.in_registry().order_by("-started_on", "-id").first()
    assert first is not None
    expect(rows.first).to_contain_text(first.mentees.first().last_name)  # type: ignore[union-attr]
    screenshot(page, "registry-curator")


def test_curator_filters_the_registry_by_format(page: Page, live_server: LiveServer) -> None:
    log_in(page, live_server.url, "curator")
    page.goto(f"{live_server.url}/pairs/")

    page.get_by_label("Форма наставничества").select_option(label="студент – ученик")
    page.get_by_role("button", name="Применить").click()

    cells = page.locator("table.registry-table tbody tr td:nth-child(4)")
    expect(cells.first).to_have_text("студент – ученик")
    assert set(cells.all_inner_texts()) == {"студент – ученик"}


def test_curator_searches_a_name_in_lower_case(page: Page, live_server: LiveServer) -> None:
    mentee = Mentorship.objects.filter(format__code="teacher_teacher").first().mentees.first()  # type: ignore[union-attr]
    log_in(page, live_server.url, "curator")
    page.goto(f"{live_server.url}/pairs/")

    page.get_by_label("Поиск").fill(mentee.last_name.lower())
    page.get_by_role("button", name="Применить").click()

    expect(page.locator("table.registry-table tbody")).to_contain_text(mentee.full_name)


@pytest.mark.parametrize("username", ["curator", "director", "lead", "teacher", "methodist"])
def test_every_role_sees_a_russian_interface(
    page: Page, live_server: LiveServer, username: str
) -> None:
    log_in(page, live_server.url, username)
    leftovers: dict[str, set[str]] = {}
    for path in [
        "/",
        "/pairs/",
        "/program/formats/",
        "/program/formats/teacher_student/",
        "/program/organization/",
    ]:
        page.goto(live_server.url + path)
        if words := latin_words(page):
            leftovers[path] = words
    screenshot(page, f"organization-{username}")

    assert leftovers == {}


def test_teacher_does_not_see_sensitive_variants(page: Page, live_server: LiveServer) -> None:
    log_in(page, live_server.url, "teacher")
    page.goto(f"{live_server.url}/pairs/")

    body = page.locator("main")
    expect(body).not_to_contain_text("ОВЗ")
    expect(body).not_to_contain_text("группы риска")
    screenshot(page, "registry-teacher")


def test_the_layout_works_on_a_phone(page: Page, live_server: LiveServer) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "methodist")

    page.get_by_role("button", name="Показать меню").click()
    page.get_by_role("button", name="Программа").click()
    page.get_by_role("link", name="Формы наставничества").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Формы наставничества")
    screenshot(page, "formats-phone")


def test_logout_returns_to_the_login_page(page: Page, live_server: LiveServer) -> None:
    log_in(page, live_server.url, "director")

    page.get_by_role("button", name="Выйти").click()

    expect(page.get_by_role("button", name="Войти")).to_be_visible()
