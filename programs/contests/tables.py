from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from programs.models import ContestEntry, ContestResult

RESULT_BADGES = {
    ContestResult.PENDING: "text-bg-light",
    ContestResult.PARTICIPANT: "text-bg-secondary",
    ContestResult.LAUREATE: "text-bg-info",
    ContestResult.WINNER: "text-bg-success",
}


class ContestEntryTable(tables.Table):
    # The headers are the fields' names in the model.
    submitted_on = tables.DateColumn(format="d.m.Y")
    contest = tables.Column(linkify=("contests:detail", {"pk": tables.A("pk")}))
    practice = tables.Column(orderable=False)

    class Meta:
        model = ContestEntry
        fields = ["submitted_on", "contest", "level", "nomination", "practice", "result"]
        attrs = {"class": "table table-sm table-hover align-middle registry-table"}
        empty_text = _("No contest entries match the filters.")
        order_by = ("-submitted_on",)

    def render_result(self, record: ContestEntry) -> SafeString:
        badge = RESULT_BADGES.get(ContestResult(record.result), "text-bg-light")
        diploma = (
            format_html(' <i class="bi bi-patch-check" title="{}"></i>', _("with a diploma"))
            if record.diploma
            else ""
        )
        return format_html(
            '<span class="badge {}">{}</span>{}', badge, record.get_result_display(), diploma
        )
