"""Drafting mentorships: from the pool with suggested mentors, or by hand; the drafts list;
confirming drafts by a decision; deleting a draft."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from core.dates import AcademicYear
from core.formtools import posted, refuse
from core.http import AuthenticatedHttpRequest
from pairs.accesslog import record_special_view, special_entry_people, special_mentees
from pairs.drafting.forms import (
    ConfirmForm,
    DecisionBasis,
    DraftFromPoolForm,
    DraftingForm,
    default_start,
    planned_end_for,
)
from pairs.drafting.services import confirm_by_decision, confirm_by_new_decision
from pairs.drafting.suggestions import Ranking, mentees_to_match, pool_mentors, rank_mentors
from pairs.drafting.tables import DraftTable
from pairs.mentorships.forms import MentorshipForm
from pairs.mentorships.services import delete_draft, draft_mentorship
from pairs.models import Decision, Mentorship, MentorshipStatus
from pairs.pools.forms import pool_year_choices
from programs.access import formats_with_hidden_variants
from programs.models import MentoringFormat

DRAFTS_PAGE_SIZE = 50


def _formats_for_new_mentorship(request: AuthenticatedHttpRequest) -> list[MentoringFormat]:
    """All formats for the curator; a format lead forms pairs of the formats they lead."""
    formats = MentoringFormat.objects.order_by("position")
    if not request.user.has_perm("pairs.form_any_format"):
        formats = formats.led_by(request.user)
    return list(formats)


@require_GET
@permission_required("pairs.add_mentorship", raise_exception=True)
def mentorship_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step one of a draft by hand: the format, which decides who can take part. The page
    also leads to drafting from the pool with suggested mentors."""
    formats = _formats_for_new_mentorship(request)
    return render(request, "pairs/drafting/mentorship_new.html", {"formats": formats})


@require_http_methods(["GET", "POST"])
@permission_required("pairs.add_mentorship", raise_exception=True)
def mentorship_create(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """A draft built by hand: any mentors and mentees of the format's kinds; the rules hold
    as for a draft from the pool."""
    formats = {f.code: f for f in _formats_for_new_mentorship(request)}
    if code not in formats:
        raise Http404
    mentoring_format = formats[code]
    form = MentorshipForm(posted(request), mentoring_format=mentoring_format)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            draft = draft_mentorship(
                format=mentoring_format,
                variant=data.get("variant"),
                mentors=list(data["mentors"]),
                mentees=list(data["mentees"]),
                started_on=data["started_on"],
                planned_end_on=data["planned_end_on"],
                created_by=request.user,
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _draft_created(draft))
            return redirect("mentorships:mentorship-detail", pk=draft.pk)
    return render(
        request, "pairs/drafting/mentorship_form.html", {"format": mentoring_format, "form": form}
    )


def _draft_created(draft: Mentorship) -> SafeString:
    """The message of a new draft, its number a link to the draft's page. The words are
    escaped before the link goes in, so the message is safe to show as HTML."""
    link = format_html(
        '<a class="alert-link" href="{}">{}</a>',
        reverse("mentorships:mentorship-detail", args=[draft.pk]),
        _("No. %(id)s") % {"id": draft.pk},
    )
    words = _(
        "Draft mentorship %(link)s is created. It enters the registry when a decision "
        "confirms it (Drafts of pairs)."
    )
    return mark_safe(conditional_escape(words) % {"link": link})  # noqa: S308 - escaped above


# --- Drafting from the pool ----------------------------------------------------------------


def _drafting_url(mentoring_format: MentoringFormat, year: AcademicYear) -> str:
    query = urlencode({"format": mentoring_format.code, "year": str(year.start_year)})
    return f"{reverse('drafting:drafting')}?{query}"


@require_http_methods(["GET", "POST"])
@permission_required("pairs.add_mentorship", raise_exception=True)
def drafting(request: AuthenticatedHttpRequest) -> HttpResponse:
    """«Сформировать пары»: the mentees of a format's pool still without a pair, the mentors
    suggested for those ticked (ranked, with reasons), and a draft of the chosen ones. htmx
    refreshes the suggestions as mentees are ticked; without scripts a button does."""
    formats = _formats_for_new_mentorship(request)
    data = request.POST if request.method == "POST" else request.GET
    year = AcademicYear.parse(data.get("year", "")) or AcademicYear.current()
    by_code = {f.code: f for f in formats}
    code = data.get("format", "")
    if code and code not in by_code:
        raise Http404
    mentoring_format = by_code.get(code) or (formats[0] if formats else None)
    context: dict[str, Any] = {"formats": formats, "year": year, "years": pool_year_choices()}
    if mentoring_format is None:
        return render(request, "pairs/drafting/drafting.html", context)

    entries = list(mentees_to_match(mentoring_format, year))
    form: DraftingForm
    if request.method == "POST":
        form = DraftFromPoolForm(
            request.POST,
            mentoring_format=mentoring_format,
            year=year,
            entries=entries,
            mentor_candidates=pool_mentors(mentoring_format, year),
        )
        if form.is_valid():
            cleaned = form.cleaned_data
            try:
                draft = draft_mentorship(
                    format=mentoring_format,
                    variant=form.effective_variant(),
                    mentors=list(cleaned["mentors"]),
                    mentees=list(cleaned["mentees"]),
                    started_on=cleaned["started_on"],
                    planned_end_on=cleaned["planned_end_on"],
                    created_by=request.user,
                )
            except ValidationError as refusal:
                refuse(form, refusal)
            else:
                messages.success(request, _draft_created(draft))
                return redirect(_drafting_url(mentoring_format, year))
    else:
        form = DraftingForm(
            request.GET if "mentees" in request.GET else None,
            mentoring_format=mentoring_format,
            year=year,
            entries=entries,
        )
        form.is_valid()

    context |= _suggestions_context(form, mentoring_format, year)
    hidden = formats_with_hidden_variants(request.user)
    context |= {
        "format": mentoring_format,
        "entries": entries,
        "variant_hidden": mentoring_format.pk in hidden,
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "pairs/drafting/_suggestions.html", context)
    record_special_view(
        request,
        _("Drafting pairs: health and risk-group variants"),
        special_entry_people(entries, hidden),
    )
    return render(request, "pairs/drafting/drafting.html", context)


def _suggestions_context(
    form: DraftingForm, mentoring_format: MentoringFormat, year: AcademicYear
) -> dict[str, Any]:
    """The suggestions for the ticked mentees (none before any is ticked), and what the
    draft form beside them carries."""
    cleaned = form.cleaned_data if form.is_bound else {}
    mentees = list(cleaned.get("mentees", []))
    started_on = cleaned.get("started_on") or default_start(year)
    ranking: Ranking | None = None
    variant = None
    if mentees and cleaned.get("started_on"):
        variant = form.effective_variant()
        ranking = rank_mentors(
            format=mentoring_format,
            variant=variant,
            mentees=mentees,
            started_on=started_on,
            academic_year=year,
        )
    posted_end = form.data.get("planned_end_on", "") if form.is_bound else ""
    return {
        "form": form,
        "chosen": form.chosen_ids(),
        "mentees": mentees,
        "ranking": ranking,
        "variant": variant,
        "mixed_variants": bool(mentees) and len(form.pool_variants()) > 1,
        "started_on": started_on,
        "planned_end_on": posted_end or planned_end_for(started_on, year).isoformat(),
        "ticked_mentors": {
            int(value) for value in cast(QueryDict, form.data).getlist("mentors") if value.isdigit()
        }
        if form.is_bound
        else set(),
    }


# --- The drafts list, confirming and deleting ----------------------------------------------


@require_GET
@permission_required("pairs.change_mentorship", raise_exception=True)
def draft_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """«Черновики пар»: the drafts the user manages, to confirm by a decision."""
    formats = _formats_for_new_mentorship(request)
    drafts = (
        Mentorship.objects.managed_by(request.user)
        .drafts()
        .with_people()
        .select_related("created_by")
    )
    chosen = next((f for f in formats if f.code == request.GET.get("format")), None)
    if chosen is not None:
        drafts = drafts.filter(format=chosen)
    hidden = formats_with_hidden_variants(request.user)
    table = DraftTable(drafts, hidden_variant_formats=hidden)
    RequestConfig(request, paginate={"per_page": DRAFTS_PAGE_SIZE}).configure(table)
    record_special_view(
        request,
        _("Drafts of pairs: health and risk-group variants"),
        special_mentees((row.record for row in table.page.object_list), hidden),
    )
    context = {"table": table, "formats": formats, "chosen_format": chosen}
    return render(request, "pairs/drafting/draft_list.html", context)


def _chosen_drafts(request: AuthenticatedHttpRequest, data: QueryDict) -> list[Mentorship]:
    """The mentorships ticked, among those the user manages; 404 if any is not."""
    try:
        ids = {int(value) for value in data.getlist("drafts")}
    except ValueError as bad:
        raise Http404 from bad
    chosen = list(
        Mentorship.objects.managed_by(request.user).with_people().filter(pk__in=ids).order_by("pk")
    )
    if len(chosen) != len(ids):
        raise Http404
    return chosen


@require_http_methods(["GET", "POST"])
@permission_required("pairs.change_mentorship", raise_exception=True)
def drafts_confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Confirms the ticked drafts by a decision, all or none: a recorded decision (its scan
    attached now if it has none) or a new one recorded here with its scan."""
    drafts = _chosen_drafts(request, request.POST if request.method == "POST" else request.GET)
    if not drafts:
        messages.error(request, _("Tick at least one draft to confirm."))
        return redirect("drafting:drafts")
    formats = list({draft.format_id: draft.format for draft in drafts}.values())
    may_record = request.user.has_perm("pairs.add_decision")
    form = ConfirmForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        formats=formats,
        may_record=may_record,
        recorded=Decision.objects.visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            count = _confirm(request, form, drafts, may_record=may_record)
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s mentorship is entered into the registry.",
                    "%(count)s mentorships are entered into the registry.",
                    count,
                )
                % {"count": count},
            )
            return redirect("mentorships:registry")
    hidden = formats_with_hidden_variants(request.user)
    record_special_view(
        request,
        _("Confirming drafts: health and risk-group variants"),
        special_mentees(drafts, hidden),
    )
    context = {
        "drafts": drafts,
        "form": form,
        "hidden_variant_formats": hidden,
        "not_drafts": [draft for draft in drafts if draft.status != MentorshipStatus.DRAFT],
    }
    return render(request, "pairs/drafting/confirm.html", context)


def _confirm(
    request: AuthenticatedHttpRequest,
    form: ConfirmForm,
    drafts: list[Mentorship],
    *,
    may_record: bool,
) -> int:
    data = form.cleaned_data
    user = request.user
    scan = data.get("scan")
    if (data["basis"] == DecisionBasis.NEW or scan is not None) and not may_record:
        raise PermissionDenied
    if data["basis"] == DecisionBasis.NEW:
        _recorded, confirmed = confirm_by_new_decision(
            drafts=drafts, decision=form.save(commit=False), user=user
        )
    else:
        confirmed = confirm_by_decision(
            drafts=drafts, decision=data["decision"], scan=scan, user=user
        )
    return len(confirmed)


@require_http_methods(["GET", "POST"])
@permission_required("pairs.delete_mentorship", raise_exception=True)
def draft_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Deletes a draft after a confirmation page; a confirmed mentorship is never deleted."""
    draft = get_object_or_404(
        Mentorship.objects.managed_by(request.user).drafts().with_people(), pk=pk
    )
    if request.method == "POST":
        try:
            delete_draft(draft)
        except ValidationError as refusal:
            for message in refusal.messages:
                messages.error(request, message)
            return redirect("mentorships:mentorship-detail", pk=pk)
        messages.success(request, _("Draft mentorship No. %(id)s is deleted.") % {"id": pk})
        return redirect("drafting:drafts")
    hidden = formats_with_hidden_variants(request.user)
    record_special_view(
        request,
        _("Deleting a draft: health or risk-group variant"),
        special_mentees([draft], hidden),
    )
    context = {"draft": draft, "variant_hidden": draft.format_id in hidden}
    return render(request, "pairs/drafting/draft_delete.html", context)
