"""What pairs' pages write in the access log (152-ФЗ): a page that shows a mentorship's or a
pool entry's ОВЗ or risk-group variant records who saw it, of whom (the mentees of such a
mentorship, the person of such an entry), through `registry.accesslog.record_access`."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest
from django.utils.functional import Promise

from pairs.models import Mentorship, PoolEntry, Proposal
from registry.accesslog import record_access
from registry.models import AccessAction, Person


def _shows_special(record: Mentorship | PoolEntry | Proposal, hidden: set[int]) -> bool:
    variant = record.variant
    return variant is not None and variant.is_special_category and record.format_id not in hidden


def special_mentees(mentorships: Iterable[Mentorship], hidden: set[int]) -> list[Person]:
    """The mentees of the mentorships whose ОВЗ or risk-group variant the user sees (`hidden`:
    the formats whose variants are hidden from the user)."""
    return [
        mentee
        for mentorship in mentorships
        if _shows_special(mentorship, hidden)
        for mentee in mentorship.mentees.all()
    ]


def special_entry_people(entries: Iterable[PoolEntry | Proposal], hidden: set[int]) -> list[Person]:
    """The people of the pool entries (or proposals) whose ОВЗ or risk-group variant the
    user sees."""
    return [entry.person for entry in entries if _shows_special(entry, hidden)]


def record_special_view(request: HttpRequest, what: str | Promise, people: list[Person]) -> None:
    """Records the page's view when it showed someone's special-category variant."""
    if people:
        record_access(request, action=AccessAction.VIEW, what=what, people=people)
