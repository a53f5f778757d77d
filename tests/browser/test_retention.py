"""The curator gives a person their data and destroys the data of someone who left the
program: the pages pass axe-core (the `page` fixture checks each one) at desktop and phone
widths, and the act is listed. Selectors are test ids and form names, not wording."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from pairs.models import MentorshipStatus
from registry.models import Consent, ConsentPurpose, DestructionAct, Person
from tests.browser.conftest import log_in, screenshot
from tests.factories import MentorshipFactory, TeacherFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("demo"),
]


def test_curator_gives_a_subject_their_data_and_destroys_a_leaver(
    page: Page, live_server: LiveServer
) -> None:
    leaver = TeacherFactory(last_name="Уходящая", first_name="Нина")
    MentorshipFactory(
        mentees=[leaver],
        started_on=dt.date(2019, 10, 1),
        planned_end_on=dt.date(2020, 6, 30),
        ended_on=dt.date(2020, 6, 30),
        status=MentorshipStatus.COMPLETED,
    )
    Consent.objects.filter(person=leaver, purpose=ConsentPurpose.PROGRAM).update(
        withdrawn_on=dt.date(2021, 1, 10)
    )

    log_in(page, live_server.url, "curator")
    page.goto(f"{live_server.url}/people/{leaver.pk}/")
    with page.expect_download() as download:
        page.get_by_test_id("subject-data-pdf").click(modifiers=["Alt"])
    assert download.value.suggested_filename.startswith(f"subject-data-{leaver.pk}-")

    page.goto(f"{live_server.url}/people/retention/")
    due = page.get_by_test_id("due-list")
    expect(due).to_contain_text("Уходящая Нина")
    page.locator(f"input[name=people][value='{leaver.pk}']").check()
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("chosen")).to_contain_text("Уходящая Нина")
    screenshot(page, "retention-confirm")
    page.locator("input[name=confirm]").check()
    page.locator("main form button[type=submit].btn-danger").click()

    expect(page.locator(".alert-success")).to_be_visible()
    act = DestructionAct.objects.get()
    assert [entry["name"] for entry in act.entries] == ["Уходящая Нина Ивановна"]
    assert Person.objects.get(pk=leaver.pk).anonymised_on is not None
    expect(page.locator("main table")).to_contain_text(act.number)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/people/retention/")
    screenshot(page, "retention-review-phone")
    page.goto(f"{live_server.url}/people/retention/acts/")
    screenshot(page, "retention-acts-phone")
