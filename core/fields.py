"""Form pieces shared by the apps' forms."""

from __future__ import annotations

from typing import Any

from django import forms

from core.versions import row_fingerprint


def date_input() -> forms.DateInput:
    # ISO format, so that the browser's date picker shows the saved value when editing.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SeenField(forms.CharField):
    """The token of the row an edit form was made from (`core.versions`), carried back hidden.
    A form posted without it is refused as stale."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)


def carry_seen(form: forms.ModelForm[Any]) -> None:
    """Gives an edit model form the hidden token of its row as read now (a new row has none),
    for the write to refuse the form if the row changes meanwhile (`core.versions`). Called
    in the form's `__init__`, before validation fills the instance in with the input."""
    if form.instance.pk is not None:
        form.fields["seen"] = SeenField(initial=row_fingerprint(form.instance))


def seen_of(form: forms.BaseForm) -> str:
    """The token an edit form was posted with ("" when missing, which no row has)."""
    return str(form.cleaned_data.get("seen") or "")
