"""Proposals of mentees (представления): a teacher or a partner's curator proposes, the
curator or the format's lead accepts the proposal into the mentee pool or rejects it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tables2 import RequestConfig

from core.formtools import posted, refuse
from core.http import AuthenticatedHttpRequest
from pairs.accesslog import record_special_view, special_entry_people
from pairs.models import PoolEntry, Proposal, ProposalStatus
from pairs.proposals.filters import ProposalFilter
from pairs.proposals.forms import ProposalForm, RejectForm, offered_variants, variant_choices
from pairs.proposals.services import (
    accept_proposal,
    proposable_formats,
    proposable_people,
    propose_mentee,
    reject_proposal,
    withdraw_proposal,
)
from pairs.proposals.tables import ProposalTable
from programs.access import formats_with_hidden_variants
from programs.models import MentoringFormat
from registry.models import PERSON_DETAILS, Person, russian_name_order
from registry.people.fields import person_candidates

PROPOSAL_PAGE_SIZE = 25
PROPOSAL_DETAILS = (
    "format",
    "variant",
    "proposed_by",
    "decided_by",
    "person",
    *(f"person__{path}" for path in PERSON_DETAILS),
)
INBOX, MINE, ALL = "inbox", "mine", "all"
TAB_TITLES = {
    INBOX: gettext_lazy("Incoming proposals"),
    MINE: gettext_lazy("My proposals"),
    ALL: gettext_lazy("All proposals"),
}
FORM_FIELDS = ("format", "variant", "request", "academic_year")


def _is_decider(request: AuthenticatedHttpRequest) -> bool:
    return request.user.has_perm("pairs.change_proposal")


def _tabs(request: AuthenticatedHttpRequest) -> list[str]:
    """The views of the list the user has, the default one first."""
    tabs = []
    if _is_decider(request):
        tabs.append(INBOX)
    if request.user.has_perm("pairs.add_proposal"):
        tabs.append(MINE)
    if _is_decider(request) or request.user.has_perm("pairs.view_all_pools") or not tabs:
        tabs.append(ALL)
    return tabs


def _tab_proposals(request: AuthenticatedHttpRequest, tab: str) -> QuerySet[Proposal]:
    user = request.user
    if tab == INBOX:
        return Proposal.objects.decidable_by(user).pending()
    if tab == MINE:
        return Proposal.objects.visible_to(user).filter(proposed_by_id=user.pk)
    return Proposal.objects.visible_to(user)


def _filter_formats(request: AuthenticatedHttpRequest) -> QuerySet[MentoringFormat]:
    """The formats worth filtering by: all for who sees every pool; otherwise the led ones,
    the ones the user proposes for and those of the user's own proposals."""
    user = request.user
    formats = MentoringFormat.objects.order_by("position", "id")
    if user.has_perm("pairs.view_all_pools"):
        return formats
    relevant = Q(pk__in=proposable_formats(user).values("pk")) | Q(
        pk__in=Proposal.objects.filter(proposed_by_id=user.pk).values("format_id")
    )
    if _is_decider(request):
        relevant |= Q(leads=user.pk)
    return formats.filter(pk__in=MentoringFormat.objects.filter(relevant).values("pk"))


def _get_proposal_for_user(request: AuthenticatedHttpRequest, pk: int) -> Proposal:
    visible = Proposal.objects.visible_to(request.user).select_related(*PROPOSAL_DETAILS)
    return get_object_or_404(visible, pk=pk)


def _get_decidable(request: AuthenticatedHttpRequest, pk: int) -> Proposal:
    # A proposal of a format the user does not decide on is not found, as for a stranger.
    decidable = Proposal.objects.decidable_by(request.user).select_related(*PROPOSAL_DETAILS)
    return get_object_or_404(decidable, pk=pk)


@require_GET
@permission_required("pairs.view_proposal", raise_exception=True)
def proposal_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    tabs = _tabs(request)
    tab = request.GET.get("tab", tabs[0])
    if tab not in tabs:
        tab = tabs[0]
    proposals = _tab_proposals(request, tab).select_related(*PROPOSAL_DETAILS)
    proposals = proposals.order_by(
        russian_name_order(proposals.db, prefix="person__"), "-created_at", "id"
    )
    filterset = ProposalFilter(
        request.GET or None,
        queryset=proposals,
        with_status=tab != INBOX,
        formats=_filter_formats(request),
    )
    table = ProposalTable(
        filterset.qs,
        hidden_variant_formats=formats_with_hidden_variants(request.user),
        user_id=request.user.pk,
    )
    RequestConfig(request, paginate={"per_page": PROPOSAL_PAGE_SIZE}).configure(table)
    pending_count = None
    if INBOX in tabs:
        pending_count = Proposal.objects.decidable_by(request.user).pending().count()
    context = {
        "tab": tab,
        "tabs": [(name, TAB_TITLES[name]) for name in tabs],
        "title": TAB_TITLES[tab],
        "filter": filterset,
        "table": table,
        "pending_count": pending_count,
        "can_add": request.user.has_perm("pairs.add_proposal"),
    }
    return render(request, "pairs/proposals/proposal_list.html", context)


def _chosen_person(people: QuerySet[Person], pk: str | None) -> Person | None:
    """The person chosen in the request; one the user may not propose is not found."""
    if not pk:
        return None
    if not pk.isdigit():
        raise Http404
    return get_object_or_404(people.select_related(*PERSON_DETAILS), pk=int(pk))


@require_http_methods(["GET", "POST"])
@permission_required("pairs.add_proposal", raise_exception=True)
def proposal_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The new proposal. The mentee is found by name (htmx refreshes the candidates as one
    types; without scripts the search button reloads the page) or comes as `?person=` from
    the list of students."""
    people = proposable_people(request.user)
    data = request.POST if request.method == "POST" else request.GET
    if request.method == "POST":
        form = ProposalForm(request.POST, user=request.user)
        # A posted person out of reach is refused by the form; only a valid one stays chosen.
        pk = request.POST.get("person", "")
        chosen = None
        if pk.isdigit():
            chosen = people.select_related(*PERSON_DETAILS).filter(pk=int(pk)).first()
        if form.is_valid():
            try:
                proposal = propose_mentee(user=request.user, **form.cleaned_data)
            except ValidationError as refusal:
                refuse(form, refusal)
            else:
                messages.success(
                    request,
                    _(
                        "The proposal is sent: %(name)s for the format «%(format)s». It awaits "
                        "review."
                    )
                    % {"name": proposal.person.full_name, "format": proposal.format.title},
                )
                return redirect("proposals:detail", pk=proposal.pk)
    else:
        chosen = _chosen_person(people, request.GET.get("person"))
        initial = {name: request.GET[name] for name in FORM_FIELDS if request.GET.get(name)}
        form = ProposalForm(initial=initial, user=request.user)
    context = {"form": form, **person_candidates(people, data.get("q", ""), chosen)}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "pairs/proposals/_candidates.html", context)
    return render(request, "pairs/proposals/proposal_form.html", context)


@require_GET
@permission_required("pairs.add_proposal", raise_exception=True)
def proposal_variants(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The options of «Variant» for the format chosen on the new proposal's form (htmx)."""
    key = request.GET.get("format", "")
    formats = proposable_formats(request.user)
    format = formats.filter(pk=int(key)).first() if key.isdigit() else None
    choices = variant_choices(offered_variants(request.user), format)
    return render(request, "pairs/proposals/_variant_options.html", {"choices": choices})


@require_GET
@permission_required("pairs.view_proposal", raise_exception=True)
def proposal_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = _get_proposal_for_user(request, pk)
    pending = proposal.status == ProposalStatus.PENDING
    can_decide = pending and (
        _is_decider(request) and Proposal.objects.decidable_by(request.user).filter(pk=pk).exists()
    )
    own = proposal.proposed_by_id == request.user.pk
    # Whoever proposed the mentee sees the variant they chose.
    hidden = set() if own else formats_with_hidden_variants(request.user)
    record_special_view(
        request,
        _("Proposal: health or risk-group variant"),
        special_entry_people([proposal], hidden),
    )
    context = {
        "proposal": proposal,
        "pool_entry": PoolEntry.objects.filter(proposal=proposal).first(),
        "variant_hidden": proposal.format_id in hidden,
        "can_decide": can_decide,
        "reject_form": RejectForm() if can_decide else None,
        "can_withdraw": pending and own and request.user.has_perm("pairs.add_proposal"),
        "person_visible": Person.objects.visible_to(request.user)
        .filter(pk=proposal.person_id)
        .exists(),
    }
    return render(request, "pairs/proposals/proposal_detail.html", context)


@require_POST
@permission_required("pairs.change_proposal", raise_exception=True)
def proposal_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = _get_decidable(request, pk)
    try:
        accept_proposal(proposal=proposal, user=request.user)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _(
                "The proposal is accepted: %(name)s is entered into the mentee pool of the "
                "format «%(format)s» for %(year)s; a decision includes them."
            )
            % {
                "name": proposal.person.full_name,
                "format": proposal.format.title,
                "year": proposal.year.label,
            },
        )
    return redirect("proposals:detail", pk=pk)


@require_http_methods(["GET", "POST"])
@permission_required("pairs.change_proposal", raise_exception=True)
def proposal_reject(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = _get_decidable(request, pk)
    if proposal.status != ProposalStatus.PENDING:
        messages.error(
            request,
            _("The proposal is already reviewed: %(status)s.")
            % {"status": proposal.get_status_display()},
        )
        return redirect("proposals:detail", pk=pk)
    form = RejectForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            reject_proposal(
                proposal=proposal,
                user=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(
                request,
                _("The proposal of %(name)s is rejected.") % {"name": proposal.person.full_name},
            )
            return redirect("proposals:detail", pk=pk)
    return render(
        request, "pairs/proposals/proposal_reject.html", {"proposal": proposal, "form": form}
    )


@require_http_methods(["GET", "POST"])
@permission_required("pairs.add_proposal", raise_exception=True)
def proposal_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    own = Proposal.objects.filter(proposed_by_id=request.user.pk).select_related(*PROPOSAL_DETAILS)
    proposal = get_object_or_404(own, pk=pk)
    if request.method == "GET" and proposal.status == ProposalStatus.PENDING:
        return render(
            request, "pairs/proposals/proposal_confirm_withdraw.html", {"proposal": proposal}
        )
    if request.method == "GET":
        messages.error(
            request,
            _("A reviewed proposal cannot be withdrawn: it is %(status)s.")
            % {"status": proposal.get_status_display()},
        )
        return redirect("proposals:detail", pk=pk)
    try:
        withdraw_proposal(proposal=proposal, user=request.user)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
        return redirect("proposals:detail", pk=pk)
    messages.success(
        request, _("The proposal of %(name)s is withdrawn.") % {"name": proposal.person.full_name}
    )
    return redirect("proposals:list")
