"""The curator's journey through the partners: a new enterprise, its agreements, its curator."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from core.roles import Role
from registry.models import PartnerOrganization
from tests.browser.conftest import log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("demo"),
]


def _fill_agreement(page: Page, number: str, start: dt.date, end: dt.date) -> None:
    page.locator("#id_number").fill(number)
    page.locator("#id_signed_on").fill(start.isoformat())
    page.locator("#id_valid_from").fill(start.isoformat())
    page.locator("#id_valid_to").fill(end.isoformat())
    page.locator("#id_subject").fill("О сетевом взаимодействии и наставничестве")
    page.get_by_role("button", name="Сохранить").click()


def test_curator_records_an_enterprise_with_an_expired_then_a_valid_agreement(
    page: Page, live_server: LiveServer
) -> None:
    today = timezone.localdate()
    User.objects.create_user("zaytseva", first_name="Ольга", last_name="Зайцева", password="demo")
    log_in(page, live_server.url, "curator")

    page.goto(f"{live_server.url}/partners/")
    expect(page.locator("h1")).to_have_text("Школы и предприятия — партнёры")
    expect(page.locator("main")).to_contain_text("АО «Буреяуголь»")
    page.get_by_label("Поиск").fill("буреяуголь")
    page.get_by_role("button", name="Применить").click()
    expect(page.locator("main")).to_contain_text("Найден 1 партнёр")
    screenshot(page, "partners-list")

    page.get_by_role("link", name="Новый партнёр").click()
    page.locator("#id_kind").select_option("enterprise")
    page.locator("#id_short_name").fill("ООО «Ургалуголь»")
    page.locator("#id_name").fill("Общество с ограниченной ответственностью «Ургалуголь»")
    page.locator("#id_address").fill("р.п. Чегдомын, ул. Шахтёрская, д. 5")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator(".alert-success")).to_contain_text("Партнёр «ООО «Ургалуголь»» добавлен.")
    expect(page.get_by_test_id("partner-status")).to_have_text("нет договора")

    page.get_by_role("link", name="Добавить договор").click()
    expired_on = today - dt.timedelta(days=30)
    _fill_agreement(page, "7/У", expired_on - dt.timedelta(days=3 * 365), expired_on)
    expect(page.locator(".alert-success")).to_contain_text("Договор № 7/У внесён.")
    expect(page.get_by_test_id("partner-status")).to_have_text(f"истёк {expired_on:%d.%m.%Y}")
    expect(page.get_by_test_id("agreements")).to_contain_text("истёк")
    expect(page.get_by_test_id("no-agreement")).to_contain_text(
        "новые пары «работодатель – студент» с этим партнёром не создаются"
    )
    screenshot(page, "partner-expired-agreement")

    page.get_by_role("link", name="Добавить договор").click()
    valid_to = today + dt.timedelta(days=2 * 365)
    _fill_agreement(page, "8/У", expired_on + dt.timedelta(days=1), valid_to)
    expect(page.get_by_test_id("partner-status")).to_have_text(f"действует до {valid_to:%d.%m.%Y}")
    expect(page.get_by_test_id("no-agreement")).to_have_count(0)

    page.get_by_role("link", name="Добавить куратора").click()
    page.get_by_label("ФИО").fill("Зайцева Ольга Игоревна")
    page.get_by_label("Должность").fill("начальник отдела кадров")
    page.get_by_label("Телефон").fill("+7 (42149) 5-12-34")
    page.get_by_label("Эл. почта").fill("zaytseva@example.org")
    page.get_by_label("Учётная запись").select_option(label="Ольга Зайцева (zaytseva)")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_test_id("curators")).to_contain_text("Зайцева Ольга Игоревна")
    expect(page.get_by_test_id("curators")).to_contain_text("учётная запись zaytseva")
    screenshot(page, "partner-detail")

    partner = PartnerOrganization.objects.get(short_name="ООО «Ургалуголь»")
    assert partner.agreements.count() == 2
    assert User.objects.get(username="zaytseva").groups.filter(name=Role.PARTNER_CURATOR).exists()


def test_an_agreement_signed_after_its_start_is_refused_on_the_page(
    page: Page, live_server: LiveServer
) -> None:
    partner = PartnerOrganization.objects.get(short_name="АО «Буреяуголь»")
    log_in(page, live_server.url, "curator")

    page.goto(f"{live_server.url}/partners/{partner.pk}/agreements/new/")
    page.locator("#id_number").fill("9/У")
    page.locator("#id_signed_on").fill("2025-09-10")
    page.locator("#id_valid_from").fill("2025-09-01")
    page.get_by_role("button", name="Сохранить").click()

    expect(page.locator("main form")).to_contain_text(
        "Договор вступает в силу не раньше дня подписания"
    )
    screenshot(page, "partner-agreement-refused")
    assert not partner.agreements.filter(number="9/У").exists()
