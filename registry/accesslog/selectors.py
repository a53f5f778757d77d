from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.spreadsheets import Value
from registry.models import AccessLogEntry


def log_entries() -> QuerySet[AccessLogEntry]:
    """The log, newest first, with the names of its people in one more query."""
    return AccessLogEntry.objects.prefetch_related("rows").order_by("-at", "-id")


def people_names(entry: AccessLogEntry) -> str:
    return ", ".join(row.name for row in entry.rows.all())


def export_headers() -> list[str]:
    return [
        _("When"),
        _("User"),
        _("Action"),
        _("Page or document"),
        _("Number of people"),
        _("People"),
        _("Address"),
    ]


def export_rows(entries: Iterable[AccessLogEntry]) -> Iterator[list[Value]]:
    for entry in entries:
        yield [
            entry.at.astimezone().strftime("%d.%m.%Y %H:%M:%S"),
            entry.user_name,
            str(entry.get_action_display()),
            entry.what,
            entry.people_count,
            people_names(entry),
            entry.path,
        ]
