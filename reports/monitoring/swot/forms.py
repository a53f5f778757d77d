"""The form of a format's SWOT: four lists, one item a line."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


def _list_field(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        strip=True,
        max_length=20000,
        help_text=_("One item a line: keep, edit or delete each line."),
        widget=forms.Textarea(attrs={"rows": 8, "class": "mon-swot-list"}),
    )


class SwotForm(forms.Form):
    strengths = _list_field(_("Strengths"))
    weaknesses = _list_field(_("Weaknesses"))
    opportunities = _list_field(_("Opportunities"))
    threats = _list_field(_("Threats"))
    # The version of the saved SWOT the form was made from (0: none yet), for core.versions'
    # refusal of a stale write.
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def lists(self) -> dict[str, str]:
        return {
            key: self.cleaned_data[key]
            for key in ("strengths", "weaknesses", "opportunities", "threats")
        }
