"""Brute-force protection of the login (django-axes, core/lockouts): a user name is locked
from one address after AXES_FAILURE_LIMIT failures (5) for AXES_COOLOFF_TIME (15 minutes);
the curator sees lockouts and failed logins and lifts a lockout."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from core.lockouts.addresses import client_ip
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
LIST = reverse("lockouts:list")
HERE = "127.0.0.1"  # the test client's REMOTE_ADDR


def log_in(
    username: str, password: str = "secret", client: Client | None = None, **extra: str
) -> Any:
    """Posts the login form; the right password of the personas is "secret"."""
    client = client or Client()
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def logged_in(response: HttpResponse) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("home")


def lock(
    username: str, ip_address: str | None = HERE, user_agent: str = "<unknown>", **fields: object
) -> AccessAttempt:
    """What five failed logins leave behind, without posting them; `fields` change it."""
    attempt: AccessAttempt = AccessAttempt.objects.create(
        username=username,
        ip_address=ip_address,
        user_agent=user_agent,
        failures_since_start=settings.AXES_FAILURE_LIMIT,
        get_data="",
        post_data="",
        http_accept="",
        path_info=LOGIN,
    )
    if fields:
        AccessAttempt.objects.filter(pk=attempt.pk).update(**fields)
        attempt.refresh_from_db()
    return attempt


def unlock_url(attempt: AccessAttempt | int) -> str:
    pk = attempt if isinstance(attempt, int) else attempt.pk
    return reverse("lockouts:unlock", args=[pk])


# --- The lockout ------------------------------------------------------------------------------


def test_the_settings_default_to_five_failures_and_fifteen_minutes() -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == dt.timedelta(minutes=15)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_the_environment_sets_the_limit_the_cool_off_and_the_proxy() -> None:
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME, s.CLIENT_IP_FROM_PROXY)"
    )
    environment = {
        **os.environ,
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "mentoring_site.settings",
        "LOGIN_FAILURE_LIMIT": "3",
        "LOGIN_COOLOFF_MINUTES": "30",
        "BEHIND_HTTPS_PROXY": "1",
    }
    result = subprocess.run(  # noqa: S603 - this module's own constant code
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.split() == ["3", "0:30:00", "True"]


def test_five_wrong_passwords_lock_out_even_the_right_one(teacher: User) -> None:
    client = Client()
    for _ in range(4):
        assert log_in("teacher", "wrong", client).status_code == 200  # the form again

    fifth = log_in("teacher", "wrong", client)
    right = log_in("teacher", client=client)

    assert fifth.status_code == 429
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    assert 'data-testid="locked-out"' in right.content.decode()


def test_the_lockout_page_says_when_to_try_again() -> None:
    attempt = lock("teacher")

    response = log_in("teacher")

    # The attempt was recorded too, and starts the cool-off again.
    ends_at = AccessAttempt.objects.get(pk=attempt.pk).attempt_time + dt.timedelta(minutes=15)
    local = timezone.localtime(ends_at)
    assert f"{local:%H:%M} ({local:%d.%m.%Y})" in response.content.decode()
    assert 899 <= int(response["Retry-After"]) <= 900


def test_fewer_failures_than_the_limit_do_not_lock(teacher: User) -> None:
    lock("teacher", failures_since_start=4)

    assert logged_in(log_in("teacher"))


def test_logging_in_forgets_the_failures(teacher: User) -> None:
    lock("teacher", failures_since_start=4)
    log_in("teacher")

    assert not AccessAttempt.objects.exists()


def test_another_user_name_logs_in_from_the_same_address(teacher: User, director: User) -> None:
    lock("teacher")

    assert logged_in(log_in("director"))


def test_the_same_user_name_logs_in_from_another_address(teacher: User) -> None:
    lock("teacher", ip_address="192.0.2.7")

    assert logged_in(log_in("teacher"))


def test_the_right_password_works_after_the_cool_off(teacher: User) -> None:
    lock("teacher", attempt_time=timezone.now() - dt.timedelta(minutes=15, seconds=1))

    assert logged_in(log_in("teacher"))


def test_each_failed_login_is_logged(teacher: User) -> None:
    log_in("teacher", "wrong")

    failure = AccessFailureLog.objects.get()
    assert (failure.username, failure.ip_address, failure.locked_out) == ("teacher", HERE, False)


# --- The address behind the reverse proxy -------------------------------------------------------


def address(**meta: str) -> str | None:
    return client_ip(RequestFactory().get("/", **meta))


def test_without_the_proxy_the_address_is_the_connections() -> None:
    assert address(REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.9") == "192.0.2.1"


@override_settings(CLIENT_IP_FROM_PROXY=True)
def test_behind_the_proxy_the_address_is_the_one_it_appended() -> None:
    forged = "198.51.100.1, 203.0.113.9"

    assert address(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forged) == "203.0.113.9"
    assert address(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="2001:db8::1") == "2001:db8::1"
    # Not through the proxy: the connection's own address.
    assert address(REMOTE_ADDR="192.0.2.1") == "192.0.2.1"
    # Never a value the database would refuse.
    assert address(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="unknown") is None


@override_settings(CLIENT_IP_FROM_PROXY=True)
def test_behind_the_proxy_the_forwarded_address_is_locked(teacher: User) -> None:
    lock("teacher", ip_address="203.0.113.9")

    # Whatever the client writes before it, the proxy's entry is what counts.
    forged = log_in("teacher", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9")
    other = log_in("teacher", HTTP_X_FORWARDED_FOR="203.0.113.9, 203.0.113.10")

    assert forged.status_code == 429
    assert logged_in(other)


# --- The curator's page -----------------------------------------------------------------------


def test_the_curator_sees_the_lockouts_and_the_failures(curator: User, teacher: User) -> None:
    lock("teacher", ip_address="192.0.2.7")
    lock("director", failures_since_start=2)  # failing, not locked
    log_in("methodist", "wrong")

    response = client_for(curator).get(LIST)

    assert response.status_code == 200
    lockouts = response.context["lockouts"]
    assert [(lockout.username, lockout.ip_address) for lockout in lockouts] == [
        ("teacher", "192.0.2.7")
    ]
    assert [row.record.username for row in response.context["failures"].page.object_list] == [
        "methodist"
    ]
    assert 'data-testid="lockouts"' in response.content.decode()


def test_a_lockout_ends_with_the_cool_off_of_its_newest_attempts(curator: User) -> None:
    now = timezone.now()
    lock("teacher", failures_since_start=2, attempt_time=now - dt.timedelta(minutes=10))
    lock("teacher", user_agent="another browser", failures_since_start=3, attempt_time=now)

    lockout = client_for(curator).get(LIST).context["lockouts"][0]

    # Five failures now; at the old row's end, three: the lockout ends with it.
    assert lockout.failures == 5
    assert lockout.ends_at == now + dt.timedelta(minutes=5)


def test_unlocking_asks_first(curator: User) -> None:
    attempt = lock("teacher")

    response = client_for(curator).get(unlock_url(attempt))

    assert response.status_code == 200
    assert response.context["lockout"].username == "teacher"
    assert AccessAttempt.objects.exists()


def test_unlocking_lets_the_user_log_in(curator: User, teacher: User) -> None:
    attempt = lock("teacher")
    lock("teacher", ip_address="192.0.2.7")  # another address stays locked

    response = client_for(curator).post(unlock_url(attempt))

    assert response.status_code == 302
    assert response["Location"] == LIST
    assert logged_in(log_in("teacher"))
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["192.0.2.7"]


@pytest.mark.parametrize("persona", ["director", "lead", "methodist", "teacher", "outsider"])
def test_only_the_curator_sees_lockouts(persona: str, request: pytest.FixtureRequest) -> None:
    client = client_for(request.getfixturevalue(persona))
    attempt = lock("teacher")

    assert client.get(LIST).status_code == 403
    assert client.get(unlock_url(attempt)).status_code == 403
    assert client.post(unlock_url(attempt)).status_code == 403
    assert AccessAttempt.objects.exists()


def test_the_pages_refuse_other_methods(curator: User) -> None:
    client = client_for(curator)

    assert client.post(LIST).status_code == 405
    assert client.put(unlock_url(lock("teacher"))).status_code == 405


def test_an_unknown_lockout_is_not_found(curator: User) -> None:
    assert client_for(curator).post(unlock_url(999)).status_code == 404


def test_the_list_takes_the_same_queries_for_any_number_of_rows(
    curator: User, django_assert_max_num_queries: Any
) -> None:
    client = client_for(curator)
    for number in range(3):
        lock(f"user{number}")
        log_in(f"user{number}", "wrong")

    with django_assert_max_num_queries(8):
        client.get(LIST)
