from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from pairs.drafting.forms import clean_scan
from pairs.models import Decision, Mentorship
from programs.access import formats_with_hidden_variants


class DecisionAdminForm(forms.ModelForm):
    """The scan checked by its content in the admin too, as on the app's pages."""

    class Meta:
        model = Decision
        fields = ["scan"]

    def clean_scan(self) -> Any:
        upload = self.cleaned_data.get("scan")
        if isinstance(upload, UploadedFile):
            return clean_scan(upload)
        return upload


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    form = DecisionAdminForm
    list_display = ["__str__", "body", "decided_on", "partner"]
    list_filter = ["body"]
    search_fields = ["number"]
    date_hierarchy = "decided_on"

    def has_change_permission(self, request: HttpRequest, obj: Decision | None = None) -> bool:
        # A decision that already confirms mentorships is a record of what was decided;
        # changing its body or opinions would bypass the rules those mentorships passed.
        if obj is not None and obj.mentorships.exists():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Decision | None = None) -> bool:
        if obj is not None and obj.mentorships.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    """Read-only, and scoped like the registry: mentorships are formed on the site, where
    every rule is checked; the people and the variant are shown there, not here."""

    list_display = ["__str__", "format", "shown_variant", "status", "started_on", "planned_end_on"]
    list_filter = ["status", "format"]
    list_select_related = ["format", "variant"]
    fields = ["format", "decision", "started_on", "planned_end_on", "ended_on", "status"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Mentorship]:
        hidden = formats_with_hidden_variants(request.user)
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)  # type: ignore[attr-defined]
            .annotate(
                variant_hidden=ExpressionWrapper(
                    Q(format_id__in=hidden), output_field=BooleanField()
                )
            )
        )

    @admin.display(description=_("variant"))
    def shown_variant(self, mentorship: Any) -> str:
        if mentorship.variant_hidden:
            return str(_("hidden"))
        return mentorship.variant.title if mentorship.variant else "—"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
