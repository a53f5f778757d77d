"""Printable documents: a Django template rendered to HTML, and WeasyPrint to PDF bytes.

`render_pdf` is the one place HTML becomes PDF. Its URL fetcher reads only the site's own
static files, so nothing a user typed can make a print fetch a web address or a local file.
The document functions below it gather one document's data and hand it to `render_pdf`.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db.models import Prefetch
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from pairs.mentorships.filters import MentorshipFilter
from pairs.models import Mentorship, MentorshipStatus
from programs.dates import AcademicYear, format_day
from programs.models import (
    DISPLAY_STATUS_LABELS,
    ActionPlan,
    Organization,
    PlanItem,
    PlanRun,
    PlanSection,
    RunEvidence,
)
from registry.models import Incentive, Person, Student
from registry.spreadsheets import Sheet

# The base URL of every document. The .invalid domain never resolves (RFC 2606); the fetcher
# maps this origin's static path to the static files and refuses the rest of it.
DOCUMENT_BASE_URL = "https://nastavnik.invalid/"


class ResourceRefused(ValueError):
    """A document asked for something other than one of our static files."""


class MissingDocumentResource(FatalURLFetchingError):
    """A document asked for one of our static files that is not there. WeasyPrint lets this
    kind of error stop the rendering (it logs and skips any other)."""


class DocumentResourceError(RuntimeError):
    """A document's own stylesheet, font or image could not be read: it is not printed,
    rather than printed without it."""


class StaticFilesFetcher(URLFetcher):
    """Serves `/static/…` (on the document's base URL) and `static:…` from the static files.

    A name is looked up with the static finders (the source files, in development) and then in
    the static files storage the settings use, so the hashed names `{% static %}` gives under
    the production storage (`documents.3f2a….css`, after `collectstatic`) are found too.

    Everything else — http(s) elsewhere, file:, data:, paths with `..` — is refused; WeasyPrint
    then leaves that image or stylesheet out. A static path that names no file stops the print
    (`MissingDocumentResource`).
    """

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        path = static_path(url)
        if path is None:
            raise ResourceRefused(url)
        content = read_static_file(path)
        if content is None:
            raise MissingDocumentResource(url)
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, content, headers={"Content-Type": content_type})


def read_static_file(path: str) -> bytes | None:
    """The bytes of the static file `path` (a relative path `static_path` has checked), from
    the finders or else the static files storage; None if neither has it."""
    found = finders.find(path)
    if isinstance(found, str):
        with open(found, "rb") as source:
            return source.read()
    if staticfiles_storage.exists(path):
        with staticfiles_storage.open(path) as stored:
            content: bytes = stored.read()
            return content
    return None


def static_path(url: str) -> str | None:
    """The static file's relative path the URL names, or None if it names anything else."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    base = urlsplit(DOCUMENT_BASE_URL)
    if parts.scheme == "static" and not parts.netloc:
        relative = parts.path.lstrip("/")
    elif (parts.scheme, parts.netloc) in {("", ""), (base.scheme, base.netloc)}:
        if not parts.path.startswith(prefix):
            return None
        relative = parts.path.removeprefix(prefix)
    else:
        return None
    relative = unquote(relative)
    segments = relative.split("/")
    # The finders refuse paths outside their roots too; this refuses them before asking.
    if (
        not relative
        or "\\" in relative
        or "\0" in relative
        or any(segment in {"", ".", ".."} for segment in segments)
    ):
        return None
    return relative


def render_pdf(
    template_name: str, context: dict[str, Any], *, request: HttpRequest | None = None
) -> bytes:
    """Renders a template of `templates/reports/documents/` and prints it to PDF bytes."""
    return html_to_pdf(render_to_string(template_name, context, request=request))


def html_to_pdf(html: str) -> bytes:
    """Prints HTML to PDF bytes; `DocumentResourceError` if one of its static files is missing."""
    document = HTML(string=html, base_url=DOCUMENT_BASE_URL, url_fetcher=StaticFilesFetcher())
    try:
        pdf: bytes = document.write_pdf()
    except MissingDocumentResource as missing:
        raise DocumentResourceError(f"A document's static file is missing: {missing}") from missing
    return pdf


def initials_and_surname(full_name: str) -> str:
    """«Васильев Андрей Сергеевич» → «А. С. Васильев», as a signature line has it."""
    surname, *names = full_name.split()[:3] or [""]
    return " ".join([*(f"{name[0]}." for name in names), surname])


# --- Plan execution report (отчёт о выполнении комплекса мер) ------------------------------


@dataclass(frozen=True)
class ReportRun:
    run: PlanRun
    status: str
    status_label: str
    evidence: list[RunEvidence]


@dataclass(frozen=True)
class ReportItem:
    item: PlanItem
    runs: list[ReportRun]


@dataclass(frozen=True)
class ReportSection:
    section: PlanSection
    items: list[ReportItem]


def plan_report_pdf(
    plan: ActionPlan,
    *,
    year: AcademicYear | None = None,
    today: dt.date | None = None,
    request: HttpRequest | None = None,
) -> bytes:
    """The execution report of `plan`: every item with its runs, of one academic year or all.

    A run's status is as of `today` (an open run past its due date prints as overdue).
    """
    today = today or timezone.localdate()
    runs = PlanRun.objects.order_by("academic_year", "due_on", "id").prefetch_related(
        Prefetch("evidence", queryset=RunEvidence.objects.order_by("created_at", "id"))
    )
    if year is not None:
        runs = runs.filter(academic_year=year.start_year)
    items = PlanItem.objects.order_by("position", "id").prefetch_related(
        Prefetch("runs", queryset=runs)
    )
    plan_sections = plan.sections.order_by("position", "id").prefetch_related(
        Prefetch("items", queryset=items)
    )
    counts: Counter[str] = Counter()
    sections = []
    for section in plan_sections:
        report_items = []
        for item in section.items.all():
            report_runs = []
            for run in item.runs.all():
                status = run.display_status(today)
                counts[status] += 1
                label = str(DISPLAY_STATUS_LABELS[status])
                report_runs.append(ReportRun(run, status, label, list(run.evidence.all())))
            report_items.append(ReportItem(item, report_runs))
        sections.append(ReportSection(section, report_items))
    organization = Organization.load()
    context = {
        "organization": organization,
        "plan": plan,
        "year": year,
        "sections": sections,
        "summary": [(label, counts[status]) for status, label in DISPLAY_STATUS_LABELS.items()],
        "run_count": sum(counts.values()),
        "printed_on": timezone.localdate(),
        "curator_signature": initials_and_surname(organization.curator_name),
    }
    return render_pdf("reports/documents/plan_report.html", context, request=request)


def plan_report_filename(plan: ActionPlan, year: AcademicYear | None) -> str:
    name = f"plan-report-{plan.starts_on.year}-{plan.ends_on.year}"
    return f"{name}-{year.start_year}.pdf" if year else f"{name}.pdf"


# --- Letter of thanks to the parents of a student mentor (item 6.3) -------------------------


def parents_letter_pdf(incentive: Incentive, *, request: HttpRequest | None = None) -> bytes:
    """The благодарственное письмо родителям for an incentive of a student mentor."""
    student: Student = incentive.mentor.student
    organization = Organization.load()
    context = {
        "organization": organization,
        "incentive": incentive,
        "student": student,
        "director_signature": initials_and_surname(organization.director_name),
    }
    return render_pdf("reports/documents/parents_letter.html", context, request=request)


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

    number: int
    mentorship_id: int
    mentors: list[RegistryPerson]
    mentees: list[RegistryPerson]
    format: str
    variant: str
    decision: str  # «№ 3 от 07.10.2026», as the registry page shows it
    decision_number: str
    decided_on: dt.date | None
    started_on: dt.date
    planned_end_on: dt.date
    ended_on: dt.date | None
    status: str

    @property
    def period(self) -> str:
        return f"{format_day(self.started_on)} – {format_day(self.planned_end_on)}"


def _registry_people(people: Iterable[Person]) -> list[RegistryPerson]:
    return [RegistryPerson(person.full_name, person.affiliation) for person in people]


def registry_rows(
    mentorships: Iterable[Mentorship], *, hidden_variant_formats: set[int]
) -> list[RegistryRow]:
    """The registry's rows, numbered from 1 in the given order. A variant of a format in
    `hidden_variant_formats` is left out, so the row shows the format alone."""
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
                decision_number=decision.number if decision else "",
                decided_on=decision.decided_on if decision else None,
                started_on=mentorship.started_on,
                planned_end_on=mentorship.planned_end_on,
                ended_on=mentorship.ended_on,
                status=str(mentorship.get_status_display()),
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
        _("Decision No."),
        _("Decision date"),
        _("Start"),
        _("Planned end"),
        _("Ended on"),
        _("Status"),
    ]
    cells = (
        [
            row.number,
            row.mentorship_id,
            "; ".join(str(person) for person in row.mentors),
            "; ".join(str(person) for person in row.mentees),
            row.format,
            row.variant or "—",
            row.decision_number,
            row.decided_on,
            row.started_on,
            row.planned_end_on,
            row.ended_on,
            row.status,
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
