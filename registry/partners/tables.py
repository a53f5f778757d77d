from __future__ import annotations

import datetime as dt
from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from registry.models import PartnerOrganization
from registry.partners.services import AgreementStatus, partner_status


def status_badge(status: AgreementStatus) -> SafeString:
    return format_html('<span class="badge {}">{}</span>', status.css, status.summary)


class PartnerTable(tables.Table):
    """Partners with their agreements and curators prefetched and `people_count` annotated."""

    short_name = tables.Column(verbose_name=_("Partner"))
    kind = tables.Column(verbose_name=_("Kind"))
    agreement = tables.Column(verbose_name=_("Agreement"), empty_values=(), orderable=False)
    curators = tables.Column(verbose_name=_("Curators"), empty_values=(), orderable=False)
    people_count = tables.Column(verbose_name=_("Pupils or staff"))

    class Meta:
        model = PartnerOrganization
        fields = ["short_name", "kind", "agreement", "curators", "people_count"]
        attrs = {"class": "table table-sm table-hover align-middle registry-table"}
        empty_text = _("No partners match the filters.")

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def render_short_name(self, record: PartnerOrganization) -> SafeString:
        return format_html(
            '<a href="{}">{}</a><div class="small text-body-secondary">{}</div>',
            reverse("partners:detail", args=[record.pk]),
            record.short_name,
            record.name,
        )

    def render_agreement(self, record: PartnerOrganization) -> SafeString:
        return status_badge(partner_status(record.agreements.all(), self.today))

    def render_curators(self, record: PartnerOrganization) -> SafeString | str:
        curators = record.curators.all()
        if not curators:
            return "—"
        return format_html_join("", "<div>{}</div>", ((curator.full_name,) for curator in curators))
