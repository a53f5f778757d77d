"""The one way a row of the access log is written (152-ФЗ): who viewed, exported or printed
special-category data (ОВЗ, risk group) or a whole base of people.

Only who, what and whose are kept, never the special data itself. A row and its people take
two queries whatever their number, so a list page stays at a constant count.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest
from django.utils.functional import Promise

from registry.models import (
    AccessAction,
    AccessLogEntry,
    AccessLogPerson,
    Person,
    search_key,
)

PATH_LENGTH = AccessLogEntry._meta.get_field("path").max_length or 2000
WHAT_LENGTH = AccessLogEntry._meta.get_field("what").max_length or 200


def _user_name(user: User) -> str:
    full_name = f"{user.last_name} {user.first_name}".strip()
    return f"{full_name} ({user.username})" if full_name else user.username


def record_access(
    request_or_user: HttpRequest | User | AnonymousUser,
    *,
    action: AccessAction,
    what: str | Promise,
    people: Iterable[Person] = (),
    count: int | None = None,
) -> AccessLogEntry:
    """Records that the user (of the request) took `action` on `what` (a page or document,
    as people read it): the people whose data it showed, with their names as they are now,
    and `count`, how many people it held (the number of `people` when not given)."""
    user: object
    if isinstance(request_or_user, HttpRequest):
        user, path = request_or_user.user, request_or_user.get_full_path()
    else:
        user, path = request_or_user, ""
    shown = list({person.pk: person for person in people}.values())
    account = user if isinstance(user, User) and user.is_authenticated else None
    entry = AccessLogEntry.objects.create(
        user=account,
        user_name=_user_name(account) if account is not None else "",
        action=action,
        what=str(what)[:WHAT_LENGTH],
        people_count=len(shown) if count is None else count,
        path=path[:PATH_LENGTH],
    )
    if shown:
        AccessLogPerson.objects.bulk_create(
            AccessLogPerson(
                entry=entry,
                person_id=person.pk,
                name=person.full_name,
                search_name=search_key(person.full_name),
            )
            for person in shown
        )
    return entry
