from __future__ import annotations

from django.contrib import admin

from registry.models import (
    Agreement,
    PartnerEmployee,
    PartnerOrganization,
    Pupil,
    QualificationCourse,
    Specialty,
    Student,
    StudyGroup,
    Teacher,
)

PERSON_SEARCH = ["last_name", "first_name", "patronymic"]


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
class StudentAdmin(admin.ModelAdmin):
    list_display = ["full_name", "group", "status", "birth_date"]
    list_filter = ["status", "group__course", "group"]
    list_select_related = ["group"]
    search_fields = PERSON_SEARCH
    autocomplete_fields = ["group"]
    exclude = ["user"]


class QualificationCourseInline(admin.TabularInline):
    model = QualificationCourse
    extra = 0


@admin.register(Teacher)
class TeacherAdmin(admin.ModelAdmin):
    list_display = ["full_name", "position", "hired_on"]
    list_filter = ["position"]
    search_fields = PERSON_SEARCH
    inlines = [QualificationCourseInline]


@admin.register(Pupil)
class PupilAdmin(admin.ModelAdmin):
    list_display = ["full_name", "school", "grade", "class_letter"]
    list_filter = ["school", "grade"]
    list_select_related = ["school"]
    search_fields = PERSON_SEARCH
    exclude = ["user"]


@admin.register(PartnerEmployee)
class PartnerEmployeeAdmin(admin.ModelAdmin):
    list_display = ["full_name", "organization", "position"]
    list_filter = ["organization"]
    list_select_related = ["organization"]
    search_fields = PERSON_SEARCH
