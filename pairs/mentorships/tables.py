from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_tables2 as tables
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django_tables2 import RequestConfig

from core.badges import status_badge
from pairs.flags import no_program_consent_flag
from pairs.models import Mentorship
from registry.models import Person, russian_name_order

# The reverse relation from a person to the mentorships they are in, per table column.
_PERSON_SIDE = {"mentors": "mentorships_as_mentor", "mentees": "mentorships_as_mentee"}


def by_first_person(
    mentorships: QuerySet[Mentorship], column: str, *, descending: bool
) -> QuerySet[Mentorship]:
    """Ordered by the name of the mentorship's first mentor (`column` "mentors") or mentee
    ("mentees") in Russian alphabetical order, the same on SQLite and PostgreSQL. The name is a
    subquery in the one query of the list, so sorting adds no query."""
    alias = f"first_{column}_"
    first_name = (
        Person.objects.filter(**{_PERSON_SIDE[column]: OuterRef("pk")})
        .order_by(russian_name_order(mentorships.db), "id")
        .values("search_name")[:1]
    )
    order = russian_name_order(mentorships.db, prefix=alias)
    if descending:
        order.reverse_ordering()
    return mentorships.annotate(**{f"{alias}search_name": Subquery(first_name)}).order_by(
        order, "-id" if descending else "id"
    )


class MentorshipTable(tables.Table):
    """The pair registry. The variants of `hidden_variant_formats` are not shown.

    django-tables2 orders, paginates and draws the header; the rows of the page are drawn by
    `registry_rows` (the cells made here, with the same `render_*` methods) in one loop of
    the table's template, since its cell-by-cell rendering was most of the page's time."""

    id = tables.Column(
        verbose_name=_("No."), linkify=("mentorships:mentorship-detail", {"pk": tables.A("pk")})
    )
    mentors = tables.Column(verbose_name=_("Mentor"), empty_values=())
    mentees = tables.Column(verbose_name=_("Mentee"), empty_values=())
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
        template_name = "pairs/mentorships/_registry_table.html"
        empty_text = _("No mentorships match the filters.")
        order_by = ("-started_on", "-id")

    def __init__(
        self,
        *args: Any,
        hidden_variant_formats: set[int],
        openable: Callable[[Person], bool] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.hidden_variant_formats = hidden_variant_formats
        # Whether a name links to the person's page (`OpenablePeople`); none link without it.
        self.openable = openable

    def order_mentors(
        self, queryset: QuerySet[Mentorship], is_descending: bool
    ) -> tuple[QuerySet[Mentorship], bool]:
        return by_first_person(queryset, "mentors", descending=is_descending), True

    def order_mentees(
        self, queryset: QuerySet[Mentorship], is_descending: bool
    ) -> tuple[QuerySet[Mentorship], bool]:
        return by_first_person(queryset, "mentees", descending=is_descending), True

    def _name(self, person: Person) -> str:
        if self.openable is not None and self.openable(person):
            return format_html(
                '<a href="{}">{}</a>', reverse("people:detail", args=[person.pk]), person.full_name
            )
        return person.full_name

    @cached_property
    def _no_consent(self) -> str:
        # The same flag on every row that needs it: made once a page.
        return no_program_consent_flag(False)

    def _people(self, people: Any) -> str:
        return format_html_join(
            "",
            '<div>{}{}<div class="small text-body-secondary">{}</div></div>',
            (
                (
                    self._name(person),
                    # Annotated by `with_people` (a subquery in the prefetch).
                    "" if getattr(person, "has_program_consent", True) else self._no_consent,
                    person.affiliation,
                )
                for person in people.all()
            ),
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
        return status_badge(record.status, record.get_status_display())

    def registry_rows(self) -> list[SafeString]:
        """The page's rows as HTML, their cells in the columns' order as the columns render
        them, with django-tables2's alternating classes."""
        shown = [column.name for column in self.columns]
        rows = []
        for number, row in enumerate(self.page.object_list if self.page else self.rows):
            record = row.record
            cells = {
                "id": format_html(
                    '<a href="{}">{}</a>',
                    reverse("mentorships:mentorship-detail", args=[record.pk]),
                    record.pk,
                ),
                "mentors": self.render_mentors(record),
                "mentees": self.render_mentees(record),
                "format": conditional_escape(record.format),
                "variant": self.render_variant(record),
                "decision": self.render_decision(record),
                "started_on": date_format(record.started_on, "d.m.Y"),
                "planned_end_on": date_format(record.planned_end_on, "d.m.Y"),
                "status": self.render_status(record),
            }
            rows.append(
                format_html(
                    '<tr class="{}">{}</tr>',
                    "odd" if number % 2 else "even",
                    format_html_join("", "<td>{}</td>", ((cells[name],) for name in shown)),
                )
            )
        return rows


def in_registry_order(
    request: HttpRequest, mentorships: QuerySet[Mentorship]
) -> QuerySet[Mentorship]:
    """The mentorships in the order the registry page shows them for the request's `?sort=`
    (the page's default without one), all of them: the XLSX and the PDF follow the page."""
    table = MentorshipTable(mentorships, hidden_variant_formats=set())
    RequestConfig(request, paginate=False).configure(table)
    ordered: QuerySet[Mentorship] = table.data.data
    return ordered
