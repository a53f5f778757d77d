"""Applying an import: the file read and planned again, and only when no row is wrong, the new
groups and the people created and updated in one transaction — all or nothing. A file that
cannot be read, or a base changed by someone else meanwhile, is refused with a
ValidationError; problems with rows come back in the plan's errors, and then nothing is saved.

Nothing here logs: names and special-category data must not reach the logs.
"""

from __future__ import annotations

from typing import Final

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from registry.imports.planning import Action, ImportPlan, plan_import
from registry.imports.reading import read_table
from registry.imports.specs import KEYS, MODELS, RowError
from registry.models import Student, StudyGroup, search_key


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
