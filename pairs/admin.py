from __future__ import annotations

from django.contrib import admin

from pairs.models import Decision, Mentorship


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "body", "decided_on", "partner"]
    list_filter = ["body"]
    search_fields = ["number"]
    date_hierarchy = "decided_on"


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    """Read-only: mentorships are created through the site, where every rule is checked."""

    list_display = ["__str__", "format", "variant", "status", "started_on", "planned_end_on"]
    list_filter = ["status", "format"]
    list_select_related = ["format", "variant"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
