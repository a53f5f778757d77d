"""The accessibility check every browser test's tab runs (tests/browser/conftest.py): it
fails a test on a serious or critical violation, each time a page in that state is seen,
whether axe-core runs again or its result for the same state is reused."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Route

from tests.browser.conftest import AxeChecker

pytestmark = pytest.mark.browser

# An image without a text alternative and a field without a label: both «critical».
BROKEN = (
    "<!doctype html><html lang='ru'><head><title>Страница</title></head>"
    "<body><main><h1>Страница</h1><img src='data:,'><input type='text'></main></body></html>"
)
FIXED = BROKEN.replace("<img src='data:,'>", "<img src='data:,' alt='Схема'>")


def test_a_violation_fails_the_test_every_time_its_page_is_seen(browser: Browser) -> None:
    pages = {"/broken": BROKEN, "/same": BROKEN, "/fixed": FIXED}

    def serve(route: Route) -> None:
        path = "/" + route.request.url.split("/", 3)[3]
        route.fulfill(content_type="text/html; charset=utf-8", body=pages[path])

    context = browser.new_context(locale="ru-RU")
    try:
        page = context.new_page()
        page.route("http://axe.test/**", serve)
        checker = AxeChecker(page)
        states_before = len(AxeChecker._checked_states)
        for path in pages:
            page.goto(f"http://axe.test{path}")
            checker.wait_for_checks()
        checker.check_current()  # the last page again, as at a test's end
    finally:
        context.close()

    found = [violation.split(" (")[0] for violation in checker.violations]
    assert found == [
        "http://axe.test/broken: critical image-alt",
        "http://axe.test/broken: critical label",
        "http://axe.test/same: critical image-alt",
        "http://axe.test/same: critical label",
        "http://axe.test/fixed: critical label",
        "http://axe.test/fixed: critical label",
    ]
    # axe-core ran on the two documents; the same one at another address, and the last page
    # at the end, were answered from its first run.
    assert len(AxeChecker._checked_states) == states_before + 2
    with pytest.raises(AssertionError, match="image-alt"):
        checker.assert_clean()
