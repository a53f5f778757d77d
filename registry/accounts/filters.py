"""The filters of the list of logins: a search by name, the role and the state."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.roles import Role
from registry.accounts.selectors import search_logins

STATES = [("active", _("active")), ("blocked", _("blocked"))]


class LoginFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"placeholder": _("Name or login")}),
    )
    role = django_filters.ChoiceFilter(
        label=_("Role"), choices=Role.choices, method="filter_role", empty_label=_("Any role")
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=STATES, method="filter_state", empty_label=_("Any state")
    )

    class Meta:
        model = User
        fields = ["q", "role", "state"]

    def filter_search(self, queryset: QuerySet[User], name: str, value: str) -> Any:
        return search_logins(queryset, value)

    def filter_role(self, queryset: QuerySet[User], name: str, value: str) -> Any:
        return queryset.filter(groups__name=value)

    def filter_state(self, queryset: QuerySet[User], name: str, value: str) -> Any:
        return queryset.filter(is_active=value == "active")
