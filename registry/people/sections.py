"""What the apps above registry add to a person's page, which registry does not import.

Each registers, from its `AppConfig.ready()`, a function giving the page's context for the
person as the user may see them: pairs adds the person's mentorships and pool entries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User

from registry.models import Person

SectionContext = Callable[[User, Person], dict[str, Any]]

_SECTIONS: dict[str, SectionContext] = {}


def register_person_section(name: str, context: SectionContext) -> None:
    """Adds a section's context to the person page; registering a name again replaces it."""
    _SECTIONS[name] = context


def person_sections_context(user: User, person: Person) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for section in _SECTIONS.values():
        context.update(section(user, person))
    return context
