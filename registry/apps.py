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

        # Logins (registry/accounts/): their block on a person's page, and the mark of a
        # session logged in with a one-time password.
        from django.contrib.auth.signals import user_logged_in

        from registry.accounts.middleware import remember_one_time_password
        from registry.accounts.selectors import account_block
        from registry.people.sections import register_person_section

        register_person_section("accounts", account_block)
        user_logged_in.connect(
            remember_one_time_password, dispatch_uid="registry-one-time-password"
        )
