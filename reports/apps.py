from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        """Monitoring issues the entry and exit questionnaires when pairs change."""
        from pairs.models import Mentorship
        from pairs.signals import mentorship_closed, mentorship_confirmed
        from reports.monitoring.receivers import on_closed, on_confirmed

        mentorship_confirmed.connect(
            on_confirmed, sender=Mentorship, dispatch_uid="monitoring-entry"
        )
        mentorship_closed.connect(on_closed, sender=Mentorship, dispatch_uid="monitoring-exit")
        # A subject's data on request and its destruction read and clear monitoring's records
        # through these (registry does not import reports).
        from registry.retention.parts import register_retention_part
        from registry.subjectdata.parts import register_subject_part
        from reports import personal_data

        register_subject_part("reports", personal_data.subject_sections, position=20)
        register_retention_part(
            "reports", participation=personal_data.participation, erase=personal_data.erase
        )
        # An approved monitoring report is the evidence of the plan's monitoring row.
        from django.urls import reverse
        from django.utils import timezone

        from programs.actionplan.evidence import register_evidence_kind
        from reports.models import MonitoringReport

        register_evidence_kind(
            MonitoringReport,
            _("Monitoring reports"),
            position=70,
            url=lambda report: reverse("monitoring-report:detail", args=[report.academic_year]),
            on=lambda report: (
                timezone.localdate(report.decided_at)
                if report.decided_at
                else report.reference_date
            ),
        )
