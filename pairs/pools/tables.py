from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.badges import status_badge as badge
from core.dates import AcademicYear
from core.spreadsheets import Sheet, Value, xlsx_response
from pairs.flags import no_program_consent_flag
from pairs.models import ParticipantRole, PoolEntry, PoolStatus
from registry.models import DEFAULT_MENTOR_CAPACITY, MentorProfile, Person

MENTEE_ONLY = ("request",)
MENTOR_ONLY = ("capacity", "competencies", "courses")


def mentor_profile_of(person: Person) -> MentorProfile | None:
    """The mentor profile loaded with the person (select_related), or None without one."""
    try:
        return person.mentor_profile  # type: ignore[no-any-return]
    except MentorProfile.DoesNotExist:
        return None


def capacity_of(person: Person) -> int:
    """How many mentees a mentor takes at once: one when no profile says otherwise."""
    profile = mentor_profile_of(person)
    return profile.capacity if profile is not None else DEFAULT_MENTOR_CAPACITY


def person_url(person: Person) -> str:
    """The person's page, where their training records and mentor profile are kept."""
    return reverse("people:detail", args=[person.pk])


def status_badge(entry: PoolEntry) -> str:
    return badge(entry.status, entry.get_status_display())


class PoolEntryTable(tables.Table):
    """One pool. Rows of `selectable_formats` in the statuses that may be included get a
    checkbox; the variants of `hidden_variant_formats` are not shown."""

    # The name comes first (with the tick box and the link to the entry), so that on a
    # phone what one acts on is on screen before the table scrolls sideways.
    person = tables.Column(
        verbose_name=_("Person"),
        order_by=("person__search_name",),
        attrs={"td": {"class": "col-person"}},
    )
    format = tables.Column(verbose_name=_("Format"), order_by=("format__position",))
    variant = tables.Column(verbose_name=_("Variant"), empty_values=(), orderable=False)
    status = tables.Column(verbose_name=_("Status"))
    included_on = tables.DateColumn(verbose_name=_("In the pool since"), format="d.m.Y")
    decision = tables.Column(
        verbose_name=_("Decision"),
        order_by=("decision__decided_on", "decision__number"),
        empty_values=(),
    )
    request = tables.Column(verbose_name=_("Key request"), orderable=False)
    capacity = tables.Column(verbose_name=_("Capacity"), empty_values=(), orderable=False)
    competencies = tables.Column(verbose_name=_("Competencies"), empty_values=(), orderable=False)
    courses = tables.Column(
        verbose_name=_("Training records"), accessor="course_count", orderable=False
    )

    class Meta:
        model = PoolEntry
        fields = [
            "person",
            "format",
            "variant",
            "status",
            "included_on",
            "decision",
            "request",
            "capacity",
            "competencies",
            "courses",
        ]
        attrs = {"class": "table table-sm table-hover align-middle registry-table pool-table"}
        empty_text = _("Nobody in this pool matches the filters.")

    def __init__(
        self,
        *args: Any,
        hidden_variant_formats: set[int],
        selectable_formats: set[int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.hidden_variant_formats = hidden_variant_formats
        self.selectable_formats = selectable_formats

    def _checkbox(self, record: PoolEntry) -> str:
        """A tick box for the entries the user may include, marked when the entry's
        inclusion needs the student council's opinion."""
        if record.format_id not in self.selectable_formats or record.status == PoolStatus.INCLUDED:
            return ""
        return format_html(
            '<input class="form-check-input flex-shrink-0 mt-1" type="checkbox" name="entries" '
            'value="{}" aria-label="{}"{}>',
            record.pk,
            _("Choose %(name)s") % {"name": record.person.full_name},
            mark_safe(" data-needs-opinion") if record.needs_student_council_opinion else "",
        )

    def render_person(self, record: PoolEntry) -> str:
        person = record.person
        return format_html(
            '<div class="d-flex align-items-start gap-2">{}'
            '<div class="flex-grow-1"><a href="{}">{}</a>{}'
            '<div class="small text-body-secondary">{}</div></div>'
            '<a class="btn btn-sm btn-outline-secondary text-nowrap" href="{}" title="{}" '
            'aria-label="{}"><i class="bi bi-card-text" aria-hidden="true"></i>'
            # On a phone the icon alone (the name read out stays the whole label).
            '<span class="d-none d-sm-inline"> {}</span></a></div>',
            self._checkbox(record),
            person_url(person),
            person.full_name,
            # Annotated by the pool's view (a subquery); a table built elsewhere has no flags.
            no_program_consent_flag(getattr(record, "has_program_consent", True)),
            person.affiliation,
            reverse("pools:entry", args=[record.pk]),
            _("Pool entry"),
            # The name read out starts with the words shown (WCAG 2.5.3) and says whose it is.
            _("Open the entry in the pool: %(name)s") % {"name": person.full_name},
            _("Open the entry"),
        )

    def render_variant(self, record: PoolEntry) -> str:
        if record.format_id in self.hidden_variant_formats:
            return format_html('<span class="text-body-secondary">{}</span>', _("hidden"))
        return record.variant.title if record.variant else "—"

    def render_status(self, record: PoolEntry) -> str:
        return status_badge(record)

    def render_decision(self, record: PoolEntry) -> str:
        if record.decision is None:
            # Pupils and partner employees are included by the partner's curator on a date.
            return str(_("by the partner's curator")) if record.included_on else "—"
        return format_html(
            '<span title="{}">{}</span>', str(record.decision), record.decision.short_label
        )

    def render_request(self, value: str) -> str:
        return Truncator(value).chars(120)

    def render_capacity(self, record: PoolEntry) -> int:
        return capacity_of(record.person)

    def render_courses(self, value: int, record: PoolEntry) -> int | str:
        # `has_mentor_training` is annotated on the mentor pool's rows (pools/views.py).
        if getattr(record, "has_mentor_training", True):
            return value
        return format_html(
            '{} <span class="badge text-bg-warning" title="{}" data-testid="not-trained">{}</span>',
            value,
            _("No mentor training is recorded"),
            _("not trained"),
        )

    def render_competencies(self, record: PoolEntry) -> str:
        profile = mentor_profile_of(record.person)
        if profile is None or not profile.competencies:
            return "—"
        return Truncator(", ".join(profile.competencies.split("\n"))).chars(120)


# --- The same pool as XLSX ------------------------------------------------------------------


def pool_response(
    *, entries: QuerySet[PoolEntry], year: AcademicYear, role: str, hidden_variant_formats: set[int]
) -> HttpResponse:
    """The pool as the list shows it (variants masked alike), one row per entry; never any
    health or risk-group data beyond the variant the user may see."""
    is_mentor = role == ParticipantRole.MENTOR
    headers = [
        _("Last name, first name, patronymic"),
        _("Group, position, class or employer"),
        _("Format"),
        _("Variant"),
        _("Status"),
        _("In the pool since"),
        _("Decision"),
        _("Excluded on"),
        _("Reason for exclusion"),
    ]
    if is_mentor:
        headers += [_("Capacity"), _("Competencies"), _("Interests"), _("Training records")]
    else:
        headers += [_("Key request")]

    def row(entry: PoolEntry) -> list[Value]:
        hidden = entry.format_id in hidden_variant_formats
        cells: list[Value] = [
            entry.person.full_name,
            entry.person.affiliation,
            entry.format.title,
            "—" if hidden or entry.variant is None else entry.variant.title,
            str(entry.get_status_display()),
            entry.included_on,
            str(entry.decision) if entry.decision else "",
            entry.excluded_on,
            entry.exclusion_reason,
        ]
        if is_mentor:
            profile = mentor_profile_of(entry.person)
            cells += [
                capacity_of(entry.person),
                profile.competencies if profile else "",
                profile.interests if profile else "",
                getattr(entry, "course_count", 0),
            ]
        else:
            cells.append(entry.request)
        return cells

    title = _("Mentor pool") if is_mentor else _("Mentee pool")
    return xlsx_response(
        f"pool-{role}s-{year.start_year}.xlsx",
        Sheet(
            f"{title} {year.label}".replace("/", "-"),
            [str(header) for header in headers],
            (row(entry) for entry in entries),
        ),
    )
