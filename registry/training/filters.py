from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.dates import AcademicYear
from programs.models import TrainingAudience, TrainingSession


def training_year_choices() -> list[tuple[str, str]]:
    """The current academic year and the six before it, newest first: a training is
    recorded once held, so no later year has any."""
    current = AcademicYear.current().start_year
    return [(str(year), AcademicYear(year).label) for year in range(current, current - 7, -1)]


class TrainingSessionFilter(django_filters.FilterSet):
    audience = django_filters.ChoiceFilter(
        label=_("For whom"), choices=TrainingAudience.choices, empty_label=_("Everyone")
    )
    year = django_filters.ChoiceFilter(
        label=_("Academic year"),
        choices=training_year_choices,
        method="filter_year",
        empty_label=_("All years"),
    )

    class Meta:
        model = TrainingSession
        fields = ["audience", "year"]

    def filter_year(self, queryset: QuerySet[TrainingSession], name: str, value: Any) -> Any:
        year = AcademicYear.parse(str(value))
        if year is None:
            return queryset
        return queryset.filter(held_on__range=(year.first_day, year.last_day))
