"""Workflows on program events: who took part, for which mentorship, and deleting an event."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.dates import format_day
from pairs.models import (
    EventParticipation,
    Mentorship,
    MentorshipQuerySet,
    MentorshipStatus,
    ParticipantRole,
)
from programs.models import Event
from registry.models import Person


def mentorships_running_during(event: Event) -> MentorshipQuerySet:
    """Mentorships of the registry that were running on at least one day of the event.

    A mentorship that is still active counts as running whatever its planned end says:
    until it is completed or ended early, its pair is still at work.
    """
    return (
        Mentorship.objects.exclude(status=MentorshipStatus.DRAFT)
        .filter(started_on__lte=event.ends_on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=event.starts_on))
    )


def _lock(event: Event) -> None:
    # Two curators entering the same person at once: the second waits for the first to
    # commit and then sees its row in the check (PostgreSQL; SQLite has one writer anyway).
    list(Event.objects.select_for_update().filter(pk=event.pk))


def _not_running(event: Event, mentorship: Mentorship) -> list[str]:
    if mentorships_running_during(event).filter(pk=mentorship.pk).exists():
        return []
    return [
        _(
            "Mentorship No. %(number)s was not running on the dates of the event "
            "(%(start)s – %(end)s) and cannot be entered for it."
        )
        % {
            "number": mentorship.pk,
            "start": format_day(event.starts_on),
            "end": format_day(event.ends_on),
        }
    ]


def _already_taking_part(event: Event, people: Sequence[Person]) -> list[str]:
    taking_part = (
        Person.objects.filter(
            event_participations__event=event, pk__in=[person.pk for person in people]
        )
        .distinct()
        .order_by("last_name", "first_name", "patronymic")
    )
    return [
        _("%(name)s already takes part in the event «%(event)s».")
        % {"name": person.full_name, "event": event.title}
        for person in taking_part
    ]


def _save(participations: list[EventParticipation]) -> list[EventParticipation]:
    for participation in participations:
        participation.full_clean()
        participation.save()
    return participations


@transaction.atomic
def add_mentorship_to_event(
    *,
    event: Event,
    mentorship: Mentorship,
    place: int | None = None,
    result: str = "",
) -> list[EventParticipation]:
    """Enters every mentor and mentee of the mentorship as a participant of the event,
    each with the given place and result.

    Refuses a mentorship that was not running on the event's dates and anyone of it who
    already takes part; raises ValidationError with Russian messages and saves nothing.
    """
    _lock(event)
    mentors, mentees = list(mentorship.mentors.all()), list(mentorship.mentees.all())
    errors = _not_running(event, mentorship) + _already_taking_part(event, [*mentors, *mentees])
    if errors:
        raise ValidationError(errors)
    roles = [(p, ParticipantRole.MENTOR) for p in mentors] + [
        (p, ParticipantRole.MENTEE) for p in mentees
    ]
    return _save(
        [
            EventParticipation(
                event=event,
                person=person,
                role=role,
                mentorship=mentorship,
                place=place,
                result=result,
            )
            for person, role in roles
        ]
    )


@transaction.atomic
def add_participant(
    *,
    event: Event,
    person: Person,
    role: str,
    mentorship: Mentorship | None = None,
    place: int | None = None,
    result: str = "",
) -> EventParticipation:
    """Enters one person as a participant of the event, for a mentorship or on their own.

    Refuses a person who already takes part, and, for a mentorship, one that was not running
    on the event's dates or in which the person does not have that role. Raises
    ValidationError with Russian messages and saves nothing.
    """
    _lock(event)
    errors = _already_taking_part(event, [person])
    if mentorship is not None:
        errors += _not_running(event, mentorship)
        side = mentorship.mentors if role == ParticipantRole.MENTOR else mentorship.mentees
        if not side.filter(pk=person.pk).exists():
            message = (
                _("%(name)s is not a mentor of mentorship No. %(number)s.")
                if role == ParticipantRole.MENTOR
                else _("%(name)s is not a mentee of mentorship No. %(number)s.")
            )
            errors.append(message % {"name": person.full_name, "number": mentorship.pk})
    if errors:
        raise ValidationError(errors)
    participation = EventParticipation(
        event=event, person=person, role=role, mentorship=mentorship, place=place, result=result
    )
    return _save([participation])[0]


@transaction.atomic
def delete_event(*, event: Event) -> None:
    """Deletes an event nobody took part in; an event with participants keeps their results,
    so it is refused with a Russian message."""
    _lock(event)
    if event.participations.exists():
        raise ValidationError(
            _(
                "The event «%(event)s» has participants, and their places and results would be "
                "lost with it. Remove the participants first."
            )
            % {"event": event.title}
        )
    event.delete()
