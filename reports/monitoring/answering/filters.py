"""The filters of the answering lists: the cycle, the wave, the format (of the user's own),
the study group or partner organization, only the overdue."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.models import MentoringFormat
from registry.models import PartnerOrganization, StudyGroup, search_key
from reports.models import AnswerChannel, Assignment, MonitoringCycle, Response, Wave
from reports.monitoring.answering.access import handles_every_format


def _formats_of(user: User) -> QuerySet[MentoringFormat]:
    formats = MentoringFormat.objects.order_by("position", "id")
    return formats if handles_every_format(user) else formats.led_by(user)


def _in_format(queryset: QuerySet[Any], prefix: str, value: MentoringFormat) -> QuerySet[Any]:
    return queryset.filter(
        Q(**{f"{prefix}format": value})
        | Q(**{f"{prefix}format__isnull": True, f"{prefix}mentorship__format": value})
    )


class AssignmentFilter(django_filters.FilterSet):
    """Who has not answered: the view opens it on the latest open cycle."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_name")
    cycle = django_filters.ModelChoiceFilter(
        label=_("Monitoring cycle"),
        queryset=MonitoringCycle.objects.order_by("-academic_year"),
        empty_label=_("All cycles"),
    )
    wave = django_filters.ChoiceFilter(
        label=_("Wave"), choices=Wave.choices, empty_label=_("All waves")
    )
    format = django_filters.ModelChoiceFilter(
        label=_("Format"),
        queryset=MentoringFormat.objects.none(),
        empty_label=_("All formats"),
        method="filter_format",
    )
    group = django_filters.ModelChoiceFilter(
        label=_("Study group"),
        queryset=StudyGroup.objects.order_by("name"),
        empty_label=_("All groups"),
        field_name="person__student__group",
    )
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner organization"),
        queryset=PartnerOrganization.objects.none(),
        empty_label=_("All partners"),
        method="filter_partner",
    )
    overdue = django_filters.BooleanFilter(
        label=_("Only overdue"),
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Assignment
        fields = ["q", "cycle", "wave", "format", "group", "partner", "overdue"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["format"].queryset = _formats_of(user)
        self.filters["partner"].queryset = PartnerOrganization.objects.visible_to(user).order_by(
            "short_name"
        )

    def filter_name(
        self, queryset: QuerySet[Assignment], name: str, value: str
    ) -> QuerySet[Assignment]:
        """Every word of the search in the respondent's name, «ё» and case aside."""
        condition = Q()
        for word in search_key(value).split():
            condition &= Q(person__search_name__contains=word)
        return queryset.filter(condition)

    def filter_format(
        self, queryset: QuerySet[Assignment], name: str, value: MentoringFormat
    ) -> QuerySet[Assignment]:
        return _in_format(queryset, "", value)

    def filter_partner(
        self, queryset: QuerySet[Assignment], name: str, value: PartnerOrganization
    ) -> QuerySet[Assignment]:
        return queryset.filter(
            Q(person__pupil__school=value) | Q(person__partneremployee__organization=value)
        )

    def filter_overdue(
        self, queryset: QuerySet[Assignment], name: str, value: bool
    ) -> QuerySet[Assignment]:
        return queryset.filter(due_on__lt=timezone.localdate()) if value else queryset


class ResponseFilter(django_filters.FilterSet):
    cycle = django_filters.ModelChoiceFilter(
        label=_("Monitoring cycle"),
        queryset=MonitoringCycle.objects.order_by("-academic_year"),
        empty_label=_("All cycles"),
        field_name="assignment__cycle",
    )
    wave = django_filters.ChoiceFilter(
        label=_("Wave"),
        choices=Wave.choices,
        empty_label=_("All waves"),
        field_name="assignment__wave",
    )
    format = django_filters.ModelChoiceFilter(
        label=_("Format"),
        queryset=MentoringFormat.objects.none(),
        empty_label=_("All formats"),
        method="filter_format",
    )
    channel = django_filters.ChoiceFilter(
        label=_("Answered through"), choices=AnswerChannel.choices, empty_label=_("Any way")
    )

    class Meta:
        model = Response
        fields = ["cycle", "wave", "format", "channel"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["format"].queryset = _formats_of(user)

    def filter_format(
        self, queryset: QuerySet[Response], name: str, value: MentoringFormat
    ) -> QuerySet[Response]:
        return _in_format(queryset, "assignment__", value)
