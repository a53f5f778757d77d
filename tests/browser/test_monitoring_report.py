"""The monitoring report in the browser: the curator submits it, the director returns it with
a comment, the curator amends and resubmits it, the director approves it; the approved PDF
has every section and the plan's monitoring run shows the report as its evidence."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reports.background.monitoring import MONITORING_REPORT_PDF
from reports.background.services import build
from reports.documents.monitoring_report import SECTION_HEADINGS
from reports.models import DocumentJob, MonitoringReport, ReportAction, ReportStatus
from reports.monitoring.report.selectors import monitoring_run
from tests.browser.conftest import log_in, screenshot
from tests.conftest import rerun_data_migrations
from tests.factories import UserFactory
from tests.pdf import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2023


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Выйти").click()
    expect(page.get_by_role("button", name="Войти")).to_be_visible()


def test_submit_return_amend_resubmit_approve(page: Page, live_server: LiveServer) -> None:
    rerun_data_migrations()
    UserFactory(username="curator", first_name="Андрей", last_name="Васильев", roles=["curator"])
    UserFactory(username="director", first_name="Елена", last_name="Соколова", roles=["director"])
    base = live_server.url
    detail = f"{base}/monitoring/report/{YEAR}/"

    # The curator makes the draft of 2023/2024 and writes it.
    log_in(page, base, "curator", "secret")
    page.goto(f"{base}/monitoring/report/")
    page.locator('select[name="academic_year"]').select_option(str(YEAR))
    page.locator('input[name="reference_date"]').fill("2024-05-31")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{detail}edit/")
    page.locator('textarea[name="conclusions"]').fill("Программа выполняется по плану.")
    page.locator('textarea[name="recommendations"]').fill("Расширить круг партнёров.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(detail)
    page.locator(f'main a[href="/monitoring/report/{YEAR}/submit/"]').click()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(detail)
    expect(page.locator("main [data-status]")).to_have_attribute("data-status", "submitted")
    log_out(page)

    # The director returns it with a comment.
    log_in(page, base, "director", "secret")
    page.goto(detail)
    page.locator(f'main a[href="/monitoring/report/{YEAR}/return/"]').click()
    page.locator('textarea[name="comment"]').fill("Добавьте выводы по SWOT-анализу.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(detail)
    expect(page.locator("main")).to_contain_text("Добавьте выводы по SWOT-анализу.")
    log_out(page)

    # The curator amends it and submits it again.
    log_in(page, base, "curator", "secret")
    page.goto(f"{detail}edit/")
    expect(page.locator("main .alert-warning")).to_contain_text("Добавьте выводы по SWOT-анализу.")
    page.locator('textarea[name="conclusions"]').fill(
        "Программа выполняется по плану; SWOT-анализ форм учтён."
    )
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(detail)
    page.locator(f'main a[href="/monitoring/report/{YEAR}/submit/"]').click()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(detail)
    log_out(page)

    # The director approves it: the plan's run gets it, the PDF and XLSX are prepared.
    log_in(page, base, "director", "secret")
    page.goto(detail)
    page.locator(f'main a[href="/monitoring/report/{YEAR}/approve/"]').click()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(detail, timeout=180_000)
    expect(page.locator("main [data-status]")).to_have_attribute("data-status", "approved")
    screenshot(page, "monitoring-report-approved")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    screenshot(page, "monitoring-report-phone")
    page.set_viewport_size({"width": 1366, "height": 900})

    report = MonitoringReport.objects.get(academic_year=YEAR)
    assert report.status == ReportStatus.APPROVED
    assert list(report.events.order_by("at", "id").values_list("action", flat=True)) == [
        ReportAction.CREATED,
        ReportAction.SUBMITTED,
        ReportAction.RETURNED,
        ReportAction.AMENDED,
        ReportAction.SUBMITTED,
        ReportAction.APPROVED,
    ]
    # Its PDF and XLSX are a background job: run it here, as the database worker would.
    job = DocumentJob.objects.get(kind=MONITORING_REPORT_PDF)
    build(job.pk)
    page.reload()
    expect(page.locator(f'main a[href$="/monitoring/report/{YEAR}/pdf/"]').first).to_be_visible()
    pdf = page.request.get(f"{detail}pdf/")
    assert pdf.ok
    assert pdf.headers["content-type"] == "application/pdf"
    text = pdf_text(pdf.body())
    with translation.override("ru"):
        for number, heading in enumerate(SECTION_HEADINGS, start=1):
            assert f"{number}. {heading}" in text
    assert "SWOT-анализ форм учтён." in text

    run = monitoring_run(YEAR)
    assert run is not None
    page.goto(f"{base}/program/plan/runs/{run.pk}/")
    expect(
        page.get_by_test_id("evidence").locator(f'a[href="/monitoring/report/{YEAR}/"]')
    ).to_be_visible()
    screenshot(page, "monitoring-report-evidence")
