"""The college's mentor trainings (item 3.1 of the Положение) and who attended them."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from core.formtools import posted, refuse
from core.http import AuthenticatedHttpRequest
from programs.models import TrainingSession
from registry.models import QualificationCourse
from registry.training.filters import TrainingSessionFilter
from registry.training.forms import AttendanceForm, TrainingSessionForm
from registry.training.selectors import attendance_of, sessions_with_attendance
from registry.training.services import (
    add_attendees,
    create_session,
    delete_session,
    remove_attendee,
    update_session,
)
from registry.training.tables import TrainingSessionTable

TRAINING_PAGE_SIZE = 25


def _get_session(pk: int) -> TrainingSession:
    # Whoever may see trainings sees all of them; the permission decorators say who.
    return get_object_or_404(TrainingSession, pk=pk)


def _get_record(session_pk: int, pk: int) -> QualificationCourse:
    """An attendance record of the session in the URL; one of another session is not found."""
    records = QualificationCourse.objects.select_related("person", "session")
    return get_object_or_404(records, pk=pk, session_id=session_pk)


@require_GET
@permission_required("programs.view_trainingsession", raise_exception=True)
def session_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = TrainingSessionFilter(request.GET or None, queryset=sessions_with_attendance())
    table = TrainingSessionTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": TRAINING_PAGE_SIZE}).configure(table)
    context = {
        "filter": filterset,
        "table": table,
        "can_add": request.user.has_perm("programs.add_trainingsession"),
    }
    return render(request, "registry/training/session_list.html", context)


@require_GET
@permission_required("programs.view_trainingsession", raise_exception=True)
def session_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = _get_session(pk)
    context = {
        "session": session,
        "records": attendance_of(session),
        "can_change": request.user.has_perm("programs.change_trainingsession"),
        "can_delete": request.user.has_perm("programs.delete_trainingsession"),
    }
    return render(request, "registry/training/session_detail.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("programs.add_trainingsession", raise_exception=True)
def session_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TrainingSessionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            session = create_session(**form.session_fields())
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("The training «%s» is recorded.") % session.title)
            return redirect("training:detail", pk=session.pk)
    return render(request, "registry/training/session_form.html", {"form": form, "session": None})


@require_http_methods(["GET", "POST"])
@permission_required("programs.change_trainingsession", raise_exception=True)
def session_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = _get_session(pk)
    # The form fills in its own copy; `session` keeps the saved values for the page.
    form = TrainingSessionForm(posted(request), instance=_get_session(pk))
    if request.method == "POST" and form.is_valid():
        try:
            update_session(
                session=session, version=form.cleaned_data["version"], **form.session_fields()
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("The training «%s» is saved.") % form.cleaned_data["title"])
            return redirect("training:detail", pk=session.pk)
    return render(
        request, "registry/training/session_form.html", {"form": form, "session": session}
    )


@require_http_methods(["GET", "POST"])
@permission_required("programs.delete_trainingsession", raise_exception=True)
def session_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = _get_session(pk)
    if request.method == "POST":
        delete_session(session=session)
        messages.success(request, _("The training «%s» is deleted.") % session.title)
        return redirect("training:list")
    records = QualificationCourse.objects.filter(session=session).count()
    context = {"session": session, "record_count": records}
    return render(request, "registry/training/session_confirm_delete.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("programs.change_trainingsession", raise_exception=True)
def attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Who attended the session: adding several people at once, each removable."""
    session = _get_session(pk)
    form = AttendanceForm(posted(request), session=session, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            added = add_attendees(session=session, people=form.chosen)
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s attendee is added; they have a mentor training record of it.",
                    "%(count)s attendees are added; they have a mentor training record of it.",
                    len(added),
                )
                % {"count": len(added)},
            )
            return redirect("training:attendance", pk=session.pk)
    context = {"session": session, "form": form, "records": attendance_of(session)}
    return render(request, "registry/training/attendance.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("programs.change_trainingsession", raise_exception=True)
def attendee_remove(request: AuthenticatedHttpRequest, pk: int, record_pk: int) -> HttpResponse:
    record = _get_record(pk, record_pk)
    session = cast(TrainingSession, record.session)
    if request.method == "POST":
        remove_attendee(record=record)
        messages.success(
            request,
            _("%(name)s is removed from the attendance of «%(title)s».")
            % {"name": record.person.full_name, "title": session.title},
        )
        return redirect("training:attendance", pk=pk)
    context = {"session": session, "record": record}
    return render(request, "registry/training/attendee_confirm_remove.html", context)
