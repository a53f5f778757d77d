from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from programs.models import TrainingSession


class TrainingSessionTable(tables.Table):
    """The sessions; the queryset is annotated with `attendee_count`
    (`selectors.sessions_with_attendance`)."""

    held_on = tables.DateColumn(verbose_name=_("Date"), format="d.m.Y")
    title = tables.Column(
        verbose_name=_("Training"), linkify=("training:detail", {"pk": tables.A("pk")})
    )
    audience = tables.Column(verbose_name=_("For whom"))
    hours = tables.Column(verbose_name=_("Hours"), attrs={"td": {"class": "text-end"}})
    led_by = tables.Column(verbose_name=_("Led by"))
    attendee_count = tables.Column(verbose_name=_("Attendees"), attrs={"td": {"class": "text-end"}})

    class Meta:
        model = TrainingSession
        fields = ["held_on", "title", "audience", "hours", "led_by", "attendee_count"]
        attrs = {"class": "table table-sm table-hover align-middle registry-table"}
        empty_text = _("No mentor trainings match the filters.")
        order_by = ("-held_on",)
