"""The curator's page of lockouts and failed logins, and the page a locked-out visitor gets
instead of the login form (`AXES_LOCKOUT_CALLABLE`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from core.http import AuthenticatedHttpRequest
from core.lockouts.selectors import (
    cool_off,
    current_lockouts,
    lockout_of,
    recent_failures,
)
from core.lockouts.services import unlock
from core.lockouts.tables import FailureTable
from core.roles import Role, has_role

FAILURES_PAGE_SIZE = 50

P = ParamSpec("P")
View = Callable[Concatenate[AuthenticatedHttpRequest, P], HttpResponse]


def curator_required(view: View[P]) -> View[P]:
    """403 for anyone but the program's curator. A role rather than a permission: granting
    axes' own model permissions to the role would take a data migration (core/roles.py)."""

    @wraps(view)
    def checked(
        request: AuthenticatedHttpRequest, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponse:
        if not has_role(request.user, Role.CURATOR):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked


@require_GET
@curator_required
def lockout_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    failures = FailureTable(recent_failures())
    RequestConfig(request, paginate={"per_page": FAILURES_PAGE_SIZE}).configure(failures)
    context = {
        "lockouts": current_lockouts(),
        "failures": failures,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cool_off_minutes": int(cool_off().total_seconds() // 60),
    }
    return render(request, "core/lockouts/lockout_list.html", context)


@require_http_methods(["GET", "POST"])
@curator_required
def lockout_unlock(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Asks, then unlocks the user name at the address of attempt `pk` (any of its rows)."""
    attempt = get_object_or_404(AccessAttempt, pk=pk)
    if request.method == "POST":
        unlock(attempt, by=request.user)
        messages.success(
            request,
            _("%(username)s may log in again from %(address)s.")
            % {"username": attempt.username or "—", "address": attempt.ip_address or "—"},
        )
        return redirect("lockouts:list")
    context = {
        "attempt": attempt,
        "lockout": lockout_of(attempt.username, attempt.ip_address),
    }
    return render(request, "core/lockouts/unlock_confirm.html", context)


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """What axes sends instead of the login form's answer once the user name is locked from
    the visitor's address: when to try again, and who may unlock it sooner. HTTP 429, axes'
    own status (`AXES_HTTP_RESPONSE_CODE`), with Retry-After."""
    username = get_client_username(request, credentials)
    lockout = lockout_of(username, getattr(request, "axes_ip_address", None))
    now = timezone.now()
    # The attempt that locked it was just recorded; the fallback is for a lockout that
    # someone lifted meanwhile.
    ends_at = lockout.ends_at if lockout else now + cool_off()
    response = render(
        request,
        "registration/locked_out.html",
        {"username": username, "ends_at": ends_at},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(max(0, int((ends_at - now).total_seconds())))
    return response
