from __future__ import annotations

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PairsConfig(AppConfig):
    name = "pairs"
    verbose_name = _("Mentorships")

    def ready(self) -> None:
        """What pairs adds to the pages of the apps below it, which do not import it."""
        from pairs import personal_data
        from pairs.mentorships.selectors import person_pairs
        from pairs.models import Decision, PersonalPlan
        from programs.actionplan.evidence import register_evidence_kind
        from programs.models import Event
        from registry.people.sections import register_person_section
        from registry.retention.parts import register_retention_part
        from registry.subjectdata.parts import register_subject_part

        register_evidence_kind(Decision, _("Decisions"), position=10)
        # Events are programs' records; their pages are here, with who took part.
        register_evidence_kind(
            Event,
            _("Events"),
            position=20,
            url=lambda event: reverse("events:event-detail", args=[event.pk]),
            on=lambda event: event.ends_on,
        )
        register_evidence_kind(
            PersonalPlan,
            _("Personal and adaptation plans"),
            position=40,
            url=lambda plan: reverse("personal_plans:plan", args=[plan.mentorship_id]),
        )
        register_person_section("pairs", person_pairs)
        # A subject's data on request and the destruction of it (registry/subjectdata,
        # registry/retention) read and clear pairs' records through these.
        register_subject_part("pairs", personal_data.subject_sections, position=10)
        register_retention_part(
            "pairs", participation=personal_data.participation, erase=personal_data.erase
        )
