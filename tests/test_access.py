"""Every page requires login except the login page and /healthz."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# The personal link to a questionnaire works without a login (tests/reports/monitoring/).
PUBLIC = {"login", "healthz", "admin:login", "answering:link", "answering:link-thanks"}


def _walk(patterns: list, prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    """(name, example path) for every URL pattern, with sample values for its parameters."""
    found = []
    for pattern in patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += _walk(pattern.url_patterns, prefix + route, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else prefix + route
            found.append((name, "/" + _sample(prefix + route)))
    return found


def _sample(route: str) -> str:
    route = re.sub(r"<int:\w+>", "1", route)
    route = re.sub(r"<(?:slug|str|path):\w+>|<\w+>", "sample", route)
    # Admin routes are regular expressions; give them a plausible concrete path.
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "sample", route)
    return route.replace("^", "").replace("$", "").replace("\\", "")


ALL_URLS = _walk(get_resolver().url_patterns)


def test_the_walk_finds_the_app_pages() -> None:
    names = {name for name, _ in ALL_URLS}
    assert {"home", "mentorships:registry", "formats:format-list", "formats:format-edit"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "path"), [u for u in ALL_URLS if u[0] not in PUBLIC])
def test_anonymous_is_sent_to_log_in(client: Client, name: str, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 302, name
    assert response["Location"].startswith((reverse("login"), reverse("admin:login"))), name


@pytest.mark.django_db
def test_login_page_is_public(client: Client) -> None:
    assert client.get(reverse("login")).status_code == 200


@pytest.mark.django_db
def test_healthz_is_public_and_checks_the_database(client: Client) -> None:
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_refuses_post(client: Client) -> None:
    assert client.post(reverse("healthz")).status_code == 405
