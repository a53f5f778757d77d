"""The college's own entries in contests on organizing mentoring, with their diplomas."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.datastructures import MultiValueDict
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from core.formtools import refuse
from core.http import AuthenticatedHttpRequest
from programs.contests.filters import ContestEntryFilter
from programs.contests.forms import ContestEntryForm
from programs.contests.services import (
    create_contest_entry,
    delete_contest_entry,
    update_contest_entry,
)
from programs.contests.tables import ContestEntryTable
from programs.models import ContestEntry

CONTEST_PAGE_SIZE = 25


def _posted(request: AuthenticatedHttpRequest) -> tuple[QueryDict | None, MultiValueDict | None]:
    # A POST binds the form even when empty, so that it is validated and refused.
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def _get_entry(pk: int) -> ContestEntry:
    # Whoever may see contest entries sees all of them; the permission decorators say who.
    return get_object_or_404(ContestEntry, pk=pk)


def _filter_query(filterset: ContestEntryFilter) -> str:
    if not filterset.is_bound or not filterset.form.is_valid():
        return ""
    return urlencode({k: str(v) for k, v in filterset.form.cleaned_data.items() if v})


@require_GET
@permission_required("programs.view_contestentry", raise_exception=True)
def entry_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = ContestEntryFilter(request.GET or None, queryset=ContestEntry.objects.all())
    table = ContestEntryTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": CONTEST_PAGE_SIZE}).configure(table)
    context = {
        "filter": filterset,
        "table": table,
        "query_string": _filter_query(filterset),
        "can_add": request.user.has_perm("programs.add_contestentry"),
    }
    return render(request, "programs/contests/entry_list.html", context)


@require_GET
@permission_required("programs.view_contestentry", raise_exception=True)
def entry_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = _get_entry(pk)
    context = {
        "entry": entry,
        "diploma_name": Path(entry.diploma.name).name if entry.diploma else "",
        "can_change": request.user.has_perm("programs.change_contestentry"),
        "can_delete": request.user.has_perm("programs.delete_contestentry"),
    }
    return render(request, "programs/contests/entry_detail.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("programs.add_contestentry", raise_exception=True)
def entry_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ContestEntryForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            entry = create_contest_entry(**form.entry_fields(), diploma=form.new_diploma)
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("The entry in «%s» is recorded.") % entry.contest)
            return redirect("contests:detail", pk=entry.pk)
    return render(request, "programs/contests/entry_form.html", {"form": form, "entry": None})


@require_http_methods(["GET", "POST"])
@permission_required("programs.change_contestentry", raise_exception=True)
def entry_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = _get_entry(pk)
    # The form fills in its own copy; `entry` keeps the saved values for the page until the
    # service accepts the change.
    form = ContestEntryForm(*_posted(request), instance=_get_entry(pk))
    if request.method == "POST" and form.is_valid():
        try:
            update_contest_entry(
                entry,
                version=form.version_read,
                **form.entry_fields(),
                diploma=form.new_diploma,
                clear_diploma=form.clears_diploma,
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(
                request, _("The entry in «%s» is saved.") % form.cleaned_data["contest"]
            )
            return redirect("contests:detail", pk=entry.pk)
    return render(request, "programs/contests/entry_form.html", {"form": form, "entry": entry})


@require_http_methods(["GET", "POST"])
@permission_required("programs.delete_contestentry", raise_exception=True)
def entry_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = _get_entry(pk)
    if request.method == "POST":
        delete_contest_entry(entry=entry)
        messages.success(request, _("The entry in «%s» is deleted.") % entry.contest)
        return redirect("contests:list")
    return render(request, "programs/contests/entry_confirm_delete.html", {"entry": entry})
