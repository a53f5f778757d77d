"""Refusing a stale write: an edit form carries a token of the row it was made from (the
row's `version`, or a digest of its stored values); the write locks the row and refuses if
the token changed meanwhile, so that nobody's change is silently overwritten."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.forms import ModelForm

M = TypeVar("M", bound=Model)

STALE = "stale"


def stale_write(what: str) -> ValidationError:
    """The one refusal of a stale write; `what` names the record as the object of «changed»
    (in Russian, in the accusative: «встречу 12.03.2025»)."""
    return ValidationError(
        _(
            "Someone else changed %(what)s while you were editing it. Your change is not "
            "saved: open it again and make it anew."
        )
        % {"what": what},
        code=STALE,
    )


def fingerprint(*values: object) -> str:
    """A short digest of values as a form saw them: an edit made from an older digest than
    the saved one would overwrite someone else's change, and is refused."""
    text = json.dumps([str(value) if value is not None else None for value in values])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def row_fingerprint(row: Model, fields: Iterable[str] | None = None) -> str:
    """The digest of a row's stored values: the named fields, or every concrete field but the
    primary key. Taken of every field, a row equal to its digest can be saved whole again
    without undoing anything (many-to-many relations are not in it)."""
    if fields is None:
        fields = [f.attname for f in row._meta.concrete_fields if not f.primary_key]
    return fingerprint(*(getattr(row, name) for name in fields))


def lock_at_version(
    queryset: QuerySet[M],
    pk: object,
    *,
    seen: object,
    what: str,
    token: Callable[[M], object] = row_fingerprint,
) -> M:
    """The row `pk`, locked until the transaction ends, if its token is still `seen`, the one
    the user's form was made from; otherwise (a row deleted meanwhile too) `stale_write`.

    Every table the queryset reads is locked: a child model's row with its parent's (a
    `Student` with its `Person`), and the rows of any `select_related`, so pass none."""
    locked = queryset.select_for_update().filter(pk=pk).first()
    if locked is None or token(locked) != seen:
        raise stale_write(what)
    return locked


@transaction.atomic
def save_unless_stale(form: ModelForm[M], *, seen: str, what: str) -> M:
    """Saves an edit made with a model form (the simple edits that need no service), unless
    its row changed since the form was made (`seen`, its `row_fingerprint`)."""
    instance = form.instance
    lock_at_version(type(instance)._default_manager.all(), instance.pk, seen=seen, what=what)
    return form.save()
