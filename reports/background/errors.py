from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.utils.functional import Promise

if TYPE_CHECKING:
    from reports.models import DocumentJob


class DocumentError(Exception):
    """A document that cannot be made as it was asked for; `message` is for its user."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = str(message)


def job_user(job: DocumentJob, permission: str, refusal: str | Promise) -> User:
    """The user who asked for the job, as they are now: a build for someone deactivated or
    no longer allowed `permission` stops with `refusal`, their own words."""
    user = User.objects.filter(pk=job.params.get("user"), is_active=True).first()
    if user is None or not user.has_perm(permission):
        raise DocumentError(refusal)
    return user
