"""What monitoring does when a mentorship's life changes (pairs.signals): a confirmed pair's
participants get their entry questionnaires, a closed pair's their exit ones. The receivers
run inside the pairs service's transaction, so the assignments and the change commit together."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reports.monitoring.assignments import issue_entry, issue_exit

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from pairs.models import Mentorship


def on_confirmed(sender: type, *, mentorship: Mentorship, user: User | None, **kwargs: Any) -> None:
    issue_entry(mentorship, user=user)


def on_closed(sender: type, *, mentorship: Mentorship, user: User | None, **kwargs: Any) -> None:
    issue_exit(mentorship, user=user)
