"""Pages of the program's events and of who took part in them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from core.fields import seen_of
from core.formtools import posted, refuse
from core.http import AuthenticatedHttpRequest
from core.versions import save_unless_stale
from pairs.events.filters import EventFilter
from pairs.events.forms import EventForm, ParticipantAddForm, ParticipationForm
from pairs.events.services import add_mentorship_to_event, add_participant, delete_event
from pairs.events.tables import EventTable
from pairs.models import EventParticipation, ParticipantRole
from programs.models import Event
from registry.models import PERSON_DETAILS

EVENT_PAGE_SIZE = 25
PARTICIPANT_DETAILS = ("mentorship__format", *(f"person__{path}" for path in PERSON_DETAILS))


def _get_event(pk: int) -> Event:
    # Every role that may see events sees all of them; who took part is scoped
    # (EventParticipation.objects.visible_to).
    return get_object_or_404(Event.objects.select_related("plan_item"), pk=pk)


def _get_participation(event_pk: int, pk: int) -> EventParticipation:
    """A participation of the event in the URL; one of another event is not found."""
    participations = EventParticipation.objects.select_related("event", *PARTICIPANT_DETAILS)
    return get_object_or_404(participations, pk=pk, event_id=event_pk)


@require_GET
@permission_required("programs.view_event", raise_exception=True)
def event_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    events = Event.objects.select_related("plan_item").annotate(
        participant_count=Count("participations")
    )
    filterset = EventFilter(request.GET or None, queryset=events)
    table = EventTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": EVENT_PAGE_SIZE}).configure(table)
    context = {
        "filter": filterset,
        "table": table,
        "can_add": request.user.has_perm("programs.add_event"),
    }
    return render(request, "pairs/events/event_list.html", context)


@require_GET
@permission_required(["programs.view_event", "pairs.view_eventparticipation"], raise_exception=True)
def event_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = _get_event(pk)
    participations = list(
        event.participations.visible_to(request.user)  # type: ignore[attr-defined]
        .select_related(*PARTICIPANT_DETAILS)
        .order_by("person__last_name", "person__first_name", "person__patronymic", "id")
    )
    context = {
        "event": event,
        "hidden_count": event.participations.count() - len(participations),
        "mentors": [p for p in participations if p.role == ParticipantRole.MENTOR],
        "mentees": [p for p in participations if p.role == ParticipantRole.MENTEE],
        "can_change": request.user.has_perm("programs.change_event"),
        "can_delete": request.user.has_perm("programs.delete_event"),
        "can_add_participants": request.user.has_perm("pairs.add_eventparticipation"),
        "can_change_participants": request.user.has_perm("pairs.change_eventparticipation"),
        "can_delete_participants": request.user.has_perm("pairs.delete_eventparticipation"),
    }
    return render(request, "pairs/events/event_detail.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("programs.add_event", raise_exception=True)
def event_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = EventForm(posted(request))
    if request.method == "POST" and form.is_valid():
        event = form.save()
        messages.success(request, _("The event «%s» is added.") % event.title)
        return redirect("events:event-detail", pk=event.pk)
    return render(request, "pairs/events/event_form.html", {"form": form, "event": None})


@require_http_methods(["GET", "POST"])
@permission_required("programs.change_event", raise_exception=True)
def event_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = _get_event(pk)
    # The form fills in its own copy; `event` keeps the saved title for the page.
    form = EventForm(posted(request), instance=_get_event(pk))
    if request.method == "POST" and form.is_valid():
        what = _("the event «%(title)s»") % {"title": event.title}
        try:
            save_unless_stale(form, seen=seen_of(form), what=what)
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("The event «%s» is saved.") % form.instance.title)
            return redirect("events:event-detail", pk=event.pk)
    return render(request, "pairs/events/event_form.html", {"form": form, "event": event})


@require_http_methods(["GET", "POST"])
@permission_required("programs.delete_event", raise_exception=True)
def event_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = _get_event(pk)
    if request.method == "POST":
        try:
            delete_event(event=event)
        except ValidationError as refusal:
            for message in refusal.messages:
                messages.error(request, message)
            return redirect("events:event-detail", pk=pk)
        messages.success(request, _("The event «%s» is deleted.") % event.title)
        return redirect("events:event-list")
    context = {"event": event, "participant_count": event.participations.count()}
    return render(request, "pairs/events/event_confirm_delete.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("pairs.add_eventparticipation", raise_exception=True)
def participant_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = _get_event(pk)
    form = ParticipantAddForm(posted(request), event=event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["person"] is None:
                added = add_mentorship_to_event(
                    event=event,
                    mentorship=data["mentorship"],
                    place=data["place"],
                    result=data["result"],
                )
            else:
                added = [
                    add_participant(
                        event=event,
                        person=data["person"],
                        role=data["role"],
                        mentorship=data["mentorship"],
                        place=data["place"],
                        result=data["result"],
                    )
                ]
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            count = len(added)
            messages.success(
                request,
                ngettext(
                    "%(count)s participant is added.", "%(count)s participants are added.", count
                )
                % {"count": count},
            )
            return redirect("events:event-detail", pk=event.pk)
    return render(request, "pairs/events/participant_add.html", {"event": event, "form": form})


@require_http_methods(["GET", "POST"])
@permission_required("pairs.change_eventparticipation", raise_exception=True)
def participant_edit(request: AuthenticatedHttpRequest, event_pk: int, pk: int) -> HttpResponse:
    participation = _get_participation(event_pk, pk)
    form = ParticipationForm(posted(request), instance=participation)
    if request.method == "POST" and form.is_valid():
        name = participation.person.full_name
        try:
            save_unless_stale(
                form, seen=seen_of(form), what=_("the result of %(name)s") % {"name": name}
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("The result of %s is saved.") % name)
            return redirect("events:event-detail", pk=event_pk)
    context = {"event": participation.event, "participation": participation, "form": form}
    return render(request, "pairs/events/participant_form.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("pairs.delete_eventparticipation", raise_exception=True)
def participant_delete(request: AuthenticatedHttpRequest, event_pk: int, pk: int) -> HttpResponse:
    participation = _get_participation(event_pk, pk)
    if request.method == "POST":
        participation.delete()
        messages.success(
            request,
            _("%(name)s is removed from the participants of «%(event)s».")
            % {"name": participation.person.full_name, "event": participation.event.title},
        )
        return redirect("events:event-detail", pk=event_pk)
    context = {"event": participation.event, "participation": participation}
    return render(request, "pairs/events/participant_confirm_delete.html", context)
