from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from programs.models import FormatVariant, Indicator, MentoringFormat, Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "director_name", "curator_name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not Organization.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class FormatVariantInline(admin.StackedInline):
    model = FormatVariant
    extra = 0
    # The codes and flags are what the rules and the masking of special-category data key
    # on; the Положение fixes them, so they are loaded, not edited.
    readonly_fields = ["code", "is_special_category", "requires_disability_course"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(MentoringFormat)
class MentoringFormatAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "section"]
    readonly_fields = ["code"]
    filter_horizontal = ["leads"]
    inlines = [FormatVariantInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # The five formats are the Положение's; they are loaded, not invented.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "unit", "direction", "default_target"]
    # Each code has its formula in reports/monitoring/indicators/formulas.py: the texts are
    # editable, the code and the unit are what the computation keys on.
    readonly_fields = ["code", "unit"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
