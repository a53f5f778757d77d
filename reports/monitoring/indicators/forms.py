"""The form of a plan's targets: an input per indicator and academic year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.dates import AcademicYear
from core.fields import SeenField, date_input
from programs.actionplan.services import plan_years
from programs.models import ActionPlan, Indicator, IndicatorUnit

# The largest target of each unit: a share is a percentage, a mean is of a 1–10 scale.
LARGEST = {IndicatorUnit.PERCENT: Decimal(100), IndicatorUnit.MEAN_OF_10: Decimal(10)}


def field_name(indicator: Indicator, year: AcademicYear) -> str:
    return f"target_{indicator.pk}_{year.start_year}"


class TargetsForm(forms.Form):
    seen = SeenField()

    def __init__(
        self,
        *args: Any,
        indicators: list[Indicator],
        years: list[AcademicYear],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicators, self.years = indicators, years
        for indicator in indicators:
            for year in years:
                self.fields[field_name(indicator, year)] = forms.DecimalField(
                    label=f"{indicator.title}, {year.label}",
                    required=False,
                    min_value=Decimal(0),
                    max_value=LARGEST.get(IndicatorUnit(indicator.unit)),
                    max_digits=7,
                    decimal_places=2,
                    widget=forms.NumberInput(attrs={"step": "0.1", "class": "form-control"}),
                    error_messages={"max_value": _("At most %(limit_value)s.")},
                )

    def rows(self) -> list[tuple[Indicator, list[forms.BoundField]]]:
        """The table: each indicator with its inputs by year."""
        return [
            (indicator, [self[field_name(indicator, year)] for year in self.years])
            for indicator in self.indicators
        ]

    def targets(self) -> dict[tuple[int, int], Decimal | None]:
        return {
            (indicator.pk, year.start_year): self.cleaned_data.get(field_name(indicator, year))
            for indicator in self.indicators
            for year in self.years
        }


class ReferenceForm(forms.Form):
    """The academic year and the reference date the indicators are computed for."""

    year = forms.TypedChoiceField(
        label=_("Academic year"), coerce=int, choices=[], required=False, empty_value=None
    )
    day = forms.DateField(label=_("Reference date"), widget=date_input(), required=False)

    def __init__(self, *args: Any, years: list[AcademicYear], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [  # type: ignore[attr-defined]
            (year.start_year, year.label) for year in years
        ]

    def reference(self, today: dt.date) -> tuple[AcademicYear, dt.date]:
        """The year and the date asked for: a date alone gives its year; a year alone, today
        or, outside that year, its nearest day; neither, today and its year."""
        data = self.cleaned_data if self.is_bound else {}
        start_year, day = data.get("year"), data.get("day")
        if start_year is None:
            return AcademicYear.of(day or today), day or today
        year = AcademicYear(start_year)
        if day is None:
            day = min(max(today, year.first_day), year.last_day)
        return year, day


def reference_years() -> list[AcademicYear]:
    """The years to choose from: those of every plan, and the current one; newest first."""
    years = {AcademicYear.current()}
    for plan in ActionPlan.objects.all():
        years.update(plan_years(plan))
    return sorted(years, key=lambda year: year.start_year, reverse=True)


def bound_reference(
    data: QueryDict, *, today: dt.date
) -> tuple[ReferenceForm, AcademicYear, dt.date] | None:
    """The reference form of a page's query (unbound: the current year and today, shown
    filled in) with the year and the day it names; None when the query is not valid."""
    years = reference_years()
    form = ReferenceForm(data or None, years=years)
    if form.is_bound and not form.is_valid():
        return None
    year, day = form.reference(today)
    if not form.is_bound:
        form = ReferenceForm(years=years, initial={"year": year.start_year, "day": day})
    return form, year, day
