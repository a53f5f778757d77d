"""The publications on the college's site: news of the program, the best mentors, the
program's documents, and the mentors they feature."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from core.formtools import posted, refuse
from core.http import AuthenticatedHttpRequest
from programs.models import Publication, PublicationKind
from registry.models import Person
from registry.publications.filters import PublicationFilter
from registry.publications.forms import PublicationForm
from registry.publications.services import (
    create_publication,
    delete_publication,
    update_publication,
)
from registry.publications.tables import PublicationTable

PUBLICATION_PAGE_SIZE = 25


def _publications() -> QuerySet[Publication]:
    """Publications with the people they feature, read in one more query for all the rows."""
    people = Person.objects.order_by("last_name", "first_name", "patronymic", "id")
    return Publication.objects.prefetch_related(Prefetch("people", queryset=people))


def _get_publication(pk: int) -> Publication:
    # Whoever may see publications sees all of them: they are on the college's public site.
    return get_object_or_404(_publications(), pk=pk)


def _filter_query(filterset: PublicationFilter) -> str:
    if not filterset.is_bound or not filterset.form.is_valid():
        return ""
    return urlencode({k: str(v) for k, v in filterset.form.cleaned_data.items() if v})


@require_GET
@permission_required("programs.view_publication", raise_exception=True)
def publication_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = PublicationFilter(request.GET or None, queryset=_publications())
    table = PublicationTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": PUBLICATION_PAGE_SIZE}).configure(table)
    context = {
        "filter": filterset,
        "table": table,
        "query_string": _filter_query(filterset),
        "can_add": request.user.has_perm("programs.add_publication"),
    }
    return render(request, "registry/publications/publication_list.html", context)


@require_GET
@permission_required("programs.view_publication", raise_exception=True)
def publication_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    publication = _get_publication(pk)
    people = list(publication.people.all())
    # Everyone featured is named (the site names them publicly); a name links to the
    # person's page only for a user who may open it.
    openable = set(
        Person.objects.visible_to(request.user)
        .filter(pk__in=[person.pk for person in people])
        .values_list("pk", flat=True)
    )
    context = {
        "publication": publication,
        "people": [(person, person.pk in openable) for person in people],
        "can_change": request.user.has_perm("programs.change_publication"),
        "can_delete": request.user.has_perm("programs.delete_publication"),
    }
    return render(request, "registry/publications/publication_detail.html", context)


def _initial(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    """What `?person=<pk>&kind=<kind>` fills in (the honour board's «publish»): a person the
    user may see, a kind that exists; anything else is ignored."""
    initial: dict[str, Any] = {}
    if request.GET.get("kind") in PublicationKind.values:
        initial["kind"] = request.GET["kind"]
    person = request.GET.get("person", "")
    if person.isdigit():
        found = Person.objects.visible_to(request.user).filter(pk=int(person)).first()
        if found is not None:
            initial["people"] = [found.pk]
    return initial


@require_http_methods(["GET", "POST"])
@permission_required("programs.add_publication", raise_exception=True)
def publication_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PublicationForm(
        posted(request),
        user=request.user,
        initial=_initial(request) if request.method == "GET" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            publication = create_publication(user=request.user, **form.publication_fields())
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("The publication «%s» is recorded.") % publication.title)
            return redirect("publications:detail", pk=publication.pk)
    context = {"form": form, "publication": None}
    return render(request, "registry/publications/publication_form.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("programs.change_publication", raise_exception=True)
def publication_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    publication = _get_publication(pk)
    # The form fills in its own copy; `publication` keeps the saved values for the page
    # until the service accepts the change.
    form = PublicationForm(
        posted(request), user=request.user, instance=Publication.objects.get(pk=pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_publication(
                publication,
                user=request.user,
                version=form.version_read,
                **form.publication_fields(),
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(
                request, _("The publication «%s» is saved.") % form.cleaned_data["title"]
            )
            return redirect("publications:detail", pk=publication.pk)
    context = {"form": form, "publication": publication}
    return render(request, "registry/publications/publication_form.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("programs.delete_publication", raise_exception=True)
def publication_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    publication = _get_publication(pk)
    if request.method == "POST":
        delete_publication(publication=publication)
        messages.success(request, _("The publication «%s» is deleted.") % publication.title)
        return redirect("publications:list")
    return render(
        request,
        "registry/publications/publication_confirm_delete.html",
        {"publication": publication},
    )
