from __future__ import annotations

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Mentoring program")

    def ready(self) -> None:
        from programs.actionplan.evidence import register_evidence_kind
        from programs.models import ContestEntry

        register_evidence_kind(
            ContestEntry,
            _("Contest entries"),
            position=70,
            url=lambda entry: reverse("contests:detail", args=[entry.pk]),
            on=lambda entry: entry.submitted_on,
        )
