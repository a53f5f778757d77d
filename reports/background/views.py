"""«Мои документы» and a document's page (URLs of documents-bg:): only the user who asked
for a document sees it; another user's is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.http import AuthenticatedHttpRequest
from core.spreadsheets import XLSX_CONTENT_TYPE
from reports.background.kinds import KINDS
from reports.background.services import delete_document, retry_document
from reports.models import DocumentJob

PAGE_SIZE = 20


def _get_job_for_user(request: AuthenticatedHttpRequest, pk: int) -> DocumentJob:
    return get_object_or_404(DocumentJob.objects.filter(requested_by=request.user), pk=pk)


def _check_kind_permission(request: AuthenticatedHttpRequest, job: DocumentJob) -> None:
    """A user who may no longer have a kind of document neither retries nor downloads it."""
    kind = KINDS.get(job.kind)
    if kind is None or not request.user.has_perm(kind.permission):
        raise PermissionDenied


@require_GET
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's documents, the latest first."""
    jobs = DocumentJob.objects.filter(requested_by=request.user).defer("params")
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/background/mine.html", {"page": page})


@require_GET
def job_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = _get_job_for_user(request, pk)
    return render(request, "reports/background/job.html", {"job": job})


@require_GET
def job_state(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The fragment of a job's state that its page polls while it is queued or being
    prepared; with `?row=1`, its row of «Мои документы», which that page polls."""
    job = _get_job_for_user(request, pk)
    if request.GET.get("row") == "1":
        return render(request, "reports/background/_job_row.html", {"job": job})
    context = {"job": job, "compact": False, "polled": True}
    return render(request, "reports/background/_job_state.html", context)


@require_GET
def download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """The document's file, to its owner only, while it is kept; never stored by a cache."""
    job = _get_job_for_user(request, pk)
    _check_kind_permission(request, job)
    if not job.is_available():
        raise Http404
    try:
        content = job.file.open("rb")
    except FileNotFoundError as missing:  # deleted from the disk by hand
        raise Http404 from missing
    is_pdf = job.filename.lower().endswith(".pdf")
    response = FileResponse(
        content,
        as_attachment=not is_pdf,
        filename=job.filename,
        content_type="application/pdf" if is_pdf else XLSX_CONTENT_TYPE,
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = _get_job_for_user(request, pk)
    _check_kind_permission(request, job)
    queued = retry_document(job)
    return redirect("documents-bg:job", pk=queued.pk)


@require_http_methods(["GET", "POST"])
def delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = _get_job_for_user(request, pk)
    if request.method == "POST":
        delete_document(job)
        messages.success(request, _("The document «%s» is deleted.") % job.title)
        return redirect("documents-bg:mine")
    return render(request, "reports/background/job_confirm_delete.html", {"job": job})
