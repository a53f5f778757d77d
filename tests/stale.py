"""Helpers of the stale-write tests (core.versions): they check the refusal by its code, so
that they hold whatever the catalogue's wording of the one shared message."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model
from django.test import Client

from core.versions import STALE, row_fingerprint


def seen_on(client: Client, url: str, field: str = "seen") -> Any:
    """The token the edit form at `url` carries, as the browser would post it back (the
    page has it as a hidden input)."""
    response = client.get(url)
    token = response.context["form"][field].value()
    shown = f'name="{field}" value="{token}"' if token else f'name="{field}"'
    assert shown in response.content.decode()
    return token


def refused_as_stale(response: Any) -> bool:
    """The page shows its form again with the stale-write refusal on it."""
    if response.status_code != 200:
        return False
    return bool(response.context["form"].has_error(NON_FIELD_ERRORS, STALE))


def is_stale(refusal: ValidationError) -> bool:
    return [error.code for error in refusal.error_list] == [STALE]


def token_of(row: Model) -> str:
    """The token of the row as stored now, as an edit form made now would carry it."""
    return row_fingerprint(type(row)._default_manager.get(pk=row.pk))
