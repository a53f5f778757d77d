"""Forms of the pools: adding a person, including by a decision, excluding."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.dates import AcademicYear
from core.fields import date_input
from pairs.models import Decision, DecisionBody, ParticipantRole
from pairs.pools.services import STUDENT_POOL_BODIES
from pairs.rules import variant_errors
from programs.models import FormatVariant, MentoringFormat
from registry.models import PERSON_DETAILS, Person, PersonKind, StudentStatus
from registry.people.fields import PersonChoiceField


def pool_year_choices() -> list[tuple[str, str]]:
    """The next academic year and the five before the current one, newest first."""
    current = AcademicYear.current().start_year
    return [(str(year), AcademicYear(year).label) for year in range(current + 1, current - 6, -1)]


def pool_candidates() -> QuerySet[Person]:
    """Who may be chosen for a pool: students who left are never offered (the service
    refuses them anyway)."""
    return (
        Person.objects.select_related(*PERSON_DETAILS)
        .filter(~Q(kind=PersonKind.STUDENT) | Q(student__status=StudentStatus.STUDYING))
        .in_russian_order()
    )


class VariantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.format.title}: {obj.title}"


class PoolEntryForm(forms.Form):
    """A person for a pool; the rules themselves are checked by the service."""

    academic_year = forms.TypedChoiceField(
        label=_("Academic year"), choices=pool_year_choices, coerce=int
    )
    role = forms.ChoiceField(label=_("Pool"), choices=ParticipantRole.choices)
    format = forms.ModelChoiceField(label=_("Format"), queryset=MentoringFormat.objects.none())
    variant = VariantChoiceField(
        label=_("Variant"),
        queryset=FormatVariant.objects.none(),
        required=False,
        help_text=_("Required for mentees of a format with variants; optional for mentors."),
    )
    person = PersonChoiceField(
        label=_("Person"),
        queryset=Person.objects.none(),
        error_messages={"required": _("Find the person by name and choose them.")},
    )
    request = forms.CharField(
        label=_("Key request"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a mentee: what they need help with."),
    )

    def __init__(self, *args: Any, formats: list[MentoringFormat], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["format"]
        ).queryset = MentoringFormat.objects.filter(pk__in=[f.pk for f in formats]).order_by(
            "position"
        )
        cast(forms.ModelChoiceField, self.fields["variant"]).queryset = (
            FormatVariant.objects.filter(format__in=[f.pk for f in formats])
            .select_related("format")
            .order_by("format__position", "position")
        )
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = pool_candidates()

    def clean(self) -> dict[str, Any]:
        """Without a person the service's rules cannot run: the variant's are checked here,
        so that they come with the person's error rather than in a second round."""
        cleaned = super().clean() or {}
        format, role = cleaned.get("format"), cleaned.get("role")
        if "person" not in cleaned and format is not None and role is not None:
            required = role != ParticipantRole.MENTOR
            for error in variant_errors(format, cleaned.get("variant"), required=required):
                self.add_error("variant", error)
        return cleaned


class IncludeBasis:
    EXISTING = "existing"
    NEW = "new"
    PARTNER = "partner"


class IncludeForm(forms.Form):
    """The basis of an inclusion: a recorded decision, a new one, or (for pupils and partner
    employees) the partner's curator on a date."""

    basis = forms.ChoiceField(
        label=_("Basis"),
        widget=forms.RadioSelect,
        choices=[
            (IncludeBasis.EXISTING, _("a recorded decision")),
            (IncludeBasis.NEW, _("a new decision")),
            (IncludeBasis.PARTNER, _("the partner's curator (pupils and partner employees)")),
        ],
        initial=IncludeBasis.NEW,
    )
    decision = forms.ModelChoiceField(
        label=_("Decision"),
        queryset=Decision.objects.filter(body__in=STUDENT_POOL_BODIES),
        required=False,
    )
    body = forms.ChoiceField(
        label=_("Deciding body"),
        choices=[(b.value, b.label) for b in DecisionBody if b in STUDENT_POOL_BODIES],
        required=False,
    )
    number = forms.CharField(label=_("Number"), max_length=50, required=False)
    decided_on = forms.DateField(label=_("Date"), required=False, widget=date_input())
    student_council_opinion = forms.CharField(
        label=_("Opinion of the student council"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when students are among the chosen (items 2.1.1, 2.2.1)."),
    )
    included_on = forms.DateField(
        label=_("Included on"),
        required=False,
        widget=date_input(),
        help_text=_("For the partner's curator: the date they included the person."),
    )

    def __init__(self, *args: Any, opinion_needed: bool = False, **kwargs: Any) -> None:
        """`opinion_needed`: students are among the chosen, so the new
        decision needs the student council's opinion (the service refuses it otherwise).
        The label carries a mark the page's script shows as such entries are ticked."""
        super().__init__(*args, **kwargs)
        opinion = self.fields["student_council_opinion"]
        opinion.label = format_html(
            '{}<span class="asteriskField{}" data-opinion-mark title="{}">*</span>',
            opinion.label,
            "" if opinion_needed else " d-none",
            _("required for the chosen"),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        basis = cleaned.get("basis")
        if basis == IncludeBasis.EXISTING and not cleaned.get("decision"):
            self.add_error("decision", _("Choose the decision."))
        if basis == IncludeBasis.NEW:
            for name in ("body", "number", "decided_on"):
                if not cleaned.get(name):
                    self.add_error(name, _("This field is required for a new decision."))
        if basis == IncludeBasis.PARTNER and not cleaned.get("included_on"):
            self.add_error("included_on", _("Give the date of the inclusion."))
        return cleaned


class ExcludeForm(forms.Form):
    excluded_on = forms.DateField(
        label=_("Excluded on"), widget=date_input(), initial=timezone.localdate
    )
    reason = forms.CharField(
        label=_("Reason for exclusion"), widget=forms.Textarea(attrs={"rows": 3})
    )
