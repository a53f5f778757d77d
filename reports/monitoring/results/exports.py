"""A questionnaire's results in a wave as XLSX: aggregates only (never an open answer), with
the same small-number suppression as the page."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _

from core.spreadsheets import Sheet, Value, xlsx_response
from reports.models import QuestionKind
from reports.monitoring.results.selectors import (
    SCALE_VALUES,
    SMALL_NUMBER,
    ItemResult,
    QuestionnaireResults,
)


def hidden_label() -> str:
    return _("fewer than %(number)s answers — hidden") % {"number": SMALL_NUMBER}


def _number(value: Decimal | float | None) -> Value:
    return None if value is None else float(value)


def _scope_label(results: QuestionnaireResults) -> str:
    if results.variant is not None:
        return f"{results.mentoring_format} — {results.variant}"
    if results.mentoring_format is not None:
        return str(results.mentoring_format)
    return _("All formats")


def _item_row(item: ItemResult) -> list[Value]:
    question = item.question
    row: list[Value] = [question.section, question.text, question.get_kind_display()]
    if item.hidden:
        return [*row, hidden_label()]
    row += [item.count, _number(item.mean)]
    if item.kind == QuestionKind.SCALE:
        row += [bar.count for bar in item.bars]
    elif item.kind == QuestionKind.YES_NO:
        row += [None] * len(SCALE_VALUES) + [item.bars[0].percent, item.bars[1].percent]
    return row


def results_sheets(results: QuestionnaireResults) -> list[Sheet]:
    """Response rate, the items (counts, means, the scale's distribution, yes/no shares),
    the options chosen, and for an exit questionnaire the comparison with the entry one."""
    rate = results.rate
    summary = Sheet(
        _("Response rate"),
        [
            _("Questionnaire"),
            _("Wave"),
            _("Formats"),
            _("Issued"),
            _("Declined for lack of consent"),
            _("Expected"),
            _("Answered"),
            _("Response rate, %"),
        ],
        [
            [
                results.questionnaire.title,
                results.wave_label,
                _scope_label(results),
                rate.issued,
                rate.no_consent,
                rate.expected,
                rate.answered,
                rate.percent,
            ]
        ],
    )
    measured = [item for item in results.items if not item.is_open]
    items = Sheet(
        _("Items"),
        [
            _("Section"),
            _("Question"),
            _("Kind of answer"),
            _("Answers"),
            _("Mean"),
            *(str(value) for value in SCALE_VALUES),
            _("Yes, %"),
            _("No, %"),
        ],
        [_item_row(item) for item in measured],
    )
    choices = Sheet(
        _("Options"),
        [_("Question"), _("Option"), _("Chosen"), _("Share, %")],
        [
            [item.question.text, hidden_label(), None, None]
            if item.hidden
            else [item.question.text, bar.label, bar.count, bar.percent]
            for item in measured
            if item.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
            for bar in (item.bars[:1] if item.hidden else item.bars)
        ],
    )
    sheets = [summary, items, choices]
    breakdown = results.breakdown
    if breakdown is not None:
        sheets.append(
            Sheet(
                _("By variant") if breakdown.by_variant else _("By format"),
                [_("Question"), *breakdown.columns],
                [
                    [
                        question.text,
                        *(hidden_label() if cell.hidden else _number(cell.value) for cell in cells),
                    ]
                    for question, cells in breakdown.rows
                ],
            )
        )
    growth = results.growth
    if growth is not None:
        rows: list[list[Value]] = []
        for row in growth.items:
            if row.hidden:
                rows.append([row.question.text, hidden_label()])
            else:
                rows.append(
                    [
                        row.question.text,
                        row.paired,
                        _number(row.entry_mean),
                        _number(row.exit_mean),
                        row.question.get_direction_display(),
                        row.improved_percent,
                    ]
                )
        if growth.hidden:
            rows.append([_("Participants with a positive change"), hidden_label()])
        else:
            rows.append(
                [
                    _("Participants with a positive change"),
                    growth.participants,
                    None,
                    None,
                    None,
                    growth.positive_percent,
                ]
            )
        sheets.append(
            Sheet(
                _("Entry and exit"),
                [
                    _("Question"),
                    _("Answered both"),
                    _("Entry mean"),
                    _("Exit mean"),
                    _("Direction"),
                    _("Improved, %"),
                ],
                rows,
            )
        )
    return sheets


def results_response(results: QuestionnaireResults) -> HttpResponse:
    name = f"monitoring-{results.cycle.academic_year}-{results.questionnaire.code}-{results.wave}"
    if results.mentoring_format is not None:
        name += f"-{results.mentoring_format.code}"
    if results.variant is not None:
        name += f"-{results.variant.code}"
    return xlsx_response(f"{name}.xlsx", *results_sheets(results))
