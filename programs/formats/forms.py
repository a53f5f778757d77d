from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.fields import SeenField, carry_seen
from core.roles import Role
from core.versions import fingerprint, row_fingerprint
from programs.models import FormatVariant, MentoringFormat, Organization

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "full_name",
            "short_name",
            "locality",
            "director_name",
            "curator_name",
            "curator_position",
            "silent_after_weeks",
        ]
        widgets = {
            "full_name": forms.Textarea(attrs={"rows": 2}),
            "silent_after_weeks": forms.NumberInput(attrs={"min": 1, "max": 52}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("full_name", "short_name", "director_name", "curator_name"):
            self.fields[name].required = True
        carry_seen(self)


class LeadChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


# The texts of the Положение that the curator may edit, in the order they are printed.
FORMAT_TEXTS = (
    "description",
    "goal",
    "tasks",
    "mentor_requirements",
    "mentee_requirements",
    "implementation",
    "expected_results",
    "decision_rule",
)
VARIANT_TEXTS = tuple(
    name for name in FORMAT_TEXTS if name not in {"implementation", "decision_rule"}
)


class MentoringFormatForm(forms.ModelForm):
    leads = LeadChoiceField(
        label=_("Format leads"),
        queryset=User.objects.filter(groups__name=Role.FORMAT_LEAD, is_active=True).order_by(
            "last_name", "first_name"
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only users with the role «format lead» can be assigned."),
    )

    seen = SeenField()

    class Meta:
        model = MentoringFormat
        fields = ["title", *FORMAT_TEXTS, "leads"]
        widgets = dict.fromkeys(FORMAT_TEXTS, TEXTAREA)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["seen"].initial = format_token(self.instance)


def format_token(mentoring_format: MentoringFormat) -> str:
    """The token of a format as its edit page changes it: its row, its leads and the rows of
    its variants (`core.versions`)."""
    leads = sorted(mentoring_format.leads.values_list("pk", flat=True))
    variants = mentoring_format.variants.order_by("pk")
    return fingerprint(
        row_fingerprint(mentoring_format), leads, *(row_fingerprint(v) for v in variants)
    )


VariantFormSet: type[BaseInlineFormSet] = inlineformset_factory(
    MentoringFormat,
    FormatVariant,
    fields=["title", *VARIANT_TEXTS],
    widgets=dict.fromkeys(VARIANT_TEXTS, TEXTAREA),
    extra=0,
    can_delete=False,
)
