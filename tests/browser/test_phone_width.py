"""On a 390 px phone no page of the curator's is wider than the screen: a wide table
scrolls in its own box, and the action plan keeps its measures in view beside the years'
states (static/css/site.css)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from pairs.models import Mentorship, PoolEntry
from programs.models import PlanRun
from registry.models import PartnerOrganization, Person
from tests.browser.conftest import log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("demo"),
]

PHONE = {"width": 390, "height": 844}

CURATORS_PAGES = [
    "/",
    "/pairs/",
    "/pairs/drafts/",
    "/program/plan/",
    "/program/plan/mine/",
    "/program/training/",
    "/program/publications/",
    "/events/",
    "/incentives/",
    "/proposals/",
    "/pools/",
    "/pools/?role=mentor",
    "/pools/analysis/",
    "/pools/refresh/",
    "/people/students/",
    "/people/teachers/",
    "/partners/",
]


def _detail_pages() -> list[str]:
    """A page of each kind that holds a table: a pair, its plan, a person with trainings,
    a partner, a pool entry, a run of the plan."""
    mentorship = Mentorship.objects.active().order_by("pk").first()
    person = Person.objects.filter(courses__isnull=False).order_by("pk").first()
    partner = PartnerOrganization.objects.order_by("pk").first()
    entry = PoolEntry.objects.order_by("pk").first()
    run = PlanRun.objects.order_by("pk").first()
    assert None not in (mentorship, person, partner, entry, run)
    return [
        f"/pairs/{mentorship.pk}/",  # type: ignore[union-attr]
        f"/pairs/{mentorship.pk}/plan/",  # type: ignore[union-attr]
        f"/people/{person.pk}/",  # type: ignore[union-attr]
        f"/partners/{partner.pk}/",  # type: ignore[union-attr]
        f"/pools/{entry.pk}/",  # type: ignore[union-attr]
        f"/program/plan/runs/{run.pk}/",  # type: ignore[union-attr]
    ]


def test_no_page_of_the_curators_widens_a_phone(page: Page, live_server: LiveServer) -> None:
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "curator")

    wider = {}
    for path in [*CURATORS_PAGES, *_detail_pages()]:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wider[path] = width

    assert wider == {}


def test_the_action_plan_keeps_the_measure_and_a_years_state_in_view(
    page: Page, live_server: LiveServer
) -> None:
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "curator")
    page.goto(f"{live_server.url}/program/plan/")

    first_badge = page.locator(".plan-table tbody [data-status]").first
    expect(first_badge).to_be_in_viewport()
    box = first_badge.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    # Scrolled sideways, the measures stay where they were.
    measure = page.locator(".plan-table tbody td.plan-measure").first
    before = measure.bounding_box()
    page.locator(".table-responsive").first.evaluate("box => box.scrollBy(200, 0)")
    after = measure.bounding_box()
    assert before is not None and after is not None
    assert abs(before["x"] - after["x"]) < 1
    screenshot(page, "action-plan-phone")
