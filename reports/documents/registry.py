"""The pair registry (реестр наставнических пар, plan item 2.4) printed and as XLSX."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import AcademicYear, format_day
from core.pdf import initials_and_surname, render_pdf
from core.spreadsheets import Sheet
from pairs.mentorships.filters import MentorshipFilter
from pairs.models import Mentorship, MentorshipStatus
from programs.models import (
    Organization,
)
from registry.models import Person

# --- The pair registry (реестр наставнических пар, plan item 2.4) ---------------------------


@dataclass(frozen=True)
class RegistryPerson:
    name: str
    affiliation: str

    def __str__(self) -> str:
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name


@dataclass(frozen=True)
class RegistryRow:
    """One mentorship as the printed registry and its XLSX have it, its variant already
    masked for the user."""

    number: int  # the row's place in the list; the registry number is `mentorship_id`
    mentorship_id: int
    mentors: list[RegistryPerson]
    mentees: list[RegistryPerson]
    format: str
    variant: str
    decision: str  # «№ 3 от 07.10.2026», as the registry page shows it
    decision_body: str  # «педагогический совет», who decided
    decision_number: str
    decided_on: dt.date | None
    started_on: dt.date
    planned_end_on: dt.date
    ended_on: dt.date | None
    status: str
    # A completed pair's results: what it achieved, then how far each expected result was met.
    results: str = ""
    assessments: tuple[str, ...] = ()

    @property
    def period(self) -> str:
        return f"{format_day(self.started_on)} – {format_day(self.planned_end_on)}"


def _registry_people(people: Iterable[Person]) -> list[RegistryPerson]:
    return [RegistryPerson(person.full_name, person.affiliation) for person in people]


def _assessments(mentorship: Mentorship) -> tuple[str, ...]:
    if mentorship.status != MentorshipStatus.COMPLETED:
        return ()
    return tuple(
        f"{result.expected} — {result.get_achievement_display()}"
        for result in mentorship.result_assessments.all()
    )


def registry_rows(
    mentorships: Iterable[Mentorship], *, hidden_variant_formats: set[int]
) -> list[RegistryRow]:
    """The registry's rows in the given order, each with the pair's registry number (its
    number on the registry page and its own page) and its place in the list. A variant of a
    format in `hidden_variant_formats` is left out, so the row shows the format alone. The
    results are those of completed pairs (their assessments in one more query)."""
    mentorships = list(mentorships)
    prefetch_related_objects(
        [m for m in mentorships if m.status == MentorshipStatus.COMPLETED], "result_assessments"
    )
    rows = []
    for number, mentorship in enumerate(mentorships, start=1):
        variant = mentorship.variant
        decision = mentorship.decision
        rows.append(
            RegistryRow(
                number=number,
                mentorship_id=mentorship.pk,
                mentors=_registry_people(mentorship.mentors.all()),
                mentees=_registry_people(mentorship.mentees.all()),
                format=mentorship.format.title,
                variant=(
                    variant.title
                    if variant is not None and mentorship.format_id not in hidden_variant_formats
                    else ""
                ),
                decision=decision.short_label if decision else "",
                decision_body=str(decision.get_body_display()) if decision else "",
                decision_number=decision.number if decision else "",
                decided_on=decision.decided_on if decision else None,
                started_on=mentorship.started_on,
                planned_end_on=mentorship.planned_end_on,
                ended_on=mentorship.ended_on,
                status=str(mentorship.get_status_display()),
                results=(
                    mentorship.results.strip()
                    if mentorship.status == MentorshipStatus.COMPLETED
                    else ""
                ),
                assessments=_assessments(mentorship),
            )
        )
    return rows


def registry_selection(filterset: MentorshipFilter) -> list[str]:
    """The filters a print was made with other than the year, in words, for its title."""
    chosen = filterset.chosen
    parts = []
    if "format" in chosen:
        parts.append(_("format «%(format)s»") % {"format": chosen["format"].title})
    if "status" in chosen:
        status = MentorshipStatus(chosen["status"]).label
        parts.append(_("status «%(status)s»") % {"status": status})
    if "q" in chosen:
        parts.append(_("name contains «%(text)s»") % {"text": chosen["q"]})
    return parts


def registry_filename(filterset: MentorshipFilter, extension: str) -> str:
    year = filterset.academic_year
    return f"pair-registry-{year.start_year}.{extension}" if year else f"pair-registry.{extension}"


def registry_sheet(rows: Iterable[RegistryRow]) -> Sheet:
    """The registry as one worksheet: a row per mentorship, the people of a group in one cell."""
    headers = [
        _("No."),
        _("Registry No."),
        _("Mentors"),
        _("Mentees"),
        _("Format"),
        _("Variant"),
        _("Deciding body"),
        _("Decision No."),
        _("Decision date"),
        _("Start"),
        _("Planned end"),
        _("Ended on"),
        _("Status"),
        _("Results"),
    ]
    cells = (
        [
            row.number,
            row.mentorship_id,
            "; ".join(str(person) for person in row.mentors),
            "; ".join(str(person) for person in row.mentees),
            row.format,
            row.variant or "—",
            row.decision_body,
            row.decision_number,
            row.decided_on,
            row.started_on,
            row.planned_end_on,
            row.ended_on,
            row.status,
            "\n".join([row.results, *row.assessments]).strip() or None,
        ]
        for row in rows
    )
    return Sheet(_("Pair registry"), [str(header) for header in headers], cells)


def registry_pdf(
    filterset: MentorshipFilter,
    rows: list[RegistryRow],
    *,
    request: HttpRequest | None = None,
) -> bytes:
    """The printed registry: landscape, the organization on top, the rows of the filters in
    force, the curator's and the director's signature lines. Its title names the academic
    year chosen, or says that every year is in it and which one is current."""
    organization = Organization.load()
    context = {
        "organization": organization,
        "year": filterset.academic_year,
        "current_year": AcademicYear.current(),
        "selection": registry_selection(filterset),
        "rows": rows,
        "printed_on": timezone.localdate(),
        "curator_signature": initials_and_surname(organization.curator_name),
        "director_signature": initials_and_surname(organization.director_name),
    }
    return render_pdf("reports/documents/registry.html", context, request=request)
