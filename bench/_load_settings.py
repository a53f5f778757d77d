"""Settings of the site bench/load.py serves under gunicorn: the site's own (DEBUG, the
database, the key and the hosts come from the environment, as in production), with the
bench's URLconf (bench/_load_site.py: the site and its two bare pages), its templates, and
static files without compressed copies."""

from __future__ import annotations

from pathlib import Path

from mentoring_site.settings import *  # noqa: F403 - the site's settings, two changed
from mentoring_site.settings import STORAGES, TEMPLATES

ROOT_URLCONF = "bench._load_site"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], Path(__file__).resolve().parent / "templates"]
# The hashed names of production without its compressed copies: `collectstatic` takes seconds
# instead of two minutes, and the pages, which wrk fetches without their static files, find
# the names in the same manifest.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
