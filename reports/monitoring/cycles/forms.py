"""Forms of the cycles' pages: they read the input; the rules are the services'."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import AcademicYear
from core.fields import SeenField, date_input
from core.versions import row_fingerprint
from programs.models import MentoringFormat
from reports.models import MonitoringCycle, Wave
from reports.monitoring.assignments import CURATOR_WAVES


class CycleForm(forms.Form):
    academic_year = forms.TypedChoiceField(label=_("Academic year"), coerce=int)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The current year and the next one, those that have no cycle yet.
        current = AcademicYear.current()
        taken = set(MonitoringCycle.objects.values_list("academic_year", flat=True))
        years = [year for year in (current, current.next) if year.start_year not in taken]
        field = self.fields["academic_year"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101 - declared above
        field.choices = [(year.start_year, year.label) for year in years]


class CloseCycleForm(forms.Form):
    seen = SeenField()

    def __init__(self, *args: Any, cycle: MonitoringCycle, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"seen": row_fingerprint(cycle)})
        super().__init__(*args, **kwargs)


class FormatsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)


class WaveForm(forms.Form):
    """The wave to issue; posted once for the preview and once more, confirmed, to issue."""

    wave = forms.ChoiceField(
        label=_("Wave"),
        choices=[(wave.value, wave.label) for wave in Wave if wave in CURATOR_WAVES],
        widget=forms.RadioSelect,
    )
    formats = FormatsField(
        label=_("Formats"),
        queryset=MentoringFormat.objects.order_by("position", "pk"),
        widget=forms.CheckboxSelectMultiple,
    )
    due_on = forms.DateField(label=_("Answer by"), widget=date_input())
    # Set by the preview: the number of assignments it showed, which the issue must match.
    expected = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    confirmed = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, cycle: MonitoringCycle, **kwargs: Any) -> None:
        today = timezone.localdate()
        # Before March, the mid-year wave is the likely one.
        midyear = today < dt.date(cycle.academic_year + 1, 3, 1)
        kwargs.setdefault(
            "initial",
            {
                "wave": Wave.MIDYEAR if midyear else Wave.FINAL,
                "formats": list(MentoringFormat.objects.values_list("pk", flat=True)),
                "due_on": min(today + dt.timedelta(days=21), cycle.closes_on),
            },
        )
        super().__init__(*args, **kwargs)
