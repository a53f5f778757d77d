"""Running mentorships: meetings, completion against the expected results, ending early, and
who may do which (sections 3 and 4 of the Положение)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import format_day
from core.versions import lock_at_version
from pairs.mentorships.services import bump_version, change_details, lock_mentorship, record_change
from pairs.models import (
    ChangeAction,
    Meeting,
    Mentorship,
    MentorshipResult,
    MentorshipStatus,
    ResultAchievement,
    TerminationReason,
)
from pairs.signals import mentorship_closed
from pairs.work.selectors import attention_scope
from programs.models import Organization

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


# --- Who may do what ---------------------------------------------------------------------


def attention_counts(user: User | AnonymousUser, *, today: dt.date) -> dict[str, int]:
    """How many of the user's managed mentorships are silent and how many have a mentee who
    left the college (the figures of the «Требуют внимания» page), of its `attention_scope`
    (none for a user without that page)."""
    scope = attention_scope(user)
    managed = Mentorship.objects.none() if scope is None else scope
    since = Organization.load().silent_since(today)
    return {
        "silent_count": managed.silent(since=since).count(),
        "departed_count": managed.with_departed_mentees().count(),
    }


# --- Expected results ----------------------------------------------------------------------

# The Положение writes the expected results as one paragraph: clauses separated by «;», or
# sentences. A full stop ends an item only before a capital letter or at the end, so that
# an abbreviation such as «т. е.» does not split one.
_ITEM_SEPARATORS = re.compile(r";|\n|\.(?=\s+[A-ZА-ЯЁ«\"]|\s*$)")
_ITEM_BULLET = re.compile(r"^\s*(?:[-–—•*]|\d+[.)])\s*")


def expected_result_items(text: str) -> list[str]:
    """The expected results of a format or variant as separate items, each capitalized and
    without the punctuation that joined them."""
    items = []
    for part in _ITEM_SEPARATORS.split(text):
        item = _ITEM_BULLET.sub("", part).strip(" \t\r.;,")
        if item:
            items.append(item[0].upper() + item[1:])
    return items


class Assessment(NamedTuple):
    """How far one expected result was met, on completion."""

    expected: str
    achievement: str
    comment: str = ""


# --- Meetings ------------------------------------------------------------------------------


# How long after a meeting is logged the same one sent again is taken for a repeat.
REPEAT_WINDOW = dt.timedelta(minutes=1)


def _meeting_date_errors(mentorship: Mentorship, held_on: dt.date) -> list[str]:
    errors = []
    if mentorship.status != MentorshipStatus.ACTIVE:
        errors.append(
            _(
                "Meetings are logged only for an active mentorship; mentorship No. %(id)s is "
                "%(status)s."
            )
            % {"id": mentorship.pk, "status": mentorship.get_status_display()}
        )
    if held_on < mentorship.started_on:
        errors.append(
            _("A meeting cannot be held before the mentorship started on %(date)s.")
            % {"date": format_day(mentorship.started_on)}
        )
    if held_on > timezone.localdate():
        errors.append(_("A meeting is logged once it has been held: the date is in the future."))
    if mentorship.ended_on is not None and held_on > mentorship.ended_on:
        errors.append(
            _("A meeting cannot be held after the mentorship ended on %(date)s.")
            % {"date": format_day(mentorship.ended_on)}
        )
    return errors


def _lock(mentorship: Mentorship) -> Mentorship:
    """The mentorship's row, locked: a meeting is not logged while it is being closed."""
    locked = lock_mentorship(mentorship)
    if locked is None:
        raise Mentorship.DoesNotExist
    return locked


def _meeting_snapshot(meeting: Meeting) -> dict[str, object]:
    return {
        "held_on": meeting.held_on,
        "duration_minutes": meeting.duration_minutes,
        "format": meeting.get_format_display(),
        "topic": meeting.topic,
        "notes": meeting.notes,
    }


def _meeting_identity(meeting: Meeting) -> list[dict[str, str]]:
    """Which meeting a history entry is about: its date and topic."""
    return [
        {
            "field": "held_on",
            "old": format_day(meeting.held_on),
            "new": format_day(meeting.held_on),
        },
        {"field": "topic", "old": meeting.topic, "new": meeting.topic},
    ]


@transaction.atomic
def log_meeting(
    mentorship: Mentorship,
    *,
    user: User | None,
    held_on: dt.date,
    duration_minutes: int,
    format: str,
    topic: str,
    notes: str = "",
) -> Meeting:
    """Logs a meeting of an active mentorship, held on a day between its start and today.

    The same meeting sent again by the same user within a minute (a double click on the
    button, a form sent twice) is logged once: the meeting logged first is returned.
    Raises ValidationError with the Russian messages of every broken rule; saves nothing then.
    """
    locked = _lock(mentorship)
    errors = _meeting_date_errors(locked, held_on)
    if errors:
        raise ValidationError(errors)
    # The mentorship's lock makes the second of two such requests wait here and find the first.
    repeated = Meeting.objects.filter(
        mentorship=locked,
        held_on=held_on,
        duration_minutes=duration_minutes,
        format=format,
        topic=topic.strip(),
        notes=notes.strip(),
        logged_by=user,
        created_at__gte=timezone.now() - REPEAT_WINDOW,
    ).first()
    if repeated is not None:
        return repeated
    meeting = Meeting(
        mentorship=locked,
        held_on=held_on,
        duration_minutes=duration_minutes,
        format=format,
        topic=topic.strip(),
        notes=notes.strip(),
        logged_by=user,
    )
    meeting.full_clean()
    meeting.save()
    record_change(
        locked,
        action=ChangeAction.MEETING_LOGGED,
        user=user,
        details=[
            {"field": "held_on", "old": "", "new": format_day(meeting.held_on)},
            {"field": "topic", "old": "", "new": meeting.topic},
        ],
    )
    return meeting


@transaction.atomic
def update_meeting(
    meeting: Meeting,
    *,
    user: User | None,
    held_on: dt.date,
    duration_minutes: int,
    format: str,
    topic: str,
    notes: str = "",
    seen: str,
) -> Meeting:
    """Corrects a meeting of an active mentorship; the history keeps what changed.

    `seen` is the meeting's `row_fingerprint` the user's form was made from: a meeting
    someone else changed or deleted since is not overwritten, and nothing is saved."""
    locked = _lock(meeting.mentorship)
    stored = lock_at_version(
        Meeting.objects.all(),
        meeting.pk,
        seen=seen,
        what=_("the meeting of %(date)s") % {"date": format_day(meeting.held_on)},
    )
    errors = _meeting_date_errors(locked, held_on)
    if errors:
        raise ValidationError(errors)
    before = _meeting_snapshot(stored)
    stored.held_on = held_on
    stored.duration_minutes = duration_minutes
    stored.format = format
    stored.topic = topic.strip()
    stored.notes = notes.strip()
    stored.full_clean()
    stored.save()
    details = change_details(before, _meeting_snapshot(stored))
    if details:
        changed = {item["field"] for item in details}
        identity = [item for item in _meeting_identity(stored) if item["field"] not in changed]
        record_change(
            locked, action=ChangeAction.MEETING_CHANGED, user=user, details=identity + details
        )
    return stored


@transaction.atomic
def delete_meeting(meeting: Meeting, *, user: User | None) -> None:
    """Deletes a meeting of an active mentorship (logged by mistake); the history keeps its
    date and topic."""
    locked = _lock(meeting.mentorship)
    if locked.status != MentorshipStatus.ACTIVE:
        raise ValidationError(
            _(
                "The meetings of a mentorship that is not active are kept as they are; "
                "mentorship No. %(id)s is %(status)s."
            )
            % {"id": locked.pk, "status": locked.get_status_display()}
        )
    details = [
        {"field": "held_on", "old": format_day(meeting.held_on), "new": ""},
        {"field": "topic", "old": meeting.topic, "new": ""},
    ]
    Meeting.objects.filter(pk=meeting.pk).delete()
    record_change(locked, action=ChangeAction.MEETING_DELETED, user=user, details=details)


# --- Closing a mentorship ------------------------------------------------------------------


def _closing_errors(mentorship: Mentorship, ended_on: dt.date) -> list[str]:
    """The rules completion and ending early share: an active mentorship, ended between its
    start (and its last meeting) and today."""
    if mentorship.status != MentorshipStatus.ACTIVE:
        return [
            _("Only an active mentorship is completed or ended early; No. %(id)s is %(status)s.")
            % {"id": mentorship.pk, "status": mentorship.get_status_display()}
        ]
    errors = []
    if ended_on < mentorship.started_on:
        errors.append(
            _("A mentorship cannot end before it started on %(date)s.")
            % {"date": format_day(mentorship.started_on)}
        )
    if ended_on > timezone.localdate():
        errors.append(_("The end date cannot be in the future."))
    last_meeting = mentorship.meetings.order_by("-held_on").values_list("held_on", flat=True)
    last = last_meeting.first()
    if last is not None and ended_on < last:
        errors.append(
            _("The mentorship cannot end before its last meeting of %(date)s.")
            % {"date": format_day(last)}
        )
    return errors


def _assessment_errors(expected: list[str], assessments: Sequence[Assessment]) -> list[str]:
    errors = []
    given = [assessment.expected for assessment in assessments]
    for item in expected:
        if item not in given:
            errors.append(_("Assess the expected result «%(result)s».") % {"result": item})
    for text in given:
        if text not in expected:
            errors.append(
                _("«%(result)s» is not an expected result of this mentorship.") % {"result": text}
            )
    if len(set(given)) != len(given):
        errors.append(_("Each expected result is assessed once."))
    for assessment in assessments:
        if assessment.achievement not in ResultAchievement.values:
            errors.append(
                _("Choose how far «%(result)s» was achieved.") % {"result": assessment.expected}
            )
    return errors


@transaction.atomic
def complete_mentorship(
    mentorship: Mentorship,
    *,
    user: User | None,
    version: int,
    ended_on: dt.date,
    results: str,
    assessments: Sequence[Assessment | tuple[str, str, str]],
) -> Mentorship:
    """Completes an active mentorship: how far each expected result of its format (or
    variant) was achieved, and a summary of the results (section 4 of the Положение).

    Refused if someone else changed the mentorship since `version` was read, if any expected
    result is not assessed, or the summary or the end date is wrong; nothing is saved then.
    """
    locked = bump_version(mentorship, version=version)
    checked = [Assessment(*assessment) for assessment in assessments]
    errors = _closing_errors(locked, ended_on)
    if locked.status == MentorshipStatus.ACTIVE:
        if not results.strip():
            errors.append(_("Describe the results of the mentorship."))
        errors += _assessment_errors(expected_result_items(locked.expected_results), checked)
    if errors:
        raise ValidationError(errors)
    before = {"status": locked.get_status_display(), "ended_on": None, "results": locked.results}
    locked.status = MentorshipStatus.COMPLETED
    locked.ended_on = ended_on
    locked.results = results.strip()
    locked.full_clean()
    locked.save()
    MentorshipResult.objects.bulk_create(
        MentorshipResult(
            mentorship=locked,
            position=position,
            expected=assessment.expected,
            achievement=assessment.achievement,
            comment=assessment.comment.strip(),
        )
        for position, assessment in enumerate(checked)
    )
    after = {"status": locked.get_status_display(), "ended_on": ended_on, "results": locked.results}
    record_change(
        locked,
        action=ChangeAction.COMPLETED,
        user=user,
        details=change_details(before, after),
    )
    mentorship_closed.send(sender=Mentorship, mentorship=locked, user=user)
    return locked


@transaction.atomic
def terminate_mentorship(
    mentorship: Mentorship,
    *,
    user: User | None,
    version: int,
    ended_on: dt.date,
    reason: str,
    comment: str,
) -> Mentorship:
    """Ends an active mentorship early, with a reason from the fixed list and a comment.

    Refused if someone else changed the mentorship since `version` was read; nothing is
    saved then.
    """
    locked = bump_version(mentorship, version=version)
    errors = _closing_errors(locked, ended_on)
    if locked.status == MentorshipStatus.ACTIVE:
        if reason not in TerminationReason.values:
            errors.append(_("Choose the reason for ending the mentorship early from the list."))
        if not comment.strip():
            errors.append(_("Explain in a comment why the mentorship ends early."))
    if errors:
        raise ValidationError(errors)
    before = {
        "status": locked.get_status_display(),
        "ended_on": None,
        "termination_reason": "",
        "termination_comment": "",
    }
    locked.status = MentorshipStatus.TERMINATED
    locked.ended_on = ended_on
    locked.termination_reason = reason
    locked.termination_comment = comment.strip()
    locked.full_clean()
    locked.save()
    after = {
        "status": locked.get_status_display(),
        "ended_on": ended_on,
        "termination_reason": locked.get_termination_reason_display(),
        "termination_comment": locked.termination_comment,
    }
    record_change(
        locked,
        action=ChangeAction.TERMINATED,
        user=user,
        details=change_details(before, after),
    )
    mentorship_closed.send(sender=Mentorship, mentorship=locked, user=user)
    return locked
