"""Import of students and teachers (upload, preview, confirm), the import templates and the
exports of both bases.

An upload is kept under MEDIA_ROOT/imports/ by a random token that only the uploader's
session knows; it is read again at the preview and at the confirmation, and deleted once
imported. Nothing here logs names or special-category data.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.http import AuthenticatedHttpRequest
from core.spreadsheets import Sheet, xlsx_response
from programs.access import can_view_special_categories
from registry.accesslog import record_access
from registry.imports import applying, exporting, planning, specs
from registry.imports.forms import ImportForm
from registry.imports.planning import ImportPlan
from registry.imports.specs import ImportKind
from registry.models import (
    AccessAction,
    PersonQuerySet,
    Specialty,
    Student,
    StudentStatus,
    Teacher,
    TeacherPosition,
)
from registry.people.filters import filtered

UPLOADS = "imports"
SESSION_KEY = "imports"
KEEP_UPLOADS = dt.timedelta(days=1)
PREVIEW_ROWS = 50
SHOWN_ERRORS = 500
PERMISSIONS = {
    ImportKind.STUDENTS: ("registry.add_student", "registry.change_student"),
    ImportKind.TEACHERS: ("registry.add_teacher", "registry.change_teacher"),
}
LIST_URL_NAMES: dict[str, str] = {
    ImportKind.STUDENTS: "people:students",
    ImportKind.TEACHERS: "people:teachers",
}


def kinds_for(user: User) -> list[ImportKind]:
    """What the user may import: creating and changing people of that kind."""
    return [kind for kind in ImportKind if user.has_perms(PERMISSIONS[kind])]


def importer_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """403 for a user who may import nothing (before any token is looked at)."""

    @wraps(view)
    def wrapper(request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not kinds_for(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _uploads(request: AuthenticatedHttpRequest) -> dict[str, dict[str, str]]:
    uploads: dict[str, dict[str, str]] = request.session.get(SESSION_KEY, {})
    return uploads


def _path(token: str) -> str:
    return f"{UPLOADS}/{token}"


def _remove_old_uploads() -> None:
    """Uploads never confirmed are deleted a day later."""
    try:
        _folders, files = default_storage.listdir(UPLOADS)
    except FileNotFoundError:
        return
    oldest = timezone.now() - KEEP_UPLOADS
    for name in files:
        path = _path(name)
        try:
            if default_storage.get_modified_time(path) < oldest:
                default_storage.delete(path)
        except FileNotFoundError:
            continue  # deleted meanwhile by another request


def _get_upload(request: AuthenticatedHttpRequest, token: str) -> tuple[dict[str, str], bytes]:
    """The upload of this session with its content: 404 for another session's token or a
    file already imported; 403 if the user may no longer import its kind."""
    upload = _uploads(request).get(token)
    if upload is None or not default_storage.exists(_path(token)):
        raise Http404
    if ImportKind(upload["kind"]) not in kinds_for(request.user):
        raise PermissionDenied
    with default_storage.open(_path(token), "rb") as file:
        return upload, file.read()


def _forget(request: AuthenticatedHttpRequest, token: str) -> None:
    uploads = _uploads(request)
    uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads
    default_storage.delete(_path(token))


def _list_url(kind: str) -> str:
    return reverse(LIST_URL_NAMES[kind])


@require_http_methods(["GET", "POST"])
@importer_required
def import_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    kinds = kinds_for(request.user)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, kinds=kinds)
    else:
        form = ImportForm(kinds=kinds, initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            # What is wrong with the file as a whole (type, encoding, size, headers) is
            # said on the form; what is wrong with its rows, at the preview.
            planning.read_and_plan(
                kind=form.cleaned_data["kind"], data=data, filename=upload.name or ""
            )
        except ValidationError as refusal:
            for message in refusal.messages:
                form.add_error("file", message)
        else:
            _remove_old_uploads()
            token = secrets.token_urlsafe(24)
            default_storage.save(_path(token), ContentFile(data))
            uploads = _uploads(request)
            uploads[token] = {"kind": form.cleaned_data["kind"], "name": upload.name or ""}
            request.session[SESSION_KEY] = uploads
            return redirect("imports:preview", token=token)
    context = {
        "form": form,
        "kinds": [
            {"kind": kind, "label": kind.label, "columns": specs.columns_of(kind)} for kind in kinds
        ],
        # What the cells of the status, position and specialty columns may hold.
        "statuses": StudentStatus.labels if ImportKind.STUDENTS in kinds else [],
        "specialties": (
            list(Specialty.objects.order_by("code")) if ImportKind.STUDENTS in kinds else []
        ),
        "positions": TeacherPosition.labels if ImportKind.TEACHERS in kinds else [],
    }
    return render(request, "registry/imports/start.html", context)


def _plan_context(plan: ImportPlan | None, refusal: str | None) -> dict[str, Any]:
    errors = plan.errors if plan else []
    return {
        "plan": plan,
        "refusal": refusal,
        "errors": errors[:SHOWN_ERRORS],
        "more_errors": max(len(errors) - SHOWN_ERRORS, 0),
        "rows": plan.rows[:PREVIEW_ROWS] if plan and not errors else [],
        "more_rows": max(len(plan.rows) - PREVIEW_ROWS, 0) if plan else 0,
    }


def _preview_context(
    token: str, upload: dict[str, str], plan: ImportPlan | None, refusal: str | None
) -> dict[str, Any]:
    """What the preview page shows, before the import and after a refused one."""
    kind = upload["kind"]
    return {
        "token": token,
        "upload": upload,
        "kind_label": ImportKind(kind).label,
        "key_header": specs.KEYS[kind].header,
        **_plan_context(plan, refusal),
    }


@require_GET
@importer_required
def import_preview(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    upload, data = _get_upload(request, token)
    plan: ImportPlan | None = None
    refusal = None
    try:
        plan = planning.read_and_plan(kind=upload["kind"], data=data, filename=upload["name"])
    except ValidationError as error:
        refusal = " ".join(error.messages)
    return render(
        request, "registry/imports/preview.html", _preview_context(token, upload, plan, refusal)
    )


@require_POST
@importer_required
def import_confirm(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    upload, data = _get_upload(request, token)
    kind = upload["kind"]
    plan: ImportPlan | None = None
    refusal = None
    try:
        plan = applying.import_file(kind=kind, data=data, filename=upload["name"])
    except ValidationError as error:
        refusal = " ".join(error.messages)
    if plan is not None and not plan.errors:
        _forget(request, token)
        messages.success(
            request,
            _("Imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
            % {"created": plan.created, "updated": plan.updated, "unchanged": plan.unchanged},
        )
        return redirect(_list_url(kind))
    return render(
        request, "registry/imports/preview.html", _preview_context(token, upload, plan, refusal)
    )


@require_GET
@importer_required
def import_template(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    if kind not in ImportKind.values:
        raise Http404
    if ImportKind(kind) not in kinds_for(request.user):
        raise PermissionDenied
    return xlsx_response(
        f"{kind}-template.xlsx",
        Sheet(
            str(ImportKind(kind).label),
            specs.headers_of(kind),
            exporting.template_rows(kind),
        ),
    )


@require_GET
@permission_required(("registry.view_student", "registry.export_people"), raise_exception=True)
def export_students(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The students of the list as it is filtered (the same query string)."""
    students = Student.objects.visible_to(request.user).select_related("group__specialty")
    # Health and risk-group columns only when asked for, and only for who may see them.
    special = request.GET.get("special") == "1" and can_view_special_categories(request.user)
    if special:
        students = students.with_special_marks(timezone.localdate())
    students = cast(PersonQuerySet, filtered(request, Student, students).qs).in_russian_order()
    exported = list(students)  # the queryset keeps them for the rows below
    if special:
        # Whose health and risk-group data left in the file.
        record_access(
            request,
            action=AccessAction.EXPORT,
            what=_("Students with health and risk-group data (XLSX)"),
            people=exported,
        )
    else:
        record_access(
            request, action=AccessAction.EXPORT, what=_("Students (XLSX)"), count=len(exported)
        )
    return xlsx_response(
        "students-ovz-risk.xlsx" if special else "students.xlsx",
        Sheet(
            _("Students"),
            exporting.export_headers(ImportKind.STUDENTS, special=special),
            exporting.student_rows(students, special=special),
        ),
    )


@require_GET
@permission_required(("registry.view_teacher", "registry.export_people"), raise_exception=True)
def export_teachers(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The teachers of the list as it is filtered (the same query string)."""
    teachers = Teacher.objects.visible_to(request.user)
    teachers = cast(PersonQuerySet, filtered(request, Teacher, teachers).qs).in_russian_order()
    count = len(teachers)  # the queryset keeps them for the rows below
    record_access(request, action=AccessAction.EXPORT, what=_("Teachers (XLSX)"), count=count)
    return xlsx_response(
        "teachers.xlsx",
        Sheet(
            _("Teachers and masters"),
            exporting.export_headers(ImportKind.TEACHERS),
            exporting.teacher_rows(teachers),
        ),
    )
