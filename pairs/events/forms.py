from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.validators import MinValueValidator
from django.db.models import BLANK_CHOICE_DASH, Prefetch, Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.fields import carry_seen, date_input
from pairs.events.services import mentorships_running_during
from pairs.models import EventParticipation, Mentorship, ParticipantRole
from programs.models import Event, PlanItem
from registry.models import PERSON_DETAILS, Person
from registry.people.fields import PersonChoiceField


class PlanItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return Truncator(str(obj)).chars(120)


class EventForm(forms.ModelForm):
    plan_item = PlanItemChoiceField(
        label=_("Plan item it fulfils"),
        queryset=PlanItem.objects.order_by("plan__starts_on", "position", "id"),
        required=False,
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "level",
            "plan_item",
            "starts_on",
            "ends_on",
            "place",
            "description",
            "is_special_category",
        ]
        widgets = {
            "starts_on": date_input(),
            "ends_on": date_input(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        carry_seen(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            self.add_error("ends_on", _("An event cannot end before it starts."))
        return cleaned


def _people_label(people: Any) -> str:
    return ", ".join(person.full_name for person in people.all())


class MentorshipChoiceField(forms.ModelChoiceField):
    """A mentorship as «№ N, format: mentors → mentees»; never its variant, which may tell
    health or risk-group status."""

    def label_from_instance(self, obj: Any) -> str:
        return _("No. %(number)s, %(format)s: %(mentors)s → %(mentees)s") % {
            "number": obj.pk,
            "format": obj.format.title,
            "mentors": _people_label(obj.mentors),
            "mentees": _people_label(obj.mentees),
        }


class ParticipantAddForm(forms.Form):
    """Either a whole mentorship, or one person (of a mentorship or on their own)."""

    mentorship = MentorshipChoiceField(
        label=_("Mentorship"),
        queryset=Mentorship.objects.none(),
        required=False,
        help_text=_(
            "Mentorships running on the dates of the event. Without a person chosen below, "
            "all its mentors and mentees are entered."
        ),
    )
    person = PersonChoiceField(
        label=_("Participant"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("To enter one person only: a mentor or mentee of the program."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[*BLANK_CHOICE_DASH, *ParticipantRole.choices],
        required=False,
    )
    place = forms.IntegerField(
        label=_("Place"),
        min_value=1,
        max_value=1000,
        required=False,
        help_text=_("1, 2 or 3 for prize-winners."),
    )
    result = forms.CharField(
        label=_("Result"),
        max_length=300,
        required=False,
        help_text=_("A diploma, a certificate, a title."),
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        running = mentorships_running_during(event)
        people = Person.objects.select_related(*PERSON_DETAILS)
        cast(MentorshipChoiceField, self.fields["mentorship"]).queryset = (
            running.select_related("format")
            .prefetch_related(
                Prefetch("mentors", queryset=Person.objects.order_by("last_name")),
                Prefetch("mentees", queryset=Person.objects.order_by("last_name")),
            )
            .order_by("format__position", "id")
        )
        in_program = Q(mentorships_as_mentor__in=running.values("id")) | Q(
            mentorships_as_mentee__in=running.values("id")
        )
        cast(PersonChoiceField, self.fields["person"]).queryset = people.filter(
            pk__in=Person.objects.filter(in_program).values("pk")
        ).order_by("last_name", "first_name", "patronymic")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("mentorship") and not cleaned.get("person"):
            if "mentorship" not in self.errors and "person" not in self.errors:
                raise forms.ValidationError(_("Choose a mentorship or a participant."))
        if cleaned.get("person") and not cleaned.get("role"):
            self.add_error("role", _("Choose the role of the participant."))
        return cleaned


class ParticipationForm(forms.ModelForm):
    """What a participant achieved; who took part is changed by removing and adding."""

    class Meta:
        model = EventParticipation
        fields = ["place", "result"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        place = self.fields["place"]
        place.validators.append(MinValueValidator(1))
        place.widget.attrs["min"] = 1
        carry_seen(self)
