"""The pair registry's selection for its XLSX and PDF: the registry page's filters and sort
for a request, as the user may see it, with the access log of the special variants shown.

The views use it for a document made while the user waits, and the background documents
(reports/background/registry.py) for one made later, from the same user and query string.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from pairs.mentorships.filters import MentorshipFilter, registry_filter
from pairs.mentorships.tables import in_registry_order
from pairs.models import Mentorship
from programs.access import formats_with_hidden_variants
from registry.accesslog import record_access
from registry.models import AccessAction, Person
from reports.documents import registry as documents


def registry_selection(request: HttpRequest) -> MentorshipFilter:
    """The registry page's filters for the same query string.

    Filters that make no sense (a format or year that is not offered) are a 404 rather than
    the whole registry, which could be filed as the selection asked for.
    """
    filterset = registry_filter(request)
    if not filterset.is_usable:
        raise Http404
    return filterset


def shows_special_variant(mentorship: Mentorship, hidden: set[int]) -> bool:
    variant = mentorship.variant
    return (
        variant is not None and variant.is_special_category and mentorship.format_id not in hidden
    )


def registry_rows(
    request: HttpRequest,
    filterset: MentorshipFilter,
    *,
    action: AccessAction,
    what: str,
) -> list[documents.RegistryRow]:
    """The selection's rows in the page's sort, every page. When they show an ОВЗ or
    risk-group variant, the file is logged with the mentees of those pairs."""
    hidden = formats_with_hidden_variants(request.user)
    mentorships = list(in_registry_order(request, filterset.qs))
    special: list[Person] = [
        mentee
        for mentorship in mentorships
        if shows_special_variant(mentorship, hidden)
        for mentee in mentorship.mentees.all()
    ]
    if special:
        record_access(request, action=action, what=what, people=special)
    return documents.registry_rows(mentorships, hidden_variant_formats=hidden)
