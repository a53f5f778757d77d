"""reports.monitoring.assignments: entry questionnaires on confirmation, exit ones on
completion and on ending early, never twice; the 152-ФЗ refusals; the curator's waves with
their preview; the yearly questionnaires."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from pairs.mentorships.services import confirm_mentorships, draft_mentorship
from pairs.models import Mentorship, MentorshipStatus, TerminationReason
from pairs.work.services import (
    Assessment,
    complete_mentorship,
    expected_result_items,
    terminate_mentorship,
)
from programs.models import MentoringFormat
from registry.models import Consent, ConsentGiver, ConsentPurpose, Person
from reports.models import (
    Assignment,
    AssignmentState,
    CycleStatus,
    DeclineReason,
    MonitoringCycle,
    Questionnaire,
    Wave,
)
from reports.monitoring.assignments import (
    WAVE_CHANGED,
    cycle_for,
    issue_entry,
    issue_exit,
    issue_wave,
    issue_yearly,
    preview_wave,
    reopen_consented,
)
from tests.factories import (
    ConsentFactory,
    DecisionFactory,
    MentorshipFactory,
    PupilFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
    format_of,
    variant_of,
)
from tests.reports.monitoring.builders import make_assignment, make_cycle

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = dt.date(2025, 11, 10)  # in the academic year 2025/2026


def codes(assignments: Iterable[Assignment]) -> list[tuple[str, str]]:
    """(questionnaire code, respondent's last name) of the assignments, sorted."""
    return sorted(
        (a.questionnaire.code, a.person.last_name if a.person else "") for a in assignments
    )


def teachers_pair(**kwargs: object) -> Mentorship:
    people: dict[str, object] = {
        "mentors": [TeacherFactory(last_name="Наставникова")],
        "mentees": [TeacherFactory(last_name="Молодова")],
    }
    return MentorshipFactory(**(people | kwargs))


def students_pair(**kwargs: object) -> Mentorship:
    people: dict[str, object] = {
        "mentors": [StudentFactory(last_name="Старшекурсников", group=StudyGroupFactory(course=3))],
        "mentees": [StudentFactory(last_name="Первокурсников")],
    }
    return MentorshipFactory(
        format=format_of("student_student"),
        variant=variant_of("student_student", "achiever_underachiever"),
        **(people | kwargs),
    )


# --- Entry and exit --------------------------------------------------------------------------


def test_confirming_a_draft_issues_the_entry_questionnaires_once(curator: User) -> None:
    draft = draft_mentorship(
        format=format_of("teacher_teacher"),
        variant=None,
        mentors=[TeacherFactory(last_name="Наставникова")],
        mentees=[TeacherFactory(last_name="Молодова")],
        started_on=dt.date(2025, 10, 1),
        planned_end_on=dt.date(2026, 6, 30),
    )
    assert not Assignment.objects.exists()

    (confirmed,) = confirm_mentorships(drafts=[draft], decision=DecisionFactory(), user=curator)

    issued = Assignment.objects.filter(mentorship=confirmed)
    assert codes(issued) == [
        ("adaptation-entry", "Молодова"),
        ("mentor-growth-entry", "Наставникова"),
    ]
    assert {a.wave for a in issued} == {Wave.ENTRY}
    assert {a.state for a in issued} == {AssignmentState.ISSUED}
    assert {a.issued_by for a in issued} == {curator}
    assert {a.format for a in issued} == {confirmed.format}
    assert {a.cycle.academic_year for a in issued} == {
        TODAY.year if TODAY.month >= 9 else TODAY.year - 1
    }
    assert len({a.token for a in issued}) == 2
    assert issue_entry(confirmed, user=curator) == []
    assert Assignment.objects.count() == 2


def test_a_mentee_of_another_format_gets_the_growth_questionnaire() -> None:
    pair = students_pair()

    issued = issue_entry(pair, user=None, day=DAY)

    assert codes(issued) == [
        ("mentee-growth-entry", "Первокурсников"),
        ("mentor-growth-entry", "Старшекурсников"),
    ]
    assert {a.due_on for a in issued} == {DAY + dt.timedelta(days=14)}
    assert {a.cycle.academic_year for a in issued} == {2025}


def test_a_group_gets_one_entry_per_participant() -> None:
    pair = MentorshipFactory(
        mentors=[TeacherFactory(), TeacherFactory()],
        mentees=[TeacherFactory(), TeacherFactory(), TeacherFactory()],
    )

    issued = issue_entry(pair, user=None, day=DAY)

    assert (
        sorted(a.questionnaire.code for a in issued)
        == ["adaptation-entry"] * 3 + ["mentor-growth-entry"] * 2
    )


def test_completing_a_pair_issues_the_exit_and_process_questionnaires(curator: User) -> None:
    pair = teachers_pair()

    complete_mentorship(
        pair,
        user=curator,
        version=pair.version,
        ended_on=TODAY,
        results="Молодой педагог провёл открытый урок.",
        assessments=[
            Assessment(item, "achieved", "")
            for item in expected_result_items(pair.expected_results)
        ],
    )

    exits = Assignment.objects.filter(mentorship=pair)
    assert codes(exits) == [
        ("adaptation-exit", "Молодова"),
        ("mentee-process", "Молодова"),
        ("mentor-growth-exit", "Наставникова"),
        ("mentor-process", "Наставникова"),
    ]
    assert {a.wave for a in exits} == {Wave.EXIT}


def test_ending_a_pair_early_issues_the_exit_questionnaires_once(curator: User) -> None:
    pair = students_pair()

    terminate_mentorship(
        pair,
        user=curator,
        version=pair.version,
        ended_on=TODAY,
        reason=TerminationReason.MENTEE_REQUEST,
        comment="Наставляемый перевёлся в другую группу.",
    )

    assert codes(Assignment.objects.filter(wave=Wave.EXIT)) == [
        ("mentee-growth-exit", "Первокурсников"),
        ("mentee-process", "Первокурсников"),
        ("mentor-growth-exit", "Старшекурсников"),
        ("mentor-process", "Старшекурсников"),
    ]
    pair.refresh_from_db()
    assert issue_exit(pair, user=curator) == []
    # Not even in the cycle of another year.
    assert issue_exit(pair, user=curator, day=TODAY + dt.timedelta(days=366)) == []
    assert Assignment.objects.count() == 4


def test_the_exit_skips_the_process_questionnaire_the_final_wave_gave() -> None:
    pair = teachers_pair()
    cycle = make_cycle(2025)
    issue_wave(
        cycle,
        wave=Wave.FINAL,
        formats=[pair.format],
        due_on=dt.date(2026, 6, 20),
        user=None,
        day=dt.date(2026, 5, 20),
    )

    exits = issue_exit(pair, user=None, day=dt.date(2026, 6, 1))

    assert codes(exits) == [("adaptation-exit", "Молодова"), ("mentor-growth-exit", "Наставникова")]


def test_an_entry_is_issued_in_the_cycle_of_its_day_with_a_closing_date() -> None:
    pair = teachers_pair()

    issued = issue_entry(pair, user=None, day=dt.date(2026, 8, 25))

    cycle = MonitoringCycle.objects.get()
    assert (cycle.academic_year, cycle.status) == (2025, CycleStatus.OPEN)
    assert cycle.closes_on == dt.date(2026, 8, 31)
    # The answer is due within the cycle.
    assert {a.due_on for a in issued} == {dt.date(2026, 8, 31)}


def test_a_closed_cycle_issues_nothing() -> None:
    make_cycle(2025, status=CycleStatus.CLOSED)

    assert cycle_for(DAY) is None
    assert issue_entry(teachers_pair(), user=None, day=DAY) == []
    assert not Assignment.objects.exists()


def test_a_questionnaire_not_loaded_is_not_issued() -> None:
    Questionnaire.objects.filter(code="mentor-growth-entry").delete()

    issued = issue_entry(teachers_pair(), user=None, day=DAY)

    assert codes(issued) == [("adaptation-entry", "Молодова")]


# --- 152-ФЗ ------------------------------------------------------------------------------------


def test_a_minor_without_a_parents_consent_is_declined() -> None:
    minor = StudentFactory(
        last_name="Несовершеннолетний", birth_date=dt.date(2010, 5, 1), consent=False
    )
    # The minor's own signature does not count (152-ФЗ, article 9).
    Consent.objects.create(
        person=minor,
        purpose=ConsentPurpose.PROGRAM,
        given_by=ConsentGiver.SELF,
        document="Согласие",
        given_on=dt.date(2025, 9, 1),
    )
    pair = students_pair(mentees=[minor])

    issued = issue_entry(pair, user=None, day=DAY)

    (declined,) = [a for a in issued if a.person_id == minor.pk]
    assert declined.state == AssignmentState.DECLINED
    assert declined.decline_reason == DeclineReason.NO_CONSENT
    assert "Несовершеннолетний" in declined.decline_comment
    assert "10.11.2025" in declined.decline_comment
    (mentor,) = [a for a in issued if a.person_id != minor.pk]
    assert (mentor.state, mentor.decline_reason, mentor.decline_comment) == (
        AssignmentState.ISSUED,
        "",
        "",
    )


def test_a_minor_with_a_parents_consent_is_asked() -> None:
    minor = StudentFactory(birth_date=dt.date(2010, 5, 1))  # a parent's consent

    (assignment,) = issue_entry(students_pair(mentees=[minor], mentors=[]), user=None, day=DAY)

    assert assignment.state == AssignmentState.ISSUED


def test_a_pupil_without_a_birth_date_needs_a_parents_consent() -> None:
    pupil = PupilFactory(last_name="Школьникова", birth_date=None, consent=False)
    ConsentFactory(person=pupil, given_by=ConsentGiver.SELF, given_on=dt.date(2025, 9, 1))
    pair = MentorshipFactory(format=format_of("student_pupil"), mentors=[], mentees=[pupil])

    (assignment,) = issue_entry(pair, user=None, day=DAY)

    assert assignment.state == AssignmentState.DECLINED
    assert "Школьникова" in assignment.decline_comment


def test_an_adult_without_consent_is_declined_and_a_withdrawn_one_does_not_count() -> None:
    without = TeacherFactory(last_name="Безсогласия", consent=False)
    withdrawn = TeacherFactory(last_name="Отозвавшая")
    Consent.objects.filter(person=withdrawn).update(withdrawn_on=dt.date(2025, 10, 1))
    pair = MentorshipFactory(mentors=[without], mentees=[withdrawn])

    issued = issue_entry(pair, user=None, day=DAY)

    assert {a.state for a in issued} == {AssignmentState.DECLINED}
    assert {a.decline_reason for a in issued} == {DeclineReason.NO_CONSENT}
    assert sorted(Person.objects.get(pk=a.person_id).last_name for a in issued) == [
        "Безсогласия",
        "Отозвавшая",
    ]


# --- The curator's waves -----------------------------------------------------------------------


def test_the_preview_counts_per_format_and_saves_nothing() -> None:
    cycle = make_cycle(2025)
    teachers_pair()
    students_pair(mentees=[StudentFactory(birth_date=dt.date(2010, 1, 1), consent=False)])
    teachers_pair(status=MentorshipStatus.DRAFT, decision=None)
    teachers_pair(started_on=dt.date(2026, 1, 10))  # not running yet on the day

    preview = preview_wave(
        cycle,
        wave=Wave.MIDYEAR,
        formats=[format_of("teacher_teacher"), format_of("student_student")],
        day=dt.date(2025, 12, 15),
    )

    rows = {row.format.code: row for row in preview.formats}
    assert (rows["teacher_teacher"].pairs, rows["teacher_teacher"].issued) == (1, 2)
    assert rows["teacher_teacher"].declined == 0
    assert (rows["student_student"].pairs, rows["student_student"].issued) == (1, 1)
    assert rows["student_student"].declined == 1
    assert (preview.issued, preview.declined, preview.total) == (3, 1, 4)
    assert not Assignment.objects.exists()


def test_issuing_a_wave_asks_every_participant_once(curator: User) -> None:
    cycle = make_cycle(2025)
    pair = teachers_pair()
    other_format = students_pair()
    day = dt.date(2025, 12, 15)

    issued = issue_wave(
        cycle,
        wave=Wave.MIDYEAR,
        formats=[pair.format],
        due_on=dt.date(2025, 12, 26),
        user=curator,
        expected=2,
        day=day,
    )

    assert codes(issued) == [("mentee-process", "Молодова"), ("mentor-process", "Наставникова")]
    assert {(a.wave, a.due_on, a.issued_by) for a in issued} == {
        (Wave.MIDYEAR, dt.date(2025, 12, 26), curator)
    }
    assert not Assignment.objects.filter(mentorship=other_format).exists()
    again = preview_wave(cycle, wave=Wave.MIDYEAR, formats=[pair.format], day=day)
    assert (again.total, again.existing) == (0, 2)
    assert (
        issue_wave(
            cycle,
            wave=Wave.MIDYEAR,
            formats=[pair.format],
            due_on=dt.date(2025, 12, 26),
            user=curator,
            day=day,
        )
        == []
    )
    # The final wave is another wave: asked again.
    final = issue_wave(
        cycle,
        wave=Wave.FINAL,
        formats=[pair.format],
        due_on=dt.date(2026, 6, 20),
        user=curator,
        day=dt.date(2026, 5, 20),
    )
    assert len(final) == 2


def test_a_wave_confirmed_from_an_outdated_preview_is_refused() -> None:
    cycle = make_cycle(2025)
    pair = teachers_pair()

    with pytest.raises(ValidationError) as refusal:
        issue_wave(
            cycle,
            wave=Wave.MIDYEAR,
            formats=[pair.format],
            due_on=dt.date(2025, 12, 26),
            user=None,
            expected=5,
            day=dt.date(2025, 12, 15),
        )

    assert [error.code for error in refusal.value.error_list] == [WAVE_CHANGED]
    assert "2" in refusal.value.messages[0]
    assert not Assignment.objects.exists()


@pytest.mark.parametrize(
    ("wave", "due_on", "closed", "formats"),
    [
        (Wave.ENTRY, dt.date(2025, 12, 26), False, True),
        (Wave.MIDYEAR, dt.date(2025, 12, 1), False, True),
        (Wave.MIDYEAR, dt.date(2026, 9, 1), False, True),
        (Wave.MIDYEAR, dt.date(2025, 12, 26), True, True),
        (Wave.MIDYEAR, dt.date(2025, 12, 26), False, False),
    ],
    ids=["not-a-curators-wave", "due-in-the-past", "due-after-closing", "closed", "no-format"],
)
def test_a_wrong_wave_is_refused(wave: str, due_on: dt.date, closed: bool, formats: bool) -> None:
    cycle = make_cycle(2025, status=CycleStatus.CLOSED if closed else CycleStatus.OPEN)
    pair = teachers_pair()

    with pytest.raises(ValidationError):
        issue_wave(
            cycle,
            wave=wave,
            formats=[pair.format] if formats else [],
            due_on=due_on,
            user=None,
            day=dt.date(2025, 12, 15),
        )

    assert not Assignment.objects.exists()


def test_the_yearly_questionnaires_are_issued_once(curator: User) -> None:
    cycle = make_cycle(2025)

    issued = issue_yearly(cycle, user=curator)

    formats = MentoringFormat.objects.count()
    assert sorted(a.questionnaire.code for a in issued) == ["curator"] + ["swot"] * formats
    assert {a.format.code for a in issued if a.format} == set(
        MentoringFormat.objects.values_list("code", flat=True)
    )
    assert {(a.wave, a.person, a.mentorship, a.due_on) for a in issued} == {
        (Wave.YEARLY, None, None, cycle.closes_on)
    }
    assert issue_yearly(cycle, user=curator) == []
    assert Assignment.objects.count() == formats + 1


def test_the_yearly_questionnaires_keep_what_the_curator_made_already() -> None:
    cycle = make_cycle(2025)
    make_assignment("swot", cycle=cycle, wave=Wave.YEARLY, format=format_of("teacher_teacher"))

    issued = issue_yearly(cycle, user=None)

    assert "teacher_teacher" not in {a.format.code for a in issued if a.format}
    assert len(issued) == MentoringFormat.objects.count()


# --- Consent recorded later ----------------------------------------------------------------------


def test_a_declined_assignment_is_issued_once_the_consent_is_recorded(curator: User) -> None:
    minor = StudentFactory(birth_date=dt.date(2010, 5, 1), consent=False)
    still_without = TeacherFactory(consent=False)
    pair = students_pair(mentees=[minor], mentors=[still_without])
    issue_entry(pair, user=None, day=DAY)
    Consent.objects.create(
        person=minor,
        purpose=ConsentPurpose.PROGRAM,
        given_by=ConsentGiver.PARENT,
        representative_name="Родителева Анна Петровна",
        document="Согласие",
        given_on=dt.date(2025, 11, 20),
    )

    reopened = reopen_consented(make_cycle(2025), user=curator, day=dt.date(2025, 11, 21))

    assert reopened == 1
    minors = Assignment.objects.get(person=minor)
    assert (minors.state, minors.decline_reason, minors.decline_comment) == (
        AssignmentState.ISSUED,
        "",
        "",
    )
    assert (minors.due_on, minors.issued_by, minors.version) == (
        dt.date(2025, 12, 5),
        curator,
        2,
    )
    assert Assignment.objects.get(person=still_without).state == AssignmentState.DECLINED


def test_the_consents_are_not_rechecked_in_a_closed_cycle() -> None:
    with pytest.raises(ValidationError):
        reopen_consented(make_cycle(2025, status=CycleStatus.CLOSED), user=None)
