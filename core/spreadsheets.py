"""XLSX exports: one workbook writer for every base, with cells no spreadsheet will run.

The workbook is written in openpyxl's write-only mode: each row goes to the sheet's temporary
file as it comes, so a sheet of any length holds no more than its first WIDTH_SAMPLE_ROWS rows
in memory (they size the columns). A cell is only styled when it needs it (the header, a
date, text that would otherwise be read as a formula or an error); every other value is
handed to openpyxl as it is, its cheapest cell (bench/registry_xlsx.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO
from itertools import chain, islice

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A cell that starts with one of these is read as a formula (or as the start of one, by
# Excel and LibreOffice alike), so text from the bases must never start a cell with them.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Text openpyxl would store as an error value («#N/A») rather than as the text it is.
_ERROR_TEXTS = frozenset(ERROR_CODES)
DATE_FORMAT = "DD.MM.YYYY"

# Column widths have to be written before the first row (write-only mode cannot go back), so
# they are measured on the header and this many first rows, which are held until then; a
# longer value further down is shown cut at its column's edge, as any spreadsheet does.
WIDTH_SAMPLE_ROWS = 200
MIN_WIDTH, MAX_WIDTH = 8, 60

_HEADER_FONT = Font(bold=True)
_HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")

Value = str | int | float | dt.date | None


def looks_like_formula(value: Value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def write_cell(cell: Cell, value: Value) -> None:
    """Puts the value into the cell as data. Text is stored as a string, never as a formula
    or an error value; text that starts like a formula is also marked as typed text (the
    quote prefix of Excel and LibreOffice), so editing the cell does not run it either. The
    text itself is kept. Dates are shown as DD.MM.YYYY."""
    if isinstance(value, dt.date):
        # Set first, so that openpyxl keeps it rather than putting its own date format.
        cell.number_format = DATE_FORMAT
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True


def _cell(sheet: WriteOnlyWorksheet, value: Value) -> Value | Cell:
    """What to append for the value: the value itself when openpyxl stores it as it should
    unstyled, else a cell made with `write_cell`."""
    if isinstance(value, str):
        if not value.startswith(FORMULA_PREFIXES) and value not in _ERROR_TEXTS:
            return value
    elif not isinstance(value, dt.date):
        return value
    cell = WriteOnlyCell(sheet)
    write_cell(cell, value)
    return cell


def _width(value: Value) -> int:
    """Characters of the value's longest line (a date is shown in ten)."""
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return len(DATE_FORMAT)
    return max(map(len, str(value).splitlines()), default=0)


@dataclass(frozen=True)
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Value]]


def _fill(
    sheet: WriteOnlyWorksheet, headers: Sequence[str], rows: Iterable[Sequence[Value]]
) -> None:
    """A bold, frozen header row, then the rows as they come; columns sized to the text of
    the header and of the first WIDTH_SAMPLE_ROWS rows."""
    rows = iter(rows)
    first = list(islice(rows, WIDTH_SAMPLE_ROWS))
    widths = [len(header) for header in headers]
    for row in first:
        if len(row) > len(widths):
            widths += [0] * (len(row) - len(widths))
        for column, value in enumerate(row):
            widths[column] = max(widths[column], _width(value))
    for column, width in enumerate(widths, start=1):
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
    sheet.freeze_panes = "A2"

    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet)
        write_cell(cell, header)
        cell.font = _HEADER_FONT
        cell.alignment = _HEADER_ALIGNMENT
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in chain(first, rows):
        sheet.append([_cell(sheet, value) for value in row])


def workbook_bytes(*sheets: Sheet) -> bytes:
    """A workbook with one worksheet per sheet, in order; each sheet's rows are read once,
    as they come."""
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.title[:31])
        _fill(worksheet, sheet.headers, sheet.rows)
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_response(filename: str, *sheets: Sheet) -> HttpResponse:
    response = HttpResponse(workbook_bytes(*sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
