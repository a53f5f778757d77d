from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from pairs.models import Decision
from pairs.services import DECIDING_BODIES, MENTEE_KIND, MENTOR_KIND
from programs.models import FormatVariant, MentoringFormat
from registry.fields import PeopleChoiceField
from registry.models import Person, Student, StudentStatus, people_of_kind


class MentorshipForm(forms.Form):
    """A mentorship of one format; the rules themselves are checked by the service."""

    variant = forms.ModelChoiceField(
        label=_("Variant"), queryset=FormatVariant.objects.none(), required=False
    )
    mentors = PeopleChoiceField(
        label=_("Mentors"),
        queryset=Person.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl to choose several."),
    )
    mentees = PeopleChoiceField(
        label=_("Mentees"),
        queryset=Person.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Two or more mentees make group mentoring (item 1.2.5)."),
    )
    decision = forms.ModelChoiceField(label=_("Decision"), queryset=Decision.objects.none())
    started_on = forms.DateField(label=_("Start"), widget=forms.DateInput(attrs={"type": "date"}))
    planned_end_on = forms.DateField(
        label=_("Planned end"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, mentoring_format: MentoringFormat, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mentoring_format = mentoring_format
        code = mentoring_format.code
        variants = cast(forms.ModelChoiceField, self.fields["variant"])
        variants.queryset = mentoring_format.variants.order_by("position")
        if not mentoring_format.variants.exists():
            del self.fields["variant"]
        else:
            variants.required = True
        for name, kinds in (("mentors", MENTOR_KIND), ("mentees", MENTEE_KIND)):
            cast(PeopleChoiceField, self.fields[name]).queryset = _candidates(kinds[code])
        decision = cast(forms.ModelChoiceField, self.fields["decision"])
        decision.queryset = Decision.objects.filter(body__in=DECIDING_BODIES[code])
        decision.help_text = _("Only decisions of the bodies that section 5 names are offered.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("started_on"), cleaned.get("planned_end_on")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end <= start:
            self.add_error("planned_end_on", _("The planned end must come after the start."))
        return cleaned


def _candidates(kind: type[Person]) -> Any:
    people = people_of_kind(kind)
    if kind is Student:
        people = people.filter(status=StudentStatus.STUDYING)
    return people.order_by("last_name", "first_name", "patronymic")
