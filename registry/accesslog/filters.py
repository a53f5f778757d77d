from __future__ import annotations

from typing import Any

import django_filters
from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from core.fields import date_input
from registry.models import AccessAction, AccessLogEntry, AccessLogPerson, search_key


def _logged_users() -> QuerySet[User]:
    """The accounts with a row in the log (evaluated when the form is drawn)."""
    return User.objects.filter(
        pk__in=AccessLogEntry.objects.filter(user__isnull=False).values("user")
    ).order_by("last_name", "first_name", "username")


class AccessLogFilter(django_filters.FilterSet):
    user = django_filters.ModelChoiceFilter(
        label=_("User"), queryset=lambda request: _logged_users(), empty_label=_("Everyone")
    )
    action = django_filters.ChoiceFilter(
        label=_("Action"), choices=AccessAction.choices, empty_label=_("Any")
    )
    since = django_filters.DateFilter(
        label=_("From"), field_name="at", lookup_expr="date__gte", widget=date_input()
    )
    until = django_filters.DateFilter(
        label=_("To"), field_name="at", lookup_expr="date__lte", widget=date_input()
    )
    person = django_filters.CharFilter(label=_("Person"), method="filter_person")

    class Meta:
        model = AccessLogEntry
        fields = ["user", "action", "since", "until", "person"]

    def filter_person(self, queryset: QuerySet[AccessLogEntry], name: str, value: Any) -> Any:
        """Entries naming a person whose name (as it was then) contains the text."""
        key = search_key(str(value))
        if not key:
            return queryset
        rows = AccessLogPerson.objects.filter(entry=OuterRef("pk"), search_name__contains=key)
        return queryset.filter(Exists(rows))
