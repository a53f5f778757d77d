"""Decisions (протоколы, приказы) of the bodies section 5 of the Положение names: the one way a
decision is recorded, for the pools and for confirming drafts alike."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from pairs.models import Decision


def check_decided_on(decided_on: dt.date | None, *, today: dt.date | None = None) -> None:
    """A decision records what a body has already decided: it is never dated in the future."""
    if decided_on is not None and decided_on > (today or timezone.localdate()):
        raise ValidationError({"decided_on": _("The decision's date cannot be in the future.")})


def record_decision(decision: Decision, *, today: dt.date | None = None) -> Decision:
    """Checks a new decision (its date, and the model's own rules) and saves it.

    Raises ValidationError by field, in Russian; then nothing is saved. The caller's
    transaction decides whether the decision stays when what it was recorded for is refused.
    """
    decision.number = decision.number.strip()
    for name in ("student_council_opinion", "school_curator_opinion", "college_approval", "notes"):
        setattr(decision, name, getattr(decision, name).strip())
    check_decided_on(decision.decided_on, today=today)
    decision.full_clean()
    decision.save()
    return decision
