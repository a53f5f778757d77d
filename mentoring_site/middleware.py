"""The site's own middleware: refusing a request too large before its body is read, and
keeping the pages of a logged-in user out of every cache."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string

Handler = Callable[[HttpRequest], HttpResponseBase]


def request_size_limit(get_response: Handler) -> Handler:
    """Answers 413 to a request whose declared body is over MAX_REQUEST_BYTES, before anything
    reads it: Django's own limits (DATA_UPLOAD_MAX_MEMORY_SIZE and the like) leave files out
    and let a large upload be read whole into a temporary file first.

    A body without a Content-Length (chunked) is not read by Django at all, and the reverse
    proxy's own limit (README, Production) stops the upload before it reaches the server."""

    def middleware(request: HttpRequest) -> HttpResponseBase:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body of an unreadable length either
        if length > settings.MAX_REQUEST_BYTES:
            # Standalone, as the error pages are: neither the session nor the user is known
            # yet, and the page must not depend on them.
            page = render_to_string(
                "413.html", {"file_limit": filesizeformat(settings.MAX_UPLOAD_BYTES)}
            )
            return HttpResponse(page, status=413)
        return get_response(request)

    return middleware


def private_pages_not_stored(get_response: Handler) -> Handler:
    """`Cache-Control: no-store, private` on every answer to a logged-in user whose view set
    no caching of its own: pages, exports and uploaded files hold personal data, which
    neither a shared proxy nor the browser's disk cache should keep after logging out.
    Static files never get here: WhiteNoise, above, answers for them."""

    def middleware(request: HttpRequest) -> HttpResponseBase:
        response = get_response(request)
        if "Cache-Control" not in response and request.user.is_authenticated:
            response["Cache-Control"] = "no-store, private"
        return response

    return middleware
