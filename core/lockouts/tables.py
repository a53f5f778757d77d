from __future__ import annotations

import django_tables2 as tables
from axes.models import AccessFailureLog
from django.utils.translation import gettext_lazy as _


class FailureTable(tables.Table):
    """Failed logins, newest first (`selectors.recent_failures`)."""

    attempt_time = tables.DateTimeColumn(verbose_name=_("Time"), format="d.m.Y H:i:s")
    username = tables.Column(verbose_name=_("User name"))
    ip_address = tables.Column(verbose_name=_("IP address"))
    locked_out = tables.BooleanColumn(verbose_name=_("Locked out"), yesno=(_("yes"), _("no")))

    class Meta:
        model = AccessFailureLog
        fields = ["attempt_time", "username", "ip_address", "locked_out"]
        attrs = {"class": "table table-sm table-hover align-middle registry-table"}
        empty_text = _("No failed logins.")
        orderable = False
