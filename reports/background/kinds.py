"""The kinds of document prepared in the background: what builds each and who may have it.

A build takes the job (its `params`: what the document is of and the id of the user who
asked, whom it reads again) and a `Progress` to report to, and returns the file's bytes and
name. It raises `DocumentError` with a message for the user when the document cannot be
made as asked (the user may no longer see it, its filters no longer make sense); any other
exception is logged and the user is told the document failed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reports.background import monitoring, registry
from reports.background.errors import DocumentError
from reports.background.progress import Progress
from reports.models import DocumentJob

Build = Callable[[DocumentJob, Progress], tuple[bytes, str]]


@dataclass(frozen=True)
class DocumentKind:
    build: Build
    # The permission a user needs to ask for it, retry it and download it.
    permission: str


KINDS: dict[str, DocumentKind] = {
    registry.REGISTRY_PDF: DocumentKind(registry.build_registry_pdf, registry.PERMISSION),
    registry.REGISTRY_XLSX: DocumentKind(registry.build_registry_xlsx, registry.PERMISSION),
    monitoring.MONITORING_REPORT_PDF: DocumentKind(
        monitoring.build_monitoring_report_pdf, monitoring.PERMISSION
    ),
}

__all__ = ["KINDS", "Build", "DocumentError", "DocumentKind"]
