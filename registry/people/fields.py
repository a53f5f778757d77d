"""Choosing people in forms: each labelled with their group, position, class or employer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from registry.models import PERSON_DETAILS, Person

# How many people a name search offers at most; more means «type more of the name».
CANDIDATE_LIMIT = 20


def person_label(person: Any) -> str:
    affiliation = person.affiliation
    return f"{person.full_name} — {affiliation}" if affiliation else person.full_name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


def person_candidates(
    people: QuerySet[Person], query: str, chosen: Person | None
) -> dict[str, Any]:
    """The context of `registry/people/_candidates.html`: the people among `people` whose name
    matches the search, in Russian order, at most CANDIDATE_LIMIT of them, the chosen one apart."""
    found: list[Person] = []
    if query.strip():
        matching = people.search(query)  # type: ignore[attr-defined]
        if chosen is not None:
            matching = matching.exclude(pk=chosen.pk)
        found = list(
            matching.select_related(*PERSON_DETAILS).in_russian_order()[: CANDIDATE_LIMIT + 1]
        )
    return {
        "query": query,
        "chosen": chosen,
        "candidates": found[:CANDIDATE_LIMIT],
        "more": len(found) > CANDIDATE_LIMIT,
        "limit": CANDIDATE_LIMIT,
    }
