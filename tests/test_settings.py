from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
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


def test_the_server_starts_with_a_secret_key() -> None:
    assert _run(SERVE, DEBUG="0", SECRET_KEY="x" * 50).returncode == 0


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
