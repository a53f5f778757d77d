"""The list of draft mentorships («Черновики пар»), each with a tick box for confirming."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.dates import format_day
from pairs.flags import no_program_consent_flag
from pairs.models import Mentorship


def _people(people: Any) -> str:
    return format_html_join(
        "",
        '<div>{}{}<div class="small text-body-secondary">{}</div></div>',
        (
            (
                person.full_name,
                # Annotated by `with_people` (a subquery in the prefetch).
                no_program_consent_flag(getattr(person, "has_program_consent", True)),
                person.affiliation,
            )
            for person in people.all()
        ),
    )


class DraftTable(tables.Table):
    """Drafts the user manages. The variants of `hidden_variant_formats` are not shown."""

    id = tables.Column(verbose_name=_("Draft"), attrs={"td": {"class": "text-nowrap"}})
    mentors = tables.Column(verbose_name=_("Mentors"), empty_values=(), orderable=False)
    mentees = tables.Column(verbose_name=_("Mentees"), empty_values=(), orderable=False)
    format = tables.Column(verbose_name=_("Format"), order_by=("format__position", "id"))
    variant = tables.Column(verbose_name=_("Variant"), empty_values=(), orderable=False)
    started_on = tables.DateColumn(verbose_name=_("Start"), format="d.m.Y")
    planned_end_on = tables.DateColumn(verbose_name=_("Planned end"), format="d.m.Y")
    created_by = tables.Column(
        verbose_name=_("Drafted by"), empty_values=(), order_by=("created_at", "id")
    )

    class Meta:
        model = Mentorship
        fields = [
            "id",
            "mentors",
            "mentees",
            "format",
            "variant",
            "started_on",
            "planned_end_on",
            "created_by",
        ]
        attrs = {"class": "table table-sm table-hover align-middle registry-table"}
        empty_text = _("There are no drafts.")
        order_by = ("-id",)

    def __init__(self, *args: Any, hidden_variant_formats: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hidden_variant_formats = hidden_variant_formats

    def render_id(self, record: Mentorship) -> str:
        return format_html(
            '<div class="form-check mb-0"><input class="form-check-input" type="checkbox" '
            'name="drafts" value="{}" id="draft-{}"><label class="form-check-label" for="draft-{}">'
            '<span class="visually-hidden">{}</span></label> <a href="{}">№ {}</a></div>',
            record.pk,
            record.pk,
            record.pk,
            _("Choose draft No. %(id)s") % {"id": record.pk},
            reverse("mentorships:mentorship-detail", args=[record.pk]),
            record.pk,
        )

    def render_mentors(self, record: Mentorship) -> str:
        return _people(record.mentors)

    def render_mentees(self, record: Mentorship) -> str:
        return _people(record.mentees)

    def render_variant(self, record: Mentorship) -> str:
        if record.format_id in self.hidden_variant_formats:
            return format_html('<span class="text-body-secondary">{}</span>', _("hidden"))
        return record.variant.title if record.variant else "—"

    def render_created_by(self, record: Mentorship) -> str:
        user = record.created_by
        name = (user.get_full_name() or user.get_username()) if user is not None else "—"
        return format_html(
            '{}<div class="small text-body-secondary">{}</div>',
            name,
            format_day(timezone.localtime(record.created_at).date()),
        )
