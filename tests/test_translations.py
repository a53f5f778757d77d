"""The Russian catalogue is complete: every string in the code is translated, none is fuzzy,
and the compiled .mo matches the .po."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
SOURCES = [
    "manage.py",
    "mentoring_site",
    "core",
    "programs",
    "registry",
    "pairs",
    "reports",
    "demo",
    "templates",
]


def _unfinished(catalogue: polib.POFile) -> list[str]:
    return [
        entry.msgid
        for entry in catalogue
        if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags)
    ]


def test_catalogue_has_no_untranslated_or_fuzzy_entry() -> None:
    catalogue = polib.pofile(str(PO))

    assert "fuzzy" not in catalogue.metadata_as_entry().flags
    assert _unfinished(catalogue) == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext")
def test_every_string_in_the_code_is_in_the_catalogue(tmp_path: Path) -> None:
    """Extracts the strings from a copy of the sources, as `make messages` does."""
    for name in SOURCES:
        source = Path(settings.BASE_DIR) / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    shutil.copytree(PO.parent.parent.parent, tmp_path / "locale")
    env = {**os.environ, "DEBUG": "1", "PYTHONPATH": str(tmp_path)}

    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "ru", "--no-location"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )

    extracted = polib.pofile(str(tmp_path / "locale" / "ru" / "LC_MESSAGES" / "django.po"))
    assert _unfinished(extracted) == [], "run `make messages` and translate the new strings"


def test_compiled_catalogue_matches_the_source() -> None:
    # An entry is its context (pgettext), its msgid and its plural.
    source = {
        (entry.msgctxt, entry.msgid, entry.msgid_plural): entry.msgstr or entry.msgstr_plural
        for entry in polib.pofile(str(PO))
        if entry.translated() and not entry.obsolete
    }
    compiled = {
        (entry.msgctxt, entry.msgid, entry.msgid_plural): entry.msgstr or entry.msgstr_plural
        for entry in polib.mofile(str(MO))
        if entry.msgid
    }

    assert compiled == source, "run `make messages` to compile the catalogue"


def test_russian_is_the_language_of_the_site() -> None:
    assert settings.LANGUAGE_CODE == "ru"
    with translation.override("ru"):
        assert translation.gettext("Log in") == "Войти"
