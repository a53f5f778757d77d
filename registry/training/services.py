"""Workflows on the college's mentor trainings (item 3.1) and their attendance: each attendee
has a mentor-training record (`QualificationCourse.session`) that follows the session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from operator import attrgetter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import format_day
from core.versions import lock_at_version
from programs.models import Organization, TrainingAudience, TrainingSession
from registry.models import Person, PersonKind, QualificationCourse

# Who each audience is (item 3.1): students, teachers, the enterprises' staff.
AUDIENCE_KINDS: dict[str, str] = {
    TrainingAudience.STUDENTS: PersonKind.STUDENT,
    TrainingAudience.TEACHERS: PersonKind.TEACHER,
    TrainingAudience.EMPLOYERS: PersonKind.PARTNER_EMPLOYEE,
}

MIN_HOURS = 1
MAX_HOURS = 500


def check_session_rules(*, held_on: dt.date, hours: int) -> dict[str, list[str]]:
    """Every rule the session's fields break, by field, as Russian messages."""
    errors: dict[str, list[str]] = {}
    if held_on > timezone.localdate():
        errors["held_on"] = [
            _(
                "A training is recorded once it is held: %(date)s is after today. "
                "Plan future trainings in the action plan."
            )
            % {"date": format_day(held_on)}
        ]
    if not MIN_HOURS <= hours <= MAX_HOURS:
        errors["hours"] = [_("A training lasts from 1 to 500 hours.")]
    return errors


def _lock(session: TrainingSession) -> TrainingSession:
    # Edits and attendance lock the session's row: a record is always made from the
    # session's saved title, hours and date, whoever else is changing them.
    return TrainingSession.objects.select_for_update().get(pk=session.pk)


@transaction.atomic
def create_session(
    *,
    title: str,
    audience: str,
    held_on: dt.date,
    hours: int,
    led_by: str,
    programme: str = "",
) -> TrainingSession:
    """Records a held mentor training, or refuses and saves nothing."""
    errors = check_session_rules(held_on=held_on, hours=hours)
    if errors:
        raise ValidationError(errors)
    session = TrainingSession(
        title=title,
        audience=audience,
        held_on=held_on,
        hours=hours,
        led_by=led_by,
        programme=programme,
    )
    session.full_clean()
    session.save()
    return session


def _attendees_of_other_kinds(session: TrainingSession, audience: str) -> list[Person]:
    people = Person.objects.filter(courses__session=session).exclude(kind=AUDIENCE_KINDS[audience])
    return list(people.order_by("last_name", "first_name", "patronymic", "id"))


@transaction.atomic
def update_session(
    *,
    session: TrainingSession,
    version: int,
    title: str,
    audience: str,
    held_on: dt.date,
    hours: int,
    led_by: str,
    programme: str = "",
) -> TrainingSession:
    """Changes a session loaded at `version`, and its attendees' training records with it
    (title, hours, date), in one transaction.

    Refuses a stale write: when someone saved the session after `version` was read, nothing
    is saved, so that their change is not silently overwritten. Raises ValidationError with
    Russian messages and saves nothing."""
    locked = lock_at_version(
        TrainingSession.objects.all(),
        session.pk,
        seen=version,
        token=attrgetter("version"),
        what=_("the training «%(title)s»") % {"title": session.title},
    )
    errors = check_session_rules(held_on=held_on, hours=hours)
    if audience != locked.audience:
        others = _attendees_of_other_kinds(locked, audience)
        if others:
            errors["audience"] = [
                _(
                    "The training cannot become one for %(audience)s: %(names)s attended it. "
                    "Remove them from the attendance first."
                )
                % {
                    "audience": TrainingAudience(audience).label,
                    "names": ", ".join(person.full_name for person in others),
                }
            ]
    if errors:
        raise ValidationError(errors)
    locked.title = title
    locked.audience = audience
    locked.held_on = held_on
    locked.hours = hours
    locked.led_by = led_by
    locked.programme = programme
    locked.version += 1
    locked.full_clean()
    locked.save()
    QualificationCourse.objects.filter(session=locked).update(
        title=title, hours=hours, completed_on=held_on
    )
    return locked


@transaction.atomic
def delete_session(*, session: TrainingSession) -> int:
    """Deletes a session with its attendees' training records; returns how many went."""
    locked = _lock(session)
    records = QualificationCourse.objects.filter(session=locked).count()
    locked.delete()
    return records


def training_provider(session: TrainingSession) -> str:
    """Who gave the training, as a person's record has it: the college itself (its short
    name), or whoever led it when the organization's name is not filled in."""
    return Organization.load().short_name or session.led_by


@transaction.atomic
def add_attendees(
    *, session: TrainingSession, people: Sequence[Person]
) -> list[QualificationCourse]:
    """Records that `people` attended the session: each gets a mentor-training record of it.

    All or nothing: a person of another kind than the session's audience, or already
    recorded as attending, is refused by name and nobody is added."""
    locked = _lock(session)
    kind = AUDIENCE_KINDS[locked.audience]
    attending = set(
        QualificationCourse.objects.filter(
            session=locked, person__in=[person.pk for person in people]
        ).values_list("person_id", flat=True)
    )
    errors: list[str] = []
    for person in people:
        if person.kind != kind:
            errors.append(
                _("%(name)s cannot attend: this training is for %(audience)s.")
                % {"name": person.full_name, "audience": locked.get_audience_display()}
            )
        elif person.pk in attending:
            errors.append(
                _("%(name)s is already recorded as attending this training.")
                % {"name": person.full_name}
            )
    if errors:
        raise ValidationError(errors)
    provider = training_provider(locked)
    records = []
    for person in people:
        record = QualificationCourse(
            person=person,
            title=locked.title,
            provider=provider,
            hours=locked.hours,
            completed_on=locked.held_on,
            is_mentor_training=True,
            session=locked,
        )
        record.full_clean()
        record.save()
        records.append(record)
    return records


@transaction.atomic
def remove_attendee(*, record: QualificationCourse) -> None:
    """Takes a person off a session's attendance: their training record of it goes."""
    record.delete()
