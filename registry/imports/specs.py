"""What a file of each kind holds: the kinds of import, their columns (with the headers and
their other spellings), the natural key and the model of each kind, and how the file's header
is matched to the columns and each cell of a row is parsed and validated, with the errors of
a row as `RowError`. The export writes the same columns, so that an export is imported back
as it is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.imports.reading import Cell, Table, as_text
from registry.models import Student, StudentStatus, Teacher, TeacherPosition, search_key

DAY_MONTH_YEAR: Final = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
ISO_DATE: Final = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
EARLIEST_DATE: Final = dt.date(1900, 1, 1)
DATE_FIELDS: Final = ("birth_date", "hired_on", "pedagogical_experience_since", "left_on")


class ImportKind(models.TextChoices):
    STUDENTS = "students", gettext_lazy("students")
    TEACHERS = "teachers", gettext_lazy("teachers and masters")


@dataclass(frozen=True)
class Column:
    field: str
    header: Promise
    required: bool = False
    aliases: tuple[Promise, ...] = ()

    def names(self) -> set[str]:
        return {header_key(str(name)) for name in (self.header, *self.aliases)}


LAST_NAME = Column("last_name", gettext_lazy("Last name"), required=True)
FIRST_NAME = Column("first_name", gettext_lazy("First name"), required=True)
PATRONYMIC = Column("patronymic", gettext_lazy("Patronymic"))
BIRTH_DATE = Column("birth_date", gettext_lazy("Date of birth"))
RECORD_BOOK = Column(
    "record_book",
    gettext_lazy("Record book No."),
    required=True,
    aliases=(gettext_lazy("Record book number"),),
)
GROUP = Column("group", gettext_lazy("Group"), required=True)
COURSE = Column("course", gettext_lazy("Course"))
SPECIALTY = Column("specialty", gettext_lazy("Specialty code"))
STATUS = Column("status", gettext_lazy("Status"))
PERSONNEL_NUMBER = Column(
    "personnel_number",
    gettext_lazy("Personnel No."),
    required=True,
    aliases=(gettext_lazy("Personnel number"),),
)
POSITION = Column("position", gettext_lazy("Position"), required=True)
HIRED_ON = Column("hired_on", gettext_lazy("Date hired"))
EXPERIENCE_SINCE = Column(
    "pedagogical_experience_since", gettext_lazy("Pedagogical experience since")
)
LEFT_ON = Column("left_on", gettext_lazy("Date left"))
# Exported on request to those who may see them; never imported (they need a consent).
DISABILITIES = Column("has_disabilities", gettext_lazy("Disabilities (ОВЗ)"))
RISK_GROUP = Column("in_risk_group", gettext_lazy("Risk group"))

COLUMNS: Final[dict[str, tuple[Column, ...]]] = {
    ImportKind.STUDENTS: (
        LAST_NAME,
        FIRST_NAME,
        PATRONYMIC,
        BIRTH_DATE,
        RECORD_BOOK,
        GROUP,
        COURSE,
        SPECIALTY,
        STATUS,
    ),
    ImportKind.TEACHERS: (
        LAST_NAME,
        FIRST_NAME,
        PATRONYMIC,
        BIRTH_DATE,
        PERSONNEL_NUMBER,
        POSITION,
        HIRED_ON,
        EXPERIENCE_SINCE,
        LEFT_ON,
    ),
}
KEYS: Final[dict[str, Column]] = {
    ImportKind.STUDENTS: RECORD_BOOK,
    ImportKind.TEACHERS: PERSONNEL_NUMBER,
}
MODELS: Final[dict[str, type[Student] | type[Teacher]]] = {
    ImportKind.STUDENTS: Student,
    ImportKind.TEACHERS: Teacher,
}
IGNORED_COLUMNS: Final[dict[str, tuple[Column, ...]]] = {
    ImportKind.STUDENTS: (DISABILITIES, RISK_GROUP),
    ImportKind.TEACHERS: (),
}
# The person's own fields that a file sets (the group is compared apart).
PERSON_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    ImportKind.STUDENTS: ("last_name", "first_name", "patronymic", "birth_date", "status"),
    ImportKind.TEACHERS: (
        "last_name",
        "first_name",
        "patronymic",
        "birth_date",
        "position",
        "pedagogical_experience_since",
        "left_on",
    ),
}
TEXT_LIMITS: Final = {
    "last_name": 100,
    "first_name": 100,
    "patronymic": 100,
    "record_book": 30,
    "personnel_number": 30,
    "group": 30,
    "specialty": 20,
}
# Spellings of positions seen in staff lists beside the labels.
POSITION_ALIASES: Final[dict[str, str]] = {"мастер п/о": TeacherPosition.MASTER}


def header_key(text: str) -> str:
    """A header as it is matched: trimmed, in any case, with ё as е, a trailing * dropped."""
    return search_key(text.replace("\ufeff", "")).rstrip("*").strip()


def columns_of(kind: str) -> tuple[Column, ...]:
    return COLUMNS[kind]


def headers_of(kind: str) -> list[str]:
    return [str(column.header) for column in COLUMNS[kind]]


@dataclass(frozen=True)
class RowError:
    """What is wrong: the row as a spreadsheet numbers it, the column's header, the value."""

    row: int
    column: str
    message: str
    value: str = ""


class _CellError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def map_header(kind: str, table: Table) -> tuple[dict[int, Column], list[str], list[RowError]]:
    """Which column of the file holds what; unknown, repeated and missing columns are errors
    of the header row."""
    known = {name: column for column in COLUMNS[kind] for name in column.names()}
    ignored_names = {name for column in IGNORED_COLUMNS[kind] for name in column.names()}
    expected = ", ".join(f"«{header}»" for header in headers_of(kind))
    mapping: dict[int, Column] = {}
    ignored: list[str] = []
    errors: list[RowError] = []
    width = max([len(table.header), *(len(cells) for _number, cells in table.rows)])
    for index in range(width):
        title = table.header[index] if index < len(table.header) else ""
        key = header_key(title)
        if not key:
            if any(index < len(cells) and cells[index] != "" for _number, cells in table.rows):
                errors.append(
                    RowError(
                        1,
                        _("column %(number)s") % {"number": index + 1},
                        _("The column has values but no header."),
                    )
                )
            continue
        if key in ignored_names:
            ignored.append(title)
            continue
        column = known.get(key)
        if column is None:
            errors.append(
                RowError(
                    1,
                    title,
                    _("Unknown column. The columns of this file are: %(columns)s.")
                    % {"columns": expected},
                )
            )
        elif column in mapping.values():
            errors.append(RowError(1, title, _("The column is repeated.")))
        else:
            mapping[index] = column
    if not mapping:
        raise ValidationError(
            _(
                "None of the column headers is known: the first row must hold the headers "
                "(%(columns)s). If they are there, the file may be in another encoding: save "
                "it as CSV in UTF-8 or Windows-1251, or as XLSX."
            )
            % {"columns": expected},
            code="headers",
        )
    for column in COLUMNS[kind]:
        if column.required and column not in mapping.values():
            errors.append(RowError(1, str(column.header), _("A required column is missing.")))
    return mapping, ignored, errors


# A cleaner turns one cell into its field's value or raises `_CellError`.
Cleaner = Callable[[Cell], Any]
# Fields whose empty cell is None (the model's default or the saved value is kept), not "".
NULL_WHEN_EMPTY: Final = frozenset((*DATE_FIELDS, "course", "status"))


class RowParser:
    """Parses the rows of one file. What is the same for every row — which cell holds which
    field and how it is cleaned, the headers, today's date, the spellings of the choices — is
    worked out once here, not again for each of thousands of rows."""

    def __init__(self, mapping: dict[int, Column], titles: list[str]) -> None:
        # One dict for every row: the header of each field as the file has it (read only).
        self.headers: dict[str, str] = {
            column.field: titles[index] for index, column in mapping.items()
        }
        today = timezone.localdate()
        self._cells: list[tuple[int, str, str, Cleaner]] = [
            (index, column.field, titles[index], _cleaner(column, today))
            for index, column in mapping.items()
        ]
        self._compares_dates = "hired_on" in self.headers

    def parse(
        self, number: int, cells: Sequence[Cell]
    ) -> tuple[dict[str, Any], dict[str, str], list[RowError]]:
        """The row's cleaned values by field (only of the file's columns), the header of each
        field as the file has it, and the errors of its cells."""
        values: dict[str, Any] = {}
        errors: list[RowError] = []
        width = len(cells)
        for index, field, title, clean in self._cells:
            cell: Cell = cells[index] if index < width else ""
            try:
                values[field] = clean(cell)
            except _CellError as error:
                errors.append(RowError(number, title, error.message, as_text(cell)))
        if self._compares_dates:
            errors += self._date_order_errors(number, values)
        return values, self.headers, errors

    def _date_order_errors(self, number: int, values: dict[str, Any]) -> list[RowError]:
        errors = []
        born, hired = values.get("birth_date"), values.get("hired_on")
        if born and hired and hired <= born:
            errors.append(
                RowError(
                    number,
                    self.headers["hired_on"],
                    _("The date hired is not after the date of birth."),
                    as_text(hired),
                )
            )
        left = values.get("left_on")
        if hired and left and left < hired:
            errors.append(
                RowError(
                    number,
                    self.headers["left_on"],
                    _("The date left is before the date hired."),
                    as_text(left),
                )
            )
        return errors


def parse_row(
    number: int, cells: Sequence[Cell], mapping: dict[int, Column], titles: list[str]
) -> tuple[dict[str, Any], dict[str, str], list[RowError]]:
    """One row parsed on its own (the rows of a file go through one `RowParser`)."""
    return RowParser(mapping, titles).parse(number, cells)


def _cleaner(column: Column, today: dt.date) -> Cleaner:
    """The cleaner of the column's cells: an empty cell is refused if the column is required,
    else None or ""; a value is parsed by the field's own parser."""
    required = column.required
    empty = None if column.field in NULL_WHEN_EMPTY else ""
    parse = _value_parser(column.field, today)

    def clean(cell: Cell) -> Any:
        text = cell.strip() if isinstance(cell, str) else as_text(cell)
        if not text:
            if required:
                raise _CellError(_("The value is required."))
            return empty
        return parse(cell, text)

    return clean


def _value_parser(field: str, today: dt.date) -> Callable[[Cell, str], Any]:
    """How a non-empty cell of the field is parsed: given the cell and its trimmed text."""
    if field in DATE_FIELDS:
        born = field == "birth_date"
        days: dict[str, dt.date] = {}  # the dates of the text already read: they repeat

        def parse_date(cell: Cell, text: str) -> dt.date:
            day = days.get(text) if isinstance(cell, str) else None
            if day is None:
                day = _date(cell)
                if born and day > today:
                    raise _CellError(_("The date of birth is in the future."))
                if isinstance(cell, str):
                    days[text] = day
            return day

        return parse_date
    if field == "course":
        return _course
    if field == "status":
        return _choice_parser(StudentStatus, {}, _("Unknown status. Possible: %(choices)s."))
    if field == "position":
        return _choice_parser(
            TeacherPosition, POSITION_ALIASES, _("Unknown position. Possible: %(choices)s.")
        )
    limit = TEXT_LIMITS[field]

    def parse_text(_cell: Cell, text: str) -> str:
        if len(text) > limit:
            raise _CellError(_("At most %(limit)s characters.") % {"limit": limit})
        return text

    return parse_text


def _course(_cell: Cell, text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 6:
        raise _CellError(_("The course is a number from 1 to 6."))
    return int(text)


def _date(cell: Cell) -> dt.date:
    if isinstance(cell, dt.date):
        day = cell
    else:
        text = cell.strip()
        if match := DAY_MONTH_YEAR.fullmatch(text):
            day_, month, year = map(int, match.groups())
        elif match := ISO_DATE.fullmatch(text):
            year, month, day_ = map(int, match.groups())
        else:
            raise _CellError(_("Not a date: write it as DD.MM.YYYY."))
        try:
            day = dt.date(year, month, day_)
        except ValueError:
            raise _CellError(_("There is no such date.")) from None
    if day < EARLIEST_DATE:
        raise _CellError(_("The date is before 1900."))
    return day


def _choice_parser(
    choices: type[models.TextChoices], aliases: dict[str, str], message: str
) -> Callable[[Cell, str], str]:
    """A choice by its value or its label, in any case and with ё as е, or by an alias; the
    first choice that matches wins, as the labels are listed."""
    by_key: dict[str, str] = {}
    for value, label in choices.choices:
        by_key.setdefault(search_key(str(label)), str(value))
        by_key.setdefault(value, str(value))
    for alias, value in aliases.items():
        by_key.setdefault(alias, value)

    def parse_choice(_cell: Cell, text: str) -> str:
        value = by_key.get(search_key(text))
        if value is None:
            labels = ", ".join(f"«{label}»" for label in choices.labels)
            raise _CellError(message % {"choices": labels})
        return value

    return parse_choice
