"""The honour board's photos under the consents to publishing them (152-ФЗ): for its page and
for the file view that serves the uploads."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils import timezone

from core.http import AnyUser
from registry.models import Consent, Incentive

# Who keeps the honour board (the curator): sees a photo without a consent to publishing it.
HONOUR_BOARD_KEEPER = "registry.change_incentive"


def photo_consented(mentor: str = "mentor_id") -> Exists:
    """Whether the mentor (`mentor`, a field path to their id in the outer query) has a valid
    consent to publishing their photo today: a subquery, not a query per row."""
    consents = Consent.objects.photo_valid_on(timezone.localdate())
    return Exists(consents.filter(person=OuterRef(mentor)))


def may_see_photo(user: AnyUser, name: str) -> bool:
    """Whether the user may open the honour board's photo stored as `name` ("honour-board/…"):
    the curator always; anyone else only while its mentor consents to publishing it."""
    if user.has_perm(HONOUR_BOARD_KEEPER):
        return True
    return Incentive.objects.filter(photo=name).filter(photo_consented()).exists()
