"""The pair registry's selection for its XLSX and PDF: the registry page's filters and sort
for a request, as the user may see it, with the access log of the special variants shown.

The views use it for a document made while the user waits, and the background documents
(reports/background/registry.py) for one made later, from the same user and query string.
"""

from __future__ import annotations

from collections.abc import Iterator

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
) -> Iterator[documents.RegistryRow]:
    """The selection's rows in the page's sort, every page, read in batches as they are used
    (a registry of thousands of pairs is never in memory at once). When they show an ОВЗ or
    risk-group variant, the file is logged with the mentees of those pairs, before a row is
    read."""
    hidden = formats_with_hidden_variants(request.user)
    special = Person.objects.filter(
        mentorships_as_mentee__in=filterset.qs.filter(variant__is_special_category=True)
        .exclude(format_id__in=hidden)
        .values("pk")
    ).distinct()
    people = list(special)
    if people:
        record_access(request, action=action, what=what, people=people)
    mentorships = in_registry_order(request, filterset.qs)
    return documents.registry_rows(
        mentorships.iterator(chunk_size=documents.ROWS_BATCH), hidden_variant_formats=hidden
    )
