"""Workflows on mentorships: drafting, confirming by a decision, editing, deleting a draft,
with their row locks and history. Every rule they check is in `pairs.rules`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Q
from django.utils.translation import gettext as _

from core.dates import format_day
from core.versions import stale_write
from pairs.models import (
    OPEN_STATUSES,
    ChangeAction,
    Decision,
    Mentorship,
    MentorshipChange,
    MentorshipStatus,
)
from pairs.rules import check_mentorship_rules
from pairs.signals import mentorship_confirmed
from programs.models import FormatVariant, MentoringFormat
from registry.models import (
    Person,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User


# Which concrete kinds of person may be mentors and mentees in each format (section 3).
def _lock_people(people: Sequence[Person]) -> None:
    """Locks the people's rows (in id order, so two confirmations never deadlock) until the
    transaction ends: a second confirmation for the same mentor or mentee waits here, then
    sees the first one's mentorships in the capacity and one-per-format checks (PostgreSQL;
    SQLite runs one writer at a time anyway)."""
    ids = sorted({person.pk for person in people})
    # NO KEY UPDATE: still one holder at a time, yet rows that merely refer to a person
    # (pool entries, the mentorships' people) are not held up by it.
    list(
        Person.objects.select_for_update(no_key=True).filter(pk__in=ids).order_by("pk").values("pk")
    )


def record_change(
    mentorship: Mentorship,
    *,
    action: str,
    user: User | None,
    details: list[dict[str, str]] | None = None,
) -> MentorshipChange:
    """Adds an entry to the mentorship's history."""
    return MentorshipChange.objects.create(
        mentorship=mentorship, action=action, changed_by=user, details=details or []
    )


def change_details(
    before: Mapping[str, object], after: Mapping[str, object]
) -> list[dict[str, str]]:
    """The fields whose shown value differs, as the history keeps them."""
    return [
        {"field": name, "old": _shown(before[name]), "new": _shown(after[name])}
        for name in after
        if _shown(before.get(name)) != _shown(after[name])
    ]


def _shown(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return format_day(value)
    if isinstance(value, list | tuple | set):
        return ", ".join(sorted(_shown(item) for item in value))
    if isinstance(value, Person):
        return value.full_name
    if isinstance(value, Model):
        return str(value)
    return str(value)


def lock_mentorship(mentorship: Mentorship) -> Mentorship | None:
    """The mentorship's row, locked until the transaction ends (None if it is gone).

    NO KEY UPDATE keeps out every other editor, yet not the rows that only refer to the
    mentorship (a meeting, a history entry: PostgreSQL checks such a reference at commit with
    a key-share lock), so adding those never waits for an edit or deadlocks with it. Only
    the mentorship's own row is locked, not the format joined for the checks.
    """
    return (
        Mentorship.objects.select_for_update(of=("self",), no_key=True)
        .select_related("format")
        .filter(pk=mentorship.pk)
        .first()
    )


def bump_version(mentorship: Mentorship, *, version: int) -> Mentorship:
    """Locks the mentorship and checks that it is still at the version the user's form was
    made from; refuses if someone else changed it meanwhile. Returns the locked row, with
    its version already raised (saved by the caller's `save()`)."""
    locked = lock_mentorship(mentorship)
    # A draft deleted meanwhile is a change by someone else too.
    if locked is None or locked.version != version:
        raise stale_write(_("mentorship No. %(id)s") % {"id": mentorship.pk})
    locked.version += 1
    return locked


def _participants_snapshot(mentorship: Mentorship) -> dict[str, object]:
    return {
        "mentors": list(mentorship.mentors.all()),
        "mentees": list(mentorship.mentees.all()),
        "variant": mentorship.variant,
        "started_on": mentorship.started_on,
        "planned_end_on": mentorship.planned_end_on,
    }


@transaction.atomic
def draft_mentorship(
    *,
    format: MentoringFormat,
    variant: FormatVariant | None,
    mentors: Sequence[Person],
    mentees: Sequence[Person],
    started_on: dt.date,
    planned_end_on: dt.date,
    created_by: User | None = None,
) -> Mentorship:
    """Creates a draft mentorship: every rule but the decision's already holds. It enters the
    registry when a decision confirms it (`confirm_mentorships`).

    Raises ValidationError with one Russian message per broken rule.
    """
    mentors, mentees = list(dict.fromkeys(mentors)), list(dict.fromkeys(mentees))
    _lock_people([*mentors, *mentees])
    errors = check_mentorship_rules(
        format=format,
        variant=variant,
        mentors=mentors,
        mentees=mentees,
        decision=None,
        started_on=started_on,
        planned_end_on=planned_end_on,
        draft=True,
    )
    if errors:
        raise ValidationError(errors)
    mentorship = Mentorship(
        format=format,
        variant=variant,
        started_on=started_on,
        planned_end_on=planned_end_on,
        status=MentorshipStatus.DRAFT,
        created_by=created_by,
    )
    mentorship.full_clean()
    mentorship.save()
    mentorship.mentors.set(mentors)
    mentorship.mentees.set(mentees)
    record_change(mentorship, action=ChangeAction.DRAFTED, user=created_by)
    return mentorship


@transaction.atomic
def confirm_mentorships(
    *, drafts: Sequence[Mentorship], decision: Decision, user: User | None
) -> list[Mentorship]:
    """A decision confirms one or many drafts at once: all of them enter the registry as
    active, or, if any breaks a rule, none does.

    The drafts are checked one after another in this transaction, so two drafts of the
    same decision cannot together exceed a mentor's capacity or give a mentee two active
    mentorships of a format. Raises ValidationError naming the draft of each refusal.
    """
    if not drafts:
        raise ValidationError(_("Choose at least one draft mentorship to confirm."))
    errors: list[str] = []
    if not decision.scan:
        errors.append(
            _(
                "Attach the scan of the decision %(decision)s: a decision confirms mentorships "
                "only with its signed protocol or order."
            )
            % {"decision": decision.short_label}
        )
    ids = sorted({draft.pk for draft in drafts})
    # Only the mentorships' rows: PostgreSQL cannot lock the nullable side of the variant's
    # outer join, and locking the format would queue every confirmation of that format.
    locked = list(
        Mentorship.objects.select_for_update(of=("self",), no_key=True)
        .filter(pk__in=ids)
        .select_related("format", "variant")
        .order_by("pk")
    )
    people = Person.objects.filter(
        Q(mentorships_as_mentor__in=ids) | Q(mentorships_as_mentee__in=ids)
    ).distinct()
    _lock_people(list(people))
    confirmed = []
    for mentorship in locked:
        if mentorship.status != MentorshipStatus.DRAFT:
            errors.append(
                _("Mentorship No. %(id)s is no longer a draft (%(status)s).")
                % {"id": mentorship.pk, "status": mentorship.get_status_display()}
            )
            continue
        mentors = list(mentorship.mentors.all())
        mentees = list(mentorship.mentees.all())
        refusals = check_mentorship_rules(
            format=mentorship.format,
            variant=mentorship.variant,
            mentors=mentors,
            mentees=mentees,
            decision=decision,
            started_on=mentorship.started_on,
            planned_end_on=mentorship.planned_end_on,
            exclude=mentorship,
        )
        if refusals:
            errors += [
                _("Draft No. %(id)s: %(refusal)s") % {"id": mentorship.pk, "refusal": refusal}
                for refusal in refusals
            ]
            continue
        # Active now, inside the transaction: the next draft's checks count it.
        mentorship.status = MentorshipStatus.ACTIVE
        mentorship.decision = decision
        mentorship.version += 1
        mentorship.save(update_fields=["status", "decision", "version", "updated_at"])
        confirmed.append(mentorship)
    if len(locked) != len(ids):
        errors.append(_("Some of the chosen drafts no longer exist."))
    if errors:
        transaction.set_rollback(True)
        raise ValidationError(errors)
    for mentorship in confirmed:
        record_change(
            mentorship,
            action=ChangeAction.CONFIRMED,
            user=user,
            details=[{"field": "decision", "old": "", "new": str(decision)}],
        )
        mentorship_confirmed.send(sender=Mentorship, mentorship=mentorship, user=user)
    return confirmed


@transaction.atomic
def create_mentorship(
    *,
    format: MentoringFormat,
    variant: FormatVariant | None,
    mentors: Sequence[Person],
    mentees: Sequence[Person],
    decision: Decision | None,
    started_on: dt.date,
    planned_end_on: dt.date,
    created_by: User | None = None,
) -> Mentorship:
    """Drafts a mentorship and confirms it by the decision at once (the demo and scripts).

    Raises ValidationError with one Russian message per broken rule, and saves nothing.
    """
    errors = check_mentorship_rules(
        format=format,
        variant=variant,
        mentors=mentors,
        mentees=mentees,
        decision=decision,
        started_on=started_on,
        planned_end_on=planned_end_on,
    )
    if errors or decision is None:
        raise ValidationError(errors)
    draft = draft_mentorship(
        format=format,
        variant=variant,
        mentors=mentors,
        mentees=mentees,
        started_on=started_on,
        planned_end_on=planned_end_on,
        created_by=created_by,
    )
    (mentorship,) = confirm_mentorships(drafts=[draft], decision=decision, user=created_by)
    return mentorship


@transaction.atomic
def update_mentorship(
    mentorship: Mentorship,
    *,
    user: User,
    version: int,
    variant: FormatVariant | None,
    mentors: Sequence[Person],
    mentees: Sequence[Person],
    started_on: dt.date,
    planned_end_on: dt.date,
) -> Mentorship:
    """Changes the participants, variant or dates of a draft or active mentorship; every rule
    is checked again (with its decision, once confirmed). Refused if someone else changed the
    mentorship since `version` was read. The history keeps what changed."""
    mentors, mentees = list(dict.fromkeys(mentors)), list(dict.fromkeys(mentees))
    locked = bump_version(mentorship, version=version)
    # The locked row's status: the caller's copy may predate a completion.
    if locked.status not in OPEN_STATUSES:
        raise ValidationError(_("A completed or ended mentorship is not changed any more."))
    _lock_people([*mentors, *mentees])
    before = _participants_snapshot(locked)
    errors = check_mentorship_rules(
        format=locked.format,
        variant=variant,
        mentors=mentors,
        mentees=mentees,
        decision=locked.decision,
        started_on=started_on,
        planned_end_on=planned_end_on,
        exclude=locked,
        draft=locked.status == MentorshipStatus.DRAFT,
    )
    # The meetings already held stay inside the mentorship's period.
    outside = locked.meetings.filter(  # type: ignore[attr-defined]
        Q(held_on__lt=started_on) | Q(held_on__gt=planned_end_on)
    ).order_by("held_on")
    if first := outside.first():
        errors.append(
            _(
                "A meeting of %(date)s is logged for this mentorship: its period must include "
                "the meetings held (%(count)s outside the new dates)."
            )
            % {"date": format_day(first.held_on), "count": outside.count()}
        )
    if errors:
        raise ValidationError(errors)
    locked.variant = variant
    locked.started_on = started_on
    locked.planned_end_on = planned_end_on
    locked.full_clean()
    locked.save()
    locked.mentors.set(mentors)
    locked.mentees.set(mentees)
    after = {
        "mentors": mentors,
        "mentees": mentees,
        "variant": variant,
        "started_on": started_on,
        "planned_end_on": planned_end_on,
    }
    details = change_details(before, after)
    if details:
        record_change(locked, action=ChangeAction.EDITED, user=user, details=details)
    return locked


@transaction.atomic
def delete_draft(mentorship: Mentorship) -> None:
    """Deletes a draft; a confirmed mentorship stays in the registry for good."""
    locked = Mentorship.objects.select_for_update().filter(pk=mentorship.pk).first()
    if locked is None:
        return  # deleted meanwhile by someone else: what was asked is done
    if locked.status != MentorshipStatus.DRAFT:
        raise ValidationError(
            _("Only a draft can be deleted; a confirmed mentorship is completed or ended early.")
        )
    locked.delete()
