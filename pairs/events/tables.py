from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.dates import format_day
from programs.models import Event, PlanItem


def event_dates(event: Event) -> str:
    """«20.11.2025» for a one-day event, «20.11.2025 – 21.11.2025» for a longer one."""
    start = format_day(event.starts_on)
    if event.ends_on == event.starts_on:
        return start
    return f"{start} – {event.ends_on.strftime('%d.%m.%Y')}"


class EventTable(tables.Table):
    """The program's events; the queryset is annotated with `participant_count`."""

    title = tables.Column(
        verbose_name=_("Event"), linkify=("events:event-detail", {"pk": tables.A("pk")})
    )
    kind = tables.Column(verbose_name=_("Kind"))
    level = tables.Column(verbose_name=_("Level"))
    starts_on = tables.Column(verbose_name=_("Dates"), order_by=("starts_on", "ends_on"))
    place = tables.Column(verbose_name=_("Place"))
    plan_item = tables.Column(
        verbose_name=_("Plan item"), order_by=("plan_item__position", "plan_item__id")
    )
    participant_count = tables.Column(verbose_name=_("Participants"))

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "level",
            "starts_on",
            "place",
            "plan_item",
            "participant_count",
        ]
        attrs = {"class": "table table-sm table-hover align-middle"}
        default = "—"
        empty_text = _("No events match the filters.")
        order_by = ("-starts_on",)

    def render_starts_on(self, record: Event) -> str:
        return event_dates(record)

    def render_plan_item(self, value: PlanItem) -> str:
        return value.number or str(value)
