"""A user logged in with a one-time password chooses their own before anything else.

Whether they must is read once, at login (`remember_one_time_password`, on Django's
`user_logged_in`), and kept in the session, so that other requests cost no query. A new
one-time password changes the login's password, which ends its open sessions, so the mark
cannot be missing from a session that needs it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from registry.models import OneTimePassword

Handler = Callable[[HttpRequest], HttpResponseBase]

SESSION_MARK = "registry_accounts_must_change_password"


def remember_one_time_password(
    sender: type[User], request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    """Receiver of `user_logged_in`: marks the session of a user holding a one-time
    password."""
    if request is None or not hasattr(request, "session"):
        return
    if OneTimePassword.objects.filter(user=user).exists():
        request.session[SESSION_MARK] = True


def forget_one_time_password(request: HttpRequest) -> None:
    request.session.pop(SESSION_MARK, None)


def one_time_password_change(get_response: Handler) -> Handler:
    """Sends every page of a session marked by `remember_one_time_password` to the password
    change, but the change page itself, the logout and the static files."""

    def middleware(request: HttpRequest) -> HttpResponseBase:
        if request.session.get(SESSION_MARK) and request.user.is_authenticated:
            change = reverse("accounts:password-change")
            allowed = (change, reverse("logout"), "/" + settings.STATIC_URL.lstrip("/"))
            if not request.path_info.startswith(allowed):
                response = redirect(change)
                if request.headers.get("HX-Request"):
                    # htmx follows a redirect inside the page: have it load the whole page.
                    response["HX-Redirect"] = change
                return response
        return get_response(request)

    return middleware
