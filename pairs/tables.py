from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from pairs.models import Mentorship


class MentorshipTable(tables.Table):
    """The pair registry. The variants of `hidden_variant_formats` are not shown."""

    id = tables.Column(
        verbose_name=_("No."), linkify=("pairs:mentorship-detail", {"pk": tables.A("pk")})
    )
    mentors = tables.Column(verbose_name=_("Mentor"), empty_values=(), orderable=False)
    mentees = tables.Column(verbose_name=_("Mentee"), empty_values=(), orderable=False)
    format = tables.Column(verbose_name=_("Format"), order_by=("format__position",))
    variant = tables.Column(verbose_name=_("Variant"), empty_values=(), orderable=False)
    decision = tables.Column(
        verbose_name=_("Decision"), order_by=("decision__decided_on", "decision__number")
    )
    started_on = tables.DateColumn(verbose_name=_("Start"), format="d.m.Y")
    planned_end_on = tables.DateColumn(verbose_name=_("Planned end"), format="d.m.Y")
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Mentorship
        fields = [
            "id",
            "mentors",
            "mentees",
            "format",
            "variant",
            "decision",
            "started_on",
            "planned_end_on",
            "status",
        ]
        attrs = {"class": "table table-sm table-hover align-middle registry-table"}
        empty_text = _("No mentorships match the filters.")
        order_by = ("-started_on", "-id")

    def __init__(self, *args: Any, hidden_variant_formats: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hidden_variant_formats = hidden_variant_formats

    @staticmethod
    def _people(people: Any) -> str:
        return format_html_join(
            "",
            '<div>{}<div class="small text-body-secondary">{}</div></div>',
            ((person.full_name, person.affiliation) for person in people.all()),
        )

    def render_mentors(self, record: Mentorship) -> str:
        return self._people(record.mentors)

    def render_mentees(self, record: Mentorship) -> str:
        return self._people(record.mentees)

    def render_variant(self, record: Mentorship) -> str:
        if record.format_id in self.hidden_variant_formats:
            return format_html('<span class="text-body-secondary">{}</span>', _("hidden"))
        return record.variant.title if record.variant else "—"

    def render_decision(self, record: Mentorship) -> str:
        return record.decision.short_label if record.decision else "—"

    def render_status(self, record: Mentorship) -> str:
        css = {
            "active": "text-bg-success",
            "completed": "text-bg-secondary",
            "terminated": "text-bg-warning",
            "draft": "text-bg-light",
        }[record.status]
        return format_html('<span class="badge {}">{}</span>', css, record.get_status_display())
