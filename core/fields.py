"""Form pieces shared by the apps' forms."""

from __future__ import annotations

from django import forms


def date_input() -> forms.DateInput:
    # ISO format, so that the browser's date picker shows the saved value when editing.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
