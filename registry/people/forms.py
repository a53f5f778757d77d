"""Forms of the people pages; the rules are checked by registry.people.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import SeenField, carry_seen, date_input
from registry.models import (
    MAX_MENTOR_CAPACITY,
    Consent,
    MentorProfile,
    PartnerEmployee,
    PartnerKind,
    PartnerOrganization,
    Person,
    Pupil,
    QualificationCourse,
    Student,
    Teacher,
)

NAME_FIELDS = ["last_name", "first_name", "patronymic", "birth_date"]


class PersonForm(forms.ModelForm):
    """The fields every kind of person has; subclasses add their own."""

    def __init__(
        self,
        *args: Any,
        organizations: QuerySet[PartnerOrganization] | None = None,
        **kwargs: Any,
    ) -> None:
        """`organizations`: those open to the user (`PartnerOrganization.objects.open_to`):
        a partner's curator chooses among their own organizations only."""
        super().__init__(*args, **kwargs)
        self.organizations = (
            PartnerOrganization.objects.all() if organizations is None else organizations
        )
        carry_seen(self)

    def _limit_organizations(self, field: str, kind: str) -> None:
        organizations = self.organizations.filter(kind=kind)
        self.fields[field].queryset = organizations  # type: ignore[attr-defined]


class StudentForm(PersonForm):
    class Meta:
        model = Student
        fields = [*NAME_FIELDS, "group", "status", "record_book"]
        widgets = {"birth_date": date_input()}


class TeacherForm(PersonForm):
    class Meta:
        model = Teacher
        fields = [
            *NAME_FIELDS,
            "position",
            "hired_on",
            "pedagogical_experience_since",
            "left_on",
            "personnel_number",
        ]
        widgets = {
            "birth_date": date_input(),
            "hired_on": date_input(),
            "pedagogical_experience_since": date_input(),
            "left_on": date_input(),
        }


class PupilForm(PersonForm):
    class Meta:
        model = Pupil
        fields = [*NAME_FIELDS, "school", "grade", "class_letter"]
        widgets = {"birth_date": date_input()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._limit_organizations("school", PartnerKind.SCHOOL)


class PartnerEmployeeForm(PersonForm):
    class Meta:
        model = PartnerEmployee
        fields = [*NAME_FIELDS, "organization", "position"]
        widgets = {"birth_date": date_input()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._limit_organizations("organization", PartnerKind.ENTERPRISE)


PERSON_FORMS: dict[type[Person], type[PersonForm]] = {
    Student: StudentForm,
    Teacher: TeacherForm,
    Pupil: PupilForm,
    PartnerEmployee: PartnerEmployeeForm,
}


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = [
            "purpose",
            "given_by",
            "representative_name",
            "document",
            "given_on",
            "valid_until",
        ]
        widgets = {"given_on": date_input(), "valid_until": date_input()}
        help_texts = {
            "given_by": _(
                "For a minor the consent is given by a parent or legal representative "
                "(152-ФЗ, article 9)."
            )
        }

    def consent_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class WithdrawConsentForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=date_input())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].initial = timezone.localdate()


class SpecialStatusForm(forms.Form):
    has_disabilities = forms.BooleanField(
        label=_("Student with disabilities (ОВЗ)"), required=False
    )
    in_risk_group = forms.BooleanField(label=_("Risk group"), required=False)
    seen = SeenField()


class TrainingRecordForm(forms.ModelForm):
    class Meta:
        model = QualificationCourse
        fields = [
            "title",
            "provider",
            "hours",
            "completed_on",
            "is_mentor_training",
            "covers_disabilities",
            "document",
        ]
        widgets = {"completed_on": date_input()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        carry_seen(self)


class MentorProfileForm(forms.ModelForm):
    class Meta:
        model = MentorProfile
        fields = ["competencies", "interests", "capacity"]
        widgets = {
            "competencies": forms.Textarea(attrs={"rows": 4}),
            "interests": forms.Textarea(attrs={"rows": 3}),
            "capacity": forms.NumberInput(attrs={"min": 1, "max": MAX_MENTOR_CAPACITY}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        carry_seen(self)
