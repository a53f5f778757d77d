"""Each demo role's home, on a desktop and on a phone: what the role does most is on top,
nothing widens the page; the screenshots go to test-artifacts/home-<role>-<width>.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The block each role's home starts with (its data-testid).
FIRST_BLOCK = {
    "curator": "to-do",
    # The way to the monitoring dashboard, then the program's plan runs.
    "director": "to-dashboard",
    "lead": "to-do",
    "methodist": "prints",
    "teacher": "my-pairs",
    "partner": "my-pupils",
}


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("username", sorted(FIRST_BLOCK))
def test_each_roles_home_starts_with_its_work(
    page: Page, live_server: LiveServer, username: str
) -> None:
    log_in(page, live_server.url, username)
    for width, height in ((390, 844), (1366, 900)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/")

        first = page.locator("main [data-testid]").first.get_attribute("data-testid")
        widens = page.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
        screenshot(page, f"home-{username}-{width}")

        assert first == FIRST_BLOCK[username]
        if width == 390:  # the desktop's menu bar is the layout's, not the home page's
            assert not widens
