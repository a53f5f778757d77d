from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.dates import AcademicYear
from registry.models import MATERIAL_INCENTIVES, Incentive, IncentiveKind, search_key


def academic_year_choices() -> list[tuple[str, str]]:
    """The next academic year and the six before the current one, newest first."""
    current = AcademicYear.current().start_year
    return [(str(year), AcademicYear(year).label) for year in range(current + 1, current - 7, -1)]


class IncentiveFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"placeholder": _("Name of the mentor")}),
    )
    year = django_filters.ChoiceFilter(
        label=_("Academic year"),
        choices=academic_year_choices,
        method="filter_year",
        empty_label=_("All years"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=IncentiveKind.choices, empty_label=_("All kinds")
    )
    material = django_filters.ChoiceFilter(
        label=_("Material or moral"),
        choices=[("yes", _("material")), ("no", _("non-material"))],
        method="filter_material",
        empty_label=_("Both"),
    )

    class Meta:
        model = Incentive
        fields = ["q", "year", "kind", "material"]

    def filter_year(self, queryset: QuerySet[Incentive], name: str, value: Any) -> Any:
        year = AcademicYear.parse(str(value))
        if year is None:
            return queryset
        return queryset.filter(awarded_on__range=(year.first_day, year.last_day))

    def filter_material(self, queryset: QuerySet[Incentive], name: str, value: str) -> Any:
        material = Q(kind__in=MATERIAL_INCENTIVES)
        return queryset.filter(material if value == "yes" else ~material)

    def filter_search(self, queryset: QuerySet[Incentive], name: str, value: str) -> Any:
        condition = Q()
        for word in value.split():
            condition &= Q(mentor__search_name__contains=search_key(word))
        return queryset.filter(condition)
