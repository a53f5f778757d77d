from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import AcademicYear
from core.fields import date_input
from pairs.rules import MENTEE_KIND, MENTOR_KIND
from programs.models import FormatVariant, MentoringFormat
from registry.models import Person, Student, StudentStatus, people_of_kind
from registry.people.fields import PeopleChoiceField


def default_planned_end(start: dt.date) -> dt.date:
    """The 30 June that ends the academic year of the start (the next one from July on)."""
    end = dt.date(AcademicYear.of(start).start_year + 1, 6, 30)
    return end if end > start else dt.date(end.year + 1, 6, 30)


class MentorshipFieldsForm(forms.Form):
    """What a mentorship is made of: its variant, people and dates (drafted or edited)."""

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
    started_on = forms.DateField(label=_("Start"), widget=date_input())
    planned_end_on = forms.DateField(label=_("Planned end"), widget=date_input())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("started_on"), cleaned.get("planned_end_on")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end <= start:
            self.add_error("planned_end_on", _("The planned end must come after the start."))
        return cleaned


class MentorshipForm(MentorshipFieldsForm):
    """A draft mentorship of one format, built by hand; the rules themselves are checked by
    the service. A decision confirms the draft later (the drafts list)."""

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
        start = timezone.localdate()
        self.fields["started_on"].initial = start
        self.fields["planned_end_on"].initial = default_planned_end(start)


def _candidates(kind: type[Person]) -> Any:
    people = people_of_kind(kind)
    if kind is Student:
        people = people.filter(status=StudentStatus.STUDYING)
    return people.order_by("last_name", "first_name", "patronymic")
