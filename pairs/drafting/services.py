"""Confirming drafts by a decision recorded on the spot, or by a recorded one whose scan is
attached now. Both are one transaction with the confirmation: a refused confirmation leaves
neither the new decision nor the scan behind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from pairs.mentorships.services import confirm_mentorships
from pairs.models import Decision, Mentorship
from registry.models import PartnerOrganization

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass(frozen=True)
class NewDecision:
    """What a decision recorded together with the confirmation says (section 5)."""

    body: str
    number: str
    decided_on: dt.date
    partner: PartnerOrganization | None = None
    student_council_opinion: str = ""
    school_curator_opinion: str = ""
    college_approval: str = ""
    notes: str = ""


def confirm_by_new_decision(
    *, drafts: Sequence[Mentorship], decision: NewDecision, scan: File, user: User | None
) -> tuple[Decision, list[Mentorship]]:
    """Records the decision with its scan and confirms the drafts by it, all or nothing.

    Raises ValidationError (Russian messages) when the decision is invalid or any draft is
    refused; then no decision is saved and the uploaded scan is removed again.
    """
    recorded = Decision(
        body=decision.body,
        number=decision.number.strip(),
        decided_on=decision.decided_on,
        partner=decision.partner,
        student_council_opinion=decision.student_council_opinion.strip(),
        school_curator_opinion=decision.school_curator_opinion.strip(),
        college_approval=decision.college_approval.strip(),
        notes=decision.notes.strip(),
        scan=scan,
    )
    try:
        with transaction.atomic():
            recorded.full_clean()
            recorded.save()
            confirmed = confirm_mentorships(drafts=drafts, decision=recorded, user=user)
    except BaseException:
        _remove_stored(recorded)
        raise
    return recorded, confirmed


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
