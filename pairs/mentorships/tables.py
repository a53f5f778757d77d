from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django_tables2 import RequestConfig

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
    """The pair registry. The variants of `hidden_variant_formats` are not shown."""

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
        empty_text = _("No mentorships match the filters.")
        order_by = ("-started_on", "-id")

    def __init__(self, *args: Any, hidden_variant_formats: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hidden_variant_formats = hidden_variant_formats

    def order_mentors(
        self, queryset: QuerySet[Mentorship], is_descending: bool
    ) -> tuple[QuerySet[Mentorship], bool]:
        return by_first_person(queryset, "mentors", descending=is_descending), True

    def order_mentees(
        self, queryset: QuerySet[Mentorship], is_descending: bool
    ) -> tuple[QuerySet[Mentorship], bool]:
        return by_first_person(queryset, "mentees", descending=is_descending), True

    @staticmethod
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


def in_registry_order(
    request: HttpRequest, mentorships: QuerySet[Mentorship]
) -> QuerySet[Mentorship]:
    """The mentorships in the order the registry page shows them for the request's `?sort=`
    (the page's default without one), all of them: the XLSX and the PDF follow the page."""
    table = MentorshipTable(mentorships, hidden_variant_formats=set())
    RequestConfig(request, paginate=False).configure(table)
    ordered: QuerySet[Mentorship] = table.data.data
    return ordered
