"""What the lockout pages read of django-axes' records.

Attempts are counted as axes counts them with `AXES_LOCKOUT_PARAMETERS` =
[["username", "ip_address"]]: a user name is locked from one address when its failures there
within the cool-off reach `AXES_FAILURE_LIMIT`; other addresses, and other user names from
that address, may still log in. axes keeps one `AccessAttempt` row per user name, address
and browser (user agent) and adds their failures up; a row stops counting once it is older
than the cool-off.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone


@dataclass(frozen=True)
class Lockout:
    """A user name locked from one address."""

    pk: int  # its newest AccessAttempt: what the unlock page is reached by
    username: str | None
    ip_address: str | None
    failures: int
    last_attempt: dt.datetime
    ends_at: dt.datetime


def cool_off() -> dt.timedelta:
    cool_off: dt.timedelta = settings.AXES_COOLOFF_TIME
    return cool_off


def _lockout(attempts: list[AccessAttempt]) -> Lockout | None:
    """The lockout of one user name and address, given its attempts within the cool-off,
    newest first; None if they fall short of the limit. It ends when the newest rows alone no
    longer reach the limit: as soon as the row that brings their count to it grows too old."""
    counted = 0
    for attempt in attempts:
        counted += attempt.failures_since_start
        if counted >= settings.AXES_FAILURE_LIMIT:
            newest = attempts[0]
            return Lockout(
                pk=newest.pk,
                username=newest.username,
                ip_address=newest.ip_address,
                failures=sum(row.failures_since_start for row in attempts),
                last_attempt=newest.attempt_time,
                ends_at=attempt.attempt_time + cool_off(),
            )
    return None


def _counting() -> QuerySet[AccessAttempt]:
    """The attempts that still count (axes' own threshold), newest first."""
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off()).order_by(
        "-attempt_time", "-pk"
    )


def _grouped(attempts: Iterable[AccessAttempt]) -> list[list[AccessAttempt]]:
    groups: dict[tuple[str | None, str | None], list[AccessAttempt]] = {}
    for attempt in attempts:
        groups.setdefault((attempt.username, attempt.ip_address), []).append(attempt)
    return list(groups.values())


def current_lockouts() -> list[Lockout]:
    """Every user name locked from an address, the latest attempt first (one query)."""
    lockouts = (_lockout(group) for group in _grouped(_counting()))
    return [lockout for lockout in lockouts if lockout is not None]


def lockout_of(username: str | None, ip_address: str | None) -> Lockout | None:
    """The lockout of one user name from one address, if it is locked."""
    return _lockout(list(_counting().filter(username=username, ip_address=ip_address)))


def attempts_like(attempt: AccessAttempt) -> QuerySet[AccessAttempt]:
    """The attempts of the same user name from the same address, from any browser. An
    absent user name or address matches only another absent one."""
    return AccessAttempt.objects.filter(username=attempt.username, ip_address=attempt.ip_address)


def recent_failures() -> QuerySet[AccessFailureLog]:
    """Every failed login axes logged (AXES_ENABLE_ACCESS_FAILURE_LOG), newest first."""
    return AccessFailureLog.objects.order_by("-attempt_time", "-pk")
