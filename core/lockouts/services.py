"""Unlocking a login before its cool-off ends."""

from __future__ import annotations

import logging

from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.db import transaction

from core.lockouts.selectors import attempts_like

logger = logging.getLogger(__name__)


@transaction.atomic
def unlock(attempt: AccessAttempt, *, by: User) -> int:
    """Lets the attempt's user name log in again from its address at once: deletes its failed
    attempts there, from every browser, and returns how many rows went. The failure log keeps
    them. (Not `axes.utils.reset`: it drops a filter whose value is absent, so an attempt
    with no address would unlock the user name everywhere.)"""
    _total, deleted = attempts_like(attempt).delete()
    logger.warning(
        "Login of %r from %s unlocked by %s", attempt.username, attempt.ip_address, by.username
    )
    return deleted.get("axes.AccessAttempt", 0)
