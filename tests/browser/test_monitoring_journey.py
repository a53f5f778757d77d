"""Monitoring, end to end on the demo college (issue 12): a pair is confirmed and its entry
links exist; the mentee answers through the link without logging in (the link then no longer
works); the curator enters the mentor's paper questionnaire, issues the mid-year wave for the
new pair, completes it (the exit questionnaires appear) and makes the format's SWOT from its
pre-filled shares; the director sees aggregates only; a lead of other formats sees none."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from core.dates import AcademicYear
from pairs.drafting.services import confirm_by_decision
from pairs.models import Decision, DecisionBody, Mentorship, MentorshipStatus
from programs.models import FormatCode, MentoringFormat
from reports.models import AnswerChannel, Assignment, AssignmentState, Response, Wave
from tests.browser.conftest import log_in, screenshot
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_questionnaire(page: Page) -> None:
    """Answers every question of the form on the page: the eighth mark of a scale, the
    first option otherwise, a number in range, a sentence for an open question."""
    form = page.locator("main form").first
    for fieldset in form.locator("fieldset").all():
        radios = fieldset.locator("input[type=radio]")
        if radios.count():
            radios.nth(min(7, radios.count() - 1)).check()
            continue
        boxes = fieldset.locator("input[type=checkbox]")
        if boxes.count():
            boxes.first.check()
    for number in form.locator("input[type=number]").all():
        number.fill(number.get_attribute("min") or "4")
    for text in form.locator("textarea").all():
        text.fill("Разобрались с курсовой работой.")


def _confirm_a_demo_draft(curator_username: str) -> Mentorship:
    """A draft of the demo confirmed by a recorded decision of the working group (the
    confirmation in the browser is the mentorship journey's)."""
    draft = (
        Mentorship.objects.filter(status=MentorshipStatus.DRAFT)
        .filter(format__code=FormatCode.STUDENT_STUDENT)
        .order_by("pk")
        .first()
    )
    assert draft is not None
    decision = Decision.objects.filter(
        body=DecisionBody.WORKING_GROUP, decided_on__lte=draft.started_on
    ).latest("decided_on")
    confirm_by_decision(
        drafts=[draft], decision=decision, user=User.objects.get(username=curator_username)
    )
    draft.refresh_from_db()
    return draft


def test_monitoring_of_a_pair_from_its_confirmation_to_the_swot(
    page: Page, live_server: LiveServer, demo: None
) -> None:
    year = AcademicYear.current()
    today = timezone.localdate()
    pair = _confirm_a_demo_draft("curator")
    assert pair.status == MentorshipStatus.ACTIVE
    mentee = pair.mentees.get()
    mentor = pair.mentors.get()

    # The entry questionnaires of both, issued by the confirmation.
    entry = Assignment.objects.filter(mentorship=pair, wave=Wave.ENTRY)
    assert set(entry.values_list("person", flat=True)) == {mentee.pk, mentor.pk}
    to_mentee = entry.get(person=mentee)

    log_in(page, live_server.url, "curator")
    page.goto(f"{live_server.url}/monitoring/answers/unanswered/?q={mentee.last_name}")
    row = page.locator("main table tbody tr", has_text=mentee.last_name)
    expect(row.first).to_contain_text(f"/q/{to_mentee.token}/")

    # The mentee answers through the link, not logged in, at a phone's width.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/q/{to_mentee.token}/")
    expect(page.locator("main")).to_contain_text(mentee.first_name)
    expect(page.locator("main")).not_to_contain_text(mentor.last_name)
    _fill_questionnaire(page)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(f"{live_server.url}/q/thanks/")
    assert Response.objects.get(assignment=to_mentee).channel == AnswerChannel.LINK
    again = page.goto(f"{live_server.url}/q/{to_mentee.token}/")
    assert again is not None and again.status == 410

    # The curator types in the mentor's paper questionnaire.
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server.url, "curator")
    to_mentor = entry.get(person=mentor)
    page.goto(f"{live_server.url}/monitoring/answers/{to_mentor.pk}/paper/")
    page.locator("#id_paper_dated").fill(today.isoformat())
    _fill_questionnaire(page)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/monitoring/answers/responses/\d+/$"))
    expect(page.locator("main")).to_contain_text(today.strftime("%d.%m.%Y"))
    to_mentor.refresh_from_db()
    assert to_mentor.state == AssignmentState.ANSWERED
    assert to_mentor.response.channel == AnswerChannel.PAPER

    # The mid-year wave again: only the new pair's two are issued (preview first).
    cycle = to_mentee.cycle
    page.goto(f"{live_server.url}/monitoring/{cycle.pk}/wave/")
    page.get_by_label("промежуточная").check()
    page.get_by_label("студент – студент").check()
    page.locator("#id_due_on").fill(min(cycle.closes_on, today).isoformat())
    page.get_by_role("button", name="Показать, что будет выдано").click()
    page.get_by_role("button", name=re.compile(r"Выдать 2 анкеты")).click()
    midyear = Assignment.objects.filter(mentorship=pair, wave=Wave.MIDYEAR)
    assert midyear.count() == 2

    # Completing the pair issues the exit questionnaires.
    page.goto(f"{live_server.url}/pairs/{pair.pk}/complete/")
    for fieldset in page.locator("fieldset.card").all():
        fieldset.get_by_label("достигнут", exact=True).check()
    page.get_by_label("Результаты наставничества").fill("Задолженности закрыты.")
    page.get_by_label("Дата завершения").fill(today.isoformat())
    page.get_by_role("button", name="Завершить наставничество").click()
    expect(page.locator(".alert-success")).to_contain_text(f"№ {pair.pk}")
    exits = Assignment.objects.filter(mentorship=pair, wave=Wave.EXIT)
    assert set(exits.values_list("person", flat=True)) == {mentee.pk, mentor.pk}

    # The SWOT of «студент – студент», from the shares its page computes.
    page.goto(f"{live_server.url}/monitoring/swot/{year.start_year}/{FormatCode.STUDENT_STUDENT}/")
    strengths = page.locator("textarea[name=strengths]")
    expect(strengths).to_have_value(re.compile("%"))
    weaknesses = page.locator("textarea[name=weaknesses]")
    if not weaknesses.input_value():
        weaknesses.fill("Встречи реже раза в месяц у части пар.")
    page.locator("textarea[name=opportunities]").fill("Наставники-выпускники.")
    page.locator("textarea[name=threats]").fill("Практика на предприятиях в мае.")
    screenshot(page, "monitoring-journey-swot")
    page.get_by_role("button", name="Утвердить").click()
    expect(page.locator(".alert-success")).to_be_visible()
    swot = Response.objects.get(
        assignment__cycle=cycle,
        assignment__questionnaire__code="swot",
        assignment__format__code=FormatCode.STUDENT_STUDENT,
    )
    assert not swot.is_draft
    assert "%" in swot.answers.get(question__key="strengths").text

    # The director: aggregates, not a response.
    page.context.clear_cookies()
    log_in(page, live_server.url, "director")
    page.goto(f"{live_server.url}/monitoring/results/{year.start_year}/mentee-process/midyear/")
    expect(page.locator("main")).to_contain_text("Вам видны только сводные показатели")
    screenshot(page, "monitoring-journey-director-results")
    refused = page.goto(f"{live_server.url}/monitoring/answers/responses/{swot.pk}/")
    assert refused is not None and refused.status == 403

    # A lead of other formats: nothing of «студент – студент».
    other = UserFactory(username="lead-employers", roles=["format_lead"], password="demo")
    MentoringFormat.objects.get(code=FormatCode.EMPLOYER_STUDENT).leads.add(other)
    page.context.clear_cookies()
    log_in(page, live_server.url, "lead-employers")
    response = page.goto(
        f"{live_server.url}/monitoring/results/{year.start_year}/mentee-process/midyear/"
        f"?format={FormatCode.STUDENT_STUDENT}"
    )
    assert response is not None and response.status == 404
    page.goto(f"{live_server.url}/monitoring/answers/responses/")
    expect(page.locator("main")).not_to_contain_text(mentee.last_name)
