"""Filters the list pages share (django-filter)."""

from __future__ import annotations

from functools import partial
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.dates import AcademicYear


def academic_year_choices(*, ahead: int = 0) -> list[tuple[str, str]]:
    """From `ahead` academic years after the current one back to six before it, newest first."""
    current = AcademicYear.current().start_year
    return [
        (str(year), AcademicYear(year).label) for year in range(current + ahead, current - 7, -1)
    ]


class AcademicYearFilter(django_filters.ChoiceFilter):
    """The rows whose date (`field_name`) falls within the chosen academic year, 1 September
    to 31 August."""

    def __init__(self, *, ahead: int = 0, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Academic year"))
        kwargs.setdefault("empty_label", _("All years"))
        super().__init__(choices=partial(academic_year_choices, ahead=ahead), **kwargs)

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        year = AcademicYear.parse(str(value)) if value else None
        if year is None:
            return qs
        return qs.filter(**{f"{self.field_name}__range": (year.first_day, year.last_day)})
