"""Demo data for monitoring: the current year's cycle with its answers.

Every confirmed pair of the year has its entry questionnaires (and a pair closed this year
its exit ones); the curator has issued the mid-year wave and the yearly questionnaires.
Most participants have answered — through their personal links, a few on paper typed in by
the curator —, some have not yet, and those without a program consent were declined by the
rules, so every monitoring page shows real figures. The curator's questionnaire and each
format's SWOT but one (pre-filled from the answers, as the curator would keep them) are
filled; the SWOT of «студент – студент» waits for the curator.

Like the rest of the demo, loading twice changes nothing: whether and how an assignment is
answered follows from its own id, and what is answered or declined stays so.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from core.dates import AcademicYear
from pairs.models import Mentorship, MentorshipStatus
from programs.models import FormatCode, MentoringFormat
from registry.models import Consent, ConsentPurpose, Person
from reports.models import (
    Assignment,
    AssignmentState,
    DeclineReason,
    QuestionKind,
    QuestionTag,
    Wave,
)
from reports.monitoring.answering.services import (
    asked_questions,
    consent_refusal,
    current_version,
    decline,
    submit_response,
)
from reports.monitoring.assignments import (
    cycle_for,
    issue_entry,
    issue_exit,
    issue_wave,
    issue_yearly,
)
from reports.monitoring.swot.selectors import computed_lines
from reports.monitoring.swot.services import save_swot

# Of the participants' assignments: how many in a hundred are answered, and of those how
# many on paper.
ANSWERED_PERCENT = {Wave.ENTRY: 92, Wave.MIDYEAR: 78, Wave.EXIT: 85, Wave.FINAL: 60}
PAPER_PERCENT = 15

OPEN_ANSWERS = {
    "valuable": [
        "Разбор реальных задач вместе с наставником.",
        "Поддержка перед сессией и помощь с курсовой.",
        "Советы по общению с группой и по планированию времени.",
        "Возможность задать любой вопрос и не бояться ошибиться.",
    ],
    "missing": [
        "Хотелось бы встречаться чаще.",
        "Не хватало встреч в группе с другими парами.",
        "Больше практических заданий на производстве.",
        "",
    ],
    "other": [
        "Всё понравилось.",
        "Спасибо наставнику за терпение.",
        "Нужно больше времени на совместные проекты.",
    ],
}

CURATOR_TEXT = [
    "Часть наставников из числа работодателей не смогла встречаться регулярно в период "
    "производственной практики.",
    "Провести в марте обучение новых наставников из числа студентов, расширить участие "
    "предприятий-партнёров.",
]


def load_monitoring(year: AcademicYear, users: dict[str, User]) -> None:
    """The cycle of `year` with its assignments and answers (only for the current year: a
    past year's cycle would need the pairs' history as it was then)."""
    today = timezone.localdate()
    if not year.first_day <= today <= year.last_day:
        return
    cycle = cycle_for(today)
    if cycle is None:
        return
    curator = users["curator"]
    mentorships = (
        Mentorship.objects.in_registry().in_academic_year(year).order_by("pk").prefetch_related()
    )
    for mentorship in mentorships:
        issue_entry(mentorship, user=curator, day=today)
        if mentorship.status in (MentorshipStatus.COMPLETED, MentorshipStatus.TERMINATED) and (
            mentorship.ended_on is not None and mentorship.ended_on >= year.first_day
        ):
            issue_exit(mentorship, user=curator, day=today)
    formats = list(MentoringFormat.objects.order_by("position", "pk"))
    if not Assignment.objects.filter(cycle=cycle, wave=Wave.MIDYEAR).exists():
        _withdraw_consents(today)
        issue_wave(
            cycle,
            wave=Wave.MIDYEAR,
            formats=formats,
            due_on=min(today + dt.timedelta(days=21), cycle.closes_on),
            user=curator,
            day=today,
        )
    issue_yearly(cycle, user=curator)
    _answer_participants(cycle.pk, curator, today)
    _answer_curator(cycle.pk, curator)
    _fill_swots(cycle.pk, curator)


# How many mentees withdrew their consent to the program since their pair began: the
# mid-year wave declines their questionnaires «нет согласия», as the rules say.
WITHDRAWN_CONSENTS = 2


def _withdraw_consents(today: dt.date) -> None:
    mentees = (
        Person.objects.filter(
            mentorships_as_mentee__status=MentorshipStatus.ACTIVE,
            birth_date__lte=today.replace(year=today.year - 18),
        )
        .distinct()
        .order_by("pk")[:WITHDRAWN_CONSENTS]
    )
    Consent.objects.filter(
        person__in=list(mentees), purpose=ConsentPurpose.PROGRAM, withdrawn_on__isnull=True
    ).update(withdrawn_on=today - dt.timedelta(days=10))


def _answer_participants(cycle_id: int, curator: User, today: dt.date) -> None:
    issued = (
        Assignment.objects.filter(
            cycle_id=cycle_id, state=AssignmentState.ISSUED, person__isnull=False
        )
        .select_related("questionnaire", "cycle", "person")
        .order_by("pk")
    )
    for assignment in issued:
        if consent_refusal(assignment) is not None:
            # Issued before the consent was withdrawn: the curator declines it.
            decline(
                assignment=assignment,
                reason=DeclineReason.NO_CONSENT,
                comment="Согласие на участие в программе отозвано.",
                user=curator,
            )
            continue
        # Seeded by who answers what, not by the assignment's id: the same answers on any
        # database, however far its sequences have gone, and again when loaded again.
        rng = random.Random(  # noqa: S311 - demo answers, not secrets
            f"{assignment.wave} {assignment.questionnaire.code} {assignment.person}"
        )
        if rng.randrange(100) >= ANSWERED_PERCENT.get(Wave(assignment.wave), 70):
            continue
        version = current_version(assignment)
        if version is None:
            continue
        paper = rng.randrange(100) < PAPER_PERCENT
        questions = asked_questions(version, staff=paper)
        answers = {question.key: _answer(question, rng) for question in questions}
        answers = {key: value for key, value in answers.items() if value is not None}
        issued_on = timezone.localdate(assignment.issued_at)
        submit_response(
            assignment=assignment,
            answers=answers,
            channel="paper" if paper else "link",
            entered_by=curator if paper else None,
            paper_dated=max(issued_on, today - dt.timedelta(days=rng.randrange(1, 5)))
            if paper
            else None,
        )


def _answer(question: Any, rng: random.Random) -> object:
    """A plausible answer: marks mostly good (anxiety and workload mostly low), yes more
    often than no, an open answer now and then."""
    kind = question.kind
    if kind == QuestionKind.SCALE:
        good = rng.choices(range(1, 11), weights=[1, 1, 1, 2, 3, 5, 8, 10, 9, 6])[0]
        return 11 - good if question.direction == "lower" else good
    if kind == QuestionKind.YES_NO:
        share = 55 if question.tag == QuestionTag.BECOME_MENTOR else 85
        return 1 if rng.randrange(100) < share else 0
    if kind == QuestionKind.SINGLE:
        return rng.randrange(len(question.choices)) if question.choices else None
    if kind == QuestionKind.MULTIPLE:
        if not question.choices:
            return None
        return sorted(rng.sample(range(len(question.choices)), k=min(2, len(question.choices))))
    if kind == QuestionKind.NUMBER:
        low = question.min_value if question.min_value is not None else Decimal(3)
        high = question.max_value if question.max_value is not None else Decimal(5)
        if question.tag == QuestionTag.GRADE_AVERAGE:
            low, high = max(low, Decimal("3.2")), min(high, Decimal(5))
        return (low + (high - low) * Decimal(rng.randrange(101)) / 100).quantize(Decimal("0.01"))
    texts = OPEN_ANSWERS["valuable" if "ценн" in question.text.lower() else "other"]
    if "не хватало" in question.text.lower() or "измен" in question.text.lower():
        texts = OPEN_ANSWERS["missing"]
    text = rng.choice(texts)
    if not text and question.required:
        text = OPEN_ANSWERS["other"][0]
    return text or None


def _answer_curator(cycle_id: int, curator: User) -> None:
    assignment = (
        Assignment.objects.filter(
            cycle_id=cycle_id,
            wave=Wave.YEARLY,
            questionnaire__code="curator",
            state=AssignmentState.ISSUED,
        )
        .select_related("questionnaire", "cycle")
        .first()
    )
    if assignment is None:
        return
    version = current_version(assignment)
    if version is None:
        return
    rng = random.Random("curator")  # noqa: S311 - demo answers, not secrets
    answers: dict[str, object] = {}
    texts = iter(CURATOR_TEXT)
    for question in asked_questions(version, staff=True):
        if question.kind == QuestionKind.TEXT:
            answers[question.key] = next(texts, "Нет.")
        elif question.kind == QuestionKind.YES_NO:
            answers[question.key] = 1
        else:
            value = _answer(question, rng)
            if value is not None:
                answers[question.key] = value
    submit_response(
        assignment=assignment, answers=answers, channel="app", entered_by=curator, paper_dated=None
    )


# The SWOT the curator has not made yet: its page offers the lines computed from the answers.
UNFINISHED_SWOT = FormatCode.STUDENT_STUDENT


def _fill_swots(cycle_id: int, curator: User) -> None:
    swots = (
        Assignment.objects.filter(
            cycle_id=cycle_id,
            wave=Wave.YEARLY,
            questionnaire__code="swot",
            state=AssignmentState.ISSUED,
        )
        .select_related("format", "cycle")
        .order_by("format__position")
    )
    for assignment in swots:
        if assignment.format is None or hasattr(assignment, "response"):
            continue
        if assignment.format.code == UNFINISHED_SWOT:
            continue
        lines = computed_lines(assignment.cycle, assignment.format).as_text()
        if not lines["strengths"] and not lines["weaknesses"]:
            continue
        save_swot(
            assignment,
            user=curator,
            lists={
                "strengths": lines["strengths"],
                "weaknesses": lines["weaknesses"] or "Не все участники ответили на анкеты в срок.",
                "opportunities": "Участие предприятий-партнёров в обучении наставников.\n"
                "Конкурс «Лучший наставник» на уровне края.",
                "threats": "Нагрузка наставников в период практики и сессии.",
            },
            seen_version=0,
            final=True,
        )
