"""The indicators and their targets in the browser: axe-core and the Content-Security-Policy
on each page, the formula on demand, a phone's width, and the curator saving a target."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from programs.actionplan.services import create_default_targets
from programs.models import IndicatorTarget
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


def test_the_indicators_and_their_targets(page: Page, live_server: LiveServer) -> None:
    rerun_data_migrations()
    UserFactory(username="curator", roles=["curator"])
    plan = ActionPlanFactory(starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2027, 8, 31))
    create_default_targets(plan)
    decision = DecisionFactory(scan="")
    for _ in range(2):
        MentorshipFactory(
            format=format_of("student_student"),
            decision=decision,
            mentors=[StudentFactory(birth_date=dt.date(2007, 1, 10))],
            mentees=[StudentFactory(birth_date=dt.date(2009, 4, 2))],
        )
    StudentFactory(birth_date=None)

    log_in(page, live_server.url, "curator", "secret")
    page.goto(f"{live_server.url}/monitoring/indicators/?day=2026-03-15")
    card = page.locator("[data-indicator=students_15_19]")
    expect(card.locator("[data-testid=sides]")).to_have_text("4 / 4")
    expect(card.locator("[data-testid=excluded]")).to_contain_text("1")
    card.locator("summary").click()
    expect(card.locator("details")).to_contain_text("15 до 19 лет")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "indicators-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/monitoring/indicators/plans/{plan.pk}/targets/")
    target_input = page.locator(
        f"input[name=target_{IndicatorTarget.objects.filter(plan=plan).first().indicator_id}_2025]"  # type: ignore[union-attr]
    )
    target_input.fill("75")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/monitoring/indicators/plans/{plan.pk}/targets/")
    expect(page.locator(".alert-success, .alert")).to_be_visible()
    assert IndicatorTarget.objects.filter(plan=plan, academic_year=2025, value=Decimal(75)).exists()
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
