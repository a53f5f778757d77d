from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from core.badges import status_badge as badge
from core.dates import format_day
from pairs.models import Proposal, ProposalStatus


def status_badge(proposal: Proposal) -> SafeString:
    return badge(proposal.status, proposal.get_status_display())


def _shorten(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ProposalTable(tables.Table):
    """Proposals; the variants of `hidden_variant_formats` are shown as «—» except on the
    user's own proposals (`user_id`)."""

    person = tables.Column(
        verbose_name=_("Mentee"),
        order_by=("person__search_name",),
    )
    format = tables.Column(verbose_name=_("Format"), order_by=("format__position",))
    variant = tables.Column(verbose_name=_("Variant"), empty_values=(), orderable=False)
    request = tables.Column(verbose_name=_("Key request"), orderable=False)
    academic_year = tables.Column(verbose_name=_("Academic year"))
    proposed_by = tables.Column(
        verbose_name=_("Proposed by"), order_by=("created_at",), empty_values=()
    )
    status = tables.Column(verbose_name=_("Status"), empty_values=())

    class Meta:
        model = Proposal
        fields = [
            "person",
            "format",
            "variant",
            "request",
            "academic_year",
            "proposed_by",
            "status",
        ]
        attrs = {"class": "table table-sm table-hover align-middle registry-table"}
        empty_text = _("No proposals match the filters.")

    def __init__(
        self, *args: Any, hidden_variant_formats: set[int], user_id: int | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.hidden_variant_formats = hidden_variant_formats
        self.user_id = user_id

    def render_person(self, record: Proposal) -> SafeString:
        return format_html(
            '<a href="{}">{}</a><div class="small text-body-secondary">{}</div>',
            reverse("proposals:detail", args=[record.pk]),
            record.person.full_name,
            record.person.affiliation,
        )

    def render_variant(self, record: Proposal) -> str:
        hidden = record.format_id in self.hidden_variant_formats
        if record.variant is None or (hidden and record.proposed_by_id != self.user_id):
            return "—"
        return record.variant.title

    def render_request(self, value: str) -> str:
        return _shorten(value)

    def render_academic_year(self, record: Proposal) -> str:
        return record.year.label

    def render_proposed_by(self, record: Proposal) -> SafeString:
        user = record.proposed_by
        return format_html(
            '{}<div class="small text-body-secondary">{}</div>',
            user.get_full_name() or user.get_username(),
            format_day(timezone.localtime(record.created_at)),
        )

    def render_status(self, record: Proposal) -> SafeString:
        badge = status_badge(record)
        if record.status == ProposalStatus.REJECTED:
            return format_html(
                '{}<div class="small text-body-secondary">{}</div>',
                badge,
                _shorten(record.rejection_reason, 200),
            )
        return badge
