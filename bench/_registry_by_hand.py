"""The registry page's floor for bench/registry.py: the same view — filters, the same 50
rows of the same queries, the access log — with the table written by hand in a plain Django
template (bench/templates/bench/registry_by_hand.html) instead of django-tables2. Served at
/bench/registry-by-hand/ by this module's urlpatterns (bench/registry.py) and by bench/_load_site.py
(bench/load.py); newest first only, the page's default order."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from core.http import AuthenticatedHttpRequest
from mentoring_site.urls import urlpatterns as site_urls
from pairs.accesslog import record_special_view, special_mentees
from pairs.mentorships.filters import registry_filter
from pairs.mentorships.views import REGISTRY_PAGE_SIZE
from programs.access import formats_with_hidden_variants
from registry.people.selectors import OpenablePeople


@require_GET
@permission_required("pairs.view_mentorship", raise_exception=True)
def registry_by_hand(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = registry_filter(request)
    per_page = int(request.GET.get("per_page", REGISTRY_PAGE_SIZE))
    paginator = Paginator(filterset.qs.order_by("-started_on", "-id"), per_page)
    page = paginator.get_page(request.GET.get("page"))
    hidden = formats_with_hidden_variants(request.user)
    record_special_view(request, "bench", special_mentees(page.object_list, hidden))
    openable = OpenablePeople(request.user)
    people = [p for m in page.object_list for p in (*m.mentors.all(), *m.mentees.all())]
    export_query = request.GET.copy()
    export_query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "hidden": hidden,
        "openable": {person.pk for person in people if openable(person)},
        "can_add": request.user.has_perm("pairs.add_mentorship"),
        "export_query": export_query.urlencode() if filterset.is_usable else None,
    }
    return render(request, "bench/registry_by_hand.html", context)


urlpatterns = [path("bench/registry-by-hand/", registry_by_hand), *site_urls]
