from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.dates import format_day
from registry.models import Incentive, Person


def basis_label(incentive: Incentive) -> str:
    """The order an incentive rests on: «№ 112-о от 18.06.2026»."""
    return _("No. %(number)s of %(date)s") % {
        "number": incentive.basis_number,
        "date": format_day(incentive.basis_date),
    }


def _person(person: Person) -> str:
    return format_html(
        '{}<div class="small text-body-secondary">{}</div>', person.full_name, person.affiliation
    )


class IncentiveTable(tables.Table):
    mentor = tables.Column(verbose_name=_("Mentor"), order_by=("mentor__search_name",))
    kind = tables.Column(
        verbose_name=_("Incentive"), linkify=("incentives:incentive-detail", {"pk": tables.A("pk")})
    )
    awarded_on = tables.DateColumn(verbose_name=_("Date"), format="d.m.Y")
    basis = tables.Column(
        verbose_name=_("Basis"),
        empty_values=(),
        order_by=("basis_date", "basis_number"),
    )
    reason = tables.Column(verbose_name=_("Reason"), orderable=False)

    class Meta:
        model = Incentive
        fields = ["mentor", "kind", "awarded_on", "basis", "reason"]
        attrs = {"class": "table table-sm table-hover align-middle registry-table"}
        empty_text = _("No incentives match the filters.")
        order_by = ("-awarded_on",)

    def render_mentor(self, value: Person) -> str:
        return _person(value)

    def render_basis(self, record: Incentive) -> str:
        return basis_label(record)

    def render_reason(self, value: str) -> str:
        return value if len(value) <= 200 else value[:199] + "…"


class MentorIncentiveTable(tables.Table):
    """Mentors with how many incentives of the filtered list each has; the queryset is
    annotated with `total`, `material`, `non_material` and `last_awarded_on`."""

    full_name = tables.Column(
        verbose_name=_("Mentor"), order_by=("last_name", "first_name", "patronymic")
    )
    total = tables.Column(verbose_name=_("Total"))
    material = tables.Column(verbose_name=_("Material"))
    non_material = tables.Column(verbose_name=_("Non-material"))
    last_awarded_on = tables.DateColumn(verbose_name=_("Last one"), format="d.m.Y")

    class Meta:
        model = Person
        fields = ["full_name", "total", "material", "non_material", "last_awarded_on"]
        attrs = {"class": "table table-sm table-hover align-middle registry-table"}
        empty_text = _("No incentives match the filters.")

    def __init__(self, *args: Any, list_query: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.list_query = list_query

    def render_full_name(self, record: Person) -> str:
        # The mentor's name opens the list of their incentives under the same filters.
        query = urlencode({**self.list_query, "q": record.full_name})
        return format_html(
            '<a href="{}?{}">{}</a><div class="small text-body-secondary">{}</div>',
            reverse("incentives:incentive-list"),
            query,
            record.full_name,
            record.affiliation,
        )
