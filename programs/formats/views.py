from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.fields import seen_of
from core.formtools import refuse
from core.http import AuthenticatedHttpRequest
from core.versions import lock_at_version, save_unless_stale
from programs.formats.forms import (
    MentoringFormatForm,
    OrganizationForm,
    VariantFormSet,
    format_token,
)
from programs.models import FormatVariant, MentoringFormat, Organization


def _variants_in_order() -> Prefetch:
    return Prefetch("variants", queryset=FormatVariant.objects.order_by("position", "id"))


@require_GET
@permission_required("programs.view_mentoringformat", raise_exception=True)
def format_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    formats = (
        MentoringFormat.objects.with_active_counts()
        .prefetch_related(_variants_in_order(), "leads")
        .order_by("position", "id")
    )
    return render(request, "programs/formats/format_list.html", {"formats": formats})


@require_GET
@permission_required("programs.view_mentoringformat", raise_exception=True)
def format_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    queryset = MentoringFormat.objects.with_active_counts().prefetch_related(
        _variants_in_order(), "leads"
    )
    mentoring_format = get_object_or_404(queryset, code=code)
    return render(request, "programs/formats/format_detail.html", {"format": mentoring_format})


@require_http_methods(["GET", "POST"])
@permission_required("programs.change_mentoringformat", raise_exception=True)
def format_edit(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    mentoring_format = get_object_or_404(MentoringFormat, code=code)
    what = _("the format «%(title)s»") % {"title": mentoring_format.title}
    form = MentoringFormatForm(request.POST or None, instance=mentoring_format)
    variants = VariantFormSet(request.POST or None, instance=mentoring_format, prefix="variants")
    if request.method == "POST" and form.is_valid() and variants.is_valid():
        try:
            with transaction.atomic():
                lock_at_version(
                    MentoringFormat.objects.all(),
                    mentoring_format.pk,
                    seen=seen_of(form),
                    what=what,
                    token=format_token,
                )
                form.save()
                variants.save()
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("The format «%s» is saved.") % mentoring_format.title)
            return redirect("formats:format-detail", code=mentoring_format.code)
    context = {"format": mentoring_format, "form": form, "variants": variants}
    return render(request, "programs/formats/format_edit.html", context)


@require_GET
@permission_required("programs.view_organization", raise_exception=True)
def organization_detail(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "programs/formats/organization_detail.html", {})


@require_http_methods(["GET", "POST"])
@permission_required("programs.change_organization", raise_exception=True)
def organization_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = OrganizationForm(request.POST or None, instance=Organization.load())
    if request.method == "POST" and form.is_valid():
        try:
            save_unless_stale(form, seen=seen_of(form), what=_("the organization's details"))
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("The organization's details are saved."))
            return redirect("formats:organization-detail")
    return render(request, "programs/formats/organization_edit.html", {"form": form})
