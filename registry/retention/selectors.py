"""The people whose personal data are due for destruction (152-ФЗ, article 21), each with
why: their consent to taking part in the program was withdrawn or has expired and nothing
of theirs is running, or they left the program (no mentorship or pool entry running, the
last one ended) more than `PERSONAL_DATA_RETENTION_YEARS` years ago.

A fixed number of queries whatever the number of people: the apps' participation (pairs
registers it, `registry.retention.parts`), the program consents, the people listed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings
from django.utils.translation import gettext as _

from core.dates import format_day
from registry.models import PERSON_DETAILS, Consent, ConsentPurpose, Person
from registry.retention.parts import participation_on


class Ground(StrEnum):
    CONSENT_WITHDRAWN = "consent_withdrawn"
    CONSENT_EXPIRED = "consent_expired"
    LEFT_PROGRAM = "left_program"


@dataclass(frozen=True)
class Reason:
    """Why a person's data are due: the ground, its date, in words."""

    ground: Ground
    on: dt.date
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass
class Due:
    """A person due for destruction and the reasons."""

    person: Person
    reasons: list[Reason] = field(default_factory=list)


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _consent_reasons(today: dt.date) -> dict[int, Reason]:
    """The people whose program consents have all ended, with how the last one ended."""
    last_end: dict[int, tuple[dt.date, bool]] = {}
    valid: set[int] = set()
    consents = Consent.objects.filter(purpose=ConsentPurpose.PROGRAM, given_on__lte=today)
    for pk, until, withdrawn in consents.values_list("person_id", "valid_until", "withdrawn_on"):
        # A consent ends on the day it is withdrawn, or the day after it is valid until.
        ends: list[tuple[dt.date, bool]] = []
        if withdrawn is not None:
            ends.append((withdrawn, True))
        if until is not None:
            ends.append((until + dt.timedelta(days=1), False))
        end = min(ends) if ends else None
        if end is None or end[0] > today:
            valid.add(pk)
        elif pk not in last_end or end[0] > last_end[pk][0]:
            last_end[pk] = end
    reasons: dict[int, Reason] = {}
    for pk, (day, by_withdrawal) in last_end.items():
        if pk in valid:
            continue
        if by_withdrawal:
            text = _("the consent to taking part in the program was withdrawn on %(date)s")
            reasons[pk] = Reason(Ground.CONSENT_WITHDRAWN, day, text % {"date": format_day(day)})
        else:
            day -= dt.timedelta(days=1)
            text = _("the consent to taking part in the program expired on %(date)s")
            reasons[pk] = Reason(Ground.CONSENT_EXPIRED, day, text % {"date": format_day(day)})
    return reasons


def due_for_destruction(today: dt.date, *, years: int | None = None) -> list[Due]:
    """Everyone whose data are due for destruction on `today`, in alphabetical order; the
    people already anonymised are not among them."""
    years = settings.PERSONAL_DATA_RETENTION_YEARS if years is None else years
    cutoff = years_before(today, years)
    participation = participation_on(today)
    due: dict[int, list[Reason]] = {}
    for pk, reason in _consent_reasons(today).items():
        part = participation.get(pk)
        if part is None or not part.running:
            due.setdefault(pk, []).append(reason)
    for pk, part in participation.items():
        if not part.running and part.last_ended_on is not None and part.last_ended_on < cutoff:
            text = _(
                "took part in the program until %(date)s; the retention period (%(years)s "
                "years) has passed"
            ) % {"date": format_day(part.last_ended_on), "years": years}
            due.setdefault(pk, []).append(Reason(Ground.LEFT_PROGRAM, part.last_ended_on, text))
    people = (
        Person.objects.filter(pk__in=due, anonymised_on__isnull=True)
        .select_related(*PERSON_DETAILS)
        .in_russian_order()
    )
    return [Due(person, due[person.pk]) for person in people]
