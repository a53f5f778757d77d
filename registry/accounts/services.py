"""Logins of the people of the bases, given by the curator: creating one with a one-time
password, blocking and unblocking it, resetting its password; and the user's own password.

A one-time password (`OneTimePassword`) means its user must choose their own before doing
anything else (`registry.accounts.middleware`)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from axes.models import AccessAttempt
from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.roles import Role
from core.versions import lock_at_version
from registry.accounts.selectors import (
    Holder,
    account_token,
    holder_names,
    is_protected,
    matching_partner_curator,
    roles_for,
)
from registry.accounts.usernames import propose_username
from registry.models import OneTimePassword, PartnerCurator, PartnerEmployee

# Without the letters and digits that look alike (0 O o, 1 l I, and the like in print).
READABLE_CHARACTERS = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 10


@dataclass(frozen=True)
class IssuedPassword:
    """A login and the one-time password just set on it, shown once and never stored."""

    account: User
    password: str


def generate_password(account: User | None = None) -> str:
    """A random readable password that the site's password validators accept."""
    while True:
        password = "".join(secrets.choice(READABLE_CHARACTERS) for _ in range(PASSWORD_LENGTH))
        # A letter and a digit each, so that it is read as a password and never as a number.
        if not any(c.isdigit() for c in password) or not any(c.isalpha() for c in password):
            continue
        try:
            validate_password(password, account)
        except ValidationError:
            continue
        return password


def _issue(account: User, *, by: User) -> IssuedPassword:
    password = generate_password(account)
    account.set_password(password)
    account.save(update_fields=["password"])
    # Deleted and made anew: `issued_at` is set on creation only.
    OneTimePassword.objects.filter(user=account).delete()
    OneTimePassword.objects.create(user=account, issued_by=by)
    return IssuedPassword(account, password)


def proposed_username(holder: Holder) -> str:
    """The login name a new login of the holder would get: surname and initials."""
    return propose_username(
        *holder_names(holder),
        taken=lambda name: User.objects.filter(username__iexact=name).exists(),
    )


def _check_username(username: str) -> None:
    field = User._meta.get_field("username")
    try:
        field.run_validators(username)
    except ValidationError as error:
        raise ValidationError({"username": error.messages}) from error
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": _("The login %(username)s is taken.") % {"username": username}}
        )


def _locked_holder(holder: Holder) -> Holder:
    """The holder's row, locked, as its concrete kind."""
    if isinstance(holder, PartnerCurator):
        return PartnerCurator.objects.select_for_update().get(pk=holder.pk)
    return type(holder).objects.select_for_update().get(pk=holder.pk)


@transaction.atomic
def create_login(
    *, person: Holder, role: Role | str, user: User, username: str = ""
) -> IssuedPassword:
    """Gives `person` (a teacher, a partner employee who is the partner's curator, or a
    partner's curator) a login in `role` with a one-time password, or refuses and saves
    nothing. The login name is `username`, or surname and initials if it is empty.

    Refused: a person who has a login already, and a role their kind may not have (students
    and pupils none; never the curator's or the director's). Raises ValidationError."""
    holder = _locked_holder(person)
    names = holder_names(holder)
    full_name = " ".join(part for part in names if part)
    existing = holder.user
    if existing is not None:
        raise ValidationError(
            _("%(name)s already has a login: %(username)s.")
            % {"name": full_name, "username": existing.get_username()}
        )
    allowed = roles_for(holder)
    if not allowed:
        raise ValidationError(
            _("%(name)s cannot have a login: logins are for teachers and partners' curators.")
            % {"name": full_name}
        )
    if role not in allowed:
        raise ValidationError(
            {
                "role": _("A login of %(name)s may have the role of %(roles)s only.")
                % {"name": full_name, "roles": ", ".join(str(r.label) for r in allowed)}
            }
        )
    role = Role(role)
    username = username.strip()
    if username:
        _check_username(username)
    else:
        username = proposed_username(holder)
    try:
        with transaction.atomic():
            account = User.objects.create_user(
                username, first_name=names[1], last_name=names[0], password=None
            )
    except IntegrityError as error:
        # Someone took the name a moment ago.
        raise ValidationError(
            {"username": _("The login %(username)s is taken.") % {"username": username}}
        ) from error
    account.groups.add(Group.objects.get(name=role.value))
    holder.user = account
    holder.save(update_fields=["user"])
    if isinstance(holder, PartnerEmployee):
        curator = matching_partner_curator(holder)
        if curator is not None:
            curator.user = account
            curator.save(update_fields=["user"])
    return _issue(account, by=user)


def _locked_account(account: User, *, seen: str | None) -> User:
    return lock_at_version(
        User.objects.all(),
        account.pk,
        seen=seen,
        what=_("the login %(username)s") % {"username": account.get_username()},
        token=account_token,
    )


def _check_may_manage(account: User, *, user: User) -> None:
    if account == user:
        raise ValidationError(_("You cannot block or reset your own login."))
    if is_protected(account):
        raise ValidationError(
            _(
                "The login %(username)s is the curator's, the director's or the administrator's: "
                "only the administrator changes it, in the admin."
            )
            % {"username": account.get_username()}
        )


@transaction.atomic
def block_login(*, account: User, user: User, seen: str | None = None) -> User:
    """Blocks the login: its user can no longer log in, and their open sessions end at
    their next request (the authentication backends refuse an inactive user). Refused for
    one's own login, the curator's, the director's and the admin's, and as stale if the
    login changed since `seen` (`account_token`)."""
    _check_may_manage(account, user=user)
    locked = _locked_account(account, seen=seen)
    if not locked.is_active:
        raise ValidationError(
            _("The login %(username)s is blocked already.") % {"username": locked.username}
        )
    locked.is_active = False
    locked.save(update_fields=["is_active"])
    return locked


@transaction.atomic
def unblock_login(*, account: User, user: User, seen: str | None = None) -> User:
    """Lets the blocked login log in again (with the password it had)."""
    _check_may_manage(account, user=user)
    locked = _locked_account(account, seen=seen)
    if locked.is_active:
        raise ValidationError(
            _("The login %(username)s is not blocked.") % {"username": locked.username}
        )
    locked.is_active = True
    locked.save(update_fields=["is_active"])
    return locked


@transaction.atomic
def reset_password(*, account: User, user: User, seen: str | None = None) -> IssuedPassword:
    """Sets a new one-time password on the login (shown once): its sessions end, as its old
    password no longer holds, its login lockouts are lifted, and its user chooses their own
    password at the next login."""
    _check_may_manage(account, user=user)
    locked = _locked_account(account, seen=seen)
    issued = _issue(locked, by=user)
    # Whoever was locked out guessing the old password may try the new one at once (the
    # failure log keeps the attempts).
    AccessAttempt.objects.filter(username=locked.username).delete()
    return issued


@transaction.atomic
def change_own_password(*, user: User, password: str) -> None:
    """Sets the password the user chose (already checked by the site's password
    validators); a one-time password of theirs is gone with it."""
    user.set_password(password)
    user.save(update_fields=["password"])
    OneTimePassword.objects.filter(user=user).delete()
