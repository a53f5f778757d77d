"""Confirming drafts by a decision recorded on the spot, or by a recorded one whose scan is
attached now. Both are one transaction with the confirmation: a refused confirmation leaves
neither the new decision nor the scan behind."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from pairs.decisions import record_decision
from pairs.mentorships.services import confirm_mentorships
from pairs.models import Decision, Mentorship

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def confirm_by_new_decision(
    *, drafts: Sequence[Mentorship], decision: Decision, user: User | None
) -> tuple[Decision, list[Mentorship]]:
    """Records the new decision (unsaved, with its scan) and confirms the drafts by it, all or
    nothing.

    Raises ValidationError (Russian messages) when the decision is invalid or any draft is
    refused; then no decision is saved and the uploaded scan is removed again.
    """
    if not decision.scan:
        raise ValidationError(
            {"scan": _("Attach the scan: a decision confirms mentorships only with it.")}
        )
    try:
        with transaction.atomic():
            record_decision(decision)
            confirmed = confirm_mentorships(drafts=drafts, decision=decision, user=user)
    except BaseException:
        _remove_stored(decision)
        raise
    return decision, confirmed


def confirm_by_decision(
    *,
    drafts: Sequence[Mentorship],
    decision: Decision,
    scan: File | None = None,
    user: User | None,
) -> list[Mentorship]:
    """Confirms the drafts by a recorded decision, all or nothing; `scan` is attached to a
    decision that has none yet (a scan is never replaced here). When the confirmation is
    refused the decision stays without the scan."""
    if scan is None:
        return confirm_mentorships(drafts=drafts, decision=decision, user=user)
    attached: Decision | None = None
    try:
        with transaction.atomic():
            locked = Decision.objects.select_for_update().get(pk=decision.pk)
            if locked.scan:
                raise ValidationError(
                    _("The decision %(decision)s already has its scan; it is not replaced here.")
                    % {"decision": locked.short_label}
                )
            locked.scan = scan  # type: ignore[assignment]
            locked.full_clean()
            locked.save(update_fields=["scan"])
            attached = locked
            confirmed = confirm_mentorships(drafts=drafts, decision=locked, user=user)
    except BaseException:
        if attached is not None:
            _remove_stored(attached)
        raise
    decision.scan = attached.scan
    return confirmed


def _remove_stored(decision: Decision) -> None:
    """Removes the scan file stored for a decision whose transaction rolled back."""
    name = decision.scan.name if decision.scan else ""
    if name and getattr(decision.scan, "_committed", False) and decision.scan.storage.exists(name):
        decision.scan.storage.delete(name)
