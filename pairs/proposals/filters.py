from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.dates import AcademicYear
from pairs.models import Proposal, ProposalStatus
from programs.models import MentoringFormat
from registry.models import Person


def _year_choices() -> list[tuple[str, str]]:
    current = AcademicYear.current().start_year
    return [(str(year), AcademicYear(year).label) for year in range(current + 1, current - 7, -1)]


class ProposalFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"placeholder": _("Name of the mentee")}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ProposalStatus.choices, empty_label=_("Any status")
    )
    format = django_filters.ModelChoiceFilter(
        label=_("Format"),
        queryset=MentoringFormat.objects.order_by("position"),
        empty_label=_("All formats"),
    )
    academic_year = django_filters.ChoiceFilter(
        label=_("Academic year"), choices=_year_choices, empty_label=_("All years")
    )

    class Meta:
        model = Proposal
        fields = ["q", "status", "format", "academic_year"]

    def __init__(
        self,
        *args: Any,
        with_status: bool = True,
        formats: QuerySet[MentoringFormat] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Only the formats that concern the user are offered.
        if formats is not None:
            self.filters["format"].queryset = formats  # type: ignore[attr-defined]
        # The inbox holds pending proposals only: a status to choose would mean nothing there.
        if not with_status:
            del self.filters["status"]

    def filter_search(self, queryset: QuerySet[Proposal], name: str, value: str) -> Any:
        matching = Person.objects.search(value).values("id")
        return queryset.filter(person__in=matching)
