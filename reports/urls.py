from __future__ import annotations

from django.urls import URLPattern, path  # noqa: F401 - filled in as the pages are written

app_name = "reports"

urlpatterns: list[URLPattern] = []
