"""Finding a person's name in free text, to replace it with the label of their destroyed
data («Субъект № 12»): the forms a text uses — the full name, with initials either side, the
last name alone — in any case, with ё and е alike."""

from __future__ import annotations

import re
from typing import Any

from registry.models import Person


def _letters(word: str) -> str:
    """The word as a pattern matching it with ё or е."""
    return "".join("[её]" if letter in "её" else re.escape(letter) for letter in word.lower())


def name_pattern(person: Person) -> re.Pattern[str] | None:
    """A pattern of the person's name in the forms texts use; None for a name too short
    to be told apart from other words."""
    last, first, middle = person.last_name, person.first_name, person.patronymic
    if len(last) < 2:
        return None
    initials = r"\s*".join(rf"{_letters(name[0])}\." for name in (first, middle) if name)
    names = r"\s+".join(_letters(name) for name in (first, middle) if name)
    forms = [
        rf"{_letters(last)}\s+{names}" if names else "",
        rf"{names}\s+{_letters(last)}" if names else "",
        rf"{_letters(last)}\s+{initials}" if initials else "",
        rf"{initials}\s*{_letters(last)}" if initials else "",
        rf"{_letters(last)}\s+{_letters(first)}" if first else "",
        _letters(last),
    ]
    alternatives = "|".join(form for form in forms if form)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def scrub(text: str, pattern: re.Pattern[str] | None, label: str) -> str:
    """The text with every form of the name replaced by `label`."""
    if pattern is None or not text:
        return text
    return pattern.sub(label, text)


def scrub_json(value: Any, pattern: re.Pattern[str] | None, label: str) -> Any:
    """`scrub` of every string in a JSON value (a history's old and new values)."""
    if isinstance(value, str):
        return scrub(value, pattern, label)
    if isinstance(value, list):
        return [scrub_json(item, pattern, label) for item in value]
    if isinstance(value, dict):
        return {key: scrub_json(item, pattern, label) for key, item in value.items()}
    return value
