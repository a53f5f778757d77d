from __future__ import annotations

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Participant bases")

    def ready(self) -> None:
        from programs.actionplan.evidence import register_evidence_kind
        from programs.models import Publication, TrainingSession
        from registry.models import Incentive

        register_evidence_kind(
            TrainingSession,
            _("Mentor training sessions"),
            position=30,
            url=lambda session: reverse("training:detail", args=[session.pk]),
            on=lambda session: session.held_on,
        )
        register_evidence_kind(
            Incentive,
            _("Incentives of mentors"),
            position=50,
            url=lambda incentive: reverse("incentives:incentive-detail", args=[incentive.pk]),
            on=lambda incentive: incentive.awarded_on,
        )
        register_evidence_kind(
            Publication,
            _("Publications on the site"),
            position=60,
            url=lambda publication: reverse("publications:detail", args=[publication.pk]),
            on=lambda publication: publication.published_on,
        )
