from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from registry.models import PartnerKind, PartnerOrganization, search_key


def partners_matching(partners: QuerySet[PartnerOrganization], text: str) -> QuerySet[Any]:
    """The partners with every word of the text in the short or the full name, in any case
    and with ё or е alike.

    SQLite folds the case of Latin letters only, so the names are compared here, in
    Python: there are tens of partners, not thousands, and it is one query whatever the
    number. (A stored `search_name`, as people have, would let the database do it.)
    """
    words = search_key(text).split()
    # All names are read; the scope and the other filters stay on `partners`.
    names = PartnerOrganization.objects.values_list("pk", "short_name", "name")
    found = [
        pk
        for pk, short_name, name in names
        if all(word in search_key(f"{short_name} {name}") for word in words)
    ]
    return partners.filter(pk__in=found)


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"placeholder": _("Name of the school or enterprise")}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=PartnerKind.choices, empty_label=_("Schools and enterprises")
    )

    class Meta:
        model = PartnerOrganization
        fields = ["q", "kind"]

    def filter_search(self, queryset: QuerySet[PartnerOrganization], name: str, value: str) -> Any:
        return partners_matching(queryset, value)
