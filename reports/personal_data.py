"""What monitoring holds on one person, for registry's subject document and retention
(registered in `ReportsConfig.ready`: registry does not import reports)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from registry.models import Person
from registry.retention.names import name_pattern, scrub
from registry.retention.parts import Participation
from registry.subjectdata.parts import Section
from reports.models import Answer, Assignment


def subject_sections(person: Person) -> list[Section]:
    """The questionnaires the person was asked to answer and what they answered."""
    assignments = (
        Assignment.objects.filter(person=person)
        .select_related("questionnaire", "response")
        .order_by("due_on", "id")
    )
    answers = (
        Answer.objects.filter(response__assignment__person=person)
        .select_related("question", "response__assignment__questionnaire")
        .order_by("response__assignment__due_on", "response_id", "question__position", "id")
    )
    return [
        Section(
            _("Monitoring questionnaires"),
            (_("Questionnaire"), _("Wave"), _("Answer by"), _("State"), _("Answered on")),
            [
                (
                    assignment.questionnaire.title,
                    str(assignment.get_wave_display()),
                    assignment.due_on,
                    str(assignment.get_state_display()),
                    _answered_on(assignment),
                )
                for assignment in assignments
            ],
        ),
        Section(
            _("Answers to questionnaires"),
            (_("Questionnaire"), _("Question"), _("Answer")),
            [
                (
                    answer.response.assignment.questionnaire.title,
                    answer.question.text,
                    answer.text
                    or (str(answer.number) if answer.number is not None else "")
                    or ", ".join(str(index) for index in answer.selected),
                )
                for answer in answers
            ],
        ),
    ]


def _answered_on(assignment: Assignment) -> dt.date | None:
    response = getattr(assignment, "response", None)
    return response.submitted_at.date() if response is not None else None


def participation(today: dt.date) -> dict[int, Participation]:
    """Monitoring follows the mentorships (pairs says when those ran): nothing of its own."""
    return {}


def erase(person: Person, label: str) -> list[str]:
    """Replaces the person's name in their open answers and clears their comments on
    declining; the numbers stay, so the results and indicators stay right."""
    pattern = name_pattern(person)
    for answer in Answer.objects.filter(response__assignment__person=person).exclude(text=""):
        text = scrub(answer.text, pattern, label)
        if text != answer.text:
            Answer.objects.filter(pk=answer.pk).update(text=text)
    Assignment.objects.filter(person=person).exclude(decline_comment="").update(decline_comment="")
    return [_("the name in the answers to monitoring questionnaires")]
