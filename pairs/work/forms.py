"""Forms of a running mentorship: meetings, editing, completion and ending early. The rules
themselves are the services' (pairs.work.services, pairs.rules)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import BLANK_CHOICE_DASH, QuerySet
from django.forms import BoundField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import SeenField, date_input
from core.versions import row_fingerprint
from pairs.mentorships.forms import MentorshipFieldsForm, _candidates
from pairs.models import Meeting, MeetingFormat, Mentorship, ResultAchievement, TerminationReason
from pairs.rules import MENTEE_KIND, MENTOR_KIND
from pairs.work.services import Assessment
from registry.models import Person, people_of_kind
from registry.people.fields import PeopleChoiceField


class VersionField(forms.IntegerField):
    """The version of the mentorship the form was made from; a newer one refuses the change."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, **kwargs)


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=date_input())
    duration_minutes = forms.IntegerField(
        label=_("Duration, minutes"),
        min_value=5,
        max_value=600,
        initial=45,
        error_messages={
            "min_value": _("A meeting lasts at least 5 minutes."),
            "max_value": _("A meeting lasts at most 600 minutes (10 hours)."),
        },
    )
    format = forms.ChoiceField(
        label=_("Form of the meeting"),
        choices=MeetingFormat.choices,
        initial=MeetingFormat.IN_PERSON,
        widget=forms.RadioSelect,
    )
    topic = forms.CharField(label=_("Topic"), max_length=300)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was discussed and agreed, what the mentee is to do by the next meeting."),
    )

    @classmethod
    def initial_for(cls, meeting: Meeting | None) -> dict[str, Any]:
        """A new meeting is held today by default; an existing one shows what was logged."""
        if meeting is None:
            return {"held_on": timezone.localdate()}
        return {
            "held_on": meeting.held_on,
            "duration_minutes": meeting.duration_minutes,
            "format": meeting.format,
            "topic": meeting.topic,
            "notes": meeting.notes,
            "seen": row_fingerprint(meeting),
        }


class MeetingEditForm(MeetingForm):
    """A logged meeting's form carries the meeting as it was read: a newer one refuses it."""

    seen = SeenField()


def _people_of_the_format(kind: type[Person], current: QuerySet[Person]) -> QuerySet[Any]:
    """The people the by-hand form offers, and those already in the mentorship (a departed
    mentee stays visible, so that the rule refusing them names them)."""
    current_ids = [person.pk for person in current]
    offered = _candidates(kind) | people_of_kind(kind).filter(pk__in=current_ids)
    return offered.order_by("last_name", "first_name", "patronymic", "id")


class MentorshipEditForm(MentorshipFieldsForm):
    version = VersionField()

    def __init__(
        self, *args: Any, mentorship: Mentorship, hide_variant: bool, **kwargs: Any
    ) -> None:
        kwargs.setdefault(
            "initial",
            {
                "version": mentorship.version,
                "variant": mentorship.variant_id,
                "mentors": [person.pk for person in mentorship.mentors.all()],
                "mentees": [person.pk for person in mentorship.mentees.all()],
                "started_on": mentorship.started_on,
                "planned_end_on": mentorship.planned_end_on,
            },
        )
        super().__init__(*args, **kwargs)
        code = mentorship.format.code
        variants = mentorship.format.variants.order_by("position")
        # A user who may not see the special-category variants keeps the variant as it is.
        if hide_variant or not variants.exists():
            del self.fields["variant"]
        else:
            variant = cast(forms.ModelChoiceField, self.fields["variant"])
            variant.queryset = variants
            variant.required = True
        cast(PeopleChoiceField, self.fields["mentors"]).queryset = _people_of_the_format(
            MENTOR_KIND[code], mentorship.mentors.all()
        )
        cast(PeopleChoiceField, self.fields["mentees"]).queryset = _people_of_the_format(
            MENTEE_KIND[code], mentorship.mentees.all()
        )


class CompletionForm(forms.Form):
    """One achievement (and a comment) per expected result, the summary and the end date."""

    version = VersionField()
    results = forms.CharField(
        label=_("Results of the mentorship"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the mentee and the mentor achieved: for the report and the incentives."),
    )
    ended_on = forms.DateField(label=_("Completed on"), widget=date_input())

    def __init__(self, *args: Any, items: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for index, item in enumerate(items):
            self.fields[f"achievement_{index}"] = forms.ChoiceField(
                label=item,
                choices=ResultAchievement.choices,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
            self.fields[f"comment_{index}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def assessment_fields(self) -> list[tuple[str, BoundField, BoundField]]:
        """Each expected result with its two fields, for the template."""
        return [
            (item, self[f"achievement_{index}"], self[f"comment_{index}"])
            for index, item in enumerate(self.items)
        ]

    def assessments(self) -> list[Assessment]:
        data = self.cleaned_data
        return [
            Assessment(item, data[f"achievement_{index}"], data.get(f"comment_{index}", ""))
            for index, item in enumerate(self.items)
        ]


class TerminationForm(forms.Form):
    version = VersionField()
    reason = forms.ChoiceField(
        label=_("Reason for ending early"), choices=[*BLANK_CHOICE_DASH, *TerminationReason.choices]
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What happened and what was done: the curator's report reads it."),
    )
    ended_on = forms.DateField(label=_("Ended on"), widget=date_input())
