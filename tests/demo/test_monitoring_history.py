"""The demo's history of monitoring: approved reports of the past years with snapshots
rising toward the targets, once."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from core.dates import AcademicYear
from demo.monitoring_history import load_monitoring_history
from programs.models import RunEvidence
from reports.models import IndicatorSnapshot, MonitoringReport, ReportStatus

pytestmark = pytest.mark.django_db


def test_three_past_years_approved_with_rising_values_loaded_once(
    curator: User, director: User
) -> None:
    load_monitoring_history(AcademicYear(2026), curator, director)
    load_monitoring_history(AcademicYear(2026), curator, director)

    reports = MonitoringReport.objects.order_by("academic_year")
    assert [(r.academic_year, r.status) for r in reports] == [
        (2023, ReportStatus.APPROVED),
        (2024, ReportStatus.APPROVED),
        (2025, ReportStatus.APPROVED),
    ]
    shares = list(
        IndicatorSnapshot.objects.filter(indicator__code="students_15_19")
        .order_by("academic_year")
        .values_list("value", flat=True)
    )
    assert len(shares) == 3 and shares[0] < shares[1] < shares[2]
    early = list(
        IndicatorSnapshot.objects.filter(indicator__code="ended_early")
        .order_by("academic_year")
        .values_list("value", flat=True)
    )
    assert early[0] > early[1] > early[2]  # lower is better
    assert all(r.events.count() == 3 for r in reports)
    # 2023/2024 and 2024/2025 fall within the 2020–2024 plan and its monitoring row.
    assert RunEvidence.objects.filter(object_id__in=[r.pk for r in reports]).count() == 2
