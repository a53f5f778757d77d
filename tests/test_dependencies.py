"""requirements.lock (what `make install` installs) holds every pin of pyproject.toml, with
hashes: a pin changed without `make lock` fails here, not on someone's machine."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _locked() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text()
    return {
        _canonical(match[1]): match[2]
        for match in re.finditer(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", text, re.MULTILINE)
    }


def test_every_pin_of_pyproject_is_locked_at_its_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    locked = _locked()
    for pin in pins:
        name, version = pin.split("==")
        assert locked.get(_canonical(name)) == version, f"{pin}: run `make lock`"


def test_every_locked_package_has_a_hash() -> None:
    blocks = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / "requirements.lock").read_text())
    packages = [block for block in blocks if "==" in block.split("\n")[0]]
    assert len(packages) == len(_locked()) > 40
    assert all("--hash=sha256:" in block for block in packages)
