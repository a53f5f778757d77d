from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from registry.incentives.selectors import may_see_photo


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: 200 when the database answers, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


# Who may open the uploads of each folder; "" is every logged-in user (the honour board).
MEDIA_PERMISSIONS = {
    "plan-evidence": "programs.view_runevidence",
    "contest-diplomas": "programs.view_contestentry",
    "honour-board": "",
}


@require_GET
def media(request: HttpRequest, path: str) -> FileResponse:
    """Uploaded files: for logged-in users (LoginRequiredMiddleware), and for those whose
    role may see the folder's records (MEDIA_PERMISSIONS; unknown folders for nobody).

    Files are sent as downloads unless they are pictures, so an uploaded HTML or SVG file
    cannot run in the site's origin.
    """
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        file = (root / path).resolve()
        found = file.is_relative_to(root) and file.is_file()
    except (ValueError, OSError):  # a NUL byte or a name the file system refuses
        found = False
    if not found:
        raise Http404
    folder = file.relative_to(root).parts[0]
    if folder not in MEDIA_PERMISSIONS:
        raise Http404
    permission = MEDIA_PERMISSIONS[folder]
    if permission and not request.user.has_perm(permission):
        raise PermissionDenied
    # A photo of the honour board only while its mentor consents to publishing it (152-ФЗ).
    if folder == "honour-board" and not may_see_photo(
        request.user, file.relative_to(root).as_posix()
    ):
        raise PermissionDenied
    inline = file.suffix.lower() in {".jpg", ".jpeg", ".png", ".webp", ".gif"}
    response = FileResponse(file.open("rb"), as_attachment=not inline, filename=file.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
