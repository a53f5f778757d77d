"""The indicators' exact numerators and denominators (reports/monitoring/indicators), each on a
small fixture with its edge cases, and all of them in a constant number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.dates import AcademicYear
from pairs.models import (
    Decision,
    DecisionBody,
    Meeting,
    Mentorship,
    MentorshipResult,
    MentorshipStatus,
    ParticipantRole,
    ResultAchievement,
    TerminationReason,
)
from programs.actionplan.services import create_default_targets
from programs.models import EventLevel, Indicator, IndicatorTarget, RunStatus
from registry.models import PartnerEmployee, PartnerKind, Person, Student, StudentStatus, Teacher
from reports.models import (
    AssignmentState,
    DeclineReason,
    Direction,
    QuestionKind,
    QuestionnairePurpose,
    QuestionTag,
    Wave,
)
from reports.monitoring.indicators.basis import born_aged, years_before
from reports.monitoring.indicators.selectors import IndicatorResult, indicator_values
from tests.factories import (
    ActionPlanFactory,
    AgreementFactory,
    EventFactory,
    EventParticipationFactory,
    IncentiveFactory,
    MentorshipFactory,
    PartnerEmployeeFactory,
    PartnerOrganizationFactory,
    PlanItemFactory,
    PlanRunFactory,
    QualificationCourseFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
    format_of,
)
from tests.reports.monitoring.builders import (
    make_assignment,
    make_cycle,
    make_response,
    make_version,
    question,
)

pytestmark = pytest.mark.django_db

D = dt.date(2026, 3, 15)
YEAR = AcademicYear(2025)


def values(**kwargs: Any) -> dict[str, IndicatorResult]:
    return {
        result.indicator.code: result
        for result in indicator_values(day=kwargs.pop("day", D), year=YEAR, **kwargs)
    }


def sides(result: IndicatorResult) -> tuple[Any, Any, Any, int]:
    computed = result.computed
    return computed.numerator, computed.denominator, computed.value, computed.excluded


def make_student(**fields: Any) -> Student:
    """A student of one shared group, without the consent rows the rules would need (the
    factories' mentorships skip the rules): fewer rows, a faster test."""
    group = StudyGroupFactory(name="ИНД-1")
    made: Student = StudentFactory(group=group, consent=False, **fields)
    return made


def make_teacher(**fields: Any) -> Teacher:
    made: Teacher = TeacherFactory(consent=False, **fields)
    return made


def make_employee(**fields: Any) -> PartnerEmployee:
    made: PartnerEmployee = PartnerEmployeeFactory(consent=False, **fields)
    return made


def veteran() -> Person:
    """A teacher mentor with long pedagogical experience (not a young teacher)."""
    return make_teacher(pedagogical_experience_since=dt.date(2000, 9, 1))


def pair(
    code: str,
    *,
    mentors: list[Person] | None = None,
    mentees: list[Person],
    started: dt.date = dt.date(2025, 10, 1),
    ended: dt.date | None = None,
    status: str | None = None,
) -> Mentorship:
    if status is None:
        status = MentorshipStatus.ACTIVE if ended is None else MentorshipStatus.COMPLETED
    # One decision for every pair: the factory's own writes a scan file each time.
    decision, _created = Decision.objects.get_or_create(
        body=DecisionBody.PEDAGOGICAL_COUNCIL, number="1", decided_on=dt.date(2025, 9, 1)
    )
    mentorship: Mentorship = MentorshipFactory(
        decision=decision,
        format=format_of(code),
        mentors=mentors if mentors is not None else [veteran()],
        mentees=mentees,
        started_on=started,
        planned_end_on=max(started, D) + dt.timedelta(days=100),
        ended_on=ended,
        status=status,
    )
    return mentorship


def born_at(age: int, *, older_by_a_day: bool = False) -> dt.date:
    """Born so as to be exactly `age` on D (its birthday), or a day short of `age + 1`."""
    if older_by_a_day:
        return years_before(D, age + 1) + dt.timedelta(days=1)
    return years_before(D, age)


# --- Students aged 15–19 ------------------------------------------------------------------


def test_ages_on_the_day_from_15_to_19_are_born_in_these_bounds() -> None:
    assert born_aged(D, 15, 19) == (dt.date(2006, 3, 16), dt.date(2011, 3, 15))
    # 29 February: a year without one counts from the 28th.
    assert born_aged(dt.date(2024, 2, 29), 15, 19) == (dt.date(2004, 3, 1), dt.date(2009, 2, 28))


def test_students_aged_15_to_19_in_mentoring() -> None:
    fourteen = make_student(birth_date=born_at(14, older_by_a_day=True))
    fifteen = make_student(birth_date=born_at(15))
    nineteen = make_student(birth_date=born_at(19, older_by_a_day=True))
    twenty = make_student(birth_date=born_at(20))
    unknown = make_student(birth_date=None)
    make_student(birth_date=born_at(17))  # aged, not in a pair
    expelled = make_student(birth_date=born_at(17), status=StudentStatus.EXPELLED)
    pair("student_student", mentors=[nineteen], mentees=[fifteen, fourteen])
    pair("student_student", mentors=[make_student(birth_date=None)], mentees=[twenty])
    pair("teacher_student", mentees=[unknown])
    pair("teacher_student", mentees=[expelled])

    found = values()

    # Aged on D: 15, 19 and the one of 17 not in a pair; 14 and 20 are not; two have no date.
    assert sides(found["students_15_19"]) == (2, 3, Decimal("66.7"), 2)
    assert sides(found["students_15_19_mentees"]) == (1, 3, Decimal("33.3"), 2)
    # Mentors among all 7 studying students: the one of 19 and the one without a date.
    assert sides(found["student_mentors"]) == (2, 7, Decimal("28.6"), 0)


def test_a_pair_ended_the_day_before_does_not_count_one_ended_on_the_day_does() -> None:
    before = make_student(birth_date=born_at(16))
    on_the_day = make_student(birth_date=born_at(16))
    pair("teacher_student", mentees=[before], ended=D - dt.timedelta(days=1))
    pair("teacher_student", mentees=[on_the_day], ended=D)

    assert sides(values()["students_15_19"]) == (1, 2, Decimal("50.0"), 0)


def test_running_pairs_and_groups_by_format() -> None:
    students = [make_student() for _ in range(7)]
    pair("student_student", mentees=[students[0]], started=D)
    pair("student_student", mentees=[students[1]], started=D + dt.timedelta(days=1))
    pair("student_student", mentees=[students[2]], ended=D - dt.timedelta(days=1))
    pair("teacher_student", mentees=[students[3]], ended=D)
    pair("teacher_student", mentees=[students[4], students[5]])
    pair("teacher_student", mentees=[students[6]], status=MentorshipStatus.DRAFT)

    found = values()

    running = found["mentorships_running"].computed
    assert (running.numerator, running.denominator, running.value) == (3, None, Decimal(3))
    by_format = {part.label: part.numerator for part in running.breakdown}
    assert by_format[format_of("student_student").title] == 1
    assert by_format[format_of("teacher_student").title] == 2
    assert found["groups_running"].computed.numerator == 1


def test_a_format_lead_gets_the_led_formats_only(lead: Any) -> None:
    pair("student_student", mentees=[make_student()])
    pair("teacher_student", mentees=[make_student()])

    running = values(user=lead)["mentorships_running"].computed

    assert running.numerator == 1
    assert [part.label for part in running.breakdown] == [format_of("student_student").title]


def test_formats_given_limit_the_pairs_counted() -> None:
    pair("student_student", mentees=[make_student()])
    pair("teacher_student", mentees=[make_student()])

    running = values(formats=[format_of("teacher_student")])["mentorships_running"].computed

    assert running.numerator == 1
    assert [part.label for part in running.breakdown] == [format_of("teacher_student").title]


# --- Young teachers -----------------------------------------------------------------------


def test_young_teachers_with_less_than_three_full_years_as_mentees() -> None:
    just_under = make_teacher(
        pedagogical_experience_since=years_before(D, 3) + dt.timedelta(days=1)
    )
    exactly_three = make_teacher(pedagogical_experience_since=years_before(D, 3))
    make_teacher(pedagogical_experience_since=dt.date(2025, 9, 1))  # young, no mentor
    left_on_the_day = make_teacher(pedagogical_experience_since=dt.date(2025, 9, 1), left_on=D)
    make_teacher(pedagogical_experience_since=D, hired_on=D + dt.timedelta(days=1))
    make_teacher(pedagogical_experience_since=D, left_on=D + dt.timedelta(days=1))  # young
    make_teacher(pedagogical_experience_since=None)
    pair("teacher_teacher", mentees=[just_under])
    pair("teacher_teacher", mentees=[exactly_three])
    pair("teacher_teacher", mentees=[left_on_the_day])

    found = values()

    # Young and employed on D: just under three years, the one without a mentor, the one
    # leaving after D; the one without a start of experience is left out.
    assert sides(found["young_teachers_mentees"]) == (1, 3, Decimal("33.3"), 1)


def test_a_young_teacher_counts_only_as_a_mentee_of_a_teacher_teacher_pair() -> None:
    young = make_teacher(pedagogical_experience_since=dt.date(2025, 9, 1))
    pair("teacher_student", mentors=[young], mentees=[make_student()])

    assert sides(values()["young_teachers_mentees"]) == (0, 1, Decimal("0.0"), 0)


# --- Enterprises --------------------------------------------------------------------------


def test_enterprises_giving_mentors_of_those_with_an_agreement_in_the_year() -> None:
    giving = PartnerOrganizationFactory()
    AgreementFactory(organization=giving)
    idle = PartnerOrganizationFactory()
    AgreementFactory(organization=idle, valid_from=dt.date(2026, 1, 1))
    lapsed = PartnerOrganizationFactory()
    AgreementFactory(organization=lapsed, valid_to=YEAR.first_day - dt.timedelta(days=1))
    later = PartnerOrganizationFactory()
    AgreementFactory(organization=later, valid_from=D + dt.timedelta(days=1))
    school = PartnerOrganizationFactory(kind=PartnerKind.SCHOOL)
    AgreementFactory(organization=school)
    for organization in (giving, lapsed):
        pair(
            "employer_student",
            mentors=[make_employee(organization=organization)],
            mentees=[make_student()],
        )
    # A mentor whose pair ended before the year does not make its enterprise count.
    pair(
        "employer_student",
        mentors=[make_employee(organization=idle)],
        mentees=[make_student()],
        started=dt.date(2024, 10, 1),
        ended=dt.date(2025, 6, 30),
    )

    assert sides(values()["enterprises_giving_mentors"]) == (1, 2, Decimal("50.0"), 1)


# --- Results and endings ------------------------------------------------------------------


def test_results_of_the_pairs_completed_in_the_year_count_partly_as_a_half() -> None:
    assessed = pair("teacher_student", mentees=[make_student()], ended=dt.date(2026, 1, 20))
    for achievement in (
        ResultAchievement.ACHIEVED,
        ResultAchievement.PARTLY,
        ResultAchievement.NOT_ACHIEVED,
    ):
        MentorshipResult.objects.create(
            mentorship=assessed, expected="Результат", achievement=achievement
        )
    pair("teacher_student", mentees=[make_student()], ended=dt.date(2026, 2, 1))
    last_year = pair(
        "teacher_student",
        mentees=[make_student()],
        started=dt.date(2024, 10, 1),
        ended=dt.date(2025, 8, 31),
    )
    MentorshipResult.objects.create(
        mentorship=last_year, expected="Результат", achievement=ResultAchievement.ACHIEVED
    )

    assert sides(values()["results_achieved"]) == (Decimal("1.5"), 3, Decimal("50.0"), 1)


def test_share_ended_early_with_the_reasons_is_better_lower() -> None:
    pair("teacher_student", mentees=[make_student()], ended=dt.date(2026, 1, 20))
    pair("teacher_student", mentees=[make_student()], ended=dt.date(2026, 2, 1))
    pair(
        "teacher_student",
        mentees=[make_student()],
        ended=dt.date(2026, 2, 1),
        status=MentorshipStatus.TERMINATED,
    )
    pair(
        "teacher_student",
        mentees=[make_student()],
        ended=D + dt.timedelta(days=1),
        status=MentorshipStatus.TERMINATED,
    )
    plan = ActionPlanFactory()
    create_default_targets(plan)

    result = values()["ended_early"]

    assert sides(result) == (1, 3, Decimal("33.3"), 0)
    assert [(part.label, part.numerator) for part in result.computed.breakdown] == [
        (str(TerminationReason.MENTEE_REQUEST.label), 1)
    ]
    # 33.3 % ended early against a target of at most 10 %: missed, by 23.3 points.
    assert (result.target, result.deviation, result.meets_target) == (
        Decimal("10.00"),
        Decimal("23.30"),
        False,
    )


def test_a_lower_is_better_indicator_under_its_target_meets_it() -> None:
    plan = ActionPlanFactory()
    create_default_targets(plan)
    for day in (dt.date(2026, 1, 20), dt.date(2026, 1, 21), dt.date(2026, 1, 22)):
        pair("teacher_student", mentees=[make_student()], ended=day)

    result = values()["ended_early"]

    assert (result.computed.value, result.meets_target) == (Decimal("0.0"), True)


def test_meetings_within_the_silence_threshold() -> None:
    since = D - dt.timedelta(weeks=4)
    on_threshold = pair("teacher_student", mentees=[make_student()])
    Meeting.objects.create(
        mentorship=on_threshold, held_on=since, duration_minutes=45, format="in_person", topic="1"
    )
    silent = pair("teacher_student", mentees=[make_student()])
    Meeting.objects.create(
        mentorship=silent,
        held_on=since - dt.timedelta(days=1),
        duration_minutes=45,
        format="in_person",
        topic="1",
    )
    after_the_day = pair("teacher_student", mentees=[make_student()])
    Meeting.objects.create(
        mentorship=after_the_day,
        held_on=D + dt.timedelta(days=1),
        duration_minutes=45,
        format="in_person",
        topic="1",
    )
    pair("teacher_student", mentees=[make_student()], started=since)  # new: not silent yet

    assert sides(values()["meeting_regularity"]) == (2, 4, Decimal("50.0"), 0)


# --- Mentors ------------------------------------------------------------------------------


def test_mentors_trained_by_the_day_per_kind() -> None:
    student = make_student()
    QualificationCourseFactory(person=student, is_mentor_training=True, completed_on=D)
    late = veteran()
    QualificationCourseFactory(
        person=late, is_mentor_training=True, completed_on=D + dt.timedelta(days=1)
    )
    other_course = veteran()
    QualificationCourseFactory(person=other_course, is_mentor_training=False, completed_on=D)
    employee = make_employee()
    QualificationCourseFactory(person=employee, is_mentor_training=True, completed_on=D)
    pair("student_student", mentors=[student], mentees=[make_student()])
    pair("teacher_student", mentors=[late, other_course], mentees=[make_student()])
    pair("employer_student", mentors=[employee], mentees=[make_student()])
    # The same mentor in a second pair is one mentor.
    pair("employer_student", mentors=[employee], mentees=[make_student()])

    result = values()["mentors_trained"]

    assert sides(result) == (2, 4, Decimal("50.0"), 0)
    assert [(p.numerator, p.denominator) for p in result.computed.breakdown] == [
        (1, 1),
        (0, 2),
        (1, 1),
    ]


def test_mentors_encouraged_in_the_year() -> None:
    encouraged, other = veteran(), veteran()
    IncentiveFactory(
        mentor=encouraged, awarded_on=dt.date(2026, 1, 10), basis_date=dt.date(2026, 1, 9)
    )
    IncentiveFactory(mentor=other, awarded_on=D + dt.timedelta(days=1), basis_date=D)
    pair("teacher_teacher", mentors=[encouraged], mentees=[make_teacher()])
    pair(
        "teacher_teacher",
        mentors=[other],
        mentees=[make_teacher()],
        started=dt.date(2025, 9, 2),
        ended=dt.date(2025, 9, 30),
    )

    assert sides(values()["mentors_encouraged"]) == (1, 2, Decimal("50.0"), 0)


def test_participations_in_events_of_the_year_by_level_with_prizes() -> None:
    college = EventFactory(starts_on=dt.date(2025, 11, 20), ends_on=dt.date(2025, 11, 21))
    regional = EventFactory(
        level=EventLevel.REGIONAL, starts_on=dt.date(2026, 2, 1), ends_on=dt.date(2026, 2, 2)
    )
    before = EventFactory(starts_on=dt.date(2025, 5, 1), ends_on=dt.date(2025, 5, 2))
    after = EventFactory(starts_on=D + dt.timedelta(days=1), ends_on=D + dt.timedelta(days=2))
    EventParticipationFactory(event=college, place=1)
    EventParticipationFactory(event=college, person=veteran(), role=ParticipantRole.MENTOR)
    EventParticipationFactory(event=regional, place=4)
    EventParticipationFactory(event=before, place=1)
    EventParticipationFactory(event=after, place=1)

    result = values()["event_participations"].computed

    assert (result.numerator, result.value) == (3, Decimal(3))
    assert [(part.label, part.numerator) for part in result.breakdown] == [
        (str(EventLevel.COLLEGE.label), 2),
        (str(EventLevel.REGIONAL.label), 1),
    ]


# --- The plan ------------------------------------------------------------------------------


def test_plan_execution_counts_the_runs_due_by_the_day_but_cancelled() -> None:
    plan = ActionPlanFactory()
    create_default_targets(plan)
    item = PlanItemFactory(section__plan=plan)
    PlanRunFactory(item=item, due_on=D, status=RunStatus.DONE, done_on=D)
    PlanRunFactory(item=item, due_on=D - dt.timedelta(days=30))
    PlanRunFactory(item=item, due_on=D - dt.timedelta(days=30), status=RunStatus.CANCELLED)
    PlanRunFactory(
        item=item,
        due_on=D - dt.timedelta(days=1),
        status=RunStatus.DONE,
        done_on=D + dt.timedelta(days=1),
    )
    PlanRunFactory(item=item, due_on=D + dt.timedelta(days=1), status=RunStatus.DONE, done_on=D)
    # A run of another plan, not in force on D.
    PlanRunFactory(
        due_on=D,
        item__section__plan=ActionPlanFactory(
            starts_on=dt.date(2020, 9, 1), ends_on=dt.date(2024, 8, 31)
        ),
    )

    result = values()["plan_execution"]

    assert sides(result) == (1, 3, Decimal("33.3"), 0)
    assert (result.target, result.meets_target) == (Decimal("100.00"), False)


def test_without_a_plan_in_force_the_plan_overlapping_the_year_gives_the_targets() -> None:
    ended = ActionPlanFactory(starts_on=dt.date(2021, 9, 1), ends_on=dt.date(2026, 1, 31))
    create_default_targets(ended)

    result = values()["plan_execution"]

    assert result.target == Decimal(100)


# --- Questionnaires -----------------------------------------------------------------------


def _process_versions() -> tuple[Any, Any]:
    items = [
        question("satisfied", tag=QuestionTag.SATISFACTION),
        question("continue", QuestionKind.YES_NO, tag=QuestionTag.CONTINUE),
        question("become", QuestionKind.YES_NO, tag=QuestionTag.BECOME_MENTOR),
    ]
    mentee = make_version(purpose=QuestionnairePurpose.MENTEE_PROCESS, questions=items)
    mentor = make_version(purpose=QuestionnairePurpose.MENTOR_PROCESS, questions=items[:2])
    return mentee, mentor


def test_response_rate_leaves_out_those_declined_for_lack_of_consent() -> None:
    mentee, _mentor = _process_versions()
    cycle = make_cycle(2025)
    people = [make_student() for _ in range(4)]
    mentorship = pair("teacher_student", mentees=people)
    answered = make_assignment(mentee, cycle=cycle, person=people[0], mentorship=mentorship)
    make_response(answered, {"satisfied": 8})
    make_assignment(mentee, cycle=cycle, person=people[1], mentorship=mentorship)
    make_assignment(
        mentee,
        cycle=cycle,
        person=people[2],
        mentorship=mentorship,
        state=AssignmentState.DECLINED,
    )
    make_assignment(
        mentee,
        cycle=cycle,
        person=people[3],
        mentorship=mentorship,
        state=AssignmentState.DECLINED,
        decline_reason=DeclineReason.REFUSED,
    )
    # Another year's cycle is not this year's.
    make_assignment(mentee, cycle=make_cycle(2024), person=people[0], mentorship=mentorship)

    result = values()["response_rate"]

    assert sides(result) == (1, 3, Decimal("33.3"), 1)
    assert [(p.numerator, p.denominator) for p in result.computed.breakdown] == [(1, 3)]


def test_satisfaction_readiness_and_wanting_to_mentor() -> None:
    mentee_version, mentor_version = _process_versions()
    mentees = [make_student(), make_student()]
    mentor = veteran()
    mentorship = pair("teacher_student", mentors=[mentor], mentees=mentees)
    for person, answers in zip(
        mentees,
        ({"satisfied": 8, "continue": 1, "become": 1}, {"satisfied": 5, "continue": 1}),
        strict=True,
    ):
        make_response(
            make_assignment(mentee_version, person=person, mentorship=mentorship), answers
        )
    make_response(
        make_assignment(mentor_version, person=mentor, mentorship=mentorship),
        {"satisfied": 9, "continue": 0},
    )
    draft = make_assignment(mentee_version, person=mentor, mentorship=mentorship, wave=Wave.EXIT)
    make_response(draft, {"satisfied": 1}, is_draft=True)

    found = values()

    assert sides(found["satisfaction_mentees"]) == (Decimal(13), 2, Decimal("6.5"), 0)
    assert sides(found["satisfaction_mentors"]) == (Decimal(9), 1, Decimal("9.0"), 0)
    assert sides(found["ready_to_continue"]) == (2, 3, Decimal("66.7"), 0)
    assert sides(found["want_to_become_mentors"]) == (1, 1, Decimal("100.0"), 0)


def test_positive_change_reverses_the_lower_is_better_items() -> None:
    items = [
        question("engagement"),
        question("anxiety", direction=Direction.LOWER),
    ]
    entry = make_version(purpose=QuestionnairePurpose.MENTEE_GROWTH_ENTRY, questions=items)
    exit_ = make_version(purpose=QuestionnairePurpose.MENTEE_GROWTH_EXIT, questions=items)
    calmer, more_anxious, without_entry = make_student(), make_student(), make_student()
    mentorship = pair("teacher_student", mentees=[calmer, more_anxious, without_entry])
    for person, before, after in (
        # Engagement the same, anxiety down by 2: better.
        (calmer, {"engagement": 5, "anxiety": 8}, {"engagement": 5, "anxiety": 6}),
        # Engagement up by 1, anxiety up by 2: worse on the whole.
        (more_anxious, {"engagement": 5, "anxiety": 3}, {"engagement": 6, "anxiety": 5}),
    ):
        make_response(
            make_assignment(entry, person=person, mentorship=mentorship, wave=Wave.ENTRY), before
        )
        make_response(
            make_assignment(exit_, person=person, mentorship=mentorship, wave=Wave.EXIT), after
        )
    make_response(
        make_assignment(exit_, person=without_entry, mentorship=mentorship, wave=Wave.EXIT),
        {"engagement": 9, "anxiety": 1},
    )

    assert sides(values()["positive_change"]) == (1, 2, Decimal("50.0"), 1)


# --- Targets, data, queries ---------------------------------------------------------------


def test_no_denominator_gives_no_value_and_no_deviation() -> None:
    create_default_targets(ActionPlanFactory())

    result = values()["students_15_19"]

    assert sides(result) == (0, 0, None, 0)
    assert (result.target, result.deviation, result.meets_target) == (Decimal("70.00"), None, None)


def test_the_indicators_and_the_old_plans_targets_are_loaded() -> None:
    assert Indicator.objects.count() == 20
    old_plan_targets = IndicatorTarget.objects.filter(plan__starts_on=dt.date(2020, 12, 1))
    # 14 indicators with a default target, 5 academic years from 2020/2021 to 2024/2025.
    assert old_plan_targets.count() == 14 * 5
    assert old_plan_targets.get(
        indicator__code="young_teachers_mentees", academic_year=2023
    ).value == Decimal(70)


def test_default_targets_for_a_new_plan_are_made_once() -> None:
    plan = ActionPlanFactory(starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2027, 8, 31))
    IndicatorTarget.objects.create(
        indicator=Indicator.objects.get(code="plan_execution"),
        plan=plan,
        academic_year=2025,
        value=Decimal(95),
    )

    assert create_default_targets(plan) == 14 * 2 - 1
    assert create_default_targets(plan) == 0
    assert IndicatorTarget.objects.get(
        plan=plan, indicator__code="plan_execution", academic_year=2025
    ).value == Decimal(95)


def _everything(scale: int) -> None:
    """Rows for every indicator, `scale` times."""
    mentee_version, mentor_version = _process_versions()
    for _ in range(scale):
        enterprise = PartnerOrganizationFactory()
        AgreementFactory(organization=enterprise)
        employee = make_employee(organization=enterprise)
        young = make_teacher(pedagogical_experience_since=dt.date(2024, 9, 1))
        student = make_student(birth_date=born_at(16))
        QualificationCourseFactory(person=employee, is_mentor_training=True, completed_on=D)
        running = pair("employer_student", mentors=[employee], mentees=[student])
        pair("teacher_teacher", mentees=[young])
        done = pair(
            "student_student",
            mentors=[make_student()],
            mentees=[make_student()],
            ended=dt.date(2026, 1, 10),
        )
        MentorshipResult.objects.create(
            mentorship=done, expected="Р", achievement=ResultAchievement.ACHIEVED
        )
        Meeting.objects.create(
            mentorship=running, held_on=D, duration_minutes=30, format="online", topic="т"
        )
        IncentiveFactory(
            mentor=employee, awarded_on=dt.date(2026, 1, 10), basis_date=dt.date(2026, 1, 9)
        )
        EventParticipationFactory(event=EventFactory(), person=student, mentorship=running, place=2)
        make_response(
            make_assignment(mentee_version, person=student, mentorship=running),
            {"satisfied": 7, "continue": 1, "become": 0},
        )
        make_response(
            make_assignment(mentor_version, person=employee, mentorship=running),
            {"satisfied": 9, "continue": 1},
        )
    plan = ActionPlanFactory()
    PlanRunFactory.create_batch(scale, item=PlanItemFactory(section__plan=plan), due_on=D)


def test_all_indicators_take_a_constant_number_of_queries(
    django_assert_max_num_queries: Any,
) -> None:
    _everything(1)
    with CaptureQueriesContext(connection) as first:
        found = values()
    assert all(
        result.computed.value is not None
        for code, result in found.items()
        if code != "positive_change"
    )

    _everything(3)
    with django_assert_max_num_queries(len(first.captured_queries)):
        found = values()
    assert found["mentorships_running"].computed.numerator == 8
    assert len(first.captured_queries) <= 25
