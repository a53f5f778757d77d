"""Reading an uploaded file of students or teachers into a table: an XLSX (its first sheet) or
a CSV (UTF-8 with or without a BOM, or Windows-1251; commas, semicolons or tabs between the
values), its type told by content and extension, with the limits on its size, its unpacked
size and its rows. The first row is the header; empty rows are skipped.

A file that cannot be read is refused with a ValidationError. Nothing here knows what the
columns mean (that is `specs`), and nothing here logs.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Final

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from core.dates import format_day

MAX_ROWS: Final = 10_000
# More columns than any file of ours has; the rest of a wide sheet is not read.
MAX_COLUMNS: Final = 50
# An XLSX is a zip: a small file may unpack into a huge one (a "zip bomb").
MAX_UNPACKED_BYTES: Final = 200 * 1024 * 1024

# Signatures of files that are not text whatever their name says.
BINARY_SIGNATURES: Final = (
    b"PK\x03\x04",  # zip: xlsx, docx, odt …
    b"\xd0\xcf\x11\xe0",  # OLE2: xls, doc
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"{\\rtf",
    b"Rar!",
    b"7z\xbc\xaf",
    b"\x1f\x8b",  # gzip
)
CONTROL_CHARACTERS: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Cell = str | dt.date


def max_bytes() -> int:
    """The largest file accepted (IMPORT_MAX_BYTES in the settings, 5 MB by default)."""
    return int(settings.IMPORT_MAX_BYTES)


@dataclass(frozen=True)
class Table:
    """The header and the non-empty rows of a file, each with its number as a spreadsheet
    shows it (the header is row 1)."""

    header: list[str]
    rows: list[tuple[int, list[Cell]]]


def not_a_table() -> ValidationError:
    return ValidationError(_("The file does not look like an XLSX or CSV table."), code="type")


def too_large(size: int) -> ValidationError:
    return ValidationError(
        _("The file is %(size)s; files larger than %(limit)s are not accepted.")
        % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes())},
        code="too_large",
    )


def wrong_encoding() -> ValidationError:
    return ValidationError(
        _(
            "The file's encoding is not recognized: save the table as CSV in UTF-8 or "
            "Windows-1251, or as XLSX."
        ),
        code="encoding",
    )


def read_table(data: bytes, filename: str) -> Table:
    """The table in the file; refuses a file too large, of another type or encoding."""
    if len(data) > max_bytes():
        raise too_large(len(data))
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(data)
    if suffix in (".csv", ".txt") and not data.startswith(BINARY_SIGNATURES):
        return _read_csv(data)
    raise not_a_table()


def _read_xlsx(data: bytes) -> Table:
    if not data.startswith(b"PK\x03\x04"):
        raise not_a_table()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise not_a_table() from None
    if "xl/workbook.xml" not in names:  # a .docx, an .odt or any other zip
        raise not_a_table()
    if unpacked > MAX_UNPACKED_BYTES:
        raise too_large(unpacked)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl fails on a broken file in many ways
        raise not_a_table() from None
    try:
        sheet = workbook.worksheets[0]
        # min_row=1: a sheet whose data starts lower still numbers its rows from 1.
        rows = sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
        return _collect([_xlsx_cell(value) for value in row] for row in rows)
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - a sheet broken past its start fails while read
        raise not_a_table() from None
    finally:
        workbook.close()


def _xlsx_cell(value: object) -> Cell:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    # A number typed into a cell (a record book 123456) comes back as 123456.0.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_csv(data: bytes) -> Table:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _collect([cell.strip() for cell in row] for row in reader)
    except csv.Error:
        raise not_a_table() from None


def _decode(data: bytes) -> str:
    """UTF-8 (with or without a BOM) if the bytes are valid UTF-8, else Windows-1251.

    Text in another encoding (KOI8-R, say) also decodes as Windows-1251, into nonsense; it is
    caught later, when none of its headers is known. UTF-16 has zero bytes in its text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise wrong_encoding()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1251")
        except UnicodeDecodeError:
            raise wrong_encoding() from None
    if CONTROL_CHARACTERS.search(text):
        raise not_a_table()
    return text


def _collect(rows: Iterable[list[Cell]]) -> Table:
    header: list[str] = []
    body: list[tuple[int, list[Cell]]] = []
    for number, cells in enumerate(rows, start=1):
        while cells and cells[-1] == "":
            cells.pop()  # a sheet read to MAX_COLUMNS pads its rows with empty cells
        if number == 1:
            header = [as_text(cell) for cell in cells]
            continue
        if not any(cell != "" for cell in cells):
            continue
        if len(body) >= MAX_ROWS:
            raise ValidationError(
                _("The file has more than %(limit)s rows of data; split it into parts.")
                % {"limit": f"{MAX_ROWS:,}".replace(",", "\u00a0")},
                code="too_many_rows",
            )
        body.append((number, cells))
    if not header:
        raise ValidationError(
            _("The file is empty or its first row has no column headers."), code="no_header"
        )
    return Table(header=header, rows=body)


def as_text(cell: Cell) -> str:
    if isinstance(cell, dt.date):
        return format_day(cell)
    return cell
