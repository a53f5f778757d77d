from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import AcademicYearFilter
from programs.models import TrainingAudience, TrainingSession


class TrainingSessionFilter(django_filters.FilterSet):
    audience = django_filters.ChoiceFilter(
        label=_("For whom"), choices=TrainingAudience.choices, empty_label=_("Everyone")
    )
    year = AcademicYearFilter(field_name="held_on")

    class Meta:
        model = TrainingSession
        fields = ["audience", "year"]
