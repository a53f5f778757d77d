"""The pair registry's PDF and XLSX as background documents.

The job keeps what the registry page's button asked: the user's id, the document's path and
its query string (the filters and the sort). The build reads the user again and replays that
request, so the selection, the sort, the masked variants and the access log entry are the
ones the document would have had while the user waited (reports.documents.selection).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.http import Http404, HttpRequest, QueryDict
from django.utils.translation import gettext as _

from core.spreadsheets import workbook_bytes
from pairs.mentorships.filters import MentorshipFilter
from registry.models import AccessAction
from reports.background.errors import DocumentError, job_user
from reports.background.progress import Progress, Unit
from reports.documents import registry as documents
from reports.documents import selection
from reports.models import DocumentJob

REGISTRY_PDF = "registry-pdf"
REGISTRY_XLSX = "registry-xlsx"
PERMISSION = "pairs.view_mentorship"


def registry_params(request: HttpRequest) -> dict[str, object]:
    """What identifies a registry document asked for by this request: the user, the path of
    the document and the query string in a fixed order, without the page number."""
    query = QueryDict(mutable=True)
    for name in sorted(request.GET):
        if name != "page":
            query.setlist(name, sorted(request.GET.getlist(name)))
    return {"user": request.user.pk, "path": request.path, "query": query.urlencode()}


def registry_title(filterset: MentorshipFilter, extension: str) -> str:
    """«Реестр пар (PDF): 2025/2026 учебный год, форма «…»» — for «Мои документы»."""
    year = filterset.academic_year
    parts = [_("Academic year %(year)s") % {"year": year.label}] if year else []
    parts += documents.registry_selection(filterset)
    title = f"{_('Pair registry')} ({extension})"
    return f"{title}: {', '.join(parts)}" if parts else title


def _replayed_request(job: DocumentJob) -> HttpRequest:
    """The request the document was asked with, for its user as they are now."""
    user = job_user(job, PERMISSION, _("You may no longer see the pair registry."))
    query = str(job.params.get("query", ""))
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = str(job.params.get("path", ""))
    request.META["QUERY_STRING"] = query
    request.GET = QueryDict(query)
    request.user = user
    return request


def _selection(request: HttpRequest) -> MentorshipFilter:
    try:
        return selection.registry_selection(request)
    except Http404 as refused:
        raise DocumentError(
            _("The filters of this document are no longer offered; ask for it again.")
        ) from refused


def build_registry_pdf(job: DocumentJob, progress: Progress) -> tuple[bytes, str]:
    """The printed registry, reporting the rows as they are laid out on its pages."""
    request = _replayed_request(job)
    filterset = _selection(request)
    total = filterset.qs.count()
    progress(0, total, Unit.ROWS)
    rows = selection.registry_rows(
        request,
        filterset,
        action=AccessAction.PRINT,
        what=_("Pair registry with health and risk-group variants (PDF)"),
    )
    pdf = documents.registry_pdf(
        filterset, rows, count=total, on_row=lambda done: progress(done, total, Unit.ROWS)
    )
    return pdf, documents.registry_filename(filterset, "pdf")


def build_registry_xlsx(job: DocumentJob, progress: Progress) -> tuple[bytes, str]:
    """The registry's XLSX, reporting the rows as they are written."""
    request = _replayed_request(job)
    filterset = _selection(request)
    total = filterset.qs.count()
    rows = selection.registry_rows(
        request,
        filterset,
        action=AccessAction.EXPORT,
        what=_("Pair registry with health and risk-group variants (XLSX)"),
    )
    progress(0, total, Unit.ROWS)

    def written() -> Iterator[documents.RegistryRow]:
        for done, row in enumerate(rows, start=1):
            yield row
            progress(done, total, Unit.ROWS)

    content = workbook_bytes(documents.registry_sheet(written()))
    return content, documents.registry_filename(filterset, "xlsx")
