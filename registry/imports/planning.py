"""Planning an import (what the preview shows): every row of a table validated, the groups
of students resolved (new ones defined by a course and a specialty), people matched by their
natural key — the record book of a student, the personnel number of a teacher — and compared
field by field. Nothing is saved here; the problems of rows come back in the plan's errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.imports.reading import Table, read_table
from registry.imports.specs import (
    COLUMNS,
    KEYS,
    PERSON_FIELDS,
    ImportKind,
    RowError,
    RowParser,
    map_header,
)
from registry.models import Specialty, Student, StudyGroup, Teacher, TeacherPosition, search_key

# Existing people are looked up by key in chunks, within every database's parameter limit.
LOOKUP_CHUNK: Final = 500


class Action(models.TextChoices):
    CREATE = "create", gettext_lazy("will be created")
    UPDATE = "update", gettext_lazy("will be updated")
    UNCHANGED = "unchanged", gettext_lazy("unchanged")


@dataclass(slots=True)
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


def plan_import(*, kind: str, table: Table) -> ImportPlan:
    """Validates every row and says what would become of each; changes nothing."""
    plan = ImportPlan(kind=kind)
    mapping, plan.ignored_columns, plan.errors = map_header(kind, table)
    if plan.errors:
        return plan
    key_column = KEYS[kind]
    first_row_of_key: dict[str, int] = {}
    parsed: list[tuple[int, dict[str, Any], dict[str, str]]] = []
    parser = RowParser(mapping, table.header)
    for number, cells in table.rows:
        values, headers, errors = parser.parse(number, cells)
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
    group_keys = _SearchKeys()
    groups = _resolve_groups(parsed, plan, group_keys) if kind == ImportKind.STUDENTS else {}
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
            row.group_name = groups[group_keys[values.pop("group")]]
            values.pop("course", None)
            values.pop("specialty", None)
        row.person = existing.get(key)
        if row.person is not None:
            row.changes = _changes(kind, row, headers)
            row.action = Action.UPDATE if row.changes else Action.UNCHANGED
        plan.rows.append(row)
    return plan


def read_and_plan(*, kind: str, data: bytes, filename: str) -> ImportPlan:
    """What importing the file would do; a file that cannot be read is refused."""
    return plan_import(kind=kind, table=read_table(data, filename))


class _SearchKeys(dict[str, str]):
    """The search key of each text, worked out once: thousands of rows name a few groups."""

    def __missing__(self, text: str) -> str:
        key = self[text] = search_key(text)
        return key


def _resolve_groups(
    parsed: list[tuple[int, dict[str, Any], dict[str, str]]],
    plan: ImportPlan,
    keys: _SearchKeys,
) -> dict[str, str]:
    """The name of each row's group by its key; new groups defined by a course and a
    specialty go to the plan; a group neither existing nor defined is an error."""
    existing = {
        search_key(group.name): group for group in StudyGroup.objects.select_related("specialty")
    }
    specialties = {specialty.code: specialty for specialty in Specialty.objects.all()}
    names: dict[str, str] = {key: group.name for key, group in existing.items()}
    defined_in: dict[str, int] = {}
    refused: set[int] = set()  # rows whose new group is already refused
    for number, values, headers in parsed:
        name = values.get("group", "")
        if not name:
            continue
        key = keys[name]
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
        if name and keys[name] not in names and number not in refused:
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
    # A base no larger than twice the file is read whole, in one query: cheaper than sending
    # its keys in chunks, each of which Django prepares value by value (an empty base, the
    # first import, costs one count).
    in_base = people.count()
    if in_base <= 2 * len(keys):
        wanted = set(keys)
        for person in people.iterator(chunk_size=2000) if in_base else ():
            key = getattr(person, key_field)
            if key in wanted:
                found[key] = person
        return found
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
