"""README.md's production commands are the ones `make test` runs (scripts/production_check.py)."""

from __future__ import annotations

import importlib.util
import re
import shlex
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def production_check() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "production_check", ROOT / "scripts" / "production_check.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def readme_gunicorn_options() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    line = re.search(r"^\.venv/bin/gunicorn mentoring_site\.wsgi (.+)$", readme, re.M)
    assert line is not None, "README.md has no gunicorn command"
    words = shlex.split(line.group(1).split("#")[0])
    bind = words.index("--bind")
    return words[:bind] + words[bind + 2 :]


def test_the_check_runs_gunicorn_with_the_readmes_options() -> None:
    assert production_check().GUNICORN_OPTIONS == readme_gunicorn_options()


def test_the_readme_gives_gunicorn_a_timeout_and_a_request_limit() -> None:
    options = readme_gunicorn_options()

    assert int(options[options.index("--timeout") + 1]) >= 30
    assert "--max-requests" in options
