from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.filters import AcademicYearFilter
from programs.models import Publication, PublicationKind
from registry.models import search_key


def publications_matching(publications: QuerySet[Publication], text: str) -> QuerySet[Any]:
    """The publications with every word of the text in the title, in any case and with ё or е
    alike.

    SQLite folds the case of Latin letters only, so the titles are compared here, in Python:
    the college publishes tens of items a year, and it is one query whatever the number.
    """
    words = search_key(text).split()
    titles = Publication.objects.values_list("pk", "title")
    found = [pk for pk, title in titles if all(word in search_key(title) for word in words)]
    return publications.filter(pk__in=found)


class PublicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"placeholder": _("Words of the title")}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=PublicationKind.choices, empty_label=_("All kinds")
    )
    year = AcademicYearFilter(field_name="published_on")

    class Meta:
        model = Publication
        fields = ["q", "kind", "year"]

    def filter_search(self, queryset: QuerySet[Publication], name: str, value: str) -> Any:
        return publications_matching(queryset, value)
