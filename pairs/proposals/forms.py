from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from pairs.proposals.services import (
    check_proposal_rules,
    proposable_formats,
    proposable_people,
    proposal_years,
)
from pairs.rules import variant_errors
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
        # The ОВЗ and risk-group variants are special-category data: not for everyone.
        variants_offered = offered_variants(user).filter(format__in=[f.pk for f in formats])
        variant_field.queryset = variants_offered
        # Only the chosen format's variants are offered; changing the format reloads them
        # (htmx, proposals:variants). Without scripts the list follows the format once the
        # form comes back, and a variant of another format is refused with the reason.
        chosen = self._chosen_format(formats)
        variant_field.choices = variant_choices(variants_offered, chosen)  # type: ignore[assignment]
        format_field.widget.attrs.update(
            {
                "hx-get": reverse_lazy("proposals:variants"),
                "hx-target": "#id_variant",
                "hx-swap": "innerHTML",
            }
        )
        years = proposal_years()
        year_field = cast(forms.TypedChoiceField, self.fields["academic_year"])
        year_field.choices = [(year.start_year, year.label) for year in years]
        year_field.initial = years[0].start_year
        self.user = user

    def _chosen_format(self, formats: list[MentoringFormat]) -> MentoringFormat | None:
        """The format the form shows chosen: the posted one, the initial one or the first."""
        key = self.data.get("format") if self.is_bound else self.initial.get("format")
        for fmt in formats:
            if str(fmt.pk) == str(key):
                return fmt
        return formats[0] if formats and not self.is_bound else None

    def clean(self) -> dict[str, Any]:
        """The rules of `propose_mentee` are checked here too, on whatever fields are valid,
        so a submission shows every error at once rather than the fields' first."""
        cleaned = super().clean() or {}
        person, format = cleaned.get("person"), cleaned.get("format")
        variant = cleaned.get("variant")
        if format is None:
            return cleaned
        if person is None or "academic_year" not in cleaned:
            for error in variant_errors(format, variant):
                self.add_error("variant", error)
            return cleaned
        for error in check_proposal_rules(
            user=self.user,
            person=person,
            format=format,
            variant=variant,
            request=cleaned.get("request"),
            academic_year=cleaned["academic_year"],
        ):
            self.add_error(None, error)
        return cleaned


def variant_choices(
    variants: QuerySet[FormatVariant], format: MentoringFormat | None
) -> list[tuple[Any, str]]:
    """The choices of «Variant» for a format: «—» and the format's own variants."""
    if format is None:
        return [("", "—")]
    own = variants.filter(format=format).order_by("position", "id")
    return [("", "—"), *((variant.pk, variant.title) for variant in own)]


def offered_variants(user: User | AnonymousUser) -> QuerySet[FormatVariant]:
    """The variants the user may choose: the ОВЗ and risk-group ones only for who may see
    special-category data."""
    variants = FormatVariant.objects.select_related("format")
    if not can_view_special_categories(user):
        variants = variants.exclude(is_special_category=True)
    return variants


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The teacher who made the proposal reads it."),
        error_messages={"required": _("Give the reason for the rejection.")},
    )
