"""The address a login attempt comes from, for django-axes (`AXES_CLIENT_IP_CALLABLE`)."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str | None) -> str | None:
    """The address if it is one: axes stores it in a GenericIPAddressField (PostgreSQL's
    inet), which refuses anything else."""
    if not address:
        return None
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR; behind the one trusted reverse proxy (`CLIENT_IP_FROM_PROXY`, set by
    BEHIND_HTTPS_PROXY=1), the last entry of X-Forwarded-For: the address the proxy itself
    saw and appended. Entries left of it are what the client sent and may be forged, so they
    are never read, lest an attacker change address with every attempt."""
    if settings.CLIENT_IP_FROM_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return _valid(forwarded.rsplit(",", 1)[-1])
    return _valid(request.META.get("REMOTE_ADDR"))
