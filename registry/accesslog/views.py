"""The access log (152-ФЗ): who viewed, exported or printed special-category data or a whole
base of people. It is only read here: its rows are written by `record_access` alone."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from core.http import AuthenticatedHttpRequest
from core.spreadsheets import Sheet, xlsx_response
from registry.accesslog.filters import AccessLogFilter
from registry.accesslog.selectors import export_headers, export_rows, log_entries
from registry.accesslog.services import record_access
from registry.accesslog.tables import AccessLogTable
from registry.models import AccessAction

ACCESS_LOG_PAGE_SIZE = 50


def _filtered(request: AuthenticatedHttpRequest) -> AccessLogFilter:
    return AccessLogFilter(request.GET or None, queryset=log_entries(), request=request)


def _filter_query(filterset: AccessLogFilter) -> str:
    """The valid, non-empty filter values as a query string, for the export."""
    if not filterset.is_bound or not filterset.form.is_valid():
        return ""
    values = {
        name: getattr(value, "pk", value)
        for name, value in filterset.form.cleaned_data.items()
        if value not in (None, "")
    }
    return "?" + urlencode(values) if values else ""


@require_GET
@permission_required("registry.view_accesslogentry", raise_exception=True)
def log_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = _filtered(request)
    table = AccessLogTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": ACCESS_LOG_PAGE_SIZE}).configure(table)
    context = {
        "filter": filterset,
        "table": table,
        "export_query": _filter_query(filterset),
    }
    return render(request, "registry/accesslog/log_list.html", context)


@require_GET
@permission_required("registry.view_accesslogentry", raise_exception=True)
def log_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The filtered rows as XLSX; the export is itself a row of the log."""
    entries = list(_filtered(request).qs)
    record_access(request, action=AccessAction.EXPORT, what=_("Access log"), count=len(entries))
    return xlsx_response(
        f"access-log-{timezone.localdate():%Y-%m-%d}.xlsx",
        Sheet(_("Access log"), export_headers(), export_rows(entries)),
    )
