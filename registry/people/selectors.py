"""What other pages read of the people: whether a name may lead to the person's page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from registry.access import limited_to_partners
from registry.models import PartnerOrganization, Person, PersonKind, kinds_viewable_by

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


class OpenablePeople:
    """Whether the user may open a person's page: what `Person.objects.visible_to(user)`
    says of a whole queryset, asked of people already loaded with `PERSON_DETAILS`, so that
    a list of names links them without a query per row (one in all, for a user limited to
    partners: the organizations they curate)."""

    def __init__(self, user: User | AnonymousUser) -> None:
        self._user = user
        self._kinds = frozenset(kind.KIND for kind in kinds_viewable_by(user))
        self._limited = bool(self._kinds) and limited_to_partners(user)
        self._organizations: frozenset[int] | None = None

    def __call__(self, person: Person) -> bool:
        if person.kind not in self._kinds:
            return False
        if not self._limited:
            return True
        if self._organizations is None:
            self._organizations = frozenset(
                PartnerOrganization.objects.open_to(self._user).values_list("pk", flat=True)
            )
        concrete = person.concrete
        if person.kind == PersonKind.PUPIL:
            return getattr(concrete, "school_id", None) in self._organizations
        if person.kind == PersonKind.PARTNER_EMPLOYEE:
            return getattr(concrete, "organization_id", None) in self._organizations
        return False
