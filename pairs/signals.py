"""Signals of a mentorship's life, for the apps above pairs (monitoring issues the entry and
exit questionnaires on them), which pairs does not import.

Both are sent from inside the transaction of the service that changed the mentorship, after
its change is saved: a receiver's writes commit or roll back with it, and a receiver that
raises refuses the change. Sender: the `Mentorship` class; arguments: `mentorship` (the
saved row) and `user` (who did it, or None for a script).
"""

from __future__ import annotations

from django.dispatch import Signal

# A draft became active by a decision (confirm_mentorships, create_mentorship).
mentorship_confirmed = Signal()

# An active mentorship was completed or ended early (complete_mentorship, terminate_mentorship).
mentorship_closed = Signal()
