"""The table of logins, from `selectors.logins` (holders, groups and one-time passwords
loaded with it)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.roles import Role

ROLE_LABELS = {role.value: role.label for role in Role}
WIDE_SCREENS_ONLY = {
    "th": {"class": "d-none d-md-table-cell"},
    "td": {"class": "d-none d-md-table-cell"},
}


class LoginTable(tables.Table):
    holder = tables.Column(verbose_name=_("Person"), empty_values=(), orderable=False)
    username = tables.Column(verbose_name=_("Login"), orderable=False)
    state = tables.Column(verbose_name=_("State"), empty_values=(), orderable=False)
    # Off a phone's screen: the role is in the filter, the last login is rarely needed.
    roles = tables.Column(
        verbose_name=_("Role"), empty_values=(), orderable=False, attrs=WIDE_SCREENS_ONLY
    )
    last_login = tables.Column(
        verbose_name=_("Last login"), orderable=False, attrs=WIDE_SCREENS_ONLY
    )

    class Meta:
        model = User
        fields = ["holder", "username", "state", "roles", "last_login"]
        attrs = {"class": "table table-sm table-hover align-middle registry-table"}
        empty_text = _("No logins match the search and the filters.")

    def render_holder(self, record: User) -> Any:
        person = getattr(record, "person", None)
        if person is not None:
            return format_html(
                '<a href="{}">{}</a>', reverse("people:detail", args=[person.pk]), person
            )
        curator = getattr(record, "partner_curator", None)
        if curator is not None:
            return format_html(
                '<a href="{}">{}</a><div class="small text-body-secondary">{}</div>',
                reverse("partners:detail", args=[curator.organization_id]),
                curator.full_name,
                curator.organization.short_name,
            )
        return record.get_full_name() or "—"

    def render_roles(self, record: User) -> str:
        names = sorted(group.name for group in record.groups.all())
        labels = [str(ROLE_LABELS[name]) for name in names if name in ROLE_LABELS]
        if record.is_superuser:
            labels.insert(0, str(_("administrator")))
        return ", ".join(labels) or "—"

    def render_state(self, record: User) -> Any:
        if not record.is_active:
            return format_html('<span class="badge text-bg-danger">{}</span>', _("blocked"))
        if hasattr(record, "one_time_password"):
            return format_html(
                '<span class="badge text-bg-success">{}</span> '
                '<span class="badge text-bg-warning">{}</span>',
                _("active"),
                _("one-time password"),
            )
        return format_html('<span class="badge text-bg-success">{}</span>', _("active"))

    def render_last_login(self, value: Any) -> str:
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
