from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings


def _import_settings(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "-c", "import mentoring_site.settings"],
        cwd=settings.BASE_DIR,
        env={**environment, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_secret_key_is_required_without_debug() -> None:
    result = _import_settings(DEBUG="0")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_given_secret_key_is_enough() -> None:
    assert _import_settings(DEBUG="0", SECRET_KEY="x" * 50).returncode == 0


def test_defaults_are_the_colleges() -> None:
    assert settings.LANGUAGE_CODE == "ru"
    assert settings.TIME_ZONE == "Asia/Vladivostok"
    assert settings.USE_TZ
