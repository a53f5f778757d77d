from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo college (`manage.py load_demo`): the top of the graph, it may use every app."""

    name = "demo"
    verbose_name = _("Demo data")
