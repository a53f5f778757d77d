from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.filters import AcademicYearFilter
from registry.models import MATERIAL_INCENTIVES, Incentive, IncentiveKind, search_key


class IncentiveFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"placeholder": _("Name of the mentor")}),
    )
    year = AcademicYearFilter(field_name="awarded_on", ahead=1)
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

    def filter_material(self, queryset: QuerySet[Incentive], name: str, value: str) -> Any:
        material = Q(kind__in=MATERIAL_INCENTIVES)
        return queryset.filter(material if value == "yes" else ~material)

    def filter_search(self, queryset: QuerySet[Incentive], name: str, value: str) -> Any:
        condition = Q()
        for word in value.split():
            condition &= Q(mentor__search_name__contains=search_key(word))
        return queryset.filter(condition)
