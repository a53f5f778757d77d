"""The one way a questionnaire is answered (`submit_response`) or declined (`decline`).

Both lock the assignment row first, so that two people entering the same paper questionnaire
at once save it once: the second finds it answered and is refused. Every answer is checked
against its question (a mark 1–10, yes or no, an option that exists, a number in its range)
and every problem is reported at once; nothing is saved unless all of it is right.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.dates import format_day
from core.versions import row_fingerprint, stale_write
from registry.models import Consent
from reports.models import (
    Answer,
    AnswerChannel,
    Assignment,
    AssignmentState,
    CycleStatus,
    DeclineReason,
    MonitoringCycle,
    Question,
    QuestionKind,
    QuestionnaireVersion,
    Response,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

SCALE_MIN, SCALE_MAX = 1, 10
TEXT_LIMIT = 5000
# Answer.number holds 8 digits, 2 of them after the point.
NUMBER_LIMIT = Decimal("999999.99")
TWO_PLACES = Decimal("0.01")

# The codes of the refusals of the assignment's state, for a page that shows them apart.
ANSWERED, DECLINED, CLOSED, NO_CONSENT = "answered", "declined", "closed", "no_consent"


# --- Answers ---------------------------------------------------------------------------------


def question_label(question: Question) -> str:
    """The question as an error message names it: its text, shortened."""
    return Truncator(" ".join(question.text.split())).chars(90)


def asked_questions(version: QuestionnaireVersion, *, staff: bool) -> list[Question]:
    """The questions of the version in order; those entered by staff only on a staff form."""
    questions = list(version.questions.order_by("position", "id"))
    return questions if staff else [q for q in questions if not q.staff_only]


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | set):
        return not value
    return False


def _as_number(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(str(value))
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip().replace(",", "."))
        except InvalidOperation:
            return None
    else:
        return None
    return number if number.is_finite() else None


def _as_whole(value: object) -> int | None:
    number = _as_number(value)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


def _range_message(question: Question) -> str:
    low, high = question.min_value, question.max_value
    label = question_label(question)
    if low is not None and high is not None:
        return _("«%(question)s»: enter a number from %(min)s to %(max)s.") % {
            "question": label,
            "min": plain_number(low),
            "max": plain_number(high),
        }
    if low is not None:
        return _("«%(question)s»: enter a number not less than %(min)s.") % {
            "question": label,
            "min": plain_number(low),
        }
    return _("«%(question)s»: enter a number not greater than %(max)s.") % {
        "question": label,
        "max": plain_number(high or NUMBER_LIMIT),
    }


def plain_number(number: Decimal) -> str:
    """12.50 → «12,5», 3.00 → «3»."""
    text = format(number.normalize(), "f")
    return text.replace(".", ",")


def parse_answer(question: Question, value: Any) -> Answer:
    """The answer row of a value given to the question (not blank), or a ValidationError
    naming the question."""
    label = question_label(question)
    kind = question.kind
    if kind == QuestionKind.SCALE:
        mark = _as_whole(value)
        if mark is None or not SCALE_MIN <= mark <= SCALE_MAX:
            raise ValidationError(
                _("«%(question)s»: choose a mark from 1 to 10.") % {"question": label},
                code="range",
            )
        return Answer(question=question, number=Decimal(mark))
    if kind == QuestionKind.YES_NO:
        answer = _as_whole(value)
        if answer not in (0, 1):
            raise ValidationError(
                _("«%(question)s»: answer yes or no.") % {"question": label}, code="range"
            )
        return Answer(question=question, number=Decimal(answer))
    if kind == QuestionKind.SINGLE:
        index = _as_whole(value)
        if index is None or not 0 <= index < len(question.choices):
            raise ValidationError(
                _("«%(question)s»: choose one of the options offered.") % {"question": label},
                code="range",
            )
        return Answer(question=question, number=Decimal(index))
    if kind == QuestionKind.MULTIPLE:
        values = value if isinstance(value, list | tuple | set) else [value]
        indexes = [_as_whole(item) for item in values]
        if any(i is None or not 0 <= i < len(question.choices) for i in indexes):
            raise ValidationError(
                _("«%(question)s»: choose among the options offered.") % {"question": label},
                code="range",
            )
        return Answer(question=question, selected=sorted({i for i in indexes if i is not None}))
    if kind == QuestionKind.NUMBER:
        number = _as_number(value)
        if number is None:
            raise ValidationError(
                _("«%(question)s»: enter a number.") % {"question": label}, code="invalid"
            )
        if abs(number) > NUMBER_LIMIT:
            raise ValidationError(_range_message(question), code="range")
        if number != number.quantize(TWO_PLACES):
            raise ValidationError(
                _("«%(question)s»: enter a number with at most two decimal places.")
                % {"question": label},
                code="invalid",
            )
        too_low = question.min_value is not None and number < question.min_value
        too_high = question.max_value is not None and number > question.max_value
        if too_low or too_high:
            raise ValidationError(_range_message(question), code="range")
        return Answer(question=question, number=number.quantize(TWO_PLACES))
    text = str(value).strip()
    if len(text) > TEXT_LIMIT:
        raise ValidationError(
            _("«%(question)s»: the answer is too long (at most %(limit)s characters).")
            % {"question": label, "limit": TEXT_LIMIT},
            code="too_long",
        )
    return Answer(question=question, text=text)


def missing_answer(question: Question) -> ValidationError:
    return ValidationError(
        _("No answer to «%(question)s».") % {"question": question_label(question)},
        code="required",
    )


def answer_errors(
    questions: Sequence[Question], answers: Mapping[str, Any], *, staff: bool
) -> tuple[list[Answer], dict[str, list[ValidationError]]]:
    """The answer rows of `answers` (by question key) and every error, by question key (an
    answer to a question not asked under NON_FIELD_ERRORS)."""
    errors: dict[str, list[ValidationError]] = {}
    rows: list[Answer] = []
    by_key = {question.key: question for question in questions}
    for key in answers:
        if key not in by_key:
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                ValidationError(
                    _(
                        "The questionnaire has changed since it was opened: open it again "
                        "and answer its current questions."
                    ),
                    code="changed",
                )
            )
            break
    for question in questions:
        value = answers.get(question.key)
        if is_blank(value):
            # What staff enter on paper is required on the staff's form only.
            if question.required and (staff or not question.staff_only):
                errors.setdefault(question.key, []).append(missing_answer(question))
            continue
        try:
            rows.append(parse_answer(question, value))
        except ValidationError as error:
            errors.setdefault(question.key, []).append(error)
    return rows, errors


def current_version(assignment: Assignment) -> QuestionnaireVersion | None:
    return QuestionnaireVersion.objects.filter(
        questionnaire_id=assignment.questionnaire_id, is_current=True
    ).first()


# --- The assignment's state ----------------------------------------------------------------


def is_closed(cycle: MonitoringCycle, today: dt.date) -> bool:
    return cycle.status == CycleStatus.CLOSED or today > cycle.closes_on


def state_refusal(assignment: Assignment, cycle: MonitoringCycle) -> ValidationError | None:
    """Why the assignment can no longer be answered or declined, or None if it can."""
    if assignment.state == AssignmentState.ANSWERED:
        return ValidationError(
            _(
                "This questionnaire has already been answered: its answers are saved once "
                "and are not entered again."
            ),
            code=ANSWERED,
        )
    if assignment.state == AssignmentState.DECLINED:
        return ValidationError(
            _("This questionnaire was declined (%(reason)s): it is no longer answered.")
            % {"reason": assignment.get_decline_reason_display()},
            code=DECLINED,
        )
    if cycle.status == CycleStatus.CLOSED:
        return ValidationError(
            _("Monitoring of %(year)s is closed: answers are no longer accepted.")
            % {"year": cycle},
            code=CLOSED,
        )
    if timezone.localdate() > cycle.closes_on:
        return ValidationError(
            _("Answers to the monitoring of %(year)s were accepted until %(date)s.")
            % {"year": cycle, "date": format_day(cycle.closes_on)},
            code=CLOSED,
        )
    return None


def consent_refusal(assignment: Assignment) -> ValidationError | None:
    """152-ФЗ: a participant's answers are taken only while their consent to taking part in
    the program counts (a minor's given by a parent or legal representative). The issue
    declines whoever has none; this holds for a consent withdrawn or expired since. The
    message names nobody: the personal link's page shows it too."""
    if assignment.person_id is None:
        return None
    today = timezone.localdate()
    if Consent.objects.program_valid_on(today).filter(person_id=assignment.person_id).exists():
        return None
    return ValidationError(
        _(
            "There is no valid consent to taking part in the mentoring program today "
            "(152-ФЗ): the answers cannot be taken. The curator of the program can help."
        ),
        code=NO_CONSENT,
    )


def refusal_of(assignment: Assignment) -> ValidationError | None:
    """Why the assignment cannot be answered now (its state, its cycle, the consent)."""
    return state_refusal(assignment, assignment.cycle) or consent_refusal(assignment)


def _lock(assignment: Assignment) -> tuple[Assignment, MonitoringCycle]:
    locked = Assignment.objects.select_for_update().filter(pk=assignment.pk).first()
    if locked is None:
        raise ValidationError(_("This questionnaire is no longer assigned."), code="gone")
    cycle = MonitoringCycle.objects.get(pk=locked.cycle_id)
    refusal = state_refusal(locked, cycle)
    if refusal is not None:
        raise refusal
    return locked, cycle


def paper_date_errors(assignment: Assignment, paper_dated: dt.date | None) -> list[str]:
    if paper_dated is None:
        return [_("Enter the date written on the paper questionnaire.")]
    if paper_dated > timezone.localdate():
        return [_("The date on the paper cannot be in the future.")]
    issued = timezone.localdate(assignment.issued_at)
    if paper_dated < issued:
        return [
            _("The date on the paper cannot be before the questionnaire was issued (%(date)s).")
            % {"date": format_day(issued)}
        ]
    return []


# --- Writes ----------------------------------------------------------------------------------


@transaction.atomic
def submit_response(
    *,
    assignment: Assignment,
    answers: Mapping[str, Any],
    channel: str,
    entered_by: User | None,
    paper_dated: dt.date | None,
) -> Response:
    """Saves the answers (by question key) to the assignment's questionnaire as its current
    version asks it, and marks the assignment answered.

    `channel` is the personal link (nobody logged in: `entered_by` None), the app (the
    respondent is `entered_by`; the curator, of the yearly curator's questionnaire) or
    paper (the curator or lead who typed it is `entered_by`, and `paper_dated` the date on
    the paper: not in the future, not before the questionnaire was issued). The staff-only
    items are asked on paper and in the curator's questionnaire. Refused, with nothing
    saved: an assignment already answered or declined, or of a closed cycle; a missing
    answer, one out of range, or one to a question not asked."""
    channel = AnswerChannel(channel)
    locked, _cycle = _lock(assignment)
    no_consent = consent_refusal(locked)
    if no_consent is not None:
        raise no_consent
    version = current_version(locked)
    if version is None:
        raise ValidationError(_("This questionnaire has no questions yet."), code="empty")
    paper = channel == AnswerChannel.PAPER
    # Staff answer the staff-only items: on paper, and in a questionnaire of no respondent
    # but the curator (the yearly curator's questionnaire).
    staff = paper or locked.person_id is None
    if paper and entered_by is None:
        raise ValueError("A paper questionnaire is entered by someone.")
    if not paper and paper_dated is not None:
        raise ValueError("Only a paper questionnaire has a date on the paper.")
    rows, errors = answer_errors(asked_questions(version, staff=staff), answers, staff=staff)
    if paper:
        date_errors = paper_date_errors(locked, paper_dated)
        if date_errors:
            errors["paper_dated"] = [ValidationError(message) for message in date_errors]
    if errors:
        raise ValidationError(errors)
    # A draft (a staff questionnaire saved before it was final) becomes the response.
    response = Response.objects.filter(assignment=locked).first()
    if response is None:
        response = Response(assignment=locked)
    else:
        response.answers.all().delete()
    response.questionnaire_version = version
    response.channel = channel
    response.is_draft = False
    response.entered_by = entered_by
    response.paper_dated = paper_dated if paper else None
    response.full_clean(exclude=["assignment"])
    response.save()
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    Assignment.objects.filter(pk=locked.pk).update(
        state=AssignmentState.ANSWERED, version=F("version") + 1
    )
    assignment.state = AssignmentState.ANSWERED
    return response


@transaction.atomic
def decline(
    *,
    assignment: Assignment,
    reason: str,
    comment: str,
    user: User,
    seen: str | None = None,
) -> Assignment:
    """Marks the assignment declined with a reason (another reason needs a comment saying
    which). Refused for an assignment already answered or declined, of a closed cycle, or
    changed since the form was made (`seen`, its `row_fingerprint`)."""
    locked, _cycle = _lock(assignment)
    if seen is not None and row_fingerprint(locked) != seen:
        raise stale_write(_("the questionnaire assignment"))
    errors: dict[str, list[str]] = {}
    if reason not in DeclineReason.values:
        errors["reason"] = [_("Choose the reason for declining.")]
    comment = comment.strip()
    if reason == DeclineReason.OTHER and not comment:
        errors["comment"] = [_("Say what the other reason is.")]
    if errors:
        raise ValidationError(errors)
    locked.state = AssignmentState.DECLINED
    locked.decline_reason = reason
    locked.decline_comment = comment
    locked.version += 1
    locked.save(update_fields=["state", "decline_reason", "decline_comment", "version"])
    assignment.state = locked.state
    return locked
