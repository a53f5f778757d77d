from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "SECRET_KEY_FILE"}
    }
    return subprocess.run(  # noqa: S603 - the code is this module's own constant text
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**environment, **env},
        capture_output=True,
        text=True,
        check=False,
    )


SERVE = "import mentoring_site.wsgi"


def test_the_server_does_not_start_without_a_secret_key() -> None:
    result = _run(SERVE, DEBUG="0")

    assert result.returncode != 0
    assert "SECRET_KEY setting must not be empty" in result.stderr


def test_the_server_starts_with_a_secret_key_and_freezes_the_loaded_site() -> None:
    """Started, it has loaded every view and put the objects of the loaded site out of the
    garbage collector's way (core/startup.py)."""
    loaded = "import gc, sys; print(gc.get_freeze_count(), 'pairs.pools.views' in sys.modules)"
    result = _run(f"{SERVE}; {loaded}", DEBUG="0", SECRET_KEY="x" * 50)

    assert result.returncode == 0, result.stderr
    frozen, views_loaded = result.stdout.split()
    assert int(frozen) > 50_000
    assert views_loaded == "True"


def test_commands_that_sign_nothing_run_without_a_secret_key() -> None:
    """The migration check of CI and of a fresh checkout runs with no environment at all."""
    result = _run(
        "from django.core.management import execute_from_command_line;"
        "execute_from_command_line(['manage.py', 'makemigrations', '--check', '--dry-run'])",
        DJANGO_SETTINGS_MODULE="mentoring_site.settings",
    )

    assert result.returncode == 0, result.stderr


def test_defaults_are_the_colleges() -> None:
    assert settings.LANGUAGE_CODE == "ru"
    assert settings.TIME_ZONE == "Asia/Vladivostok"
    assert settings.USE_TZ


def test_sessions_end_after_the_idle_hours_the_environment_gives() -> None:
    result = _run(
        "from django.conf import settings;"
        "print(settings.SESSION_COOKIE_AGE, settings.SESSION_SAVE_EVERY_REQUEST)",
        DEBUG="1",
        DJANGO_SETTINGS_MODULE="mentoring_site.settings",
        SESSION_IDLE_HOURS="4.5",
    )

    assert result.stdout.split() == [str(4 * 3600 + 1800), "True"]


# --- `make run`: DEBUG off on one machine, with a key file of its own -----------------------

PRINT_KEY = (
    "from django.conf import settings; import mentoring_site.wsgi; print(settings.SECRET_KEY)"
)


def test_make_run_makes_a_local_key_once_and_keeps_it(tmp_path: Path) -> None:
    key_file = tmp_path / "var" / "secret_key"

    first = _run(PRINT_KEY, DEBUG="0", SECRET_KEY_FILE=str(key_file))
    second = _run(PRINT_KEY, DEBUG="0", SECRET_KEY_FILE=str(key_file))

    assert first.returncode == 0, first.stderr
    key = key_file.read_text().strip()
    assert len(key) >= 50
    assert first.stdout.strip() == second.stdout.strip() == key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert [path.name for path in key_file.parent.iterdir()] == ["secret_key"]


def test_a_key_in_the_environment_wins_over_the_key_file(tmp_path: Path) -> None:
    key_file = tmp_path / "secret_key"

    result = _run(PRINT_KEY, DEBUG="0", SECRET_KEY="k" * 50, SECRET_KEY_FILE=str(key_file))

    assert result.stdout.strip() == "k" * 50
    assert not key_file.exists()


def test_make_run_serves_with_debug_off_and_a_key_file() -> None:
    """The Makefile's `run` turns DEBUG off and points at var/secret_key; `dev` keeps DEBUG=1."""
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()

    assert "run: DEBUG := 0\n" in makefile
    assert "run: export SECRET_KEY_FILE ?= var/secret_key\n" in makefile
    assert "run: install var/static/staticfiles.json\n" in makefile
    assert "\ndev:\n\t@$(MAKE) --no-print-directory run DEBUG=1\n" in makefile


@pytest.mark.django_db
def test_a_missing_page_with_debug_off_is_the_sites_russian_page(client: Client) -> None:
    """pytest-django runs with DEBUG off, as `make run` does: no technical page."""
    assert not settings.DEBUG
    client.force_login(UserFactory(roles=["teacher"]))

    response = client.get(reverse("mentorships:mentorship-detail", args=[999999]))

    assert response.status_code == 404
    assert [template.name for template in response.templates][0] == "404.html"
    assert "Страница не найдена" in response.content.decode()
