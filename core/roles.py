"""Roles are Django groups (created by a data migration); access is checked by permission.

The group names are stable codes; people see the translated labels of `Role`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    AnyUser = User | AnonymousUser


class Role(models.TextChoices):
    DIRECTOR = "director", _("director")
    CURATOR = "curator", _("curator")
    FORMAT_LEAD = "format_lead", _("format lead")
    TEACHER = "teacher", _("teacher")
    METHODIST = "methodist", _("methodist")
    PARTNER_CURATOR = "partner_curator", _("partner's curator")


# The roles of the college's own staff: every role but the partner's curator. A user holding
# any of them is not limited to a partner organization (registry.people.services.partner_scope).
COLLEGE_ROLES: tuple[Role, ...] = tuple(role for role in Role if role != Role.PARTNER_CURATOR)


# Permission that lets a user see health (ОВЗ) and risk-group data everywhere.
VIEW_SPECIAL_CATEGORY = "registry.view_special_category_data"


def user_roles(user: AnyUser) -> list[Role]:
    """The user's roles in a fixed order, read once per request object."""
    if not user.is_authenticated:
        return []
    cached: list[Role] | None = getattr(user, "_nastavnik_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = [role for role in Role if role.value in names]
        user._nastavnik_roles = cached  # type: ignore[union-attr,attr-defined]  # per-request cache
    return cached


def has_role(user: AnyUser, *roles: Role) -> bool:
    return any(role in user_roles(user) for role in roles)
