from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from registry.accesslog.selectors import people_names
from registry.models import AccessLogEntry

# At most this many names in a cell; the rest are counted.
SHOWN_NAMES = 10


class AccessLogTable(tables.Table):
    """The log rows, from `selectors.log_entries` (their people prefetched)."""

    at = tables.DateTimeColumn(verbose_name=_("When"), format="d.m.Y H:i:s", orderable=False)
    user_name = tables.Column(verbose_name=_("User"), orderable=False)
    action = tables.Column(verbose_name=_("Action"), orderable=False)
    what = tables.Column(verbose_name=_("Page or document"), orderable=False)
    people_count = tables.Column(
        verbose_name=_("Number of people"), attrs={"td": {"class": "text-end"}}, orderable=False
    )
    people = tables.Column(verbose_name=_("People"), empty_values=(), orderable=False)

    class Meta:
        model = AccessLogEntry
        fields = ["at", "user_name", "action", "what", "people_count", "people"]
        attrs = {"class": "table table-sm table-hover align-middle registry-table"}
        empty_text = _("No access log entries match the filters.")

    def render_people(self, record: AccessLogEntry) -> str:
        rows = list(record.rows.all())
        if not rows:
            return "—"
        names = people_names(record) if len(rows) <= SHOWN_NAMES else ""
        if names:
            return names
        shown = ", ".join(row.name for row in rows[:SHOWN_NAMES])
        return _("%(names)s and %(more)s more") % {
            "names": shown,
            "more": len(rows) - SHOWN_NAMES,
        }
