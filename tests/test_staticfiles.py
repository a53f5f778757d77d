"""The static files collected for production: the vendor files the pages use, not the rest
of Bootstrap's and Bootstrap Icons' packages (mentoring_site/staticfiles.py); served by the
live server of the browser tests as by `runserver`."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.apps import StaticFilesConfig

# What `collectstatic` takes from node_modules: what the templates name, the source maps
# their last lines name, the fonts bootstrap-icons.min.css names.
VENDOR_FILES = [
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "vendor/bootstrap/css/bootstrap.min.css",
    "vendor/bootstrap/css/bootstrap.min.css.map",
    "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "vendor/bootstrap/js/bootstrap.bundle.min.js.map",
]


def _collected() -> list[str]:
    """Every path `collectstatic` would copy, as it finds them."""
    ignore_patterns = StaticFilesConfig.ignore_patterns
    return sorted(
        str(Path(getattr(storage, "prefix", None) or "") / path)
        for finder in finders.get_finders()
        for path, storage in finder.list(ignore_patterns)
    )


def test_only_the_vendor_files_the_pages_use_are_collected() -> None:
    vendor = [path for path in _collected() if path.startswith("vendor/")]
    assert vendor == VENDOR_FILES


def test_every_vendor_file_a_template_names_is_collected() -> None:
    named = {
        name
        for template in Path(settings.BASE_DIR, "templates").rglob("*.html")
        for name in re.findall(r"""{%\s*static\s+['"](vendor/[^'"]+)['"]""", template.read_text())
    }
    assert named == {
        "vendor/bootstrap/css/bootstrap.min.css",
        "vendor/bootstrap/js/bootstrap.bundle.min.js",
        "vendor/bootstrap-icons/bootstrap-icons.min.css",
    }
    assert named <= set(_collected())


def test_the_source_maps_and_fonts_the_collected_files_name_are_collected() -> None:
    named = set()
    for name in VENDOR_FILES:
        if not name.endswith((".css", ".js")):
            continue
        text = Path(str(finders.find(name))).read_text()
        maps = re.findall(r"sourceMappingURL=(\S+?)(?:\s*\*/)?$", text, flags=re.MULTILINE)
        fonts = re.findall(r"""url\(["']?(?!data:)([^"')?#]+)""", text)
        # Path drops a reference's leading "./".
        named |= {str(Path(name).parent / reference) for reference in maps + fonts}
    assert named == {
        "vendor/bootstrap/css/bootstrap.min.css.map",
        "vendor/bootstrap/js/bootstrap.bundle.min.js.map",
        "vendor/bootstrap-icons/fonts/bootstrap-icons.woff",
        "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    }
    assert named <= set(_collected())


def test_the_rest_of_the_static_files_are_all_collected() -> None:
    """The vendor patterns leave the site's own folder alone, whatever its files' names."""
    collected = set(_collected())
    own = Path(settings.BASE_DIR, "static")
    assert {str(path.relative_to(own)) for path in own.rglob("*") if path.is_file()} <= collected
    assert "css/documents.css" in collected
    assert "admin/css/base.css" in collected


def test_installed_apps_names_the_static_files_app_for_the_live_server() -> None:
    """pytest-django's live server (the browser tests) serves them only where INSTALLED_APPS
    names Django's app itself, not an AppConfig of ours."""
    assert "django.contrib.staticfiles" in settings.INSTALLED_APPS
