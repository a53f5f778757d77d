"""Pages of the partner schools and enterprises, their agreements and their curators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from core.formtools import posted, refuse
from core.http import AuthenticatedHttpRequest
from registry.models import Agreement, PartnerCurator, PartnerKind, PartnerOrganization
from registry.partners.filters import PartnerFilter
from registry.partners.forms import AgreementForm, PartnerCuratorForm, PartnerOrganizationForm
from registry.partners.services import (
    agreement_status,
    curates,
    delete_agreement,
    delete_curator,
    partner_status,
    save_agreement,
    save_curator,
    save_organization,
)
from registry.partners.tables import PartnerTable

PARTNER_PAGE_SIZE = 25


def _get_partner(request: AuthenticatedHttpRequest, pk: int) -> PartnerOrganization:
    """A partner the user may see; another's is not found."""
    return get_object_or_404(PartnerOrganization.objects.visible_to(request.user), pk=pk)


def _get_agreement(request: AuthenticatedHttpRequest, partner_pk: int, pk: int) -> Agreement:
    partner = _get_partner(request, partner_pk)
    return get_object_or_404(
        Agreement.objects.select_related("organization"), pk=pk, organization=partner
    )


def _get_curator(request: AuthenticatedHttpRequest, partner_pk: int, pk: int) -> PartnerCurator:
    partner = _get_partner(request, partner_pk)
    curators = PartnerCurator.objects.select_related("organization", "user")
    return get_object_or_404(curators, pk=pk, organization=partner)


def _partners_with_details(request: AuthenticatedHttpRequest) -> QuerySet[PartnerOrganization]:
    # Each partner has pupils or staff, never both, so the two joins do not multiply rows
    # much; `distinct` keeps the counts right whatever the data.
    return (
        PartnerOrganization.objects.visible_to(request.user)
        .prefetch_related(
            "agreements",
            Prefetch("curators", queryset=PartnerCurator.objects.order_by("full_name")),
        )
        .annotate(people_count=Count("pupils", distinct=True) + Count("employees", distinct=True))
    )


@require_GET
@permission_required("registry.view_partnerorganization", raise_exception=True)
def partner_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = PartnerFilter(request.GET or None, queryset=_partners_with_details(request))
    table = PartnerTable(filterset.qs, today=timezone.localdate())
    RequestConfig(request, paginate={"per_page": PARTNER_PAGE_SIZE}).configure(table)
    context = {
        "filter": filterset,
        "table": table,
        "can_add": request.user.has_perm("registry.add_partnerorganization"),
    }
    return render(request, "registry/partners/partner_list.html", context)


@require_GET
@permission_required("registry.view_partnerorganization", raise_exception=True)
def partner_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partner = _get_partner(request, pk)
    today = timezone.localdate()
    agreements = list(partner.agreements.all())
    user = request.user
    # A partner's curator sees the other curators of their own organization.
    sees_curators = user.has_perm("registry.view_partnercurator") or curates(user, partner)
    is_school = partner.kind == PartnerKind.SCHOOL
    people = partner.pupils if is_school else partner.employees
    context = {
        "partner": partner,
        "is_school": is_school,
        "status": partner_status(agreements, today),
        "agreements": [(agreement, agreement_status(agreement, today)) for agreement in agreements]
        if user.has_perm("registry.view_agreement")
        else None,
        "curators": list(partner.curators.select_related("user").order_by("full_name"))
        if sees_curators
        else None,
        "people_count": people.count(),
        "can_change": user.has_perm("registry.change_partnerorganization"),
        "can_add_agreement": user.has_perm("registry.add_agreement"),
        "can_change_agreement": user.has_perm("registry.change_agreement"),
        "can_delete_agreement": user.has_perm("registry.delete_agreement"),
        "can_add_curator": user.has_perm("registry.add_partnercurator"),
        "can_change_curator": user.has_perm("registry.change_partnercurator"),
        "can_delete_curator": user.has_perm("registry.delete_partnercurator"),
    }
    return render(request, "registry/partners/partner_detail.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("registry.add_partnerorganization", raise_exception=True)
def partner_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PartnerOrganizationForm(posted(request), organization=None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = save_organization(organization=None, **form.cleaned_data)
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("The partner «%s» is added.") % partner.short_name)
            return redirect("partners:detail", pk=partner.pk)
    return render(request, "registry/partners/partner_form.html", {"form": form, "partner": None})


@require_http_methods(["GET", "POST"])
@permission_required("registry.change_partnerorganization", raise_exception=True)
def partner_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partner = _get_partner(request, pk)
    form = PartnerOrganizationForm(posted(request), organization=partner)
    if request.method == "POST" and form.is_valid():
        try:
            # The service changes its own copy: `partner` keeps the saved name for the page.
            saved = save_organization(organization=_get_partner(request, pk), **form.cleaned_data)
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("The partner «%s» is saved.") % saved.short_name)
            return redirect("partners:detail", pk=pk)
    return render(
        request, "registry/partners/partner_form.html", {"form": form, "partner": partner}
    )


@require_http_methods(["GET", "POST"])
@permission_required("registry.add_agreement", raise_exception=True)
def agreement_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partner = _get_partner(request, pk)
    form = AgreementForm(posted(request), agreement=None)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = save_agreement(agreement=None, organization=partner, **form.cleaned_data)
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("Agreement No. %s is recorded.") % agreement.number)
            return redirect("partners:detail", pk=pk)
    context = {"form": form, "partner": partner, "agreement": None}
    return render(request, "registry/partners/agreement_form.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("registry.change_agreement", raise_exception=True)
def agreement_edit(request: AuthenticatedHttpRequest, pk: int, agreement_pk: int) -> HttpResponse:
    agreement = _get_agreement(request, pk, agreement_pk)
    form = AgreementForm(posted(request), agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_agreement(
                agreement=_get_agreement(request, pk, agreement_pk),
                organization=agreement.organization,
                **form.cleaned_data,
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("Agreement No. %s is saved.") % saved.number)
            return redirect("partners:detail", pk=pk)
    context = {"form": form, "partner": agreement.organization, "agreement": agreement}
    return render(request, "registry/partners/agreement_form.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("registry.delete_agreement", raise_exception=True)
def agreement_delete(request: AuthenticatedHttpRequest, pk: int, agreement_pk: int) -> HttpResponse:
    agreement = _get_agreement(request, pk, agreement_pk)
    if request.method == "POST":
        try:
            delete_agreement(agreement=agreement)
        except ValidationError as refusal:
            for message in refusal.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Agreement No. %s is deleted.") % agreement.number)
        return redirect("partners:detail", pk=pk)
    context = {
        "agreement": agreement,
        "partner": agreement.organization,
        "status": agreement_status(agreement, timezone.localdate()),
    }
    return render(request, "registry/partners/agreement_confirm_delete.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("registry.add_partnercurator", raise_exception=True)
def curator_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partner = _get_partner(request, pk)
    form = PartnerCuratorForm(posted(request), curator=None)
    if request.method == "POST" and form.is_valid():
        try:
            curator = save_curator(curator=None, organization=partner, **form.cleaned_data)
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("The curator %s is added.") % curator.full_name)
            return redirect("partners:detail", pk=pk)
    context = {"form": form, "partner": partner, "curator": None}
    return render(request, "registry/partners/curator_form.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("registry.change_partnercurator", raise_exception=True)
def curator_edit(request: AuthenticatedHttpRequest, pk: int, curator_pk: int) -> HttpResponse:
    curator = _get_curator(request, pk, curator_pk)
    form = PartnerCuratorForm(posted(request), curator=curator)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_curator(
                curator=_get_curator(request, pk, curator_pk),
                organization=curator.organization,
                **form.cleaned_data,
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("The curator %s is saved.") % saved.full_name)
            return redirect("partners:detail", pk=pk)
    context = {"form": form, "partner": curator.organization, "curator": curator}
    return render(request, "registry/partners/curator_form.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("registry.delete_partnercurator", raise_exception=True)
def curator_delete(request: AuthenticatedHttpRequest, pk: int, curator_pk: int) -> HttpResponse:
    curator = _get_curator(request, pk, curator_pk)
    if request.method == "POST":
        delete_curator(curator=curator)
        messages.success(request, _("The curator %s is deleted.") % curator.full_name)
        return redirect("partners:detail", pk=pk)
    context = {"curator": curator, "partner": curator.organization}
    return render(request, "registry/partners/curator_confirm_delete.html", context)
