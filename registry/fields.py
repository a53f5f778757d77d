"""Choosing people in forms: each labelled with their group, position, class or employer."""

from __future__ import annotations

from typing import Any

from django import forms


def person_label(person: Any) -> str:
    affiliation = person.affiliation
    return f"{person.full_name} — {affiliation}" if affiliation else person.full_name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)
