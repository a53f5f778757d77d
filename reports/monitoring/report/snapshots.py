"""Freezing the indicators of a report's reference date as `IndicatorSnapshot`s.

A snapshot's `breakdown` is JSON: {"parts": [{"label", "numerator", "denominator", "value",
"note"}, …], "excluded_reason": "…"}, numbers as strings (Decimal) or null.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from core.dates import AcademicYear
from reports.models import IndicatorSnapshot, MonitoringReport
from reports.monitoring.indicators.formulas import IndicatorValue
from reports.monitoring.indicators.selectors import IndicatorResult, compute_indicators


def _number(value: Decimal | int | None) -> str | None:
    return None if value is None else str(value)


def breakdown_json(computed: IndicatorValue) -> dict[str, Any]:
    return {
        "parts": [
            {
                "label": str(part.label),
                "numerator": _number(part.numerator),
                "denominator": _number(part.denominator),
                "value": _number(part.value),
                "note": str(part.note),
            }
            for part in computed.breakdown
        ],
        "excluded_reason": str(computed.excluded_reason),
    }


def snapshot_of(report: MonitoringReport, result: IndicatorResult) -> IndicatorSnapshot:
    computed = result.computed
    return IndicatorSnapshot(
        report=report,
        academic_year=report.academic_year,
        reference_date=report.reference_date,
        indicator=result.indicator,
        numerator=Decimal(computed.numerator),
        denominator=None if computed.denominator is None else Decimal(computed.denominator),
        value=computed.value,
        target=result.target,
        excluded=computed.excluded,
        breakdown=breakdown_json(computed),
        taken_at=timezone.now(),
    )


def freeze_snapshots(report: MonitoringReport) -> list[IndicatorSnapshot]:
    """Replaces the report's snapshots with the indicators of its reference date, over every
    format (the program's report, not a lead's view)."""
    results = compute_indicators(
        day=report.reference_date, year=AcademicYear(report.academic_year)
    ).results
    IndicatorSnapshot.objects.filter(report=report).delete()
    return IndicatorSnapshot.objects.bulk_create(snapshot_of(report, r) for r in results)
