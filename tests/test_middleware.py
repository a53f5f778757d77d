"""The site's middleware (mentoring_site/middleware.py) and the headers and session rules
every page has: the Content-Security-Policy, no caching of a logged-in user's answers, a
request too large refused before it is read, a session that ends after a working day idle."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from programs.models import RunEvidence
from tests.conftest import client_for
from tests.factories import PlanRunFactory
from tests.files import PDF

pytestmark = pytest.mark.django_db

POLICY = (
    "default-src 'self'; base-uri 'self'; font-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; img-src 'self' data:; object-src 'none'; script-src 'self'; "
    "style-src 'self'"
)


def directives(header: str) -> set[str]:
    return {directive.strip() for directive in header.split(";")}


def evidence_url(run_pk: int) -> str:
    return reverse("actionplan:evidence-add", args=[run_pk])


# --- Content-Security-Policy -------------------------------------------------------------


@pytest.mark.parametrize("path", [reverse("login"), reverse("home")])
def test_every_page_has_the_policy(curator: User, client: Client, path: str) -> None:
    response = client_for(curator).get(path) if path != reverse("login") else client.get(path)

    assert directives(response["Content-Security-Policy"]) == directives(POLICY)


def test_an_uploaded_file_keeps_its_own_stricter_policy(curator: User) -> None:
    folder = Path(django_settings.MEDIA_ROOT) / "plan-evidence"
    folder.mkdir(parents=True)
    (folder / "protocol.pdf").write_bytes(PDF)

    response = client_for(curator).get("/media/plan-evidence/protocol.pdf")

    assert response["Content-Security-Policy"] == "default-src 'none'"


TEMPLATES = Path(django_settings.BASE_DIR) / "templates"
# Printed documents (WeasyPrint renders them to PDF; no browser, no policy): the documents
# of reports/, and the registry's own (the subject's data, the destruction act).
PRINTED = (TEMPLATES / "reports" / "documents", TEMPLATES / "registry" / "printed")
INLINE = {
    "an inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "a style attribute": re.compile(r"\sstyle=", re.IGNORECASE),
    "a <style> element": re.compile(r"<style[\s>]", re.IGNORECASE),
    "an event handler": re.compile(r"\son[a-z]+=", re.IGNORECASE),
    "a javascript: link": re.compile(r"javascript:", re.IGNORECASE),
}


def test_no_template_has_what_the_policy_blocks() -> None:
    found = [
        f"{template.relative_to(TEMPLATES)}: {what}"
        for template in TEMPLATES.rglob("*.html")
        if not any(template.is_relative_to(printed) for printed in PRINTED)
        for what, pattern in INLINE.items()
        if pattern.search(template.read_text())
    ]

    assert found == []


# The apps' Python code that writes HTML for pages (tables' and widgets' attributes); the
# demo's decision scans are PDFs.
APPS = ("core", "programs", "registry", "pairs", "reports")
STYLE_IN_CODE = re.compile(r"""["']style["']\s*:|\bstyle=|<script>|\bon(?:click|change)=""")


def test_no_code_writes_what_the_policy_blocks() -> None:
    base = Path(django_settings.BASE_DIR)
    found = [
        str(module.relative_to(base))
        for app in APPS
        for module in (base / app).rglob("*.py")
        if STYLE_IN_CODE.search(module.read_text())
    ]

    assert found == []


# --- Cache-Control ------------------------------------------------------------------------


def test_a_logged_in_users_page_is_not_stored(curator: User) -> None:
    response = client_for(curator).get(reverse("home"))

    assert response["Cache-Control"] == "no-store, private"


@pytest.mark.parametrize(
    "name", ["documents:registry-xlsx", "documents:registry-pdf", "mentorships:registry"]
)
def test_exports_and_printed_documents_are_not_stored(curator: User, name: str) -> None:
    response = client_for(curator).get(reverse(name))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_an_uploaded_file_is_not_stored(curator: User) -> None:
    upload = SimpleUploadedFile("protocol.pdf", PDF)
    client_for(curator).post(evidence_url(PlanRunFactory().pk), {"title": "П", "file": upload})

    response = client_for(curator).get(RunEvidence.objects.get().file.url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"


def test_a_view_that_says_its_own_caching_keeps_it(client: Client) -> None:
    """The login page is `never_cache` already; anonymous answers are left as they are."""
    response = client.get(reverse("login"))

    assert "no-store" in response["Cache-Control"]
    assert "no-store, private" != response["Cache-Control"]


def test_static_files_may_be_cached(curator: User, settings: Any) -> None:
    settings.WHITENOISE_USE_FINDERS = True  # as under DEBUG: no collectstatic in tests

    response = client_for(curator).get("/static/css/site.css")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


# --- Request size ----------------------------------------------------------------------------


def test_the_default_request_limit_is_the_largest_file_and_a_megabyte() -> None:
    largest = max(django_settings.MAX_UPLOAD_BYTES, django_settings.IMPORT_MAX_BYTES)

    assert django_settings.MAX_REQUEST_BYTES == largest + 1024 * 1024


def test_a_request_over_the_limit_is_refused_before_its_body_is_read(
    curator: User, settings: Any
) -> None:
    settings.MAX_REQUEST_BYTES = 1000
    run = PlanRunFactory()
    upload = SimpleUploadedFile("protocol.pdf", PDF + b" " * 1000)

    response = client_for(curator).post(evidence_url(run.pk), {"title": "П", "file": upload})

    assert response.status_code == 413
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert '<html lang="ru">' in response.text
    assert "Content-Security-Policy" in response
    assert not RunEvidence.objects.exists()


def test_the_refusal_comes_before_the_csrf_check(settings: Any) -> None:
    """Even a form without its CSRF token (whose check would read the body) gets the 413."""
    settings.MAX_REQUEST_BYTES = 10
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("login"), {"username": "x" * 20, "password": "y"})

    assert response.status_code == 413


def test_a_request_within_the_limit_passes(curator: User, settings: Any) -> None:
    settings.MAX_REQUEST_BYTES = 100_000
    upload = SimpleUploadedFile("protocol.pdf", PDF)

    response = client_for(curator).post(
        evidence_url(PlanRunFactory().pk), {"title": "П", "file": upload}
    )

    assert response.status_code == 302


def test_an_unreadable_length_is_left_to_django(client: Client, settings: Any) -> None:
    settings.MAX_REQUEST_BYTES = 10

    response = client.get(reverse("login"), CONTENT_LENGTH="many")

    assert response.status_code == 200


# --- Sessions -----------------------------------------------------------------------------


def test_a_session_lasts_a_working_day_from_the_last_request(curator: User) -> None:
    client = client_for(curator)

    first = client.get(reverse("home"))
    second = client.get(reverse("home"))

    assert django_settings.SESSION_COOKIE_AGE == 9 * 3600
    # Each answer sends the cookie again with the whole age: the time counts from it.
    for response in (first, second):
        cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
        assert cookie["max-age"] == 9 * 3600
