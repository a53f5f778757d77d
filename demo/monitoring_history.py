"""Demo history of monitoring: the approved monitoring reports of the past academic years with
their indicators frozen as snapshots, so that every trend chart (the director's dashboard, the
report's PDF) has points. The values are made up but plausible: each year a little nearer the
targets. Loading twice changes nothing (a year that has a report is left alone).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from core.dates import AcademicYear
from programs.models import Indicator, IndicatorTarget, IndicatorUnit
from reports.models import (
    IndicatorSnapshot,
    MonitoringReport,
    MonitoringReportEvent,
    ReportAction,
    ReportStatus,
)
from reports.monitoring.report.services import attach_as_evidence

# Per indicator code: the denominator of a share (or the answers of a mean), and the value of
# each past year, the oldest first (the current year's comes live).
HISTORY: dict[str, tuple[int | None, tuple[str, str, str]]] = {
    "students_15_19": (412, ("38.0", "49.5", "61.2")),
    "students_15_19_mentees": (412, ("27.4", "35.9", "44.7")),
    "young_teachers_mentees": (9, ("44.4", "55.6", "66.7")),
    "student_mentors": (436, ("5.3", "7.1", "8.9")),
    "enterprises_giving_mentors": (12, ("0.0", "8.3", "16.7")),
    "mentorships_running": (None, ("41", "56", "68")),
    "groups_running": (None, ("6", "9", "12")),
    "results_achieved": (58, ("63.8", "71.6", "77.4")),
    "ended_early": (47, ("17.0", "12.8", "10.6")),
    "meeting_regularity": (68, ("72.1", "80.4", "86.8")),
    "response_rate": (240, ("58.3", "69.6", "77.1")),
    "satisfaction_mentees": (180, ("6.4", "6.9", "7.3")),
    "satisfaction_mentors": (64, ("6.8", "7.2", "7.6")),
    "ready_to_continue": (210, ("55.2", "63.8", "71.0")),
    "want_to_become_mentors": (150, ("12.7", "16.0", "19.3")),
    "positive_change": (96, ("47.9", "54.2", "59.4")),
    "mentors_trained": (70, ("61.4", "78.6", "91.4")),
    "event_participations": (None, ("23", "31", "44")),
    "plan_execution": (26, ("80.8", "88.5", "96.2")),
    "mentors_encouraged": (70, ("14.3", "22.9", "30.0")),
}

CONCLUSIONS = (
    "Программа наставничества реализуется в соответствии с комплексом мер. Доля обучающихся, "
    "вовлечённых в наставничество, выросла; удовлетворённость участников выше прошлогодней."
)
RECOMMENDATIONS = (
    "Расширить участие предприятий-партнёров; провести обучение наставников из числа "
    "студентов до начала второго полугодия; держать регулярность встреч пар не ниже 90 %."
)


def _numerator(value: Decimal, denominator: int | None, unit: str) -> Decimal:
    if denominator is None:
        return value
    if unit == IndicatorUnit.MEAN_OF_10:
        return (value * denominator).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return (value * denominator / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _targets(start_year: int) -> dict[int, Decimal]:
    """The targets of a plan of the year (the latest such plan's), by indicator."""
    targets: dict[int, Decimal] = {}
    for indicator_id, value in (
        IndicatorTarget.objects.filter(academic_year=start_year)
        .order_by("plan__starts_on")
        .values_list("indicator_id", "value")
    ):
        targets[indicator_id] = value
    return targets


@transaction.atomic
def load_monitoring_history(
    year: AcademicYear, curator: User | None, director: User | None, *, years: int = 3
) -> list[MonitoringReport]:
    """The approved reports of the `years` academic years before `year`, with snapshots;
    each the evidence of the plan's monitoring row where the plan has one. Their PDF and XLSX
    are not rendered here (printing three reports would slow the demo's load): the report's
    page has them prepared in the background when asked for, from the frozen values."""
    indicators = list(Indicator.objects.order_by("position", "id"))
    made = []
    for step in range(years):
        start_year = year.start_year - years + step
        if MonitoringReport.objects.filter(academic_year=start_year).exists():
            continue
        past = AcademicYear(start_year)
        reference_date = past.last_day
        submitted_at = timezone.make_aware(dt.datetime.combine(past.last_day, dt.time(10)))
        decided_at = submitted_at + dt.timedelta(days=3)
        report = MonitoringReport.objects.create(
            academic_year=start_year,
            reference_date=reference_date,
            status=ReportStatus.APPROVED,
            conclusions=CONCLUSIONS,
            recommendations=RECOMMENDATIONS,
            created_by=curator,
            submitted_at=submitted_at,
            submitted_by=curator,
            decided_at=decided_at,
            decided_by=director,
        )
        for action, user, at in (
            (ReportAction.CREATED, curator, submitted_at - dt.timedelta(days=14)),
            (ReportAction.SUBMITTED, curator, submitted_at),
            (ReportAction.APPROVED, director, decided_at),
        ):
            MonitoringReportEvent.objects.create(report=report, action=action, user=user, at=at)
        targets = _targets(start_year)
        snapshots = []
        for indicator in indicators:
            denominator, values = HISTORY.get(indicator.code, (None, ("", "", "")))
            if not values[step]:
                continue
            value = Decimal(values[step])
            snapshots.append(
                IndicatorSnapshot(
                    report=report,
                    academic_year=start_year,
                    reference_date=reference_date,
                    indicator=indicator,
                    numerator=_numerator(value, denominator, indicator.unit),
                    denominator=None if denominator is None else Decimal(denominator),
                    value=value,
                    target=targets.get(indicator.pk, indicator.default_target),
                    taken_at=submitted_at,
                )
            )
        IndicatorSnapshot.objects.bulk_create(snapshots)
        if director is not None:
            attach_as_evidence(report, approver=director)
        made.append(report)
    return made
