"""The kinds of record a plan run's evidence can point to (a decision, an event, …).

Each app registers its own kinds from its `AppConfig.ready()`: programs its events, pairs its
decisions. The action plan so names no app above programs, and a new kind of record (a
training session, a publication) is one more registration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Model

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


@dataclass(frozen=True)
class EvidenceKind:
    model: type[Model]
    label: StrPromise | str  # the group's title in the choice of records
    position: int  # the groups' order in that choice


_KINDS: dict[type[Model], EvidenceKind] = {}


def register_evidence_kind(model: type[Model], label: StrPromise | str, *, position: int) -> None:
    """Lets evidence point to records of `model`; registering a model again replaces it."""
    _KINDS[model] = EvidenceKind(model, label, position)


def evidence_kinds() -> list[EvidenceKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.position)
