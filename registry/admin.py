from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from registry.models import (
    Agreement,
    PartnerEmployee,
    PartnerOrganization,
    Person,
    Pupil,
    QualificationCourse,
    Specialty,
    Student,
    StudyGroup,
    Teacher,
    people_with_history,
    search_key,
)


class PersonAdmin(admin.ModelAdmin):
    search_fields = ["search_name"]
    search_help_text = _("Last name, first name or patronymic, in any case.")
    autocomplete_fields = ["user"]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        # The stored key is lower case with ё as е; the term must be too (see search_key).
        return super().get_search_results(request, queryset, search_key(search_term))

    @admin.display(description=_("full name"), ordering="last_name")
    def name(self, person: Person) -> str:
        return person.full_name

    def get_deleted_objects(
        self, objs: Any, request: HttpRequest
    ) -> tuple[list[Any], dict[str, int], set[str], list[Any]]:
        # A person with history is refused like a protected relation: the admin lists what
        # names them and deletes nothing (Person.delete refuses it anyway).
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        history = people_with_history(obj.pk for obj in objs)
        if history:
            protected = [
                *protected,
                *(
                    _("%(name)s: %(records)s")
                    % {"name": obj.full_name, "records": ", ".join(history[obj.pk])}
                    for obj in objs
                    if obj.pk in history
                ),
            ]
        return deleted, counts, perms_needed, protected


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ["code", "title"]
    search_fields = ["code", "title"]


@admin.register(StudyGroup)
class StudyGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "course", "specialty"]
    list_filter = ["course", "specialty"]
    search_fields = ["name"]


class AgreementInline(admin.TabularInline):
    model = Agreement
    extra = 0


@admin.register(PartnerOrganization)
class PartnerOrganizationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "kind", "name"]
    list_filter = ["kind"]
    search_fields = ["short_name", "name"]
    inlines = [AgreementInline]


@admin.register(Student)
class StudentAdmin(PersonAdmin):
    list_display = ["name", "group", "status", "birth_date"]
    list_filter = ["status", "group__course", "group"]
    list_select_related = ["group"]
    autocomplete_fields = ["group", "user"]


class QualificationCourseInline(admin.TabularInline):
    model = QualificationCourse
    extra = 0


@admin.register(Teacher)
class TeacherAdmin(PersonAdmin):
    list_display = ["name", "position", "hired_on"]
    list_filter = ["position"]
    inlines = [QualificationCourseInline]


@admin.register(Pupil)
class PupilAdmin(PersonAdmin):
    list_display = ["name", "school", "grade", "class_letter"]
    list_filter = ["school", "grade"]
    list_select_related = ["school"]


@admin.register(PartnerEmployee)
class PartnerEmployeeAdmin(PersonAdmin):
    list_display = ["name", "organization", "position"]
    list_filter = ["organization"]
    list_select_related = ["organization"]
