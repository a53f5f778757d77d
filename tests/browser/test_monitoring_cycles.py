"""The cycles and questionnaires of monitoring in the browser: the curator issues a wave after
its preview and rewords a question; axe-core and the Content-Security-Policy on each page,
and the cycle's page at a phone's width."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from core.dates import AcademicYear
from reports.models import Assignment, QuestionnaireVersion, Wave
from tests.browser.conftest import log_in, screenshot
from tests.conftest import rerun_data_migrations
from tests.factories import DecisionFactory, MentorshipFactory, UserFactory
from tests.reports.monitoring.builders import make_cycle, make_response, version_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_curator_issues_a_wave_and_rewords_a_question(page: Page, live_server: LiveServer) -> None:
    today = timezone.localdate()
    if today >= AcademicYear.current().last_day:
        pytest.skip("the last day of the academic year: no day left to answer by")
    rerun_data_migrations()
    UserFactory(username="curator", roles=["curator"])
    cycle = make_cycle(AcademicYear.current().start_year)
    pair = MentorshipFactory(
        decision=DecisionFactory(scan=""),
        started_on=today - dt.timedelta(days=30),
        planned_end_on=today + dt.timedelta(days=200),
    )

    log_in(page, live_server.url, "curator", "secret")
    page.goto(f"{live_server.url}/monitoring/")
    page.locator(f'main a[href="/monitoring/{cycle.pk}/"]').click()
    page.locator(f'main a[href="/monitoring/{cycle.pk}/wave/"]').click()
    page.locator('input[name="wave"][value="midyear"]').check()
    page.locator('input[name="due_on"]').fill((today + dt.timedelta(days=1)).isoformat())
    page.locator("main form:not(:has(input[name=confirmed])) button[type=submit]").click()
    expect(page.get_by_test_id("to-issue")).to_have_text("2")
    assert not Assignment.objects.exists()
    screenshot(page, "monitoring-wave-preview")

    page.locator("main form:has(input[name=confirmed]) button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/monitoring/{cycle.pk}/")
    expect(page.locator(".alert-success")).to_be_visible()
    assert set(Assignment.objects.values_list("questionnaire__code", "wave", "mentorship")) == {
        ("mentee-process", Wave.MIDYEAR, pair.pk),
        ("mentor-process", Wave.MIDYEAR, pair.pk),
    }

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("main table")).to_be_visible()
    screenshot(page, "monitoring-cycle-phone")
    page.set_viewport_size({"width": 1366, "height": 900})

    # A question of an answered questionnaire: the rewording makes version 2.
    first = version_of("mentee-process")
    make_response(Assignment.objects.get(questionnaire__code="mentee-process"), {})
    item = first.questions.get(key="comfort")
    page.goto(f"{live_server.url}/monitoring/questionnaires/")
    page.locator(f'main a[href="/monitoring/questionnaires/{first.questionnaire_id}/"]').click()
    page.locator(
        f'main a[href="/monitoring/questionnaires/{first.questionnaire_id}'
        f'/questions/{item.pk}/edit/"]'
    ).click()
    page.locator('textarea[name="text"]').fill("Насколько легко вам было общаться с наставником?")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Насколько легко вам было общаться с наставником?")
    current = QuestionnaireVersion.objects.get(questionnaire=first.questionnaire, is_current=True)
    assert current.number == 2
    screenshot(page, "monitoring-questionnaire-v2")
