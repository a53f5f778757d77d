from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from reports.models import CycleStatus, MonitoringCycle


def status_label(cycle: MonitoringCycle) -> str:
    # Not the choice's label: «open» is a verb elsewhere in the catalogue.
    return str(_("accepting answers") if cycle.status == CycleStatus.OPEN else _("closed"))


class CycleTable(tables.Table):
    """The cycles, annotated by `selectors.cycles_with_counts`."""

    academic_year = tables.Column(
        verbose_name=_("Academic year"),
        linkify=("monitoring:cycle-detail", {"pk": tables.A("pk")}),
        accessor="pk",
    )
    status = tables.Column(verbose_name=_("Status"))
    closes_on = tables.DateColumn(verbose_name=_("Answers accepted until"), format="d.m.Y")
    issued = tables.Column(
        verbose_name=_("Awaiting an answer"), attrs={"td": {"class": "text-end"}}
    )
    answered = tables.Column(verbose_name=_("Answered"), attrs={"td": {"class": "text-end"}})
    declined = tables.Column(verbose_name=_("Declined"), attrs={"td": {"class": "text-end"}})

    class Meta:
        model = MonitoringCycle
        fields = ["academic_year", "status", "closes_on", "issued", "answered", "declined"]
        attrs = {"class": "table table-sm table-hover align-middle registry-table"}
        empty_text = _(
            "No monitoring cycle yet: it opens with the first pair confirmed this year, or here."
        )
        orderable = False

    def render_academic_year(self, record: MonitoringCycle) -> str:
        return str(record)

    def render_status(self, record: MonitoringCycle) -> str:
        return str(status_label(record))
