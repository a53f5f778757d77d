from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from reports.background.services import expire_documents


class Command(BaseCommand):
    help = (
        "Deletes the background documents past their storage period (DOCUMENTS_KEEP_HOURS); "
        "their rows in «Мои документы» stay and say so. Each document a worker builds runs "
        "this first; a daily timer covers the days nothing is built."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = expire_documents()
        self.stdout.write(_("Expired documents deleted: %(count)s.") % {"count": count})
