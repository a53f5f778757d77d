"""What the apps above registry say about a person for retention, and how they destroy what
they hold on them; registry does not import them.

Each registers, from its `AppConfig.ready()`:
- `participation`: for every person the app has records of, whether something of theirs is
  still running (an open mentorship, a pool entry of this year) and when the last of it ended;
- `erase`: clears the free text of its records that names or describes one person whose data
  are being destroyed (the rows stay, so the counts stay right), deletes its files on them,
  and returns what categories of data it destroyed, for the act.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from registry.models import Person


@dataclass(frozen=True)
class Participation:
    running: bool
    last_ended_on: dt.date | None

    def merged(self, other: Participation) -> Participation:
        ends = [day for day in (self.last_ended_on, other.last_ended_on) if day is not None]
        return Participation(self.running or other.running, max(ends) if ends else None)


ParticipationOf = Callable[[dt.date], dict[int, Participation]]
Eraser = Callable[[Person, str], list[str]]

_PARTS: dict[str, tuple[ParticipationOf, Eraser]] = {}


def register_retention_part(name: str, *, participation: ParticipationOf, erase: Eraser) -> None:
    """`participation(today)` for every person with records; `erase(person, label)` replaces
    the person's name with `label` where the app's text has it and clears the rest."""
    _PARTS[name] = (participation, erase)


def participation_on(today: dt.date) -> dict[int, Participation]:
    """Every app's participation of each person, merged."""
    merged: dict[int, Participation] = {}
    for participation, _erase in _PARTS.values():
        for pk, part in participation(today).items():
            merged[pk] = merged[pk].merged(part) if pk in merged else part
    return merged


def erase_registered(person: Person, label: str) -> list[str]:
    categories: list[str] = []
    for _participation, erase in _PARTS.values():
        categories.extend(
            category for category in erase(person, label) if category not in categories
        )
    return categories
