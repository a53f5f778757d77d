"""Forms of the personal plan. They only read what the user typed; the rules (dates inside
the mentorship's period, progress 0–100, a closed mentorship's plan unchanged) are the
services' (pairs/personal_plans/services.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.text import capfirst

from core.fields import date_input
from pairs.models import PersonalPlan, PlanTask

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _label(model: type[PersonalPlan] | type[PlanTask], field: str) -> StrOrPromise:
    return capfirst(model._meta.get_field(field).verbose_name)  # type: ignore[union-attr]


def _seen() -> forms.CharField:
    # The fingerprint of what the form was made from (see core.versions.fingerprint).
    return forms.CharField(widget=forms.HiddenInput, required=False)


class PlanGoalForm(forms.Form):
    goal = forms.CharField(
        label=_label(PersonalPlan, "goal"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    seen = _seen()


class PlanTaskForm(forms.Form):
    title = forms.CharField(
        label=_label(PlanTask, "title"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    activities = forms.CharField(
        label=_label(PlanTask, "activities"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    starts_on = forms.DateField(
        label=_label(PlanTask, "starts_on"), widget=date_input(), required=False
    )
    due_on = forms.DateField(label=_label(PlanTask, "due_on"), widget=date_input())
    progress = forms.IntegerField(
        label=_label(PlanTask, "progress"), min_value=0, max_value=100, initial=0
    )
    note = forms.CharField(
        label=_label(PlanTask, "note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    seen = _seen()


class TaskProgressForm(forms.Form):
    progress = forms.IntegerField(
        label=_label(PlanTask, "progress"),
        min_value=0,
        max_value=100,
    )
    note = forms.CharField(
        label=_label(PlanTask, "note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    seen = _seen()
