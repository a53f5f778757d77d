"""The execution report of the action plan (отчёт о выполнении комплекса мер)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils import timezone

from core.dates import AcademicYear
from core.pdf import initials_and_surname, render_pdf
from programs.models import (
    DISPLAY_STATUS_LABELS,
    ActionPlan,
    Organization,
    PlanItem,
    PlanRun,
    PlanSection,
    RunEvidence,
)

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
