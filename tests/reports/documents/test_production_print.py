"""Printed documents under the production static storage, the way `DEBUG=0` serves them.

A real `collectstatic` into a temporary folder, once per test session, with the storage the
settings use in production (hashed and compressed names, `PRODUCTION_STATICFILES_BACKEND`).
Then `{% static %}` gives `css/documents.<hash>.css`, a name the static finders do not know:
each document must still find its stylesheet, print in its page size and orientation, and
in its font. The vendor packages are left out of this collection (documents use none of them,
and compressing them takes half a minute); `scripts/production_check.py`, run by `make test`,
collects everything and prints through gunicorn.

Tests named `test_pdf_…` render through WeasyPrint; `pytest -k "not pdf"` leaves them out.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.templatetags.static import static
from django.test import override_settings
from django.urls import reverse

from core.pdf import (
    DOCUMENT_BASE_URL,
    DocumentResourceError,
    MissingDocumentResource,
    ResourceRefused,
    StaticFilesFetcher,
    html_to_pdf,
)
from programs.models import Organization
from registry.models import IncentiveKind
from tests.conftest import client_for
from tests.factories import (
    IncentiveFactory,
    MentorshipFactory,
    PlanItemFactory,
    PlanRunFactory,
    StudentFactory,
    format_of,
)
from tests.pdf import (
    A4_LANDSCAPE,
    A4_PORTRAIT,
    LONG_TABLE_FONTS,
    pdf_fonts,
    pdf_page_sizes,
    pdf_text,
)

pytestmark = pytest.mark.django_db

PRODUCTION_STORAGE = {"BACKEND": django_settings.PRODUCTION_STATICFILES_BACKEND}
DOCUMENTS_CSS = "css/documents.css"


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A STATIC_ROOT filled by `collectstatic` under the production storage."""
    root = tmp_path_factory.mktemp("static-root")
    with override_settings(
        STATIC_ROOT=root,
        STORAGES={**django_settings.STORAGES, "staticfiles": PRODUCTION_STORAGE},
        STATICFILES_DIRS=[django_settings.BASE_DIR / "static"],
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


def use_production_static(settings: Any, root: Path) -> None:
    settings.STATIC_ROOT = root
    settings.STORAGES = {**settings.STORAGES, "staticfiles": PRODUCTION_STORAGE}


@pytest.fixture(autouse=True)
def production_static(settings: Any, collected_static: Path) -> Path:
    use_production_static(settings, collected_static)
    return collected_static


@pytest.fixture(autouse=True)
def organization(db: None) -> Organization:
    organization = Organization.load()
    organization.short_name = "КГБПОУ ЧГТТ"
    organization.curator_name = "Васильев Андрей Сергеевич"
    organization.director_name = "Соколова Елена Викторовна"
    organization.save()
    return organization


def hashed_stylesheet_url() -> str:
    return DOCUMENT_BASE_URL.rstrip("/") + static(DOCUMENTS_CSS)


def hashed_stylesheet_name() -> str:
    """`css/documents.<hash>.css`, the stylesheet's name in the storage."""
    return static(DOCUMENTS_CSS).removeprefix("/static/")


def test_the_production_storage_gives_hashed_names() -> None:
    url = static(DOCUMENTS_CSS)

    assert url.startswith("/static/css/documents.")
    assert url != "/static/css/documents.css"


def test_the_fetcher_serves_the_hashed_stylesheet_from_the_storage(
    production_static: Path,
) -> None:
    response = StaticFilesFetcher().fetch(hashed_stylesheet_url())

    assert response.content_type == "text/css"
    assert response.read() == (production_static / hashed_stylesheet_name()).read_bytes()


@pytest.mark.parametrize(
    "url",
    ["/static/../manage.py", "/static/staticfiles.json/../../x", "file:///etc/passwd"],
)
def test_the_fetcher_still_refuses_anything_else(url: str) -> None:
    with pytest.raises(ResourceRefused):
        StaticFilesFetcher().fetch(url)


def test_a_static_name_neither_the_finders_nor_the_storage_know_stops_the_print() -> None:
    with pytest.raises(MissingDocumentResource):
        StaticFilesFetcher().fetch("/static/css/documents.0000000000.css")


def test_pdf_a_missing_stylesheet_is_an_error_not_a_bare_print() -> None:
    html = '<html><head><link rel="stylesheet" href="/static/css/gone.css"></head><body>x</body>'

    with pytest.raises(DocumentResourceError, match="gone.css"):
        html_to_pdf(html)


def test_pdf_a_document_whose_stylesheet_is_gone_is_never_served(
    settings: Any, collected_static: Path, tmp_path: Path, methodist: User
) -> None:
    # The manifest still names the hashed file, as after a half-finished deployment.
    broken = tmp_path / "static-root"
    shutil.copytree(collected_static, broken)
    (broken / hashed_stylesheet_name()).unlink()
    use_production_static(settings, broken)
    item = PlanItemFactory()
    PlanRunFactory(item=item, due_on=dt.date(2026, 4, 30))

    with pytest.raises(DocumentResourceError):
        client_for(methodist).get(reverse("documents:plan-report", args=[item.plan.pk]))


# The stylesheet's fonts. Without it WeasyPrint prints every document in its default serif,
# with no italic in the letter (its reason is italic by the stylesheet alone).
SANS = {"DejaVu-Sans", "DejaVu-Sans-Bold"}
LETTER_FONTS = {"DejaVu-Serif", "DejaVu-Serif-Bold", "DejaVu-Serif-Italic"}


def printed(user: User, url: str, fetched: list[str], *, fonts: set[str] = SANS) -> bytes:
    response = client_for(user).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert fetched == [hashed_stylesheet_url()]
    assert pdf_fonts(response.content) == fonts
    pdf: bytes = response.content
    return pdf


def test_pdf_registry_prints_landscape_in_dejavu_without_a_stylesheet(
    methodist: User, fetched: list[str]
) -> None:
    """The registry is printed by ReportLab (core/longtables.py): nothing is fetched, its
    fonts come from the font files."""
    MentorshipFactory()

    response = client_for(methodist).get(reverse("documents:registry-pdf"))

    assert response.status_code == 200
    assert fetched == []
    assert pdf_fonts(response.content) == LONG_TABLE_FONTS
    assert set(pdf_page_sizes(response.content)) == {A4_LANDSCAPE}
    assert "Реестр наставнических пар" in pdf_text(response.content)


def test_pdf_personal_plan_prints_portrait_with_its_stylesheet(
    curator: User, fetched: list[str]
) -> None:
    mentorship = MentorshipFactory(format=format_of("teacher_teacher"))

    pdf = printed(curator, reverse("documents:personal-plan", args=[mentorship.pk]), fetched)

    assert set(pdf_page_sizes(pdf)) == {A4_PORTRAIT}
    assert "План адаптации молодого педагога" in pdf_text(pdf)


def test_pdf_plan_report_prints_landscape_with_its_stylesheet(
    curator: User, fetched: list[str]
) -> None:
    item = PlanItemFactory()
    PlanRunFactory(item=item, due_on=dt.date(2026, 4, 30))

    pdf = printed(curator, reverse("documents:plan-report", args=[item.plan.pk]), fetched)

    assert set(pdf_page_sizes(pdf)) == {A4_LANDSCAPE}
    assert "Отчёт о выполнении комплекса мер" in pdf_text(pdf)


def test_pdf_parents_letter_prints_portrait_with_its_stylesheet(
    curator: User, fetched: list[str]
) -> None:
    incentive = IncentiveFactory(mentor=StudentFactory(), kind=IncentiveKind.PARENTS_LETTER)

    url = reverse("documents:parents-letter", args=[incentive.pk])

    pdf = printed(curator, url, fetched, fonts=LETTER_FONTS)

    assert pdf_page_sizes(pdf) == [A4_PORTRAIT]
    assert "БЛАГОДАРСТВЕННОЕ ПИСЬМО" in pdf_text(pdf)  # upper case by the stylesheet
