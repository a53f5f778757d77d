"""What the apps above registry hold on a person, for the subject's document; registry does
not import them.

Each registers, from its `AppConfig.ready()`, a function giving its sections for the person
(pairs: proposals, pools, mentorships, meetings, plans, results, events; reports: monitoring),
as `registry.people.sections` does for the person's page. A section is a titled table: the
PDF prints it, the XLSX makes it a sheet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from core.spreadsheets import Value
from registry.models import Person


@dataclass(frozen=True)
class Section:
    """One kind of record on the person: its title, its columns and a row per record (no
    rows: the document says there are none)."""

    title: str
    headers: Sequence[str]
    rows: list[Sequence[Value]] = field(default_factory=list)


SubjectPart = Callable[[Person], list[Section]]

_PARTS: dict[str, tuple[int, SubjectPart]] = {}


def register_subject_part(name: str, part: SubjectPart, *, position: int) -> None:
    """Adds an app's sections to the subject's document, in `position` order after
    registry's own; registering a name again replaces it."""
    _PARTS[name] = (position, part)


def registered_sections(person: Person) -> list[Section]:
    sections: list[Section] = []
    for _position, part in sorted(_PARTS.values(), key=lambda item: item[0]):
        sections.extend(part(person))
    return sections
