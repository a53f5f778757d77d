"""The pair registry (реестр наставнических пар, plan item 2.4) printed and as XLSX."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from core.dates import format_day
from core.spreadsheets import Sheet
from pairs.mentorships.filters import MentorshipFilter
from pairs.models import Mentorship, MentorshipStatus
from registry.models import Person

# --- The pair registry (реестр наставнических пар, plan item 2.4) ---------------------------

# How many mentorships are read and made into rows at a time.
ROWS_BATCH = 500


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


def _batches(mentorships: Iterable[Mentorship]) -> Iterator[list[Mentorship]]:
    batch: list[Mentorship] = []
    for mentorship in mentorships:
        batch.append(mentorship)
        if len(batch) == ROWS_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def registry_rows(
    mentorships: Iterable[Mentorship], *, hidden_variant_formats: set[int]
) -> Iterator[RegistryRow]:
    """The registry's rows in the given order, each with the pair's registry number (its
    number on the registry page and its own page) and its place in the list. A variant of a
    format in `hidden_variant_formats` is left out, so the row shows the format alone. The
    results are those of completed pairs (their assessments in one more query a batch).

    The rows are made as they are read, `ROWS_BATCH` mentorships at a time, so a registry of
    thousands of pairs is never in memory at once (the documents write them as they come)."""
    number = 0
    for batch in _batches(mentorships):
        prefetch_related_objects(
            [m for m in batch if m.status == MentorshipStatus.COMPLETED], "result_assessments"
        )
        for mentorship in batch:
            number += 1
            yield _registry_row(number, mentorship, hidden_variant_formats)


def _registry_row(number: int, mentorship: Mentorship, hidden: set[int]) -> RegistryRow:
    variant = mentorship.variant
    decision = mentorship.decision
    completed = mentorship.status == MentorshipStatus.COMPLETED
    return RegistryRow(
        number=number,
        mentorship_id=mentorship.pk,
        mentors=_registry_people(mentorship.mentors.all()),
        mentees=_registry_people(mentorship.mentees.all()),
        format=mentorship.format.title,
        variant=(
            variant.title if variant is not None and mentorship.format_id not in hidden else ""
        ),
        decision=decision.short_label if decision else "",
        decision_body=str(decision.get_body_display()) if decision else "",
        decision_number=decision.number if decision else "",
        decided_on=decision.decided_on if decision else None,
        started_on=mentorship.started_on,
        planned_end_on=mentorship.planned_end_on,
        ended_on=mentorship.ended_on,
        status=str(mentorship.get_status_display()),
        results=mentorship.results.strip() if completed else "",
        assessments=_assessments(mentorship),
    )


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
    rows: Iterable[RegistryRow],
    *,
    count: int,
    on_row: Callable[[int], None] | None = None,
) -> bytes:
    """The printed registry (reports/documents/registry_printed.py). ReportLab, which prints
    it, is imported with the first print rather than with the URLconf: about 20 MiB and half a
    second that every server process would pay for pages that print nothing."""
    from reports.documents import registry_printed

    return registry_printed.registry_pdf(filterset, rows, count=count, on_row=on_row)
