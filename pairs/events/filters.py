from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import AcademicYearFilter
from programs.models import Event, EventKind


class EventFilter(django_filters.FilterSet):
    year = AcademicYearFilter(field_name="starts_on", ahead=1)
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=EventKind.choices, empty_label=_("All kinds")
    )

    class Meta:
        model = Event
        fields = ["year", "kind"]
