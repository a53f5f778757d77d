"""The monitoring report of a year as the region's XLSX: a fixed layout a region can stack
from many colleges (the same sheets, columns and row order every year), aggregates only.

A count from 1 to 4 is hidden (`HIDDEN`), and with it a share or mean computed over it; no
person is named (partners are counted by kind, not listed).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from core.spreadsheets import Sheet, Value, workbook_bytes
from programs.models import IndicatorUnit
from registry.models import PartnerKind, PersonKind
from reports.models import MonitoringReport, ReportStatus
from reports.monitoring.report.content import IndicatorRow, ReportContent, report_content
from reports.monitoring.swot.selectors import KEYS as SWOT_KEYS

SMALL_COUNT = 5
HIDDEN = "<5"


def hide(count: int | Decimal | None) -> Value:
    """A count as the region may see it: under 5 (but not 0) hidden."""
    if count is None:
        return None
    if 0 < count < SMALL_COUNT:
        return HIDDEN
    return int(count) if Decimal(count) == int(count) else float(count)


def _number(value: Decimal | None) -> Value:
    return None if value is None else float(value)


def _indicator_row(row: IndicatorRow) -> list[Value]:
    indicator = row.indicator
    small = row.denominator is not None and 0 < row.denominator < SMALL_COUNT
    if indicator.unit == IndicatorUnit.COUNT:
        value = hide(row.value)
        numerator = hide(row.numerator)
    else:
        value = HIDDEN if small else _number(row.value)
        numerator = HIDDEN if small else hide(row.numerator)
    return [
        indicator.code,
        indicator.title,
        str(IndicatorUnit(indicator.unit).label),
        numerator,
        hide(row.denominator),
        value,
        _number(row.target),
    ]


def regional_sheets(content: ReportContent) -> list[Sheet]:
    report = content.report
    organization = content.organization
    status = str(ReportStatus(report.status).label)
    title = Sheet(
        _("Title"),
        [_("Field"), _("Value")],
        [
            [_("Region"), getattr(settings, "NASTAVNIK_REGION", "") or organization.locality],
            [_("Organization"), organization.full_name],
            [_("Academic year"), report.year_label],
            [_("Reference date"), report.reference_date],
            [_("Program curator"), organization.curator_name],
            [_("Status"), status],
        ],
    )
    indicators = Sheet(
        _("Indicators"),
        [
            _("Code"),
            _("Indicator"),
            _("Unit"),
            _("Numerator"),
            _("Denominator"),
            _("Value"),
            _("Target"),
        ],
        [_indicator_row(row) for row in content.indicators],
    )
    formats = Sheet(
        _("Formats"),
        [
            _("Code"),
            _("Format"),
            _("Running"),
            _("Groups"),
            _("New"),
            _("Completed"),
            _("Ended early"),
            _("With a meeting lately"),
        ],
        [
            [
                row.format.code,
                row.format.title,
                hide(row.running),
                hide(row.groups),
                hide(row.new),
                hide(row.completed),
                hide(row.ended_early),
                hide(row.regular),
            ]
            for row in content.formats
        ],
    )
    by_kind = {row["code"]: row for row in content.mentors_by_kind}
    mentor_kinds = [PersonKind.STUDENT, PersonKind.TEACHER, PersonKind.PARTNER_EMPLOYEE]
    mentors = Sheet(
        _("Mentors"),
        [_("Code"), _("Kind"), _("Total"), _("With a mentor training"), _("Encouraged")],
        [
            [
                kind.value,
                str(kind.label),
                hide(by_kind.get(kind.value, {}).get("total", 0)),
                hide(by_kind.get(kind.value, {}).get("trained", 0)),
                hide(content.encouraged_by_kind.get(kind.value, 0)),
            ]
            for kind in mentor_kinds
        ],
    )
    partners = Sheet(
        _("Partners"),
        [_("Code"), _("Kind"), _("With an agreement"), _("Gives mentors")],
        [
            [
                kind.value,
                str(kind.label),
                hide(sum(1 for p in content.partners if p["kind_code"] == kind.value)),
                hide(
                    sum(
                        1
                        for p in content.partners
                        if p["kind_code"] == kind.value and p["gives_mentors"]
                    )
                ),
            ]
            for kind in PartnerKind
        ],
    )
    rates = Sheet(
        _("Response rates"),
        [_("Questionnaire"), _("Wave"), _("Issued"), _("Answered"), _("Response rate")],
        [
            [
                rate.questionnaire,
                rate.wave,
                hide(rate.issued),
                hide(rate.answered),
                HIDDEN if 0 < rate.answered < SMALL_COUNT else _number(rate.percent),
            ]
            for rate in [*content.rates, *content.adaptation_rates]
        ],
    )
    items = Sheet(
        _("Questionnaire items"),
        [_("Questionnaire"), _("Item"), _("Answers"), _("Mean or share of «yes»")],
        [
            [
                item.questionnaire,
                item.text,
                hide(item.count),
                HIDDEN if item.hidden else _number(item.value),
            ]
            for item in [*content.stage1_items, *content.curator_items, *content.adaptation_items]
        ],
    )
    swot = Sheet(
        _("SWOT"),
        [_("Code"), _("Format"), _("Strengths"), _("Weaknesses"), _("Opportunities"), _("Threats")],
        [
            [
                block.format.code,
                block.format.title,
                *("; ".join(block.lists[key]) for key in SWOT_KEYS),
            ]
            for block in content.swots
        ],
    )
    return [title, indicators, formats, mentors, partners, rates, items, swot]


def monitoring_regional_xlsx(
    report: MonitoringReport, *, content: ReportContent | None = None
) -> bytes:
    return workbook_bytes(*regional_sheets(content or report_content(report)))
