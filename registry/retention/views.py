"""Retention (152-ФЗ, article 21): the curator's review of the people whose personal data are
due for destruction, the destruction with its confirmation, and the acts of destruction."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from core.formtools import refuse
from core.http import AuthenticatedHttpRequest
from registry.models import DestructionAct, Person
from registry.retention.document import act_filename
from registry.retention.forms import DestroyForm
from registry.retention.selectors import due_for_destruction
from registry.retention.services import destroy_personal_data
from registry.retention.tables import ActTable

# Destroying is the curator's: the one role that deletes people's records.
PERMISSION = "registry.delete_person"
REVIEW_PAGE_SIZE = 50
ACT_PAGE_SIZE = 25


@require_GET
@permission_required(PERMISSION, raise_exception=True)
def review(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The people due for destruction, each with why, to choose from."""
    due = due_for_destruction(timezone.localdate())
    page = Paginator(due, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "count": len(due),
        "years": settings.PERSONAL_DATA_RETENTION_YEARS,
    }
    return render(request, "registry/retention/review.html", context)


@require_http_methods(["GET", "POST"])
@permission_required(PERMISSION, raise_exception=True)
def destroy(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The confirmation page (the people chosen on the review list come as `?people=`), and
    the destruction itself on POST."""
    due = {row.person.pk: row for row in due_for_destruction(timezone.localdate())}
    data = request.POST if request.method == "POST" else None
    initial = {"people": request.GET.getlist("people")}
    form = DestroyForm(data, initial=initial, due=Person.objects.filter(pk__in=due))
    if request.method == "POST" and form.is_valid():
        try:
            act = destroy_personal_data(
                people=list(form.cleaned_data["people"]),
                grounds=form.cleaned_data["grounds"],
                user=request.user,
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            count = len(act.entries)
            messages.success(
                request,
                ngettext(
                    "The personal data of %(count)s person are destroyed: act No. %(number)s.",
                    "The personal data of %(count)s people are destroyed: act No. %(number)s.",
                    count,
                )
                % {"count": count, "number": act.number},
            )
            return redirect("retention:acts")
    chosen_ids = [int(pk) for pk in (data or request.GET).getlist("people") if pk.isdigit()]
    chosen = [due[pk] for pk in chosen_ids if pk in due]
    if request.method == "GET" and not chosen:
        messages.warning(request, _("Choose the people whose personal data are destroyed."))
        return redirect("retention:review")
    return render(request, "registry/retention/destroy.html", {"form": form, "chosen": chosen})


@require_GET
@permission_required(PERMISSION, raise_exception=True)
def act_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    acts = DestructionAct.objects.select_related("performed_by")
    table = ActTable(acts)
    RequestConfig(request, paginate={"per_page": ACT_PAGE_SIZE}).configure(table)
    return render(request, "registry/retention/act_list.html", {"table": table})


@require_GET
@permission_required(PERMISSION, raise_exception=True)
def act_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    act = get_object_or_404(DestructionAct, pk=pk)
    if not act.document:
        raise Http404
    return FileResponse(act.document.open("rb"), filename=act_filename(act))
