"""Running a mentorship: meetings, editing, completion and ending early; the mentorships that
need the curator's attention."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.dates import format_day
from core.formtools import posted, refuse
from core.http import AuthenticatedHttpRequest
from pairs.mentorships.services import update_mentorship
from pairs.models import (
    OPEN_STATUSES,
    Meeting,
    Mentorship,
    MentorshipStatus,
)
from pairs.work.forms import (
    CompletionForm,
    MeetingEditForm,
    MeetingForm,
    MentorshipEditForm,
    TerminationForm,
)
from pairs.work.selectors import attention_scope, departed_mentees, quiet_since_date
from pairs.work.services import (
    complete_mentorship,
    delete_meeting,
    expected_result_items,
    log_meeting,
    terminate_mentorship,
    update_meeting,
)
from programs.access import formats_with_hidden_variants
from programs.models import Organization


def _get_mentorship_for_meetings(request: AuthenticatedHttpRequest, pk: int) -> Mentorship:
    """A mentorship whose meetings the user logs; any other is not found."""
    mentorships = Mentorship.objects.kept_by(request.user).select_related("format")
    return get_object_or_404(mentorships, pk=pk)


def _get_managed_mentorship(request: AuthenticatedHttpRequest, pk: int) -> Mentorship:
    """A mentorship the user edits and closes (the curator, a format lead); any other is not
    found."""
    return get_object_or_404(Mentorship.objects.managed_by(request.user).with_people(), pk=pk)


def _get_meeting(mentorship: Mentorship, pk: int) -> Meeting:
    """A meeting of the mentorship in the URL; one of another mentorship is not found."""
    return get_object_or_404(
        Meeting.objects.select_related("mentorship"), pk=pk, mentorship=mentorship
    )


def _back_to(mentorship: Mentorship, anchor: str = "") -> HttpResponse:
    url = reverse("mentorships:mentorship-detail", args=[mentorship.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


# --- Meetings ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("pairs.add_meeting", raise_exception=True)
def meeting_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship = _get_mentorship_for_meetings(request, pk)
    if request.method == "GET" and mentorship.status != MentorshipStatus.ACTIVE:
        messages.error(
            request,
            _("Meetings are logged for an active mentorship; No. %(id)s is %(status)s.")
            % {"id": mentorship.pk, "status": mentorship.get_status_display()},
        )
        return _back_to(mentorship)
    form = MeetingForm(posted(request), initial=MeetingForm.initial_for(None))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = log_meeting(
                mentorship,
                user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(
                request,
                _("The meeting of %(date)s is logged.") % {"date": format_day(meeting.held_on)},
            )
            return _back_to(mentorship, "meetings")
    context = {"mentorship": mentorship, "form": form, "meeting": None}
    return render(request, "pairs/work/meeting_form.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("pairs.change_meeting", raise_exception=True)
def meeting_edit(request: AuthenticatedHttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    mentorship = _get_mentorship_for_meetings(request, pk)
    meeting = _get_meeting(mentorship, meeting_pk)
    form = MeetingEditForm(posted(request), initial=MeetingForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            update_meeting(
                meeting,
                user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("The meeting is saved."))
            return _back_to(mentorship, "meetings")
    context = {"mentorship": mentorship, "form": form, "meeting": meeting}
    return render(request, "pairs/work/meeting_form.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("pairs.delete_meeting", raise_exception=True)
def meeting_delete(request: AuthenticatedHttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    mentorship = _get_mentorship_for_meetings(request, pk)
    meeting = _get_meeting(mentorship, meeting_pk)
    if request.method == "POST":
        try:
            delete_meeting(meeting, user=request.user)
        except ValidationError as refusal:
            for message in refusal.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The meeting of %(date)s is deleted.") % {"date": format_day(meeting.held_on)},
            )
        return _back_to(mentorship, "meetings")
    context = {"mentorship": mentorship, "meeting": meeting}
    return render(request, "pairs/work/meeting_confirm_delete.html", context)


# --- Editing and closing -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("pairs.change_mentorship", raise_exception=True)
def mentorship_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Participants, variant and dates of a draft or active mentorship; refused when someone
    else changed it since the form was opened (the hidden `version`)."""
    mentorship = _get_managed_mentorship(request, pk)
    if mentorship.status not in OPEN_STATUSES:
        messages.error(request, _("A completed or ended mentorship is not changed any more."))
        return _back_to(mentorship)
    hide_variant = mentorship.format_id in formats_with_hidden_variants(request.user)
    form = MentorshipEditForm(posted(request), mentorship=mentorship, hide_variant=hide_variant)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update_mentorship(
                mentorship,
                user=request.user,
                version=data["version"],
                variant=mentorship.variant if hide_variant else data.get("variant"),
                mentors=list(data["mentors"]),
                mentees=list(data["mentees"]),
                started_on=data["started_on"],
                planned_end_on=data["planned_end_on"],
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("Mentorship No. %s is saved.") % mentorship.pk)
            return _back_to(mentorship)
    context = {"mentorship": mentorship, "form": form}
    return render(request, "pairs/work/mentorship_edit.html", context)


def _refuse_unless_active(
    request: AuthenticatedHttpRequest, mentorship: Mentorship
) -> HttpResponse | None:
    """Opening the completion or ending form of a closed mentorship leads back to its page.
    (A POST goes to the service, which names a change made meanwhile.)"""
    if request.method == "GET" and mentorship.status != MentorshipStatus.ACTIVE:
        messages.error(
            request,
            _("Only an active mentorship is completed or ended early; No. %(id)s is %(status)s.")
            % {"id": mentorship.pk, "status": mentorship.get_status_display()},
        )
        return _back_to(mentorship)
    return None


@require_http_methods(["GET", "POST"])
@permission_required("pairs.change_mentorship", raise_exception=True)
def mentorship_complete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Completion: how far each expected result of the format or variant was achieved."""
    mentorship = _get_managed_mentorship(request, pk)
    if (back := _refuse_unless_active(request, mentorship)) is not None:
        return back
    form = CompletionForm(
        posted(request),
        items=expected_result_items(mentorship.expected_results),
        initial={"version": mentorship.version, "ended_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complete_mentorship(
                mentorship,
                user=request.user,
                version=data["version"],
                ended_on=data["ended_on"],
                results=data["results"],
                assessments=form.assessments(),
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("Mentorship No. %s is completed.") % mentorship.pk)
            return _back_to(mentorship)
    context = {"mentorship": mentorship, "form": form}
    return render(request, "pairs/work/mentorship_complete.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("pairs.change_mentorship", raise_exception=True)
def mentorship_terminate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Ending early: a reason from the fixed list, a comment and the date."""
    mentorship = _get_managed_mentorship(request, pk)
    if (back := _refuse_unless_active(request, mentorship)) is not None:
        return back
    form = TerminationForm(
        posted(request),
        initial={"version": mentorship.version, "ended_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            terminate_mentorship(
                mentorship,
                user=request.user,
                version=data["version"],
                ended_on=data["ended_on"],
                reason=data["reason"],
                comment=data["comment"],
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("Mentorship No. %s is ended early.") % mentorship.pk)
            return _back_to(mentorship)
    context = {"mentorship": mentorship, "form": form}
    return render(request, "pairs/work/mentorship_terminate.html", context)


# --- What needs the curator ----------------------------------------------------------------


@require_GET
def attention(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The active mentorships the user manages that are silent, or have a mentee who left the
    college: the curator completes, ends or revives them; the director reads the list."""
    managed = attention_scope(request.user)
    if managed is None:
        raise PermissionDenied
    today = timezone.localdate()
    organization = Organization.load()
    silent = (
        managed.silent(since=organization.silent_since(today))
        .with_people()
        .order_by(F("last_meeting_on").asc(nulls_first=True), "started_on", "id")
    )
    departed = managed.with_departed_mentees().with_people().order_by("started_on", "id")
    silent_rows = []
    for mentorship in silent:
        last = mentorship.last_meeting_on  # type: ignore[attr-defined]
        weeks = (today - quiet_since_date(mentorship, last)).days // 7
        silent_rows.append({"mentorship": mentorship, "last_meeting_on": last, "weeks": weeks})
    departed_rows = [
        {"mentorship": mentorship, "mentees": departed_mentees(mentorship)}
        for mentorship in departed
    ]
    context = {
        "silent_rows": silent_rows,
        "departed_rows": departed_rows,
        "silent_after_weeks": organization.silent_after_weeks,
        # The director reads the list of the whole program; the curator and leads act on it.
        "manages": request.user.has_perm("pairs.change_mentorship"),
    }
    return render(request, "pairs/work/attention.html", context)


# --- The blocks of the mentorship page -----------------------------------------------------
