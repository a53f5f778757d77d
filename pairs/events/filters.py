from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.dates import AcademicYear
from programs.models import Event, EventKind
from registry.incentives.filters import academic_year_choices


class EventFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(
        label=_("Academic year"),
        choices=academic_year_choices,
        method="filter_year",
        empty_label=_("All years"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=EventKind.choices, empty_label=_("All kinds")
    )

    class Meta:
        model = Event
        fields = ["year", "kind"]

    def filter_year(self, queryset: QuerySet[Event], name: str, value: Any) -> Any:
        """Events that start within the academic year."""
        year = AcademicYear.parse(str(value))
        if year is None:
            return queryset
        return queryset.filter(starts_on__range=(year.first_day, year.last_day))
