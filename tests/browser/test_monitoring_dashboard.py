"""The director's dashboard in the browser: axe-core and the Content-Security-Policy (the
`page` fixture checks both on every page), the inline charts drawn under CSP, the formula and
the chart's values on demand, and no widening at a laptop's or a phone's width."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from programs.actionplan.services import create_default_targets
from programs.models import Indicator
from reports.models import IndicatorSnapshot
from tests.browser.conftest import log_in, screenshot
from tests.conftest import rerun_data_migrations
from tests.factories import (
    ActionPlanFactory,
    DecisionFactory,
    MentorshipFactory,
    StudentFactory,
    UserFactory,
    format_of,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_director_reads_the_dashboard(page: Page, live_server: LiveServer) -> None:
    rerun_data_migrations()
    UserFactory(username="director", roles=["director"])
    plan = ActionPlanFactory(starts_on=dt.date(2024, 9, 1), ends_on=dt.date(2029, 8, 31))
    create_default_targets(plan)
    IndicatorSnapshot.objects.create(
        academic_year=2024,
        reference_date=dt.date(2025, 5, 20),
        indicator=Indicator.objects.get(code="mentorships_running"),
        numerator=Decimal(3),
        value=Decimal(3),
    )
    decision = DecisionFactory(scan="")
    for _ in range(2):
        MentorshipFactory(
            format=format_of("student_student"),
            decision=decision,
            started_on=dt.date(2025, 10, 1),
            planned_end_on=dt.date(2027, 6, 30),
            mentors=[StudentFactory(birth_date=dt.date(2007, 1, 10))],
            mentees=[StudentFactory(birth_date=dt.date(2009, 4, 2))],
        )

    log_in(page, live_server.url, "director", "secret")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url)
    monitoring = page.locator("li.dropdown").filter(
        has=page.get_by_role("button", name="Мониторинг")
    )
    monitoring.get_by_role("button", name="Мониторинг").click()
    monitoring.locator(".dropdown-menu a").first.click()
    page.wait_for_url(f"{live_server.url}/monitoring/dashboard/")

    card = page.locator("[data-indicator=mentorships_running]")
    expect(card.locator("[data-testid=value]")).to_have_text("2")
    chart = card.locator("svg.trend-chart")
    expect(chart).to_be_visible()
    assert chart.bounding_box()["height"] > 50  # type: ignore[index]
    card.locator("figcaption summary").click()
    expect(card.locator("[data-testid=trend-point]").first).to_contain_text("3")
    card.locator("details").last.locator("summary").click()
    expect(card.locator("details").last).to_contain_text(
        Indicator.objects.get(code="mentorships_running").numerator[:20]
    )
    row = page.locator("[data-format=student_student]")
    expect(row.locator("[data-testid=running]")).to_have_text("2")
    row.locator("[data-testid=running] a").click()
    page.wait_for_url("**/pairs/?format=*")
    page.go_back()
    screenshot(page, "monitoring-dashboard-1366")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    screenshot(page, "monitoring-dashboard-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
