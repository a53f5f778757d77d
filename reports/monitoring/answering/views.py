"""The answering pages: the personal link (no login), «Мои анкеты», paper entry and
declining by the curator or a format lead, who has not answered (with the sheet of links
to print), and the responses whose individual answers the curator and the lead read."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from core.fields import seen_of
from core.formtools import posted, refuse
from core.http import AuthenticatedHttpRequest
from core.pdf import pdf_response
from core.versions import row_fingerprint
from registry.accesslog import record_access
from registry.models import AccessAction, Person
from reports.models import AnswerChannel, Assignment, AssignmentState
from reports.monitoring.answering.access import managed_assignments, may_see_answers
from reports.monitoring.answering.filters import AssignmentFilter, ResponseFilter
from reports.monitoring.answering.forms import AnswerForm, DeclineForm, PaperEntryForm
from reports.monitoring.answering.selectors import (
    ASSIGNMENT_DETAILS,
    default_cycle,
    my_assignment,
    my_assignments,
    responses_for,
    shown_answers,
    unanswered_assignments,
)
from reports.monitoring.answering.services import (
    ANSWERED,
    CLOSED,
    DECLINED,
    NO_CONSENT,
    current_version,
    decline,
    is_closed,
    refusal_of,
    state_refusal,
    submit_response,
)
from reports.monitoring.answering.slips import MAX_SLIPS, slip_groups, slips_pdf
from reports.monitoring.answering.tables import ResponseTable, UnansweredTable, format_of

PAGE_SIZE = 25
# What `models.new_token` makes (32 URL-safe characters), with room for older lengths: any
# other shape is not looked up at all.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")
# The refusals that end a personal link (the page says so with 410 Gone).
LINK_ENDED = {ANSWERED, DECLINED, CLOSED, NO_CONSENT}


# --- The personal link (no login) ----------------------------------------------------------


def _not_stored(response: HttpResponse) -> HttpResponse:
    """The personal link's pages hold a person's questionnaire: no cache keeps them, no
    search engine lists them."""
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _link_ended(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    page = render(
        request, "reports/monitoring/answering/link_ended.html", {"message": message}, status=status
    )
    return _not_stored(page)


def _link_assignment(token: str) -> Assignment | None:
    """The respondent's assignment of the link; None for a link of no one's."""
    if not TOKEN_SHAPE.fullmatch(token):
        return None
    return (
        Assignment.objects.select_related(
            "cycle", "questionnaire", "format", "mentorship__format", "person"
        )
        .filter(token=token, person__isnull=False)
        .first()
    )


@login_not_required
@csrf_protect
@require_http_methods(["GET", "POST"])
def personal_link(request: HttpRequest, token: str) -> HttpResponse:
    """The questionnaire of the link's respondent, answered once without logging in. The
    page names the questionnaire, the format and the respondent's first name only."""
    assignment = _link_assignment(token)
    unknown = _(
        "This link to a questionnaire is not valid. Check that it is typed in full, or ask "
        "the curator of the mentoring program for your link."
    )
    if assignment is None:
        return _link_ended(request, unknown, status=404)
    refusal = refusal_of(assignment)
    if refusal is not None:
        return _link_ended(request, refusal.messages[0], status=410)
    version = current_version(assignment)
    if version is None:
        return _link_ended(request, unknown, status=404)
    form = AnswerForm(posted(request), version=version)
    if request.method == "POST" and form.is_valid():
        try:
            submit_response(
                assignment=assignment,
                answers=form.answers(),
                channel=AnswerChannel.LINK,
                entered_by=None,
                paper_dated=None,
            )
        except ValidationError as error:
            ended = not hasattr(error, "error_dict") and bool(
                {item.code for item in error.error_list} & LINK_ENDED
            )
            if ended:
                return _link_ended(request, error.messages[0], status=410)
            form.refuse(error)
        else:
            return _not_stored(redirect("answering:link-thanks"))
    person = assignment.person
    context = {
        "form": form,
        "assignment": assignment,
        "questionnaire": assignment.questionnaire,
        "format_title": format_of(assignment),
        "first_name": person.first_name if person is not None else "",
    }
    return _not_stored(render(request, "reports/monitoring/answering/link_form.html", context))


@login_not_required
@require_GET
def link_thanks(request: HttpRequest) -> HttpResponse:
    return _not_stored(render(request, "reports/monitoring/answering/link_thanks.html"))


# --- «Мои анкеты» --------------------------------------------------------------------------


@require_GET
def my_questionnaires(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The questionnaires the user is asked to answer, through their person in the bases."""
    today = timezone.localdate()
    assignments = list(my_assignments(request.user))
    rows = [
        {
            "assignment": assignment,
            "open": assignment.state == AssignmentState.ISSUED
            and not is_closed(assignment.cycle, today),
            "overdue": assignment.state == AssignmentState.ISSUED and assignment.due_on < today,
        }
        for assignment in assignments
    ]
    context = {
        "rows": rows,
        "has_person": bool(assignments) or Person.objects.filter(user=request.user).exists(),
    }
    return render(request, "reports/monitoring/answering/mine.html", context)


@require_http_methods(["GET", "POST"])
def my_questionnaire(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One of the user's questionnaires: answered in the app while it waits, else the
    user's own answers read-only (or why it is closed)."""
    assignment = my_assignment(request.user, pk)
    if assignment is None:
        raise Http404
    refusal = refusal_of(assignment)
    version = current_version(assignment) if refusal is None else None
    staff = assignment.person_id is None  # the curator's own yearly questionnaire
    form = (
        AnswerForm(posted(request), version=version, staff=staff) if version is not None else None
    )
    if request.method == "POST":
        if form is None:
            messages.error(request, refusal.messages[0] if refusal else _("Nothing to answer."))
            return redirect("answering:mine-detail", pk=assignment.pk)
        if form.is_valid():
            try:
                submit_response(
                    assignment=assignment,
                    answers=form.answers(),
                    channel=AnswerChannel.APP,
                    entered_by=request.user,
                    paper_dated=None,
                )
            except ValidationError as error:
                form.refuse(error)
            else:
                messages.success(
                    request,
                    _("Thank you: your answers to «%s» are saved.") % assignment.questionnaire,
                )
                return redirect("answering:mine")
    response = getattr(assignment, "response", None)
    answered = assignment.state == AssignmentState.ANSWERED and response is not None
    context = {
        "assignment": assignment,
        "format_title": format_of(assignment),
        "form": form,
        "refusal": refusal.messages[0] if refusal is not None and not answered else "",
        "answers": shown_answers(response, staff=staff) if response and answered else [],
        "response": response if answered else None,
    }
    return render(request, "reports/monitoring/answering/mine_detail.html", context)


# --- Paper entry and declining (curator, format lead) ---------------------------------------


def _managed(request: AuthenticatedHttpRequest, pk: int, permission: str) -> Assignment:
    assignments = managed_assignments(request.user, permission).filter(person__isnull=False)
    return get_object_or_404(assignments.select_related(*ASSIGNMENT_DETAILS), pk=pk)


def _after_entry(request: AuthenticatedHttpRequest, assignment: Assignment) -> HttpResponse:
    query = QueryDict(mutable=True)
    query["cycle"] = str(assignment.cycle_id)
    query["wave"] = assignment.wave
    return redirect(f"{reverse('answering:unanswered')}?{query.urlencode()}")


@require_http_methods(["GET", "POST"])
@permission_required("reports.add_response", raise_exception=True)
def paper_entry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A paper questionnaire typed in on the respondent's behalf, the staff-only items
    included; who typed it and the date on the paper are kept with it."""
    assignment = _managed(request, pk, "reports.add_response")
    refusal = refusal_of(assignment)
    version = current_version(assignment) if refusal is None else None
    form = (
        PaperEntryForm(posted(request), version=version, assignment=assignment)
        if version is not None
        else None
    )
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            response = submit_response(
                assignment=assignment,
                answers=form.answers(),
                channel=AnswerChannel.PAPER,
                entered_by=request.user,
                paper_dated=form.paper_date,
            )
        except ValidationError as error:
            form.refuse(error)
        else:
            messages.success(
                request,
                _("The paper questionnaire of %(name)s is entered.")
                % {"name": assignment.person.full_name if assignment.person else ""},
            )
            if may_see_answers(request.user):
                return redirect("answering:response-detail", pk=response.pk)
            return _after_entry(request, assignment)
    context = {
        "assignment": assignment,
        "format_title": format_of(assignment),
        "form": form,
        "refusal": refusal.messages[0] if refusal is not None else "",
    }
    status = 409 if request.method == "POST" and form is None else 200
    return render(request, "reports/monitoring/answering/paper_entry.html", context, status=status)


@require_http_methods(["GET", "POST"])
@permission_required("reports.change_assignment", raise_exception=True)
def decline_assignment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Declining an assignment with a reason (no consent, refused, not reachable, other)."""
    assignment = _managed(request, pk, "reports.change_assignment")
    refusal = state_refusal(assignment, assignment.cycle)
    form = DeclineForm(posted(request), initial={"seen": row_fingerprint(assignment)})
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            decline(
                assignment=assignment,
                reason=form.cleaned_data["reason"],
                comment=form.cleaned_data["comment"],
                user=request.user,
                seen=seen_of(form),
            )
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(
                request,
                _("The questionnaire of %(name)s is declined.")
                % {"name": assignment.person.full_name if assignment.person else ""},
            )
            return _after_entry(request, assignment)
    context = {
        "assignment": assignment,
        "format_title": format_of(assignment),
        "form": form,
        "refusal": refusal.messages[0] if refusal is not None else "",
    }
    status = 409 if request.method == "POST" and refusal is not None else 200
    return render(request, "reports/monitoring/answering/decline.html", context, status=status)


# --- Who has not answered, and the sheet of links -------------------------------------------


def _with_default_cycle(query: QueryDict) -> QueryDict:
    """The filters asked for; without a cycle, the latest open one."""
    data = query.copy()
    if "cycle" not in data:
        cycle = default_cycle()
        if cycle is not None:
            data["cycle"] = str(cycle.pk)
    return data


@require_GET
@permission_required("reports.view_assignment", raise_exception=True)
def unanswered(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Who has not answered yet, by cycle, wave, format and group or partner, with their
    personal links to reprint."""
    data = _with_default_cycle(request.GET)
    assignments = unanswered_assignments(request.user, "reports.view_assignment")
    filterset = AssignmentFilter(data, queryset=assignments, user=request.user)
    table = UnansweredTable(filterset.qs, today=timezone.localdate())
    user = request.user
    table.can_enter = user.has_perm("reports.add_response")  # type: ignore[attr-defined]
    table.can_decline = user.has_perm("reports.change_assignment")  # type: ignore[attr-defined]
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    filters = data.copy()
    filters.pop("page", None)
    filters.pop("sort", None)
    context = {
        "filter": filterset,
        "table": table,
        "can_print": user.has_perm("reports.change_assignment"),
        "slips_query": filters.urlencode(),
    }
    return render(request, "reports/monitoring/answering/unanswered.html", context)


@require_GET
@permission_required("reports.change_assignment", raise_exception=True)
def link_slips(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The slips of personal links with QR codes of the unanswered list's filters (PDF),
    grouped by study group or partner organization."""
    data = _with_default_cycle(request.GET)
    assignments = unanswered_assignments(request.user, "reports.change_assignment")
    filterset = AssignmentFilter(data, queryset=assignments, user=request.user)
    if not filterset.is_valid():
        raise Http404
    chosen = list(filterset.qs[: MAX_SLIPS + 1])
    back = f"{reverse('answering:unanswered')}?{request.GET.urlencode()}"
    if not chosen:
        messages.info(request, _("Nobody matching the filters is waiting to answer."))
        return redirect(back)
    if len(chosen) > MAX_SLIPS:
        messages.error(
            request,
            _("More than %(limit)s people match the filters: choose a group or a partner.")
            % {"limit": MAX_SLIPS},
        )
        return redirect(back)
    pdf = slips_pdf(slip_groups(chosen, request), request=request)
    record_access(
        request,
        action=AccessAction.PRINT,
        what=_("Personal links to questionnaires (PDF)"),
        count=len(chosen),
    )
    return pdf_response(pdf, "questionnaire-links.pdf")


# --- Individual answers (curator, format lead) ----------------------------------------------


@require_GET
@permission_required("reports.view_individual_answers", raise_exception=True)
@permission_required("reports.view_response", raise_exception=True)
def response_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    data = _with_default_cycle(request.GET)
    filterset = ResponseFilter(data, queryset=responses_for(request.user), user=request.user)
    table = ResponseTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    return render(
        request,
        "reports/monitoring/answering/response_list.html",
        {"filter": filterset, "table": table},
    )


@require_GET
@permission_required("reports.view_individual_answers", raise_exception=True)
@permission_required("reports.view_response", raise_exception=True)
def response_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Who answered, how (the channel, who entered a paper one and its date), on which
    version, and each answer."""
    response = get_object_or_404(responses_for(request.user), pk=pk)
    assignment = response.assignment
    context = {
        "response": response,
        "assignment": assignment,
        "format_title": format_of(assignment),
        "answers": shown_answers(response, staff=True),
    }
    return render(request, "reports/monitoring/answering/response_detail.html", context)
