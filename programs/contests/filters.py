from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import AcademicYearFilter
from programs.models import ContestEntry, ContestResult, EventLevel


class ContestEntryFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=EventLevel.choices, empty_label=_("All levels")
    )
    result = django_filters.ChoiceFilter(
        label=_("Result"), choices=ContestResult.choices, empty_label=_("All results")
    )
    year = AcademicYearFilter(field_name="submitted_on")

    class Meta:
        model = ContestEntry
        fields = ["level", "result", "year"]
