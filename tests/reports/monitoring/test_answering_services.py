"""Answering a questionnaire: the answer form built from a version's questions, and the
services `submit_response` and `decline` (reports/monitoring/answering/)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from core.dates import AcademicYear
from core.versions import row_fingerprint
from reports.models import (
    Answer,
    AnswerChannel,
    Assignment,
    AssignmentState,
    CycleStatus,
    DeclineReason,
    MonitoringCycle,
    QuestionKind,
    QuestionnaireVersion,
    Response,
)
from reports.monitoring.answering.forms import AnswerForm, PaperEntryForm, field_name
from reports.monitoring.answering.services import (
    ANSWERED,
    CLOSED,
    DECLINED,
    NO_CONSENT,
    decline,
    submit_response,
)
from tests.factories import MentorshipFactory, StudentFactory, format_of
from tests.reports.monitoring.builders import make_assignment, make_version, question
from tests.stale import is_stale

pytestmark = pytest.mark.django_db

QUESTIONS = (
    question("comfort", section="Общение с наставником", text="Насколько комфортно общение?"),
    question("continue", QuestionKind.YES_NO, text="Продолжили бы работу?"),
    question(
        "often",
        QuestionKind.SINGLE,
        text="Как часто встречались?",
        choices=["Еженедельно", "Дважды в месяц", "Ежемесячно", "Реже"],
    ),
    question("things", QuestionKind.MULTIPLE, text="Что было ценным?"),
    question(
        "grade",
        QuestionKind.NUMBER,
        text="Средний балл",
        staff_only=True,
        min_value=Decimal(2),
        max_value=Decimal(5),
    ),
    question("wish", QuestionKind.TEXT, text="Чего не хватило?", required=False),
)

COMPLETE = {"comfort": 8, "continue": 1, "often": 2, "things": [0, 2]}


def this_cycle(**fields: Any) -> MonitoringCycle:
    """The cycle of the current academic year, open until its last day unless told."""
    year = AcademicYear.current()
    defaults = {"status": CycleStatus.OPEN, "closes_on": year.last_day, **fields}
    cycle, _ = MonitoringCycle.objects.update_or_create(
        academic_year=year.start_year, defaults=defaults
    )
    return cycle


def answering_setup(
    format_code: str = "student_student", *, mentor: Any = None, **person: Any
) -> Assignment:
    """A student's assignment of a questionnaire of `QUESTIONS`, in this year's cycle, in
    the format; with a mentorship of the format only when a `mentor` is given."""
    version = make_version(questions=QUESTIONS)
    respondent = StudentFactory(**({"first_name": "Пётр", "last_name": "Иванов"} | person))
    mentorship = None
    if mentor is not None:
        mentorship = MentorshipFactory(
            format=format_of(format_code), mentors=[mentor], mentees=[respondent]
        )
    return make_assignment(
        version,
        cycle=this_cycle(),
        person=respondent,
        mentorship=mentorship,
        format=format_of(format_code),
    )


@pytest.fixture
def assignment(db: None) -> Assignment:
    return answering_setup()


def submit(assignment: Assignment, answers: dict[str, Any], **kwargs: Any) -> Response:
    fields: dict[str, Any] = {
        "channel": AnswerChannel.LINK,
        "entered_by": None,
        "paper_dated": None,
        **kwargs,
    }
    return submit_response(assignment=assignment, answers=answers, **fields)


def refused(assignment: Assignment, answers: dict[str, Any], **kwargs: Any) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        submit(assignment, answers, **kwargs)
    return caught.value


def nothing_saved(assignment: Assignment) -> bool:
    assignment.refresh_from_db()
    return assignment.state == AssignmentState.ISSUED and not Response.objects.exists()


# --- The service -----------------------------------------------------------------------------


def test_a_complete_questionnaire_is_saved_and_the_assignment_answered(
    assignment: Assignment,
) -> None:
    response = submit(assignment, COMPLETE | {"wish": "  Больше встреч  "})

    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.ANSWERED
    assert response.channel == AnswerChannel.LINK
    assert response.entered_by is None and response.paper_dated is None
    saved = {a.question.key: a for a in Answer.objects.filter(response=response)}
    assert saved["comfort"].number == 8
    assert saved["continue"].number == 1
    assert saved["often"].number == 2
    assert saved["things"].selected == [0, 2]
    assert saved["wish"].text == "Больше встреч"
    assert "grade" not in saved


def test_an_incomplete_questionnaire_names_every_missing_item_and_saves_nothing(
    assignment: Assignment,
) -> None:
    error = refused(assignment, {"comfort": 5})

    assert set(error.error_dict) == {"continue", "often", "things"}
    assert "Продолжили бы работу?" in error.error_dict["continue"][0].messages[0]
    assert nothing_saved(assignment)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("comfort", 11),
        ("comfort", 0),
        ("comfort", "7.5"),
        ("continue", 2),
        ("often", 4),
        ("often", -1),
        ("things", [0, 9]),
    ],
)
def test_an_answer_out_of_range_is_refused(assignment: Assignment, key: str, value: Any) -> None:
    error = refused(assignment, COMPLETE | {key: value})

    assert list(error.error_dict) == [key]
    assert error.error_dict[key][0].code == "range"
    assert nothing_saved(assignment)


def test_every_error_comes_at_once(assignment: Assignment) -> None:
    error = refused(assignment, {"comfort": 12, "often": 9})

    assert set(error.error_dict) == {"comfort", "continue", "often", "things"}


def test_a_respondent_cannot_answer_what_staff_enter(assignment: Assignment) -> None:
    error = refused(assignment, COMPLETE | {"grade": 4})

    assert error.error_dict[NON_FIELD_ERRORS][0].code == "changed"
    assert nothing_saved(assignment)


def test_the_answers_go_to_the_current_version(assignment: Assignment) -> None:
    newer = make_version(assignment.questionnaire, questions=QUESTIONS)

    response = submit(assignment, COMPLETE)

    assert response.questionnaire_version == newer
    assert {a.question.version_id for a in response.answers.all()} == {newer.pk}


def test_the_second_entry_of_the_same_paper_is_refused(
    assignment: Assignment, curator: User, lead: User
) -> None:
    today = timezone.localdate()
    paper = COMPLETE | {"grade": Decimal("4.25")}
    first = submit(
        assignment, paper, channel=AnswerChannel.PAPER, entered_by=curator, paper_dated=today
    )

    error = refused(
        Assignment.objects.get(pk=assignment.pk),
        paper,
        channel=AnswerChannel.PAPER,
        entered_by=lead,
        paper_dated=today,
    )

    assert error.error_list[0].code == ANSWERED
    assert list(Response.objects.values_list("pk", "entered_by")) == [(first.pk, curator.pk)]
    assert first.paper_dated == today
    assert Answer.objects.get(response=first, question__key="grade").number == Decimal("4.25")


def test_paper_asks_the_staff_items_and_checks_their_range(
    assignment: Assignment, curator: User
) -> None:
    today = timezone.localdate()

    missing = refused(
        assignment, COMPLETE, channel=AnswerChannel.PAPER, entered_by=curator, paper_dated=today
    )
    too_high = refused(
        assignment,
        COMPLETE | {"grade": 6},
        channel=AnswerChannel.PAPER,
        entered_by=curator,
        paper_dated=today,
    )

    assert missing.error_dict["grade"][0].code == "required"
    assert too_high.error_dict["grade"][0].code == "range"
    assert nothing_saved(assignment)


@pytest.mark.parametrize("days", [1, -400])
def test_the_date_on_the_paper_is_neither_future_nor_before_the_issue(
    assignment: Assignment, curator: User, days: int
) -> None:
    error = refused(
        assignment,
        COMPLETE | {"grade": 4},
        channel=AnswerChannel.PAPER,
        entered_by=curator,
        paper_dated=timezone.localdate() + dt.timedelta(days=days),
    )

    assert list(error.error_dict) == ["paper_dated"]
    assert nothing_saved(assignment)


def test_a_closed_cycle_takes_no_answers(assignment: Assignment) -> None:
    this_cycle(status=CycleStatus.CLOSED)

    assert refused(assignment, COMPLETE).error_list[0].code == CLOSED
    assert nothing_saved(assignment)


def test_a_cycle_past_its_last_day_takes_no_answers(assignment: Assignment) -> None:
    this_cycle(closes_on=timezone.localdate() - dt.timedelta(days=1))

    assert refused(assignment, COMPLETE).error_list[0].code == CLOSED


def test_a_declined_assignment_takes_no_answers(assignment: Assignment, curator: User) -> None:
    decline(assignment=assignment, reason=DeclineReason.NO_CONSENT, comment="", user=curator)

    assert refused(assignment, COMPLETE).error_list[0].code == DECLINED


def test_decline_keeps_the_reason(assignment: Assignment, curator: User) -> None:
    decline(
        assignment=assignment,
        reason=DeclineReason.UNREACHABLE,
        comment=" Уехал на практику ",
        user=curator,
        seen=row_fingerprint(assignment),
    )

    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.DECLINED
    assert assignment.decline_reason == DeclineReason.UNREACHABLE
    assert assignment.decline_comment == "Уехал на практику"


def test_another_reason_needs_a_comment(assignment: Assignment, curator: User) -> None:
    with pytest.raises(ValidationError) as caught:
        decline(assignment=assignment, reason=DeclineReason.OTHER, comment=" ", user=curator)

    assert list(caught.value.error_dict) == ["comment"]
    assert nothing_saved(assignment)


def test_an_answered_assignment_is_not_declined(assignment: Assignment, curator: User) -> None:
    submit(assignment, COMPLETE)

    with pytest.raises(ValidationError) as caught:
        decline(assignment=assignment, reason=DeclineReason.REFUSED, comment="", user=curator)

    assert caught.value.error_list[0].code == ANSWERED


def test_decline_refuses_a_stale_form(assignment: Assignment, curator: User) -> None:
    seen = row_fingerprint(assignment)
    Assignment.objects.filter(pk=assignment.pk).update(due_on=dt.date(2000, 1, 1))

    with pytest.raises(ValidationError) as caught:
        decline(
            assignment=assignment,
            reason=DeclineReason.REFUSED,
            comment="",
            user=curator,
            seen=seen,
        )

    assert is_stale(caught.value)
    assert nothing_saved(assignment)


# --- The form ------------------------------------------------------------------------------


def version_of(assignment: Assignment) -> QuestionnaireVersion:
    return assignment.questionnaire.versions.get(is_current=True)


def test_the_respondent_form_leaves_out_the_staff_items(assignment: Assignment) -> None:
    form = AnswerForm(version=version_of(assignment))
    staff = PaperEntryForm(version=version_of(assignment), assignment=assignment)

    assert field_name("grade") not in form.fields
    assert field_name("grade") in staff.fields
    assert [s.title for s in form.sections()] == ["Общение с наставником", ""]
    assert [item.number for item in form.items()] == [1, 2, 3, 4, 5]


def test_the_form_gives_the_service_its_answers(assignment: Assignment) -> None:
    data = {"q-comfort": "8", "q-continue": "0", "q-often": "3", "q-things": ["1", "2"]}
    form = AnswerForm(data, version=version_of(assignment))

    assert form.is_valid(), form.errors
    assert form.answers() == {
        "comfort": 8,
        "continue": 0,
        "often": 3,
        "things": [1, 2],
        "wish": "",
    }


def test_the_form_shows_every_error_of_a_submission_at_once(assignment: Assignment) -> None:
    form = AnswerForm({"q-comfort": "99", "q-often": "1"}, version=version_of(assignment))

    assert not form.is_valid()
    assert set(form.errors) == {"q-comfort", "q-continue", "q-things"}
    assert [item.number for item, _message in form.error_items()] == [1, 2, 4]


def test_the_paper_form_checks_the_date_with_the_answers(assignment: Assignment) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    form = PaperEntryForm(
        {"paper_dated": tomorrow.isoformat(), "q-comfort": "5"},
        version=version_of(assignment),
        assignment=assignment,
    )

    assert not form.is_valid()
    assert {"paper_dated", "q-continue", "q-grade"} <= set(form.errors)


def test_no_answers_are_taken_without_a_valid_consent(db: None) -> None:
    assignment = answering_setup(consent=False)

    assert refused(assignment, COMPLETE).error_list[0].code == NO_CONSENT
    assert nothing_saved(assignment)
