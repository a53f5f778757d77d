from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from reports.models import MonitoringReport


class ReportTable(tables.Table):
    academic_year = tables.Column(
        verbose_name=_("Academic year"),
        linkify=("monitoring-report:detail", {"year": tables.A("academic_year")}),
    )
    reference_date = tables.DateColumn(verbose_name=_("Reference date"), format="d.m.Y")
    status = tables.Column(verbose_name=_("Status"))
    submitted_at = tables.DateColumn(verbose_name=_("Submitted"), format="d.m.Y")
    decided_at = tables.DateColumn(verbose_name=_("Decided"), format="d.m.Y")

    class Meta:
        model = MonitoringReport
        fields = ["academic_year", "reference_date", "status", "submitted_at", "decided_at"]
        attrs = {"class": "table table-sm table-hover align-middle registry-table"}
        empty_text = _("No monitoring report yet.")
        orderable = False

    def render_academic_year(self, record: MonitoringReport) -> str:
        return record.year_label
