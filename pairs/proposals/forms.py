from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from pairs.proposals.services import proposable_formats, proposable_people, proposal_years
from programs.access import can_view_special_categories
from programs.models import FormatVariant, MentoringFormat
from registry.people.fields import PersonChoiceField

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


class ProposalForm(forms.Form):
    """What a proposal says; the rules are checked by `propose_mentee`. The person is chosen
    from a search (the template lists the matching candidates as radio buttons)."""

    person = PersonChoiceField(
        label=_("Mentee"),
        queryset=None,
        error_messages={"required": _("Find the mentee by name and choose them.")},
    )
    format: forms.ModelChoiceField[MentoringFormat] = forms.ModelChoiceField(
        label=_("Format"), queryset=None, empty_label=None
    )
    variant = forms.ModelChoiceField(
        label=_("Variant"),
        queryset=FormatVariant.objects.select_related("format"),
        required=False,
        empty_label="—",
        help_text=_("Required when the format has variants."),
    )
    request = forms.CharField(
        label=_("Key request"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the mentee needs help with: the subject, the skill, the situation."),
    )
    academic_year = forms.TypedChoiceField(label=_("Academic year"), coerce=int)

    def __init__(self, *args: Any, user: User | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        formats = list(proposable_formats(user))
        cast(PersonChoiceField, self.fields["person"]).queryset = proposable_people(user)
        format_field = cast(forms.ModelChoiceField, self.fields["format"])
        format_field.queryset = proposable_formats(user)
        format_field.choices = [(f.pk, f.title) for f in formats]  # type: ignore[assignment]
        variant_field = cast(forms.ModelChoiceField, self.fields["variant"])
        variants_offered = FormatVariant.objects.filter(format__in=[f.pk for f in formats])
        if not can_view_special_categories(user):
            # The ОВЗ and risk-group variants are special-category data: not for everyone.
            variants_offered = variants_offered.exclude(is_special_category=True)
        variant_field.queryset = variants_offered
        # Grouped by format, so that the variants of each format read together.
        variants = list(variant_field.queryset.order_by("format__position", "position", "id"))
        grouped: list[Any] = [("", "—")]
        for fmt in formats:
            own = [(v.pk, v.title) for v in variants if v.format_id == fmt.pk]
            if own:
                grouped.append((fmt.title, own))
        variant_field.choices = grouped  # type: ignore[assignment]
        years = proposal_years()
        year_field = cast(forms.TypedChoiceField, self.fields["academic_year"])
        year_field.choices = [(year.start_year, year.label) for year in years]
        year_field.initial = years[0].start_year


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The teacher who made the proposal reads it."),
        error_messages={"required": _("Give the reason for the rejection.")},
    )
