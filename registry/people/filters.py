"""Filters of the people lists: a search box (every word, any case, ё or е) and per-kind fields."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from registry.models import (
    PartnerEmployee,
    PartnerKind,
    PartnerOrganization,
    Person,
    PersonQuerySet,
    Pupil,
    Student,
    StudentStatus,
    StudyGroup,
    Teacher,
    TeacherPosition,
)

COURSES = [(course, str(course)) for course in range(1, 7)]
GRADES = [(grade, str(grade)) for grade in range(1, 12)]


class PeopleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"placeholder": _("Last name, first name, patronymic")}),
    )

    def filter_search(self, queryset: QuerySet[Any], name: str, value: str) -> Any:
        return queryset.search(value)  # type: ignore[attr-defined]  # a PersonQuerySet


class StudentFilter(PeopleFilter):
    group = django_filters.ModelChoiceFilter(
        label=_("Group"), queryset=StudyGroup.objects.all(), empty_label=_("All groups")
    )
    course = django_filters.ChoiceFilter(
        label=_("Course"), field_name="group__course", choices=COURSES, empty_label=_("All courses")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=StudentStatus.choices, empty_label=_("Any status")
    )

    class Meta:
        model = Student
        fields = ["q", "group", "course", "status"]


class TeacherFilter(PeopleFilter):
    position = django_filters.ChoiceFilter(
        label=_("Position"), choices=TeacherPosition.choices, empty_label=_("All positions")
    )

    class Meta:
        model = Teacher
        fields = ["q", "position"]


def _organizations(
    kind: str, organizations: QuerySet[PartnerOrganization] | None
) -> QuerySet[PartnerOrganization]:
    """The organizations of the kind to filter by, among `organizations` (those open to the
    user: `PartnerOrganization.objects.open_to`)."""
    if organizations is None:
        organizations = PartnerOrganization.objects.all()
    return organizations.filter(kind=kind)


class PupilFilter(PeopleFilter):
    school = django_filters.ModelChoiceFilter(
        label=_("School"), queryset=PartnerOrganization.objects.none(), empty_label=_("All schools")
    )
    grade = django_filters.ChoiceFilter(label=_("Grade"), choices=GRADES, empty_label=_("All"))

    class Meta:
        model = Pupil
        fields = ["q", "school", "grade"]

    def __init__(
        self,
        *args: Any,
        organizations: QuerySet[PartnerOrganization] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.filters["school"].queryset = _organizations(PartnerKind.SCHOOL, organizations)


class PartnerEmployeeFilter(PeopleFilter):
    organization = django_filters.ModelChoiceFilter(
        label=_("Organization"),
        queryset=PartnerOrganization.objects.none(),
        empty_label=_("All organizations"),
    )

    class Meta:
        model = PartnerEmployee
        fields = ["q", "organization"]

    def __init__(
        self,
        *args: Any,
        organizations: QuerySet[PartnerOrganization] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.filters["organization"].queryset = _organizations(
            PartnerKind.ENTERPRISE, organizations
        )


# The list's filter of each kind of person.
PEOPLE_FILTERS: dict[type[Person], type[PeopleFilter]] = {
    Student: StudentFilter,
    Teacher: TeacherFilter,
    Pupil: PupilFilter,
    PartnerEmployee: PartnerEmployeeFilter,
}


def filtered(
    request: HttpRequest,
    kind: type[Person],
    people: PersonQuerySet,
) -> PeopleFilter:
    """The list's filter of the kind over `people`, from the request's query string; the
    exports filter with it too, so that a file holds the rows the list shows."""
    filter_kwargs: dict[str, Any] = (
        {"organizations": PartnerOrganization.objects.open_to(request.user)}
        if kind in (Pupil, PartnerEmployee)
        else {}
    )
    return PEOPLE_FILTERS[kind](request.GET or None, queryset=people, **filter_kwargs)
