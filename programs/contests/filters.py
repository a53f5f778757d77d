from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.dates import AcademicYear
from programs.models import ContestEntry, ContestResult, EventLevel


def academic_year_choices() -> list[tuple[str, str]]:
    """The current academic year and the six before it, newest first."""
    current = AcademicYear.current().start_year
    return [(str(year), AcademicYear(year).label) for year in range(current, current - 7, -1)]


class ContestEntryFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=EventLevel.choices, empty_label=_("All levels")
    )
    result = django_filters.ChoiceFilter(
        label=_("Result"), choices=ContestResult.choices, empty_label=_("All results")
    )
    year = django_filters.ChoiceFilter(
        label=_("Academic year"),
        choices=academic_year_choices,
        method="filter_year",
        empty_label=_("All years"),
    )

    class Meta:
        model = ContestEntry
        fields = ["level", "result", "year"]

    def filter_year(self, queryset: QuerySet[ContestEntry], name: str, value: Any) -> Any:
        year = AcademicYear.parse(str(value))
        if year is None:
            return queryset
        return queryset.filter(submitted_on__range=(year.first_day, year.last_day))
