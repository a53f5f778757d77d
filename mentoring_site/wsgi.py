"""WSGI entry point: `gunicorn mentoring_site.wsgi`."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from core.startup import freeze_loaded_site

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_site.settings")
application = get_wsgi_application()
# Fail at start-up, not at the first request, when SECRET_KEY is missing (see settings.py).
settings.SECRET_KEY  # noqa: B018 - reading it is the check
# What the worker has loaded lives as long as it: out of the garbage collector's way.
freeze_loaded_site()
