"""What the pages read of the logins: which roles a person may be given, whose login the
curator may not touch, the list of logins and the account block of a person's page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from core.roles import Role, user_roles
from core.versions import fingerprint
from registry.models import (
    OneTimePassword,
    PartnerCurator,
    PartnerEmployee,
    Person,
    PersonKind,
    Teacher,
    search_key,
)

# A login belongs to a person of the bases or to a partner's curator (who need not be one).
Holder = Person | PartnerCurator

# The roles a login may be given here, by who its holder is. The curator's and the
# director's are given only in the admin, by the superuser.
TEACHER_ROLES: tuple[Role, ...] = (Role.TEACHER, Role.METHODIST, Role.FORMAT_LEAD)
PARTNER_ROLES: tuple[Role, ...] = (Role.PARTNER_CURATOR,)
# Logins the curator may neither block nor reset: whoever could then act as them.
PROTECTED_ROLES: tuple[Role, ...] = (Role.CURATOR, Role.DIRECTOR)


def holder_names(holder: Holder) -> tuple[str, str, str]:
    """Last name, first name and patronymic of the holder."""
    if isinstance(holder, Person):
        return holder.last_name, holder.first_name, holder.patronymic
    parts = holder.full_name.split()
    return (
        parts[0] if parts else "",
        parts[1] if len(parts) > 1 else "",
        " ".join(parts[2:]),
    )


def matching_partner_curator(employee: PartnerEmployee) -> PartnerCurator | None:
    """The partner's curator recorded under the employee's name at their organization,
    without a login yet: the one a login of the employee would act as."""
    for curator in PartnerCurator.objects.filter(
        organization_id=employee.organization_id, user__isnull=True
    ).order_by("pk"):
        if search_key(curator.full_name) == employee.search_name:
            return curator
    return None


def roles_for(holder: Holder) -> tuple[Role, ...]:
    """The roles a login of the holder may have: a teacher's login is a teacher's, a
    methodist's or a format lead's; a partner's curator's is a partner's curator's (a partner
    employee's only if they are recorded as the partner's curator); students and pupils get
    none, nor anyone whose personal data were destroyed."""
    if isinstance(holder, Person) and holder.anonymised_on is not None:
        return ()
    if isinstance(holder, PartnerCurator):
        return PARTNER_ROLES
    if isinstance(holder, Teacher):
        return TEACHER_ROLES
    if isinstance(holder, PartnerEmployee) and matching_partner_curator(holder) is not None:
        return PARTNER_ROLES
    return ()


def is_protected(account: User) -> bool:
    """The superuser's, the admin's staff's, the curator's and the director's logins: only the
    admin changes them."""
    return (
        account.is_superuser
        or account.is_staff
        or any(role in PROTECTED_ROLES for role in user_roles(account))
    )


def account_token(account: User) -> str:
    """What a confirmation form saw of the login: its state and its last one-time password. A
    block, unblock or reset made from an older token is refused as stale."""
    issued = OneTimePassword.objects.filter(user=account).values_list("issued_at", flat=True)
    return fingerprint(account.is_active, issued.first())


@dataclass(frozen=True)
class AccountBlock:
    """The «Учётная запись» block of a person's page, for the curator."""

    account: User | None
    roles: list[Role]
    must_change_password: bool
    may_create: bool
    may_manage: bool
    offered_roles: tuple[Role, ...]


def account_block(viewer: User, person: Person) -> dict[str, Any]:
    """The person page's context for the block, empty for a user who does not see logins."""
    if not viewer.has_perm("auth.view_user"):
        return {}
    may_issue = viewer.has_perm("registry.add_onetimepassword")
    account = person.user
    if account is None:
        offered = roles_for(person.concrete)
        if not offered and person.kind in (PersonKind.STUDENT, PersonKind.PUPIL):
            return {}  # students and pupils never get a login
        block = AccountBlock(None, [], False, may_issue and bool(offered), False, offered)
    else:
        block = AccountBlock(
            account,
            user_roles(account),
            OneTimePassword.objects.filter(user=account).exists(),
            False,
            may_issue and account != viewer and not is_protected(account),
            (),
        )
    return {"account_block": block}


def logins() -> QuerySet[User]:
    """Every login with its person or partner's curator, roles and one-time password loaded
    (three queries whatever the number of rows), the holder's name first."""
    return (
        User.objects.select_related("person", "partner_curator__organization", "one_time_password")
        .prefetch_related("groups")
        .order_by("last_name", "first_name", "username")
    )


def search_logins(accounts: QuerySet[User], text: str) -> QuerySet[User]:
    """Every word in the person's name (Russian, any case, ё as е), or in the login name or
    the user's own name."""
    for word in search_key(text).split():
        accounts = accounts.filter(
            Q(person__search_name__contains=word)
            | Q(username__icontains=word)
            | Q(last_name__icontains=word)
            | Q(last_name__icontains=word.capitalize())
            | Q(partner_curator__full_name__icontains=word.capitalize())
        )
    return accounts


def holder_of(account: User) -> Holder | None:
    """The person or the partner's curator whose login it is."""
    person = Person.objects.filter(user=account).first()
    if person is not None:
        return person.concrete if person.kind else person
    return PartnerCurator.objects.filter(user=account).first()
