"""The approved report's PDF and XLSX, kept on the report as they were approved.

They are made by a background build (reports/background/monitoring.py) after the director
approves the report, not in the approval's request: printing the report's twenty trend
charts takes seconds. Whichever build finishes first stores them; a later one stores nothing.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction

from reports.documents.monitoring_report import report_filename
from reports.models import MonitoringReport, ReportStatus


def store_approved_files(report_pk: int, *, pdf: bytes, xlsx: bytes) -> bool:
    """Keeps `pdf` and `xlsx` on the approved report unless it has them already; whether
    anything was stored. A report that is not approved (no longer there) is left alone.

    The report's version is not changed: the files are not an edit of the report."""
    with transaction.atomic():
        locked = (
            MonitoringReport.objects.select_for_update()
            .filter(pk=report_pk, status=ReportStatus.APPROVED)
            .first()
        )
        if locked is None:
            return False
        name = report_filename(locked)
        fields = []
        if not locked.pdf:
            locked.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
            fields.append("pdf")
        if not locked.xlsx:
            locked.xlsx.save(f"{name}.xlsx", ContentFile(xlsx), save=False)
            fields.append("xlsx")
        if fields:
            locked.save(update_fields=fields)
        return bool(fields)
