"""Small builders of monitoring rows for the tests of reports/monitoring (shared by the
questionnaires, cycles, answering and results tests; add functions with targeted edits).

The data migration 0004 loads the ten questionnaires (`mentee-process`, …); `version_of(code)`
gives the current version of one of them. `make_version` makes a questionnaire of the test's
own (or a new version of an existing one) with exactly the questions the test needs.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import count
from typing import Any

from django.contrib.auth.models import User

from pairs.models import Mentorship
from programs.models import MentoringFormat
from registry.models import Person
from reports.models import (
    Answer,
    AnswerChannel,
    Assignment,
    AssignmentState,
    CycleStatus,
    DeclineReason,
    Direction,
    MonitoringCycle,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnairePurpose,
    QuestionnaireVersion,
    QuestionTag,
    Respondent,
    Response,
    Wave,
)

_CODES = count(1)

_RESPONDENTS = {
    QuestionnairePurpose.MENTEE_PROCESS: Respondent.MENTEE,
    QuestionnairePurpose.MENTEE_GROWTH_ENTRY: Respondent.MENTEE,
    QuestionnairePurpose.MENTEE_GROWTH_EXIT: Respondent.MENTEE,
    QuestionnairePurpose.ADAPTATION_ENTRY: Respondent.MENTEE,
    QuestionnairePurpose.ADAPTATION_EXIT: Respondent.MENTEE,
    QuestionnairePurpose.MENTOR_PROCESS: Respondent.MENTOR,
    QuestionnairePurpose.MENTOR_GROWTH_ENTRY: Respondent.MENTOR,
    QuestionnairePurpose.MENTOR_GROWTH_EXIT: Respondent.MENTOR,
    QuestionnairePurpose.CURATOR: Respondent.CURATOR,
    QuestionnairePurpose.SWOT: Respondent.CURATOR,
}


def question(
    key: str,
    kind: str = QuestionKind.SCALE,
    *,
    text: str = "",
    section: str = "",
    required: bool = True,
    choices: list[str] | None = None,
    direction: str | None = None,
    tag: str = QuestionTag.NONE,
    staff_only: bool = False,
    min_value: Decimal | int | None = None,
    max_value: Decimal | int | None = None,
) -> dict[str, Any]:
    """The fields of one question for `make_version(questions=[...])`; a scale is 1–10 and
    higher is better unless said otherwise."""
    if direction is None:
        direction = Direction.HIGHER if kind == QuestionKind.SCALE else Direction.NONE
    if kind == QuestionKind.SCALE:
        min_value = 1 if min_value is None else min_value
        max_value = 10 if max_value is None else max_value
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and not choices:
        choices = ["Первый вариант", "Второй вариант", "Третий вариант"]
    return {
        "key": key,
        "kind": kind,
        "text": text or f"Вопрос «{key}»",
        "section": section,
        "required": required,
        "choices": choices or [],
        "direction": direction,
        "tag": tag,
        "staff_only": staff_only,
        "min_value": min_value,
        "max_value": max_value,
    }


DEFAULT_QUESTIONS = (
    question("comfort", tag=QuestionTag.COMFORT),
    question("continue", QuestionKind.YES_NO, tag=QuestionTag.CONTINUE),
    question("valuable", QuestionKind.TEXT, required=False),
)


def make_version(
    questionnaire: str | Questionnaire = "",
    *,
    questions: list[dict[str, Any]] | tuple[dict[str, Any], ...] | None = None,
    purpose: str = QuestionnairePurpose.MENTEE_PROCESS,
    stage: int | None = None,
    format_codes: list[str] | None = None,
    created_by: User | None = None,
) -> QuestionnaireVersion:
    """A current version with `questions` (dicts from `question()`; default: a scale, a
    yes/no and an open item).

    `questionnaire` is a Questionnaire, the code of one (an existing code gets a new version
    that becomes the current one; a new code makes the questionnaire), or empty for a new
    questionnaire of the test's own with `purpose`."""
    if isinstance(questionnaire, Questionnaire):
        owner = questionnaire
    else:
        code = questionnaire or f"test-{next(_CODES)}"
        owner = Questionnaire.objects.filter(code=code).first() or Questionnaire.objects.create(
            code=code,
            title=f"Анкета {code}",
            purpose=purpose,
            respondent=_RESPONDENTS[QuestionnairePurpose(purpose)],
            stage=stage or (2 if "growth" in purpose or "adaptation" in purpose else 1),
            source="разработано в ОО",
            format_codes=format_codes or [],
        )
    last = owner.versions.order_by("-number").first()
    owner.versions.filter(is_current=True).update(is_current=False)
    version = QuestionnaireVersion.objects.create(
        questionnaire=owner,
        number=(last.number + 1) if last else 1,
        is_current=True,
        created_by=created_by,
    )
    Question.objects.bulk_create(
        Question(version=version, position=position, **fields)
        for position, fields in enumerate(
            questions if questions is not None else DEFAULT_QUESTIONS, start=1
        )
    )
    return version


def version_of(code: str) -> QuestionnaireVersion:
    """The current version of a questionnaire loaded by the data migration."""
    return QuestionnaireVersion.objects.get(questionnaire__code=code, is_current=True)


def make_cycle(
    year: int = 2025, *, status: str = CycleStatus.OPEN, closes_on: dt.date | None = None
) -> MonitoringCycle:
    """The monitoring cycle of the academic year starting 1 September `year` (made once)."""
    cycle, _ = MonitoringCycle.objects.get_or_create(
        academic_year=year,
        defaults={"status": status, "closes_on": closes_on or dt.date(year + 1, 8, 31)},
    )
    return cycle


def make_assignment(
    questionnaire: str | Questionnaire | QuestionnaireVersion = "mentee-process",
    *,
    cycle: MonitoringCycle | None = None,
    wave: str = Wave.ENTRY,
    person: Person | None = None,
    mentorship: Mentorship | None = None,
    format: MentoringFormat | None = None,
    due_on: dt.date | None = None,
    state: str = AssignmentState.ISSUED,
    decline_reason: str = "",
    issued_by: User | None = None,
) -> Assignment:
    """An assignment of a questionnaire (a code, a questionnaire or one of its versions).
    A declined one gets «no consent» unless another reason is given; a participant's gets
    the mentorship's format when no format is given."""
    if isinstance(questionnaire, QuestionnaireVersion):
        questionnaire = questionnaire.questionnaire
    elif isinstance(questionnaire, str):
        questionnaire = Questionnaire.objects.get(code=questionnaire)
    cycle = cycle or make_cycle()
    if state == AssignmentState.DECLINED and not decline_reason:
        decline_reason = DeclineReason.NO_CONSENT
    return Assignment.objects.create(
        cycle=cycle,
        questionnaire=questionnaire,
        wave=wave,
        person=person,
        mentorship=mentorship,
        format=format or (mentorship.format if mentorship is not None else None),
        due_on=due_on or cycle.closes_on,
        state=state,
        decline_reason=decline_reason,
        issued_by=issued_by,
    )


def make_response(
    assignment: Assignment,
    answers: dict[str, Any] | None = None,
    *,
    channel: str = AnswerChannel.LINK,
    version: QuestionnaireVersion | None = None,
    entered_by: User | None = None,
    paper_dated: dt.date | None = None,
    is_draft: bool = False,
) -> Response:
    """A response to the assignment on `version` (default: the questionnaire's current one),
    with `answers` by question key: a number (scale, yes = 1 / no = 0, number, a single
    choice's index), a string (open answer) or a list of indexes (multiple choice). The
    assignment becomes answered unless the response is a draft."""
    version = version or assignment.questionnaire.versions.get(is_current=True)
    if channel == AnswerChannel.PAPER and paper_dated is None:
        paper_dated = assignment.cycle.closes_on - dt.timedelta(days=60)
    response = Response.objects.create(
        assignment=assignment,
        questionnaire_version=version,
        channel=channel,
        is_draft=is_draft,
        entered_by=entered_by,
        paper_dated=paper_dated,
    )
    by_key = {q.key: q for q in version.questions.all()}
    rows = []
    for key, value in (answers or {}).items():
        row = Answer(response=response, question=by_key[key])
        if isinstance(value, str):
            row.text = value
        elif isinstance(value, list):
            row.selected = value
        elif isinstance(value, bool):
            row.number = Decimal(int(value))
        else:
            row.number = Decimal(value)
        rows.append(row)
    Answer.objects.bulk_create(rows)
    if not is_draft:
        Assignment.objects.filter(pk=assignment.pk).update(state=AssignmentState.ANSWERED)
        assignment.state = AssignmentState.ANSWERED
    return response
