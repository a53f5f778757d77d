from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from pairs.filters import MentorshipFilter
from pairs.forms import MentorshipForm
from pairs.models import Mentorship, MentorshipStatus
from pairs.services import create_mentorship
from pairs.tables import MentorshipTable
from programs.formtools import refuse
from programs.models import MentoringFormat
from programs.roles import formats_with_hidden_variants

REGISTRY_PAGE_SIZE = 25


def _get_mentorship_for_user(request: HttpRequest, pk: int) -> Mentorship:
    visible = Mentorship.objects.visible_to(request.user).with_people()
    return get_object_or_404(visible, pk=pk)


def _formats_for_new_mentorship(request: HttpRequest) -> list[MentoringFormat]:
    """All formats for the curator; a format lead forms pairs of the formats they lead."""
    formats = MentoringFormat.objects.order_by("position")
    if not request.user.has_perm("pairs.form_any_format"):
        formats = formats.led_by(request.user)  # type: ignore[arg-type]
    return list(formats)


@require_GET
@permission_required("pairs.view_mentorship", raise_exception=True)
def registry(request: HttpRequest) -> HttpResponse:
    """The pair registry (реестр наставнических пар), filtered, sorted and paginated."""
    mentorships = (
        Mentorship.objects.visible_to(request.user)
        .exclude(status=MentorshipStatus.DRAFT)
        .with_people()
    )
    filterset = MentorshipFilter(request.GET or None, queryset=mentorships)
    table = MentorshipTable(
        filterset.qs, hidden_variant_formats=formats_with_hidden_variants(request.user)
    )
    RequestConfig(request, paginate={"per_page": REGISTRY_PAGE_SIZE}).configure(table)
    context = {
        "filter": filterset,
        "table": table,
        "can_add": request.user.has_perm("pairs.add_mentorship"),
    }
    return render(request, "pairs/registry.html", context)


@require_GET
@permission_required("pairs.view_mentorship", raise_exception=True)
def mentorship_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _get_mentorship_for_user(request, pk)
    context = {
        "mentorship": mentorship,
        "variant_hidden": mentorship.format_id in formats_with_hidden_variants(request.user),
        "participations": list(
            mentorship.event_participations.visible_to(request.user)  # type: ignore[attr-defined]
            .select_related("event", "person")
            .order_by("-event__starts_on", "event__title", "role", "person__last_name")
        ),
    }
    return render(request, "pairs/mentorship_detail.html", context)


@require_GET
@permission_required("pairs.add_mentorship", raise_exception=True)
def mentorship_new(request: HttpRequest) -> HttpResponse:
    """Step one of a new mentorship: the format, which decides who can take part."""
    formats = _formats_for_new_mentorship(request)
    return render(request, "pairs/mentorship_new.html", {"formats": formats})


@require_http_methods(["GET", "POST"])
@permission_required("pairs.add_mentorship", raise_exception=True)
def mentorship_create(request: HttpRequest, code: str) -> HttpResponse:
    formats = {f.code: f for f in _formats_for_new_mentorship(request)}
    if code not in formats:
        raise Http404
    mentoring_format = formats[code]
    form = MentorshipForm(request.POST or None, mentoring_format=mentoring_format)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            mentorship = create_mentorship(
                format=mentoring_format,
                variant=data.get("variant"),
                mentors=list(data["mentors"]),
                mentees=list(data["mentees"]),
                decision=data["decision"],
                started_on=data["started_on"],
                planned_end_on=data["planned_end_on"],
                created_by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(
                request, _("Mentorship No. %s is added to the registry.") % mentorship.pk
            )
            return redirect("pairs:mentorship-detail", pk=mentorship.pk)
    return render(request, "pairs/mentorship_form.html", {"format": mentoring_format, "form": form})
