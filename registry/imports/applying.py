"""Applying an import: the file read and planned again, and only when no row is wrong, the new
groups and the people created and updated in one transaction — all or nothing. A file that
cannot be read, or a base changed by someone else meanwhile, is refused with a
ValidationError; problems with rows come back in the plan's errors, and then nothing is saved.

The people are written in bulk (a file has thousands of rows), not two INSERTs a person: the
new ones as their `Person` rows in multi-row INSERTs that return the ids, then their kind's
rows in multi-row INSERTs (`bulk_create` refuses a multi-table model); the changed ones in one
executemany of UPDATEs a table. None of it calls `Person.save`, so what it sets — the kind and
the search key — is set here.

Nothing here logs: names and special-category data must not reach the logs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Field
from django.utils.translation import gettext as _

from registry.imports.planning import Action, ImportPlan, plan_import
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
    to_create: list[Student | Teacher] = []
    to_change: list[Student | Teacher] = []
    fields = {KEYS[plan.kind].field, "search_name"}
    for row in plan.rows:
        if row.action == Action.UNCHANGED:
            continue
        person = row.person or model()
        fields.update(row.values)
        for name, value in row.values.items():
            setattr(person, name, value)
        setattr(person, KEYS[plan.kind].field, row.key)
        if isinstance(person, Student):
            person.group = groups[search_key(row.group_name)]
            fields.add("group")
        try:
            # The rows were validated; this is the models' own check of the same.
            person.clean_fields(exclude=NOT_CLEANED)
        except ValidationError as refusal:
            errors.extend(
                RowError(row.row, str(name), "; ".join(messages))
                for name, messages in refusal.message_dict.items()
            )
            continue
        person.kind = model.KIND
        person.search_name = search_key(person.full_name)
        (to_create if row.person is None else to_change).append(person)
    if errors:
        raise _RowsRefused(errors)
    _insert(model, to_create)
    _update(model, to_change, fields)


BATCH: Final = 500


def _insert(model: type[Student] | type[Teacher], people: list[Student | Teacher]) -> None:
    """Inserts new people of one kind: their `Person` rows in batches of multi-row INSERTs
    that return the new ids (in the rows' order, as `bulk_create` takes them on both
    databases), then the kind's own rows likewise."""
    if not people:
        return
    connection = connections[router.db_for_write(model)]
    if not connection.features.can_return_rows_from_bulk_insert:
        # SQLite before 3.35 returns no ids from an INSERT of several rows.
        for person in people:
            person.save()
        return
    quote = connection.ops.quote_name
    parent_fields = [field for field in Person._meta.local_concrete_fields if not field.primary_key]
    # As many rows as the database takes parameters (999 on SQLite), at most BATCH.
    size = min(BATCH, connection.ops.bulk_batch_size(parent_fields, people))
    columns = ", ".join(quote(field.column) for field in parent_fields)
    row_marks = "(" + ", ".join(["%s"] * len(parent_fields)) + ")"
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(people), size):
            batch = people[start : start + size]
            cursor.execute(
                # Table and column names come from the model, the values are parameters.
                f"INSERT INTO {quote(Person._meta.db_table)} ({columns}) "  # noqa: S608
                f"VALUES {', '.join([row_marks] * len(batch))} "
                f"RETURNING {quote(Person._meta.pk.column)}",
                [value for person in batch for value in _values(person, parent_fields, connection)],
            )
            ids += [row[0] for row in cursor.fetchall()]
    for person, pk in zip(people, ids, strict=True):
        # The child's primary key is its link to the parent, and it has the parent's id too.
        person.id = person.pk = pk
        person._state.adding = False
    # The kind's own rows in multi-row INSERTs too: psycopg2's executemany is a round trip
    # a row.
    own_fields = model._meta.local_concrete_fields
    columns = ", ".join(quote(field.column) for field in own_fields)
    row_marks = "(" + ", ".join(["%s"] * len(own_fields)) + ")"
    size = min(BATCH, connection.ops.bulk_batch_size(own_fields, people))
    with connection.cursor() as cursor:
        for start in range(0, len(people), size):
            batch = people[start : start + size]
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608
                f"VALUES {', '.join([row_marks] * len(batch))}",
                [value for person in batch for value in _values(person, own_fields, connection)],
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
        rows = [[*_values(person, fields, connection), person.pk] for person in people]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {quote(table_model._meta.db_table)} SET {assignments} "  # noqa: S608
                f"WHERE {quote(key.column)} = %s",
                rows,
            )


def _values(person: Person, fields: Sequence[Field[Any, Any]], connection: Any) -> list[Any]:
    """The person's values of the fields as the database takes them."""
    return [field.get_db_prep_save(getattr(person, field.attname), connection) for field in fields]
