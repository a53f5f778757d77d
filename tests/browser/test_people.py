"""The curator finds a student, records a parent's consent and the ОВЗ mark; a format lead of
other formats and a teacher never see it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from registry.models import ConsentPurpose, SpecialCategoryStatus, Student
from tests.browser.conftest import log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("demo"),
]


def _student_with_yo() -> Student:
    """A student whose last name has ё and who has no consent to special categories yet."""
    student = (
        Student.objects.filter(last_name__contains="ё")
        .exclude(consents__purpose=ConsentPurpose.SPECIAL_CATEGORIES)
        .order_by("id")
        .first()
    )
    assert student is not None
    return student


def _sees_no_special_data(browser: Browser, base_url: str, username: str, student: Student) -> Page:
    context = browser.new_context(locale="ru-RU", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    log_in(page, base_url, username)
    page.goto(f"{base_url}/people/students/?q={student.last_name}")
    expect(page.locator("main")).to_contain_text(student.last_name)
    expect(page.locator("main")).not_to_contain_text("ОВЗ")
    page.goto(f"{base_url}/people/{student.pk}/")
    expect(page.locator("h1")).to_have_text(student.full_name)
    expect(page.locator("main")).not_to_contain_text("ОВЗ")
    expect(page.locator("main")).not_to_contain_text("риска")
    return page


def test_curator_records_a_parents_consent_and_the_ovz_mark(
    page: Page, browser: Browser, live_server: LiveServer
) -> None:
    student = _student_with_yo()
    query = f"{student.last_name[:5].lower().replace('ё', 'е')} {student.first_name.lower()}"
    log_in(page, live_server.url, "curator")

    page.goto(f"{live_server.url}/people/students/")
    page.get_by_label("Поиск").fill(query)
    page.get_by_role("button", name="Найти").click()
    row_link = page.locator(f'main a[href="/people/{student.pk}/"]')
    expect(row_link).to_be_visible()
    expect(page.get_by_role("columnheader", name="ОВЗ")).to_be_visible()
    screenshot(page, "people-search")
    row_link.click()

    expect(page.locator("h1")).to_have_text(student.full_name)
    page.get_by_role("link", name="Добавить согласие").click()
    page.locator("#id_purpose").select_option(ConsentPurpose.SPECIAL_CATEGORIES)
    page.locator("#id_given_by").select_option("parent")
    page.locator("#id_representative_name").fill("Фёдорова Галина Ивановна")
    page.locator("#id_document").fill("Согласие законного представителя № 41, личное дело")
    page.locator("#id_given_on").fill("2025-09-01")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_test_id("consents")).to_contain_text("Фёдорова Галина Ивановна")

    page.get_by_test_id("special-status").get_by_role("link", name="Изменить").click()
    page.get_by_label("Обучающийся с ОВЗ").check()
    page.get_by_role("button", name="Сохранить").click()
    block = page.get_by_test_id("special-status")
    expect(block).to_contain_text("ОВЗ")
    expect(block).to_contain_text("да")
    screenshot(page, "people-special-status")
    status = SpecialCategoryStatus.objects.get(person_id=student.pk)
    assert status.has_disabilities and not status.in_risk_group

    lead_page = _sees_no_special_data(browser, live_server.url, "lead", student)
    screenshot(lead_page, "people-lead-sees-no-ovz")
    _sees_no_special_data(browser, live_server.url, "teacher", student)
