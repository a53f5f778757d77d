"""Workflows on the college's own entries in contests on organizing mentoring (the plan's row
on taking part in regional and all-Russian contests)."""

from __future__ import annotations

import datetime as dt
from operator import attrgetter

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import format_day
from core.versions import lock_at_version
from programs.models import ContestEntry, ContestResult


def check_contest_rules(
    *,
    submitted_on: dt.date,
    result: str,
    has_diploma: bool,
    today: dt.date | None = None,
) -> dict[str, list[str]]:
    """Every rule the entry breaks, by field, as Russian messages naming the field."""
    errors: dict[str, list[str]] = {}
    today = today or timezone.localdate()
    if result != ContestResult.PENDING and submitted_on >= today:
        errors["result"] = [
            _(
                "Result: «%(result)s» is known only for an entry submitted before today, and "
                "«Submitted on» is %(date)s. Choose «%(pending)s» or correct the date."
            )
            % {
                "result": ContestResult(result).label,
                "date": format_day(submitted_on),
                "pending": ContestResult.PENDING.label,
            }
        ]
    if has_diploma and result == ContestResult.PENDING:
        errors["diploma"] = [
            _(
                "Diploma: it goes only with a known result (%(results)s), and «Result» is "
                "«%(pending)s». Choose the result or remove the diploma."
            )
            % {
                "results": ", ".join(
                    f"«{choice.label}»"
                    for choice in (
                        ContestResult.PARTICIPANT,
                        ContestResult.LAUREATE,
                        ContestResult.WINNER,
                    )
                ),
                "pending": ContestResult.PENDING.label,
            }
        ]
    return errors


def _delete_file_after_commit(name: str) -> None:
    # The old diploma goes only once the change is committed: a rolled back change still
    # needs it.
    storage = ContestEntry._meta.get_field("diploma").storage
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def create_contest_entry(
    *,
    contest: str,
    level: str,
    nomination: str,
    practice: str,
    submitted_on: dt.date,
    result: str,
    diploma: File | None = None,
    today: dt.date | None = None,
) -> ContestEntry:
    """Records an entry of the college in a contest, or refuses and saves nothing (the
    diploma file included).

    Raises ValidationError by field, with Russian messages.
    """
    errors = check_contest_rules(
        submitted_on=submitted_on, result=result, has_diploma=diploma is not None, today=today
    )
    if errors:
        raise ValidationError(errors)
    entry = ContestEntry(
        contest=contest,
        level=level,
        nomination=nomination,
        practice=practice,
        submitted_on=submitted_on,
        result=result,
    )
    if diploma is not None:
        entry.diploma = diploma
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def update_contest_entry(
    entry: ContestEntry,
    *,
    version: int,
    contest: str,
    level: str,
    nomination: str,
    practice: str,
    submitted_on: dt.date,
    result: str,
    diploma: File | None = None,
    clear_diploma: bool = False,
    today: dt.date | None = None,
) -> ContestEntry:
    """Changes an entry by the same rules as `create_contest_entry`.

    `diploma` replaces the diploma, `clear_diploma` removes it; with neither, it stays.
    Refused, and nothing saved, if someone else changed or deleted the entry since `version`
    was read. Returns the saved row with its version raised.
    """
    locked = lock_at_version(
        ContestEntry.objects.all(),
        entry.pk,
        seen=version,
        token=attrgetter("version"),
        what=_("the entry in «%(contest)s»") % {"contest": entry.contest},
    )
    old_diploma = locked.diploma.name
    keeps_diploma = diploma is not None or (bool(old_diploma) and not clear_diploma)
    errors = check_contest_rules(
        submitted_on=submitted_on, result=result, has_diploma=keeps_diploma, today=today
    )
    if errors:
        raise ValidationError(errors)
    locked.contest = contest
    locked.level = level
    locked.nomination = nomination
    locked.practice = practice
    locked.submitted_on = submitted_on
    locked.result = result
    if diploma is not None:
        locked.diploma = diploma
    elif clear_diploma:
        locked.diploma = ""
    locked.version += 1
    locked.full_clean()
    locked.save()
    if old_diploma and old_diploma != locked.diploma.name:
        _delete_file_after_commit(old_diploma)
    return locked


@transaction.atomic
def delete_contest_entry(*, entry: ContestEntry) -> None:
    """Deletes an entry together with its diploma file."""
    diploma = entry.diploma.name
    entry.delete()
    if diploma:
        _delete_file_after_commit(diploma)
