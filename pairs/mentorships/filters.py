from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.dates import AcademicYear
from pairs.models import Mentorship, MentorshipStatus
from programs.models import MentoringFormat
from registry.models import search_key


def _year_choices() -> list[tuple[str, str]]:
    current = AcademicYear.current().start_year
    return [(str(year), AcademicYear(year).label) for year in range(current + 1, current - 7, -1)]


class MentorshipFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"placeholder": _("Name of a mentor or mentee")}),
    )
    format = django_filters.ModelChoiceFilter(
        label=_("Format"),
        queryset=MentoringFormat.objects.order_by("position"),
        empty_label=_("All formats"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[c for c in MentorshipStatus.choices if c[0] != MentorshipStatus.DRAFT],
        empty_label=_("Any status"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Academic year"),
        choices=_year_choices,
        method="filter_year",
        empty_label=_("All years"),
    )

    class Meta:
        model = Mentorship
        fields = ["q", "format", "status", "year"]

    @property
    def is_usable(self) -> bool:
        """No filters, or filters that all make sense (an unknown format or year does not)."""
        return not self.is_bound or self.is_valid()

    @property
    def chosen(self) -> dict[str, Any]:
        """The filters in force, by name: the cleaned values that narrow the registry."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value for name, value in self.form.cleaned_data.items() if value}

    @property
    def academic_year(self) -> AcademicYear | None:
        year = self.chosen.get("year")
        return AcademicYear.parse(str(year)) if year else None

    def filter_year(self, queryset: QuerySet[Mentorship], name: str, value: Any) -> Any:
        year = AcademicYear.parse(str(value))
        return queryset.in_academic_year(year) if year else queryset  # type: ignore[attr-defined]

    def filter_search(self, queryset: QuerySet[Mentorship], name: str, value: str) -> Any:
        words = value.split()
        if not words:
            return queryset
        condition = Q()
        for word in words:
            key = search_key(word)
            condition &= Q(mentors__search_name__contains=key) | Q(
                mentees__search_name__contains=key
            )
        matching = Mentorship.objects.filter(condition).values("id")
        return queryset.filter(id__in=matching)


def registry_filter(request: HttpRequest) -> MentorshipFilter:
    """The pair registry as the user may see it, filtered by the request's query string: the
    one selection behind the registry page, its XLSX and its PDF."""
    mentorships = Mentorship.objects.visible_to(request.user).in_registry().with_people()
    return MentorshipFilter(request.GET or None, queryset=mentorships)
