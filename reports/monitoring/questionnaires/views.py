"""The questionnaires of monitoring: their list, a questionnaire with its versions, and the
curator's edits of its wording (a version with answers is kept; the edit makes a new one)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from core.fields import seen_of
from core.formtools import posted, refuse
from core.http import AuthenticatedHttpRequest
from reports.models import Question, Questionnaire, QuestionnaireVersion
from reports.monitoring.questionnaires.forms import NewQuestionForm, QuestionWordingForm
from reports.monitoring.questionnaires.selectors import (
    questionnaires_with_counts,
    sections_of,
    versions_of,
)
from reports.monitoring.questionnaires.services import add_question, edit_question, is_answered
from reports.monitoring.questionnaires.tables import QuestionnaireTable

PAGE_SIZE = 25


def _get_questionnaire(pk: int) -> Questionnaire:
    # Questionnaires are the program's forms, not anyone's data: whoever may view them sees
    # every one (the decorators say who).
    return get_object_or_404(Questionnaire, pk=pk)


@require_GET
@permission_required("reports.view_questionnaire", raise_exception=True)
def questionnaire_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    table = QuestionnaireTable(questionnaires_with_counts())
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    return render(request, "reports/monitoring/questionnaires/list.html", {"table": table})


@require_GET
@permission_required("reports.view_questionnaire", raise_exception=True)
def questionnaire_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    questionnaire = _get_questionnaire(pk)
    versions = versions_of(questionnaire)
    wanted = request.GET.get("version", "")
    if wanted:
        shown = next((v for v in versions if str(v.number) == wanted), None)
        if shown is None:
            raise Http404
    else:
        shown = next((v for v in versions if v.is_current), None)
    may_edit = shown is not None and shown.is_current
    context = {
        "questionnaire": questionnaire,
        "versions": versions,
        "shown": shown,
        "sections": sections_of(shown) if shown is not None else [],
        "can_change": may_edit and request.user.has_perm("reports.change_question"),
        "can_add": may_edit and request.user.has_perm("reports.add_question"),
        # `versions_of` annotates the counts.
        "answered": shown is not None and getattr(shown, "response_count", 0) > 0,
    }
    return render(request, "reports/monitoring/questionnaires/detail.html", context)


def _current(questionnaire: Questionnaire) -> QuestionnaireVersion:
    version = questionnaire.versions.filter(is_current=True).first()
    if version is None:
        raise Http404
    return version


def _saved_message(question: Question, before: QuestionnaireVersion) -> str:
    if question.version_id != before.pk:
        return _(
            "The question is saved in the new version %(number)s: the answers given on "
            "version %(old)s keep its wording."
        ) % {"number": question.version.number, "old": before.number}
    return _("The question is saved.")


@require_http_methods(["GET", "POST"])
@permission_required("reports.change_question", raise_exception=True)
def question_edit(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    questionnaire = _get_questionnaire(pk)
    current = _current(questionnaire)
    question = get_object_or_404(Question, pk=question_pk, version=current)
    form = QuestionWordingForm(posted(request), questionnaire=questionnaire, question=question)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = edit_question(
                question,
                seen=seen_of(form),
                user=request.user,
                text=data["text"],
                help_text=data["help_text"],
                section=data["section"],
                required=data["required"],
                choices=form.choice_lines,
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _saved_message(saved, current))
            return redirect("questionnaires:detail", pk=questionnaire.pk)
    context = {
        "questionnaire": questionnaire,
        "question": question,
        "form": form,
        "answered": is_answered(current),
    }
    return render(request, "reports/monitoring/questionnaires/question_form.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("reports.add_question", raise_exception=True)
def question_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    questionnaire = _get_questionnaire(pk)
    current = _current(questionnaire)
    form = NewQuestionForm(posted(request), questionnaire=questionnaire)
    if request.method == "POST" and form.is_valid():
        try:
            saved = add_question(
                questionnaire, seen=seen_of(form), user=request.user, **form.question_fields()
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _saved_message(saved, current))
            return redirect("questionnaires:detail", pk=questionnaire.pk)
    context = {
        "questionnaire": questionnaire,
        "question": None,
        "form": form,
        "answered": is_answered(current),
    }
    return render(request, "reports/monitoring/questionnaires/question_form.html", context)
