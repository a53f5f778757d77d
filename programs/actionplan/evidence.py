"""The kinds of record a plan run's evidence can point to (a decision, an event, …).

Each app registers its own kinds from its `AppConfig.ready()`: programs its events, pairs its
decisions. The action plan so names no app above programs, and a new kind of record (a
training session, a publication) is one more registration.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Model

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


@dataclass(frozen=True)
class EvidenceKind:
    model: type[Model]
    label: StrPromise | str  # the group's title in the choice of records
    position: int  # the groups' order in that choice
    url: Callable[[Any], str] | None = None  # the record's page, where it has one
    on: Callable[[Any], dt.date] | None = None  # the day the record shows a run done


_KINDS: dict[type[Model], EvidenceKind] = {}


def register_evidence_kind(
    model: type[Model],
    label: StrPromise | str,
    *,
    position: int,
    url: Callable[[Any], str] | None = None,
    on: Callable[[Any], dt.date] | None = None,
) -> None:
    """Lets evidence point to records of `model` (and link to each record's page, where `url`
    gives it; a record's page may count it for a run of the plan, done on the day `on`
    gives); registering a model again replaces it."""
    _KINDS[model] = EvidenceKind(model, label, position, url, on)


def kind_of(model: type[Model]) -> EvidenceKind | None:
    return _KINDS.get(model)


def record_url(record: Model) -> str | None:
    """The page of a record evidence points to, if its kind has pages."""
    kind = _KINDS.get(type(record))
    return kind.url(record) if kind is not None and kind.url is not None else None


def evidence_kinds() -> list[EvidenceKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.position)
