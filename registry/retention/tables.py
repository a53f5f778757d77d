from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from registry.models import DestructionAct


class ActTable(tables.Table):
    number = tables.Column(verbose_name=_("No."), orderable=False)
    acted_on = tables.DateColumn(verbose_name=_("Date"), format="d.m.Y", orderable=False)
    people = tables.Column(
        verbose_name=_("Number of people"),
        accessor="entries",
        attrs={"td": {"class": "text-end"}},
        orderable=False,
    )
    performed_by = tables.Column(verbose_name=_("Performed by"), orderable=False)
    document = tables.Column(verbose_name=_("Act"), empty_values=(), orderable=False)

    class Meta:
        model = DestructionAct
        fields = ["number", "acted_on", "people", "performed_by", "document"]
        attrs = {"class": "table table-sm table-hover align-middle registry-table"}
        empty_text = _("No personal data have been destroyed yet.")

    def render_people(self, value: list[object]) -> int:
        return len(value)

    def render_performed_by(self, record: DestructionAct) -> str:
        user = record.performed_by
        return user.get_full_name() or user.username

    def render_document(self, record: DestructionAct) -> str:
        if not record.document:
            return "—"
        return format_html(
            '<a href="{}"><i class="bi bi-file-earmark-pdf" aria-hidden="true"></i> {}</a>',
            reverse("retention:act", args=[record.pk]),
            _("Download PDF"),
        )
