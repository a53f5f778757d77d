from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from pairs.models import PoolEntry, PoolStatus
from pairs.pools.forms import VariantChoiceField
from programs.models import FormatVariant, MentoringFormat
from registry.models import search_key


class VariantFilter(django_filters.ModelChoiceFilter):
    field_class = VariantChoiceField


class PoolEntryFilter(django_filters.FilterSet):
    """Filters of one pool; the formats are the user's, and the variants of the formats
    whose variants the user may not see are not offered."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"placeholder": _("Last name or first name")}),
    )
    format = django_filters.ModelChoiceFilter(
        label=_("Format"), queryset=MentoringFormat.objects.none(), empty_label=_("All formats")
    )
    variant = VariantFilter(
        label=_("Variant"), queryset=FormatVariant.objects.none(), empty_label=_("All variants")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=PoolStatus.choices, empty_label=_("Any status")
    )

    class Meta:
        model = PoolEntry
        fields = ["q", "format", "variant", "status"]

    def __init__(
        self,
        *args: Any,
        formats: QuerySet[MentoringFormat],
        hidden_variant_formats: set[int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.filters["format"].queryset = formats
        self.filters["variant"].queryset = (
            FormatVariant.objects.filter(format__in=formats)
            .exclude(format__in=hidden_variant_formats)
            .select_related("format")
            .order_by("format__position", "position")
        )

    def filter_search(self, queryset: QuerySet[PoolEntry], name: str, value: str) -> Any:
        condition = Q()
        for word in search_key(value).split():
            condition &= Q(person__search_name__contains=word)
        return queryset.filter(condition)
