"""XLSX exports: one workbook writer for every base, with cells no spreadsheet will run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A cell that starts with one of these is read as a formula (or as the start of one, by
# Excel and LibreOffice alike), so text from the bases must never start a cell with them.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

Value = str | int | float | dt.date | None


def looks_like_formula(value: Value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def write_cell(cell: Cell, value: Value) -> None:
    """Puts the value into the cell as data. Text is stored as a string, never as a formula;
    text that starts like a formula is also marked as typed text (the quote prefix of Excel
    and LibreOffice), so editing the cell does not run it either. The text itself is kept."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
    elif isinstance(value, dt.date):
        cell.number_format = "DD.MM.YYYY"


@dataclass(frozen=True)
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Value]]


def _fill(sheet: Worksheet, headers: Sequence[str], rows: Iterable[Sequence[Value]]) -> None:
    """A bold, frozen header row, then the rows; columns sized to their text."""
    widths = [len(header) for header in headers]
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column)
        write_cell(cell, header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            write_cell(sheet.cell(row=row_number, column=column), value)
            widths[column - 1] = max(widths[column - 1], len(str(value or "")))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"


def workbook_bytes(*sheets: Sheet) -> bytes:
    """A workbook with one worksheet per sheet, in order."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # a new workbook comes with an empty sheet
    for sheet in sheets:
        _fill(workbook.create_sheet(sheet.title[:31]), sheet.headers, sheet.rows)
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_response(filename: str, *sheets: Sheet) -> HttpResponse:
    response = HttpResponse(workbook_bytes(*sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
