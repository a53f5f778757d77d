"""The request type of the app's views.

`LoginRequiredMiddleware` lets no anonymous request reach a view that is not marked
`login_not_required` (only the health check and the login page are), so a view's
`request.user` is always a `User`: views take `AuthenticatedHttpRequest` and pass
`request.user` to services without a cast.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest


class AuthenticatedHttpRequest(HttpRequest):
    user: User


# Whoever a request may carry, before the login check: the type of the access helpers and
# querysets that also answer for an anonymous user (who may do nothing).
AnyUser = User | AnonymousUser
