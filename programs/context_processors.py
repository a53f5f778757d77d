from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from core.roles import user_roles
from programs.models import Organization


def site(request: HttpRequest) -> dict[str, Any]:
    """The organization and the user's roles for the layout; read only when a page uses them."""
    return {
        "organization": SimpleLazyObject(Organization.load),
        "user_roles": SimpleLazyObject(lambda: user_roles(request.user)),
    }
