"""Import of students and teachers from XLSX and CSV files, all or nothing, and the rows of
their export (the same columns, so that an export is imported back as it is).

Three steps: reading a file (its type by content and extension, its encoding and delimiter,
its header), planning (every row validated, people matched by their natural key — the
record book of a student, the personnel number of a teacher — and compared field by field)
and applying the plan in one transaction. A problem with the file as a whole is refused with
a ValidationError; problems with rows come back as a list of RowError, and then nothing is
saved.

Nothing here logs: names and special-category data must not reach the logs.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Final

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from core.dates import format_day
from core.spreadsheets import Value
from registry.models import (
    Specialty,
    Student,
    StudentStatus,
    StudyGroup,
    Teacher,
    TeacherPosition,
    search_key,
)

MAX_ROWS: Final = 10_000
# More columns than any file of ours has; the rest of a wide sheet is not read.
MAX_COLUMNS: Final = 50
# An XLSX is a zip: a small file may unpack into a huge one (a "zip bomb").
MAX_UNPACKED_BYTES: Final = 200 * 1024 * 1024
# Existing people are looked up by key in chunks, within every database's parameter limit.
LOOKUP_CHUNK: Final = 500

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
DAY_MONTH_YEAR: Final = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
ISO_DATE: Final = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
EARLIEST_DATE: Final = dt.date(1900, 1, 1)

Cell = str | dt.date


def max_bytes() -> int:
    """The largest file accepted (IMPORT_MAX_BYTES in the settings, 5 MB by default)."""
    return int(settings.IMPORT_MAX_BYTES)


class ImportKind(models.TextChoices):
    STUDENTS = "students", gettext_lazy("students")
    TEACHERS = "teachers", gettext_lazy("teachers and masters")


class Action(models.TextChoices):
    CREATE = "create", gettext_lazy("will be created")
    UPDATE = "update", gettext_lazy("will be updated")
    UNCHANGED = "unchanged", gettext_lazy("unchanged")


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
    ImportKind.TEACHERS: ("last_name", "first_name", "patronymic", "birth_date", "position"),
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


# --- Reading a file ------------------------------------------------------------------------


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
            header = [_as_text(cell) for cell in cells]
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


def _as_text(cell: Cell) -> str:
    if isinstance(cell, dt.date):
        return format_day(cell)
    return cell


# --- Planning: validating rows and matching people ------------------------------------------


@dataclass(frozen=True)
class RowError:
    """What is wrong: the row as a spreadsheet numbers it, the column's header, the value."""

    row: int
    column: str
    message: str
    value: str = ""


@dataclass
class RowPlan:
    row: int
    action: str
    key: str
    values: dict[str, Any]
    group_name: str = ""
    person: Student | Teacher | None = None
    changes: list[str] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        parts = (self.values.get(name, "") for name in ("last_name", "first_name", "patronymic"))
        return " ".join(part for part in parts if part)

    @property
    def detail(self) -> str:
        """The group of a student, the position of a teacher."""
        if self.group_name:
            return self.group_name
        position = self.values.get("position")
        return str(TeacherPosition(position).label) if position else ""

    @property
    def action_label(self) -> str:
        return str(Action(self.action).label)


@dataclass(frozen=True)
class NewGroup:
    name: str
    course: int
    specialty: Specialty

    def __str__(self) -> str:
        return self.name


@dataclass
class ImportPlan:
    kind: str
    rows: list[RowPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    new_groups: dict[str, NewGroup] = field(default_factory=dict)

    def _count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self._count(Action.CREATE)

    @property
    def updated(self) -> int:
        return self._count(Action.UPDATE)

    @property
    def unchanged(self) -> int:
        return self._count(Action.UNCHANGED)


class _CellError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def plan_import(*, kind: str, table: Table) -> ImportPlan:
    """Validates every row and says what would become of each; changes nothing."""
    plan = ImportPlan(kind=kind)
    mapping, plan.ignored_columns, plan.errors = _map_header(kind, table)
    if plan.errors:
        return plan
    key_column = KEYS[kind]
    first_row_of_key: dict[str, int] = {}
    parsed: list[tuple[int, dict[str, Any], dict[str, str]]] = []
    for number, cells in table.rows:
        values, headers, errors = _parse_row(number, cells, mapping, table.header)
        key = values.get(key_column.field, "")
        if key:
            if key in first_row_of_key:
                errors.append(
                    RowError(
                        number,
                        headers[key_column.field],
                        _("The same number is already in row %(row)s of the file.")
                        % {"row": first_row_of_key[key]},
                        key,
                    )
                )
            else:
                first_row_of_key[key] = number
        plan.errors.extend(errors)
        parsed.append((number, values, headers))
    groups = _resolve_groups(parsed, plan) if kind == ImportKind.STUDENTS else {}
    if plan.errors:
        plan.errors.sort(key=lambda error: error.row)
        return plan
    existing = _existing(kind, list(first_row_of_key))
    for number, values, headers in parsed:
        key = values.pop(key_column.field)
        if "status" in values and values["status"] is None:
            del values["status"]  # the default for a new student, the saved one otherwise
        row = RowPlan(row=number, action=Action.CREATE, key=key, values=values)
        if kind == ImportKind.STUDENTS:
            row.group_name = groups[search_key(values.pop("group"))]
            values.pop("course", None)
            values.pop("specialty", None)
        row.person = existing.get(key)
        if row.person is not None:
            row.changes = _changes(kind, row, headers)
            row.action = Action.UPDATE if row.changes else Action.UNCHANGED
        plan.rows.append(row)
    return plan


def _map_header(kind: str, table: Table) -> tuple[dict[int, Column], list[str], list[RowError]]:
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


def _parse_row(
    number: int, cells: Sequence[Cell], mapping: dict[int, Column], titles: list[str]
) -> tuple[dict[str, Any], dict[str, str], list[RowError]]:
    """The row's cleaned values by field (only of the file's columns), the header of each
    field as the file has it, and the errors of its cells."""
    values: dict[str, Any] = {}
    headers: dict[str, str] = {}
    errors: list[RowError] = []
    for index, column in mapping.items():
        cell: Cell = cells[index] if index < len(cells) else ""
        headers[column.field] = titles[index]
        try:
            values[column.field] = _clean(column, cell)
        except _CellError as error:
            errors.append(RowError(number, titles[index], error.message, _as_text(cell)))
    born, hired = values.get("birth_date"), values.get("hired_on")
    if born and hired and hired <= born:
        errors.append(
            RowError(
                number,
                headers["hired_on"],
                _("The date hired is not after the date of birth."),
                _as_text(hired),
            )
        )
    return values, headers, errors


def _clean(column: Column, cell: Cell) -> Any:
    text = _as_text(cell).strip()
    if not text:
        if column.required:
            raise _CellError(_("The value is required."))
        if column.field in ("birth_date", "hired_on", "course", "status"):
            return None
        return ""
    if column.field in ("birth_date", "hired_on"):
        day = _date(cell)
        if column.field == "birth_date" and day > timezone.localdate():
            raise _CellError(_("The date of birth is in the future."))
        return day
    if column.field == "course":
        if not text.isdigit() or not 1 <= int(text) <= 6:
            raise _CellError(_("The course is a number from 1 to 6."))
        return int(text)
    if column.field == "status":
        return _choice(text, StudentStatus, {}, _("Unknown status. Possible: %(choices)s."))
    if column.field == "position":
        return _choice(
            text, TeacherPosition, POSITION_ALIASES, _("Unknown position. Possible: %(choices)s.")
        )
    limit = TEXT_LIMITS[column.field]
    if len(text) > limit:
        raise _CellError(_("At most %(limit)s characters.") % {"limit": limit})
    return text


def _date(cell: Cell) -> dt.date:
    if isinstance(cell, dt.date):
        day = cell
    else:
        text = cell.strip()
        if match := DAY_MONTH_YEAR.fullmatch(text):
            day_, month, year = (int(part) for part in match.groups())
        elif match := ISO_DATE.fullmatch(text):
            year, month, day_ = (int(part) for part in match.groups())
        else:
            raise _CellError(_("Not a date: write it as DD.MM.YYYY."))
        try:
            day = dt.date(year, month, day_)
        except ValueError:
            raise _CellError(_("There is no such date.")) from None
    if day < EARLIEST_DATE:
        raise _CellError(_("The date is before 1900."))
    return day


def _choice(
    text: str, choices: type[models.TextChoices], aliases: dict[str, str], message: str
) -> str:
    key = search_key(text)
    for value, label in choices.choices:
        if key in (search_key(str(label)), value):
            return str(value)
    if key in aliases:
        return aliases[key]
    labels = ", ".join(f"«{label}»" for label in choices.labels)
    raise _CellError(message % {"choices": labels})


def _resolve_groups(
    parsed: list[tuple[int, dict[str, Any], dict[str, str]]], plan: ImportPlan
) -> dict[str, str]:
    """The name of each row's group by its key; new groups defined by a course and a
    specialty go to the plan; a group neither existing nor defined is an error."""
    existing = {search_key(group.name): group for group in StudyGroup.objects.all()}
    specialties = {specialty.code: specialty for specialty in Specialty.objects.all()}
    names: dict[str, str] = {key: group.name for key, group in existing.items()}
    defined_in: dict[str, int] = {}
    refused: set[int] = set()  # rows whose new group is already refused
    for number, values, headers in parsed:
        name = values.get("group", "")
        if not name:
            continue
        key = search_key(name)
        course, code = values.get("course"), values.get("specialty", "")
        group = existing.get(key)
        if group is not None:
            if course is not None and course != group.course:
                plan.errors.append(
                    RowError(
                        number,
                        headers["course"],
                        _("Group %(group)s is on course %(actual)s, not %(given)s.")
                        % {"group": group.name, "actual": group.course, "given": course},
                        str(course),
                    )
                )
            if code and code != group.specialty.code:
                plan.errors.append(
                    RowError(
                        number,
                        headers["specialty"],
                        _("Group %(group)s is of specialty %(actual)s.")
                        % {"group": group.name, "actual": group.specialty.code},
                        code,
                    )
                )
            continue
        if code and code not in specialties:
            plan.errors.append(
                RowError(number, headers["specialty"], _("There is no such specialty."), code)
            )
            refused.add(number)
            continue
        if course is None or not code:
            continue
        new = plan.new_groups.get(key)
        if new is None:
            plan.new_groups[key] = NewGroup(name=name, course=course, specialty=specialties[code])
            names[key] = name
            defined_in[key] = number
        elif (new.course, new.specialty.code) != (course, code):
            plan.errors.append(
                RowError(
                    number,
                    headers["group"],
                    _("Row %(row)s gives the new group another course or specialty.")
                    % {"row": defined_in[key]},
                    name,
                )
            )
    for number, values, headers in parsed:
        name = values.get("group", "")
        if name and search_key(name) not in names and number not in refused:
            plan.errors.append(
                RowError(
                    number,
                    headers["group"],
                    _(
                        "There is no such group. To create it, give its course (1 to 6) and "
                        "the code of an existing specialty."
                    ),
                    name,
                )
            )
    return names


def _existing(kind: str, keys: list[str]) -> dict[str, Any]:
    """The people already in the base with these keys, by key."""
    key_field = KEYS[kind].field
    people: QuerySet[Any] = (
        Student.objects.select_related("group")
        if kind == ImportKind.STUDENTS
        else Teacher.objects.all()
    )
    found: dict[str, Any] = {}
    for start in range(0, len(keys), LOOKUP_CHUNK):
        chunk = keys[start : start + LOOKUP_CHUNK]
        for person in people.filter(**{f"{key_field}__in": chunk}):
            found[getattr(person, key_field)] = person
    return found


def _changes(kind: str, row: RowPlan, headers: dict[str, str]) -> list[str]:
    """The headers of the columns whose value differs from the saved one, in their order."""
    person = row.person
    assert person is not None  # noqa: S101  # only rows of existing people are compared
    changes = []
    for column in COLUMNS[kind]:
        if column.field == "group":
            assert isinstance(person, Student)  # noqa: S101  # students are matched to students
            if person.group.name != row.group_name:
                changes.append(headers["group"])
        elif column.field in PERSON_FIELDS[kind] and column.field in row.values:
            # Left out: a column the file does not have, or an empty status.
            if getattr(person, column.field) != row.values[column.field]:
                changes.append(headers[column.field])
    return changes


# --- Applying -------------------------------------------------------------------------------


class _RowsRefused(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("rows refused")
        self.errors = errors


def read_and_plan(*, kind: str, data: bytes, filename: str) -> ImportPlan:
    """What importing the file would do; a file that cannot be read is refused."""
    return plan_import(kind=kind, table=read_table(data, filename))


def import_file(*, kind: str, data: bytes, filename: str) -> ImportPlan:
    """Reads the file, validates it and, only when no row is wrong, creates and updates the
    people in one transaction. The plan's errors say why nothing was saved."""
    table = read_table(data, filename)
    try:
        with transaction.atomic():
            plan = plan_import(kind=kind, table=table)
            if not plan.errors:
                _apply(plan)
    except _RowsRefused as refusal:
        plan.errors = refusal.errors
    except IntegrityError:
        raise ValidationError(
            _(
                "The base was changed by someone else while the file was imported; nothing "
                "is imported. Try again."
            ),
            code="conflict",
        ) from None
    return plan


# Fields a row does not set or that are checked apart (the group is a row of the base).
NOT_CLEANED: Final = ["person_ptr", "user", "group", "kind", "search_name"]


def _apply(plan: ImportPlan) -> None:
    groups = {search_key(group.name): group for group in StudyGroup.objects.all()}
    for key, new in plan.new_groups.items():
        group = StudyGroup(name=new.name, course=new.course, specialty=new.specialty)
        group.full_clean()
        group.save()
        groups[key] = group
    model = MODELS[plan.kind]
    errors: list[RowError] = []
    for row in plan.rows:
        if row.action == Action.UNCHANGED:
            continue
        person = row.person or model()
        for name, value in row.values.items():
            setattr(person, name, value)
        setattr(person, KEYS[plan.kind].field, row.key)
        if isinstance(person, Student):
            person.group = groups[search_key(row.group_name)]
        try:
            # The rows were validated; this is the models' own check of the same.
            person.clean_fields(exclude=NOT_CLEANED)
        except ValidationError as refusal:
            errors.extend(
                RowError(row.row, str(name), "; ".join(messages))
                for name, messages in refusal.message_dict.items()
            )
            continue
        person.save()
    if errors:
        raise _RowsRefused(errors)


# --- Export and the template ------------------------------------------------------------------


def _yes(flag: bool) -> str:
    return _("yes") if flag else ""


def export_headers(kind: str, *, special: bool = False) -> list[str]:
    headers = headers_of(kind)
    if special and kind == ImportKind.STUDENTS:
        headers += [str(DISABILITIES.header), str(RISK_GROUP.header)]
    return headers


def student_rows(students: Iterable[Student], *, special: bool = False) -> Iterator[list[Value]]:
    """The export rows of students (with select_related("group__specialty")); `special`
    adds the health and risk-group columns, from `PersonQuerySet.with_special_marks()`."""
    for student in students:
        row: list[Value] = [
            student.last_name,
            student.first_name,
            student.patronymic,
            student.birth_date,
            student.record_book or "",
            student.group.name,
            student.group.course,
            student.group.specialty.code,
            str(student.get_status_display()),
        ]
        if special:
            # Annotated by with_special_marks().
            marks = (student.shows_disabilities, student.shows_risk_group)  # type: ignore[attr-defined]
            row += [_yes(mark) for mark in marks]
        yield row


def teacher_rows(teachers: Iterable[Teacher]) -> Iterator[list[Value]]:
    for teacher in teachers:
        yield [
            teacher.last_name,
            teacher.first_name,
            teacher.patronymic,
            teacher.birth_date,
            teacher.personnel_number or "",
            str(teacher.get_position_display()),
            teacher.hired_on,
        ]


def template_rows(kind: str) -> list[list[Value]]:
    """One example row for the downloadable template."""
    if kind == ImportKind.STUDENTS:
        group = StudyGroup.objects.select_related("specialty").first()
        name, course, code = (
            (group.name, group.course, group.specialty.code) if group else ("ПР-25", 1, "")
        )
        return [
            [
                "Иванов",
                "Иван",
                "Иванович",
                dt.date(2009, 5, 14),
                "25-001",
                name,
                course,
                code,
                str(StudentStatus.STUDYING.label),
            ]
        ]
    return [
        [
            "Петрова",
            "Анна",
            "Сергеевна",
            dt.date(1985, 3, 12),
            "0042",
            str(TeacherPosition.TEACHER.label),
            dt.date(2010, 9, 1),
        ]
    ]
