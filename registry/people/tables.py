"""Tables of the people lists. The name column sorts in Russian order (ё as е) on SQLite and
PostgreSQL alike, and every other column falls back to that order among equal values."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_tables2 as tables
from django.db.models import QuerySet
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from registry.models import Person, russian_name_order

TABLE_ATTRS = {"class": "table table-sm table-hover align-middle registry-table"}
Ordering = Callable[[Any, QuerySet[Any], bool], tuple[QuerySet[Any], bool]]


def then_by_name(*fields: str) -> Ordering:
    """A django-tables2 `order_<column>` method: by the fields, then by name."""

    def order(table: Any, queryset: QuerySet[Any], is_descending: bool) -> Any:
        prefix = "-" if is_descending else ""
        ordered = queryset.order_by(
            *(prefix + field for field in fields), russian_name_order(queryset.db), "id"
        )
        return ordered, True

    return order


def _mark(value: bool) -> str:
    if value:
        return format_html('<span class="badge text-bg-warning">{}</span>', _("yes"))
    return "—"


def _done(value: bool) -> str:
    if value:
        return format_html('<i class="bi bi-check-lg text-success" title="{0}"></i> {0}', _("yes"))
    return "—"


class PeopleTable(tables.Table):
    name = tables.Column(
        verbose_name=_("Full name of the person"),
        accessor="full_name",
        empty_values=(),
        linkify=("people:detail", {"pk": tables.A("pk")}),
    )
    propose = tables.Column(verbose_name="", empty_values=(), orderable=False)

    # django-tables2 reads only a table's own Meta: each subclass declares one that inherits.
    class Meta:
        attrs = TABLE_ATTRS
        empty_text = _("Nobody matches the search and the filters.")
        sequence = ("name", "...", "propose")

    def __init__(self, *args: Any, propose_url: str | None = None, **kwargs: Any) -> None:
        # Without a place to propose from (or the right to), the column is not there at all.
        excluded = tuple(kwargs.pop("exclude", None) or ())
        if propose_url is None:
            excluded += ("propose",)
        super().__init__(*args, exclude=excluded, **kwargs)
        self.propose_url = propose_url

    def order_name(self, queryset: QuerySet[Any], is_descending: bool) -> Any:
        order = russian_name_order(queryset.db)
        if is_descending:
            return queryset.order_by(order.reverse_ordering(), "-id"), True
        return queryset.order_by(order, "id"), True

    def render_propose(self, record: Person) -> str:
        return format_html(
            '<a class="btn btn-sm btn-outline-primary" href="{}?person={}">{}</a>',
            self.propose_url,
            record.pk,
            _("Propose"),
        )


class StudentTable(PeopleTable):
    """The `disabilities` and `risk_group` columns read annotations that only a query for a
    user who may see special categories has; for anyone else they are excluded."""

    group = tables.Column(verbose_name=_("Group"), accessor="group__name")
    course = tables.Column(verbose_name=_("Course"), accessor="group__course")
    status = tables.Column(verbose_name=_("Status"), accessor="get_status_display")
    record_book = tables.Column(verbose_name=_("Record book No."))
    disabilities = tables.Column(
        verbose_name=_("Disabilities"), accessor="shows_disabilities", orderable=False
    )
    risk_group = tables.Column(
        verbose_name=_("Risk group"), accessor="shows_risk_group", orderable=False
    )

    class Meta(PeopleTable.Meta):
        pass

    order_group = then_by_name("group__name")
    order_course = then_by_name("group__course")
    order_status = then_by_name("status")
    order_record_book = then_by_name("record_book")

    def render_disabilities(self, value: bool) -> str:
        return _mark(value)

    def render_risk_group(self, value: bool) -> str:
        return _mark(value)


class TeacherTable(PeopleTable):
    position = tables.Column(verbose_name=_("Position"), accessor="get_position_display")
    personnel_number = tables.Column(verbose_name=_("Personnel No."))
    hired_on = tables.DateColumn(verbose_name=_("Date of hiring"), format="d.m.Y")
    disability_course = tables.Column(
        verbose_name=_("Disability-teaching course"),
        accessor="has_disability_course_done",
        orderable=False,
    )
    mentor_training = tables.Column(
        verbose_name=_("Mentor training"), accessor="has_mentor_training", orderable=False
    )

    class Meta(PeopleTable.Meta):
        pass

    order_position = then_by_name("position")
    order_personnel_number = then_by_name("personnel_number")
    order_hired_on = then_by_name("hired_on")

    def render_disability_course(self, value: bool) -> str:
        return _done(value)

    def render_mentor_training(self, value: bool) -> str:
        return _done(value)


class PupilTable(PeopleTable):
    school = tables.Column(verbose_name=_("School"), accessor="school__short_name")
    class_name = tables.Column(verbose_name=_("Class"), accessor="class_name")
    birth_date = tables.DateColumn(verbose_name=_("Date of birth"), format="d.m.Y")

    class Meta(PeopleTable.Meta):
        pass

    order_school = then_by_name("school__short_name")
    order_class_name = then_by_name("grade", "class_letter")
    order_birth_date = then_by_name("birth_date")


class PartnerEmployeeTable(PeopleTable):
    organization = tables.Column(
        verbose_name=_("Organization"), accessor="organization__short_name"
    )
    position = tables.Column(verbose_name=_("Position"))

    class Meta(PeopleTable.Meta):
        pass

    order_organization = then_by_name("organization__short_name")
    order_position = then_by_name("position")
