"""The account journey: the curator gives a teacher a login, the teacher logs in with the
one-time password and must choose their own, the curator blocks the login, and the teacher can
no longer log in."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from registry.models import OneTimePassword, Teacher
from tests.browser.conftest import log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("demo"),
]

OWN_PASSWORD = "Terrikon-Chegdomyn-7"


def _log_in_as(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Выйти").click()
    expect(page.get_by_role("button", name="Войти")).to_be_visible()


def test_a_teacher_s_login_from_creation_to_blocking(page: Page, live_server: LiveServer) -> None:
    teacher = Teacher.objects.filter(user__isnull=True).order_by("last_name", "id").first()
    assert teacher is not None
    base = live_server.url

    # The curator gives the teacher a login from the teacher's page.
    log_in(page, base, "curator")
    page.goto(f"{base}/people/{teacher.pk}/")
    expect(page.get_by_test_id("account")).to_be_visible()
    page.get_by_test_id("account-create").click()
    page.locator("#id_role").select_option("teacher")
    username = page.locator("#id_username").input_value()
    assert username
    page.get_by_test_id("create-login").click()
    expect(page.get_by_test_id("slip-username")).to_have_text(username)
    password = page.get_by_test_id("slip-password").inner_text().strip()
    assert len(password) == 10
    expect(page.get_by_test_id("slip-site")).to_have_text(f"{base}/")
    screenshot(page, "account-slip")
    page.get_by_test_id("issued-done").click()
    expect(page.get_by_test_id("account-username")).to_have_text(username)
    _log_out(page)

    # The teacher logs in with the one-time password and must choose their own first.
    _log_in_as(page, base, username, password)
    page.wait_for_url(f"{base}/account/password/")
    expect(page.get_by_test_id("password-forced")).to_be_visible()
    page.goto(f"{base}/pairs/")
    page.wait_for_url(f"{base}/account/password/")
    screenshot(page, "account-forced-change")
    page.locator("#id_old_password").fill(password)
    page.locator("#id_new_password1").fill(OWN_PASSWORD)
    page.get_by_label("Подтверждение нового пароля").fill(OWN_PASSWORD)
    page.get_by_test_id("password-change-submit").click()
    page.wait_for_url(f"{base}/")
    expect(page.get_by_test_id("current-user")).to_contain_text(teacher.last_name)
    account = User.objects.get(username=username)
    assert not OneTimePassword.objects.filter(user=account).exists()
    _log_out(page)

    # The curator blocks the login.
    log_in(page, base, "curator")
    page.goto(f"{base}/people/{teacher.pk}/")
    page.get_by_test_id("account-block").click()
    page.get_by_test_id("confirm-action").click()
    page.wait_for_url(f"{base}/people/{teacher.pk}/")
    expect(page.get_by_test_id("account-unblock")).to_be_visible()
    assert not User.objects.get(username=username).is_active
    # The list of logins finds it by the Russian name, on a phone too.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/people/logins/?q={teacher.last_name.lower()}&state=blocked")
    expect(page.locator("main table")).to_contain_text(username)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "account-list-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    _log_out(page)

    # The teacher can no longer log in, with the password they chose.
    _log_in_as(page, base, username, OWN_PASSWORD)
    expect(page.locator(".alert-danger, .invalid-feedback, .errorlist").first).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_have_count(0)
    assert page.url.startswith(f"{base}/accounts/login/")
    screenshot(page, "account-blocked-login")
