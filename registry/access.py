"""Who is limited to a partner organization: the one rule of the partner scope.

The querysets apply it (`PartnerOrganization.objects.open_to` and `visible_to`,
`Person.objects.visible_to`, each concrete kind's too); views and services ask them.
"""

from __future__ import annotations

from core.http import AnyUser
from core.roles import COLLEGE_ROLES, Role, has_role


def is_college_staff(user: AnyUser) -> bool:
    """Whether the user holds a college role (`COLLEGE_ROLES`) or is a superuser: such a user
    is never limited to a partner organization, nor linked as a partner's curator."""
    return user.is_authenticated and (user.is_superuser or has_role(user, *COLLEGE_ROLES))


def limited_to_partners(user: AnyUser) -> bool:
    """Whether the user sees only the partners they curate, their pupils and staff: a
    partner's curator, while they hold no other role. A user with any college role (the
    teacher's too) or a superuser is not limited; what they see is then what their
    permissions give."""
    return (
        user.is_authenticated
        and has_role(user, Role.PARTNER_CURATOR)
        and not is_college_staff(user)
    )
