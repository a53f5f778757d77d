"""The curator's journey through the action plan, incentives and the plan report."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from demo.program import PLAN_2025_TITLE
from programs.models import PlanRun, RunEvidence, RunStatus
from registry.models import Incentive
from tests.browser.conftest import log_in, screenshot
from tests.pdf import pdf_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("demo"),
]


def test_curator_marks_a_run_done_with_evidence_and_prints_the_report(
    page: Page, live_server: LiveServer
) -> None:
    run = (
        PlanRun.objects.filter(item__plan__title=PLAN_2025_TITLE, item__number="1.3")
        .order_by("academic_year")
        .first()
    )
    assert run is not None and run.display_status() == "overdue"
    log_in(page, live_server.url, "curator")
    expect(page.locator("main")).to_contain_text("Формирование наставнических пар")  # overdue

    page.get_by_role("link", name="План мероприятий").click()
    page.locator(f'a[href="/program/plan/runs/{run.pk}/"]').click()
    page.locator("#id_status").select_option("done")
    page.locator("#id_done_on").fill(timezone.localdate().isoformat())
    page.locator("#id_comment").fill("Реестр пар сформирован и утверждён.")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.locator("#id_title").fill("Реестр наставнических пар 2025/2026")
    page.locator("#id_url").fill("/pairs/?year=2025")
    page.locator('form[action$="/evidence/"] button[type="submit"]').click()

    expect(page.get_by_test_id("evidence")).to_contain_text("Реестр наставнических пар 2025/2026")
    screenshot(page, "plan-run-done")
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert RunEvidence.objects.filter(run=run, url="/pairs/?year=2025").exists()

    page.get_by_role("navigation", name="Главное меню").get_by_role(
        "link", name="План мероприятий"
    ).click()
    href = page.locator('a[href*="/report.pdf?year=2025"]').first.get_attribute("href")
    response = page.request.get(live_server.url + str(href))
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    assert "Чегдомынский горно-технологический" in text
    # Table cells wrap, so the text of a row comes in pieces: check pieces that stay whole.
    assert "1.3 Формирование" in text
    assert f"выполнено {timezone.localdate():%d.%m.%Y}" in text
    assert "• Реестр наставнических пар" in text  # the evidence
    assert "страница 1 из" in text
    assert "Васильев" in text  # the curator's signature line


def test_curator_records_an_incentive(page: Page, live_server: LiveServer) -> None:
    log_in(page, live_server.url, "curator")
    page.get_by_role("button", name="Программа").click()
    page.get_by_role("link", name="Поощрения", exact=True).click()
    page.get_by_role("link", name="Новое поощрение").click()

    mentor = page.locator("#id_mentor option").nth(1)
    mentor_label = mentor.inner_text()
    page.locator("#id_mentor").select_option(label=mentor_label)
    page.locator("#id_kind").select_option("gratitude")
    page.locator("#id_awarded_on").fill("2026-06-20")
    page.locator("#id_basis_number").fill("120-о")
    page.locator("#id_basis_date").fill("2026-06-18")
    page.locator("#id_reason").fill("За вклад в адаптацию первокурсников.")
    page.get_by_role("button", name="Сохранить").click()

    expect(page.locator("main")).to_contain_text("За вклад в адаптацию первокурсников.")
    screenshot(page, "incentive-recorded")
    assert Incentive.objects.filter(basis_number="120-о", kind="gratitude").exists()


def test_everyone_sees_the_honour_board(page: Page, live_server: LiveServer) -> None:
    log_in(page, live_server.url, "teacher")
    page.get_by_role("button", name="Программа").click()
    page.get_by_role("link", name="Доска почёта").click()

    # The demo records a consent to publishing the photo of one of the two (152-ФЗ): the
    # other's initials stand in for it.
    expect(page.locator("main img")).to_have_count(1)
    expect(page.get_by_test_id("photo-placeholder")).to_have_count(1)
    screenshot(page, "honour-board")
