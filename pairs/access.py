"""Who may do what with one mentorship, for views and templates alike.

Which rows a user sees, manages or keeps is said once, by the querysets
(`Mentorship.objects.visible_to`, `managed_by`, `kept_by`); these functions answer the same
questions of one loaded mentorship, without a query where the role decides alone.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from pairs.models import Mentorship


def may_manage(user: User | AnonymousUser, mentorship: Mentorship) -> bool:
    """Whether the user drafts, confirms, edits and closes the mentorship: whether
    `Mentorship.objects.managed_by(user)` holds it."""
    if not user.is_authenticated or not user.has_perm("pairs.change_mentorship"):
        return False
    if user.has_perm("pairs.form_any_format"):
        return True
    return Mentorship.objects.managed_by(user).filter(pk=mentorship.pk).exists()


def keeps_work(user: User | AnonymousUser, mentorship: Mentorship, *, manages: bool) -> bool:
    """Whether the user keeps the mentorship's work (meetings, the personal plan): whether
    `Mentorship.objects.kept_by(user)` holds it, read off the loaded mentors. `manages` is
    `may_manage(user, mentorship)`, which the caller has already."""
    return manages or any(
        person.user_id == user.pk and user.is_authenticated for person in mentorship.mentors.all()
    )
