"""The results of monitoring and a format's SWOT in the browser: axe-core and the
Content-Security-Policy on each page, and the distribution at a phone's width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reports.models import QuestionKind, QuestionnairePurpose, QuestionTag, Wave
from tests.browser.conftest import log_in, screenshot
from tests.conftest import rerun_data_migrations
from tests.factories import DecisionFactory, MentorshipFactory, UserFactory, format_of
from tests.reports.monitoring.builders import (
    make_assignment,
    make_cycle,
    make_response,
    make_version,
    question,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_results_and_swot_pages(page: Page, live_server: LiveServer) -> None:
    rerun_data_migrations()
    UserFactory(username="curator", roles=["curator"])
    cycle = make_cycle(2025)
    version = make_version(
        purpose=QuestionnairePurpose.MENTEE_PROCESS,
        questions=[
            question("comfort", text="Насколько комфортно общение с наставником?"),
            question("continue", QuestionKind.YES_NO, tag=QuestionTag.CONTINUE),
            question("liked", QuestionKind.YES_NO, tag=QuestionTag.LIKED),
            question("valuable", QuestionKind.TEXT, text="Что было ценным?", required=False),
        ],
    )
    decision = DecisionFactory(scan="")
    for n in range(6):
        mentorship = MentorshipFactory(format=format_of("student_student"), decision=decision)
        assignment = make_assignment(
            version,
            cycle=cycle,
            wave=Wave.FINAL,
            person=mentorship.mentees.first(),
            mentorship=mentorship,
        )
        make_response(
            assignment,
            {"comfort": 5 + n, "continue": n % 2 == 0, "liked": True, "valuable": f"Ответ {n}"},
        )
    swot = make_version(
        "swot",
        purpose=QuestionnairePurpose.SWOT,
        questions=[
            question(key, QuestionKind.TEXT)
            for key in ("strengths", "weaknesses", "opportunities", "threats")
        ],
    )
    make_assignment(swot, cycle=cycle, wave=Wave.YEARLY, format=format_of("student_student"))

    log_in(page, live_server.url, "curator", "secret")
    page.goto(f"{live_server.url}/monitoring/results/?year=2025")
    expect(page.locator("[data-testid=results-index]")).to_contain_text("6")
    page.get_by_role("link", name=version.questionnaire.title).click()
    expect(page.locator("[data-testid=item-comfort]")).to_contain_text("Насколько комфортно")
    expect(page.locator("[data-testid=item-valuable]")).to_contain_text("Ответ 3")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "monitoring-results-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/monitoring/swot/2025/student_student/")
    strengths = page.locator("textarea[name=strengths]")
    # Half of the six liked it and would go on: a strength, pre-filled.
    expect(strengths).to_have_value(re.compile(r"50 %.*\(3 \D+ 6\)"))
    page.locator("textarea[name=opportunities]").fill("Новые партнёры")
    page.locator("textarea[name=threats]").fill("Нагрузка наставников")
    page.locator("textarea[name=weaknesses]").fill("Встречи нерегулярны")
    page.locator("button[value=final]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("[data-testid=swot-state] .badge")).to_have_class(
        re.compile("text-bg-success")
    )
    screenshot(page, "monitoring-swot")
