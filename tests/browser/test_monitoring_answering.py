"""Answering monitoring questionnaires in the browser: a student answers through the personal
link at a phone's width without logging in (the link then no longer works), and the curator
enters a paper questionnaire and reads it; axe-core and the Content-Security-Policy on each
page."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from reports.models import AnswerChannel, AssignmentState, Response
from tests.browser.conftest import log_in, screenshot
from tests.conftest import rerun_data_migrations
from tests.factories import UserFactory
from tests.reports.monitoring.test_answering_services import answering_setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _item(page: Page, text: str) -> Locator:
    """The fieldset of a question, found by its legend."""
    return page.get_by_role("group", name=re.compile(re.escape(text)))


def _answer(page: Page) -> None:
    _item(page, "Насколько комфортно общение?").get_by_label("9", exact=True).check()
    _item(page, "Продолжили бы работу?").locator("input[value='1']").check()
    _item(page, "Как часто встречались?").get_by_label("Ежемесячно").check()
    _item(page, "Что было ценным?").get_by_label("Первый вариант").check()


def test_a_student_answers_through_the_link_and_the_curator_enters_paper(
    page: Page, live_server: LiveServer
) -> None:
    rerun_data_migrations()
    UserFactory(username="curator", first_name="Андрей", last_name="Васильев", roles=["curator"])
    by_link = answering_setup()
    on_paper = answering_setup(first_name="Анна", last_name="Бумажная")
    unreachable = answering_setup(first_name="Олег", last_name="Уехавший")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/q/{by_link.token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(by_link.questionnaire.title)
    expect(page.locator("main")).to_contain_text("Пётр")
    expect(page.locator("main")).not_to_contain_text("Иванов")
    page.locator("main button[type=submit]").click()
    expect(page.locator("#answer-errors li")).to_have_count(4)
    _answer(page)
    screenshot(page, "answering-link-phone")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/q/thanks/")
    saved = Response.objects.get(assignment=by_link)
    assert saved.channel == AnswerChannel.LINK
    reopened = page.goto(f"{live_server.url}/q/{by_link.token}/")
    assert reopened is not None and reopened.status == 410

    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server.url, "curator", "secret")
    page.goto(f"{live_server.url}/monitoring/answers/unanswered/")
    row = page.locator("main table tbody tr", has_text="Бумажная Анна")
    expect(row).to_contain_text(f"/q/{on_paper.token}/")
    expect(page.locator("main table tbody tr", has_text="Иванов Пётр")).to_have_count(0)
    row.locator(f"a[href$='/monitoring/answers/{on_paper.pk}/paper/']").click()
    page.locator("#id_paper_dated").fill(timezone.localdate().isoformat())
    _answer(page)
    page.locator("#id_q-grade").fill("4.5")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/monitoring/answers/responses/\d+/$"))
    expect(page.locator("main")).to_contain_text("Васильев")
    expect(page.locator("main")).to_contain_text(timezone.localdate().strftime("%d.%m.%Y"))
    screenshot(page, "answering-paper-response")
    on_paper.refresh_from_db()
    assert on_paper.state == AssignmentState.ANSWERED
    assert on_paper.response.entered_by is not None

    page.goto(f"{live_server.url}/monitoring/answers/{unreachable.pk}/decline/")
    page.locator("#id_reason").select_option("unreachable")
    page.locator("#id_comment").fill("Уехал на практику")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/monitoring/answers/unanswered/"))
    unreachable.refresh_from_db()
    assert unreachable.state == AssignmentState.DECLINED
    page.goto(f"{live_server.url}/monitoring/answers/mine/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
