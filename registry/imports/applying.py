"""Applying an import: the file read and planned again, and only when no row is wrong, the new
groups and the people created and updated in one transaction — all or nothing. A file that
cannot be read, or a base changed by someone else meanwhile, is refused with a
ValidationError; problems with rows come back in the plan's errors, and then nothing is saved.

The people are written in bulk (a file has thousands of rows), not two INSERTs a person: the
new ones as their `Person` rows in multi-row INSERTs that return the ids, then their kind's
rows in multi-row INSERTs (`bulk_create` refuses a multi-table model); the changed ones in one
executemany of UPDATEs a table. None of it calls `Person.save`, so what it sets — the kind and
the search key — is set here. The new people are not even model instances (building thousands
of them costs more than the rest of the import): their rows go from the plan's values to the
INSERTs' parameters, after the models' own check of every value that a row sets.

Nothing here logs: names and special-category data must not reach the logs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, connections, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import NOT_PROVIDED, CharField, Field
from django.utils.translation import gettext as _

from registry.imports.planning import Action, ImportPlan, RowPlan, plan_import
from registry.imports.reading import read_table
from registry.imports.specs import KEYS, MODELS, RowError
from registry.models import Person, Student, StudyGroup, Teacher, search_key


class _RowsRefused(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("rows refused")
        self.errors = errors


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


def _apply(plan: ImportPlan) -> None:
    groups = {group.name: group for group in StudyGroup.objects.all()}
    for new in plan.new_groups.values():
        group = StudyGroup(name=new.name, course=new.course, specialty=new.specialty)
        group.full_clean()
        group.save()
        groups[new.name] = group
    model = MODELS[plan.kind]
    key_field = KEYS[plan.kind].field
    rows = [row for row in plan.rows if row.action != Action.UNCHANGED]
    # What each row sets, by field name (the attname of these fields, none a relation): its
    # values and its key.
    assigned = [{**row.values, key_field: row.key} for row in rows]
    errors = _model_errors(model, rows, assigned)
    if errors:
        raise _RowsRefused(errors)
    new_people: list[dict[str, Any]] = []
    changed: list[Student | Teacher] = []
    fields = {key_field, "search_name"}
    for row, values in zip(rows, assigned, strict=True):
        if row.person is None:
            # The columns that the row does not set take their defaults.
            values["kind"] = model.KIND
            values["search_name"] = search_key(row.full_name)
            if row.group_name:
                values["group_id"] = groups[row.group_name].pk
            new_people.append(values)
            continue
        person = row.person
        fields.update(values)
        for name, value in values.items():
            setattr(person, name, value)
        if isinstance(person, Student):
            person.group = groups[row.group_name]
            fields.add("group")
        person.kind = model.KIND
        person.search_name = search_key(person.full_name)
        changed.append(person)
    _insert(model, new_people)
    _update(model, changed, fields)


# Fields a row does not set or that are checked apart (the group is a row of the base).
NOT_CLEANED: Final = frozenset(["person_ptr", "user", "group", "kind", "search_name"])


def _model_errors(
    model: type[Student] | type[Teacher], rows: list[RowPlan], assigned: list[dict[str, Any]]
) -> list[RowError]:
    """The models' own check of what the rows set (the specs validated the rows against the
    same rules; this catches a spec that has drifted from its model), with the errors that
    `clean_fields` would give, by row. Each distinct value of a field is checked once (the
    rows of a file repeat most of theirs: the first names, the dates, the statuses), and of
    thousands of distinct names only the longest, unless it is refused."""
    names: set[str] = set().union(*assigned)
    fields = [
        field
        for field in model._meta.fields
        if field.name in names and field.name not in NOT_CLEANED and not field.generated
    ]
    instance = model()
    refused: dict[tuple[str, Any], list[str]] = {}
    for field in fields:
        distinct = {row[field.name] for row in assigned if field.name in row}
        if field.blank:  # `clean_fields` skips an empty value of such a field
            distinct -= {value for value in distinct if value in field.empty_values}
        if distinct and _is_plain_text(field) and all(isinstance(v, str) and v for v in distinct):
            # A text's one rule is its length: when the longest passes, every one does.
            if not _refusals(field, [max(distinct, key=len)], instance):
                continue
        for value, messages in _refusals(field, distinct, instance).items():
            refused[field.name, value] = messages
    if not refused:
        return []
    errors = []
    for row, values in zip(rows, assigned, strict=True):
        for field in fields:
            if field.name in values and (field.name, values[field.name]) in refused:
                messages = refused[field.name, values[field.name]]
                errors.append(RowError(row.row, field.name, "; ".join(messages)))
    return errors


def _refusals(
    field: Field[Any, Any], values: Iterable[Any], instance: Student | Teacher
) -> dict[Any, list[str]]:
    """The field's messages for each of the values it refuses."""
    refused = {}
    for value in values:
        try:
            field.clean(value, instance)
        except ValidationError as refusal:
            refused[value] = refusal.messages
    return refused


def _is_plain_text(field: Field[Any, Any]) -> bool:
    """A model CharField whose only rule is its length (no choices, no other validator):
    `clean` of a text that is not empty checks nothing else."""
    return (
        type(field) is CharField
        and not field.choices
        and all(isinstance(validator, MaxLengthValidator) for validator in field.validators)
    )


BATCH: Final = 500


def _insert(model: type[Student] | type[Teacher], people: list[dict[str, Any]]) -> None:
    """Inserts new people of one kind, given by their values by attname (the rest take their
    fields' defaults): their `Person` rows in batches of multi-row INSERTs that return the new
    ids (in the rows' order, as `bulk_create` takes them on both databases), then the kind's
    own rows likewise."""
    if not people:
        return
    connection = connections[router.db_for_write(model)]
    if not connection.features.can_return_rows_from_bulk_insert:
        # SQLite before 3.35 returns no ids from an INSERT of several rows.
        for values in people:
            model(**values).save()
        return
    quote = connection.ops.quote_name
    assigned: set[str] = set().union(*people)
    parent_fields = [
        field
        for field in Person._meta.local_concrete_fields
        if not field.primary_key and not _left_null(field, assigned)
    ]
    # As many rows as the database takes parameters (999 on SQLite), at most BATCH.
    size = min(BATCH, connection.ops.bulk_batch_size(parent_fields, people))
    columns = ", ".join(quote(field.column) for field in parent_fields)
    # Compact: SQLite's backend rewrites every %s of the SQL, a regex over its whole length.
    row_marks = "(" + ",".join(["%s"] * len(parent_fields)) + ")"
    prepare = _Preparer(parent_fields, connection)
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(people), size):
            batch = people[start : start + size]
            cursor.execute(
                # Table and column names come from the model, the values are parameters.
                f"INSERT INTO {quote(Person._meta.db_table)} ({columns}) "  # noqa: S608
                f"VALUES {','.join([row_marks] * len(batch))} "
                f"RETURNING {quote(Person._meta.pk.column)}",
                prepare.parameters(batch),
            )
            ids += [row[0] for row in cursor.fetchall()]
    # The child's primary key is its link to the parent.
    link = model._meta.pk.attname
    for values, pk in zip(people, ids, strict=True):
        values[link] = pk
    # The kind's own rows in multi-row INSERTs too: psycopg2's executemany is a round trip
    # a row.
    own_fields = [
        field for field in model._meta.local_concrete_fields if not _left_null(field, assigned)
    ]
    columns = ", ".join(quote(field.column) for field in own_fields)
    row_marks = "(" + ",".join(["%s"] * len(own_fields)) + ")"
    size = min(BATCH, connection.ops.bulk_batch_size(own_fields, people))
    prepare = _Preparer(own_fields, connection)
    with connection.cursor() as cursor:
        for start in range(0, len(people), size):
            batch = people[start : start + size]
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608
                f"VALUES {','.join([row_marks] * len(batch))}",
                prepare.parameters(batch),
            )


def _left_null(field: Field[Any, Any], assigned: set[str]) -> bool:
    """Whether an INSERT may leave the field out, the database making it NULL as the field's
    default would: a nullable field without a default that no row sets (a person's user
    account, the date their data were destroyed). Fewer parameters, fewer to send and log."""
    return (
        field.null
        and field.attname not in assigned
        and not field.has_default()
        and field.db_default is NOT_PROVIDED
    )


def _update(
    model: type[Student] | type[Teacher], people: list[Student | Teacher], names: set[str]
) -> None:
    """Writes the fields `names` of changed people: one executemany of UPDATEs by id for each
    table (`bulk_update`'s CASE over hundreds of ids is slower than the rows' saves)."""
    if not people:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    for table_model in (Person, model):
        fields = [
            field
            for field in table_model._meta.local_concrete_fields
            if field.name in names and not field.primary_key
        ]
        if not fields:
            continue
        key = table_model._meta.pk
        assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
        prepare = _Preparer(fields, connection)
        values = [
            {field.attname: getattr(person, field.attname) for field in fields} for person in people
        ]
        rows = [(*row, person.pk) for row, person in zip(prepare.rows(values), people, strict=True)]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {quote(table_model._meta.db_table)} SET {assignments} "  # noqa: S608
                f"WHERE {quote(key.column)} = %s",
                rows,
            )


class _Preparer:
    """Rows of values as the database takes them, field by field: a text as it is (what
    `CharField.get_db_prep_save` returns for a str or None), any other value through its
    field's `get_db_prep_save`. A field that a row does not set takes its default."""

    def __init__(self, fields: Sequence[Field[Any, Any]], connection: BaseDatabaseWrapper) -> None:
        self._fields: list[tuple[str, Any, _Prepared | None]] = [
            (
                field.attname,
                field.get_default(),
                None if isinstance(field, CharField) else _Prepared(field, connection),
            )
            for field in fields
        ]

    def rows(self, people: Sequence[dict[str, Any]]) -> list[tuple[Any, ...]]:
        """The rows of the people's values, worked out a column at a time."""
        columns = []
        for attname, default, prepared in self._fields:
            column = [values.get(attname, default) for values in people]
            columns.append(column if prepared is None else [prepared[value] for value in column])
        return list(zip(*columns, strict=True))

    def parameters(self, people: Sequence[dict[str, Any]]) -> list[Any]:
        """The people's values row after row, as a multi-row INSERT takes them."""
        return [value for row in self.rows(people) for value in row]


class _Prepared(dict[Any, Any]):
    """A field's values as the database takes them, each distinct value prepared once (the
    rows of a file repeat their dates and groups)."""

    def __init__(self, field: Field[Any, Any], connection: BaseDatabaseWrapper) -> None:
        super().__init__()
        self._field = field
        self._connection = connection

    def __missing__(self, value: Any) -> Any:
        prepared = self[value] = self._field.get_db_prep_save(value, self._connection)
        return prepared
