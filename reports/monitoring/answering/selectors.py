"""What the answering pages read: the unanswered assignments, the user's own, a response's
answers as a person reads them, and the personal link's full address. Each list takes a
fixed number of queries whatever its length."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from core.roles import Role, has_role
from registry.models import PERSON_DETAILS
from reports.models import (
    Answer,
    Assignment,
    AssignmentState,
    CycleStatus,
    MonitoringCycle,
    Question,
    QuestionKind,
    QuestionnairePurpose,
    Response,
)
from reports.monitoring.answering.access import managed_assignments, visible_responses
from reports.monitoring.answering.services import plain_number

# Everything a row of an assignment prints: the respondent with their group or organization.
ASSIGNMENT_DETAILS = (
    "cycle",
    "questionnaire",
    "format",
    "mentorship__format",
    *(f"person__{path}" for path in PERSON_DETAILS),
)


def link_url(request: HttpRequest, assignment: Assignment) -> str:
    """The full address of the assignment's personal link, as printed for the respondent."""
    return request.build_absolute_uri(reverse("answering:link", args=[assignment.token]))


def default_cycle() -> MonitoringCycle | None:
    """The cycle a list opens on: the latest open one, else the latest."""
    cycles = MonitoringCycle.objects.order_by("-academic_year")
    return cycles.filter(status=CycleStatus.OPEN).first() or cycles.first()


def unanswered_assignments(user: User, permission: str) -> QuerySet[Assignment]:
    """The respondents' assignments of the user's formats still waiting for an answer."""
    return (
        managed_assignments(user, permission)
        .filter(state=AssignmentState.ISSUED, person__isnull=False)
        .select_related(*ASSIGNMENT_DETAILS)
        .order_by("due_on", "person__search_name", "id")
    )


def my_assignments(user: User) -> QuerySet[Assignment]:
    """The user's own assignments (through their person in the bases), and for the curator
    the curator's yearly questionnaire: those waiting first, by due date, then the answered
    and the declined."""
    own = Q(person__user=user, person__isnull=False)
    if has_role(user, Role.CURATOR):
        own |= Q(person__isnull=True, questionnaire__purpose=QuestionnairePurpose.CURATOR)
    waiting_first = Case(
        When(state=AssignmentState.ISSUED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        Assignment.objects.filter(own)
        .select_related("cycle", "questionnaire", "format", "mentorship__format", "response")
        .order_by(waiting_first, "due_on", "id")
    )


def my_assignment(user: User, pk: int) -> Assignment | None:
    return my_assignments(user).filter(pk=pk).first()


def responses_for(user: User) -> QuerySet[Response]:
    return visible_responses(user).select_related(
        "entered_by",
        "questionnaire_version",
        *(f"assignment__{path}" for path in ASSIGNMENT_DETAILS),
    )


@dataclass(frozen=True)
class ShownAnswer:
    number: int
    question: Question
    value: str
    answered: bool


def shown_value(question: Question, answer: Answer) -> str:
    """An answer as a person reads it: «7 of 10», «yes», the option's text, the number."""
    kind = question.kind
    number = answer.number
    if kind == QuestionKind.TEXT:
        return answer.text
    if kind == QuestionKind.MULTIPLE:
        return "; ".join(_option(question, index) for index in answer.selected)
    if number is None:
        return ""
    if kind == QuestionKind.SCALE:
        return _("%(mark)s of 10") % {"mark": plain_number(number)}
    if kind == QuestionKind.YES_NO:
        return _("yes") if number else _("no")
    if kind == QuestionKind.SINGLE:
        return _option(question, int(number))
    return plain_number(number)


def _option(question: Question, index: int) -> str:
    if 0 <= index < len(question.choices):
        return str(question.choices[index])
    return f"#{index + 1}"


def shown_answers(response: Response, *, staff: bool) -> list[ShownAnswer]:
    """Every question of the version the response was given on, with its answer (or none);
    the respondent's own view leaves out what staff entered (`staff=False`)."""
    questions = Question.objects.filter(version_id=response.questionnaire_version_id).order_by(
        "position", "id"
    )
    if not staff:
        questions = questions.filter(staff_only=False)
    answers = {
        answer.question_id: answer
        for answer in Answer.objects.filter(response=response).select_related(None)
    }
    shown = []
    for number, question in enumerate(questions, start=1):
        answer = answers.get(question.pk)
        value = shown_value(question, answer) if answer is not None else ""
        shown.append(ShownAnswer(number, question, value, bool(value)))
    return shown
