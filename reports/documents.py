"""Printable documents: a Django template rendered to HTML, and WeasyPrint to PDF bytes.

`render_pdf` is the one place HTML becomes PDF. Its URL fetcher reads only the site's own
static files, so nothing a user typed can make a print fetch a web address or a local file.
The document functions below it gather one document's data and hand it to `render_pdf`.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Prefetch
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from programs.dates import AcademicYear
from programs.models import (
    DISPLAY_STATUS_LABELS,
    ActionPlan,
    Organization,
    PlanItem,
    PlanRun,
    PlanSection,
    RunEvidence,
)
from registry.models import Incentive, Student

# The base URL of every document. The .invalid domain never resolves (RFC 2606); the fetcher
# maps this origin's static path to the static files and refuses the rest of it.
DOCUMENT_BASE_URL = "https://nastavnik.invalid/"


class ResourceRefused(ValueError):
    """A document asked for something other than one of our static files."""


class StaticFilesFetcher(URLFetcher):
    """Serves `/static/…` (on the document's base URL) and `static:…` from the static finders.

    Everything else — http(s) elsewhere, file:, data:, paths with `..` — is refused; WeasyPrint
    then leaves the image or stylesheet out and logs a warning.
    """

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        path = static_path(url)
        found = finders.find(path) if path else None
        if not isinstance(found, str):
            raise ResourceRefused(url)
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, Path(found).read_bytes(), headers={"Content-Type": content_type}
        )


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
    document = HTML(string=html, base_url=DOCUMENT_BASE_URL, url_fetcher=StaticFilesFetcher())
    pdf: bytes = document.write_pdf()
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
