from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from core.fields import date_input
from programs.models import TrainingSession
from registry.models import PERSON_DETAILS, Person
from registry.people.fields import PeopleChoiceField, person_label
from registry.training.services import (
    AUDIENCE_KINDS,
    MAX_HOURS,
    MIN_HOURS,
    check_session_rules,
)

SESSION_FIELDS = ("title", "audience", "held_on", "hours", "led_by", "programme")


class TrainingSessionForm(forms.ModelForm):
    """The fields of a session; the rules are the service's. Editing carries the version
    the form was loaded at, so that the service can refuse a stale write."""

    hours = forms.IntegerField(label=_("Hours"), min_value=MIN_HOURS, max_value=MAX_HOURS)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = TrainingSession
        fields = list(SESSION_FIELDS)
        widgets = {
            "held_on": date_input(),
            "programme": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "led_by": _("Name and position of whoever led it."),
            "programme": _("The topics covered."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["version"]
        else:
            self.fields["version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        """The service's rules are checked here too once their fields are valid, so that
        they come with the other fields' errors rather than in a second round."""
        cleaned = super().clean() or {}
        if "held_on" in cleaned and "hours" in cleaned:
            rules = check_session_rules(held_on=cleaned["held_on"], hours=cleaned["hours"])
            for field, errors in rules.items():
                for error in errors:
                    self.add_error(field, error)
        return cleaned

    def session_fields(self) -> dict[str, Any]:
        """The cleaned values the services take, apart from the version."""
        return {name: self.cleaned_data[name] for name in SESSION_FIELDS}


# The kinds of person who may attend some training; the service checks the session's own.
ATTENDING_KINDS = tuple(AUDIENCE_KINDS.values())


class AttendanceForm(forms.Form):
    """People to add to a session's attendance.

    The list offers the people of the session's audience the user sees who are not yet
    attending; any person of an attending kind the user sees is accepted, so that a page
    loaded before someone else's change gets the service's refusal naming the person."""

    people = PeopleChoiceField(
        label=_("Attendees"),
        queryset=Person.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Hold Ctrl to choose several."),
    )

    def __init__(self, *args: Any, session: TrainingSession, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        visible = Person.objects.visible_to(user).filter(kind__in=ATTENDING_KINDS)
        field = cast(PeopleChoiceField, self.fields["people"])
        field.queryset = visible.select_related(*PERSON_DETAILS).in_russian_order()
        self.offered = (
            visible.filter(kind=AUDIENCE_KINDS[session.audience])
            .exclude(courses__session=session)
            .select_related(*PERSON_DETAILS)
            .in_russian_order()
        )
        # A callable keeps the options unread until the form is drawn.
        field.widget.choices = self._offered_choices

    def _offered_choices(self) -> list[tuple[int, str]]:
        return [(person.pk, person_label(person)) for person in self.offered]

    @property
    def chosen(self) -> list[Person]:
        people: list[Person] = list(self.cleaned_data["people"])
        return people
