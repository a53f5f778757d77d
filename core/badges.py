"""One colour per status, everywhere a status is shown as a badge: a pair's (mentorship),
a pool entry's, a proposal's and an action plan run's. The statuses' values differ from one
kind to the other, so one mapping serves all; the same meaning has the same colour (waiting:
yellow, in force or done: green, over: grey, late: red)."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString

STATUS_BADGES: dict[str, str] = {
    # A pair (pairs.models.MentorshipStatus).
    "draft": "text-bg-light border",
    "active": "text-bg-success",
    "completed": "text-bg-secondary",
    "terminated": "text-bg-warning",
    # A pool entry (pairs.models.PoolStatus).
    "proposed": "text-bg-warning",
    "included": "text-bg-success",
    "excluded": "text-bg-secondary",
    # A proposal (pairs.models.ProposalStatus).
    "pending": "text-bg-warning",
    "accepted": "text-bg-success",
    "rejected": "text-bg-secondary",
    # An action plan run (programs.models.RunStatus and «overdue»).
    "planned": "text-bg-light border",
    "in_progress": "text-bg-info",
    "done": "text-bg-success",
    "overdue": "text-bg-danger",
    "cancelled": "text-bg-secondary",
}


def status_badge(status: str, label: object, *, testid: str = "") -> SafeString:
    """The badge of a status: its colour by `STATUS_BADGES`, its words `label`."""
    if testid:
        return format_html(
            '<span class="badge {}" data-status="{}" data-testid="{}">{}</span>',
            STATUS_BADGES[status],
            status,
            testid,
            label,
        )
    return format_html(
        '<span class="badge {}" data-status="{}">{}</span>', STATUS_BADGES[status], status, label
    )
