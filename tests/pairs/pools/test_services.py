from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from core.dates import AcademicYear
from pairs.models import Decision, DecisionBody, ParticipantRole, PoolEntry, PoolStatus
from pairs.pools.services import (
    add_to_pool,
    carry_over,
    exclude_entry,
    include_by_new_decision,
    include_entries,
    plan_carry_over,
)
from registry.models import StudentStatus
from tests.factories import (
    DecisionFactory,
    PartnerEmployeeFactory,
    PoolEntryFactory,
    PupilFactory,
    QualificationCourseFactory,
    SpecialCategoryStatusFactory,
    StudentFactory,
    TeacherFactory,
    format_of,
    variant_of,
)

pytestmark = pytest.mark.django_db

Y2025 = AcademicYear(2025)
Y2026 = AcademicYear(2026)


def _add(user: User, **changes: object) -> PoolEntry:
    fields: dict[str, object] = {
        "user": user,
        "person": StudentFactory(),
        "role": ParticipantRole.MENTEE,
        "format": format_of("student_student"),
        "variant": variant_of("student_student", "achiever_underachiever"),
        "request": "Подтянуть математику",
        "academic_year": Y2025,
    }
    fields.update(changes)
    return add_to_pool(**fields)  # type: ignore[arg-type]


def _refused(user: User, **changes: object) -> str:
    with pytest.raises(ValidationError) as refusal:
        _add(user, **changes)
    assert not PoolEntry.objects.exists()
    return " ".join(refusal.value.messages)


def proposed(**fields: object) -> PoolEntry:
    fields.setdefault("status", PoolStatus.PROPOSED)
    fields.setdefault("decision", None)
    fields.setdefault("included_on", None)
    return PoolEntryFactory(**fields)


def working_group(**fields: object) -> Decision:
    return DecisionFactory(body=DecisionBody.WORKING_GROUP, **fields)


# --- Adding to a pool ------------------------------------------------------------------------


def test_a_lead_adds_a_student_to_the_mentee_pool_as_proposed(lead: User) -> None:
    entry = _add(lead)

    assert entry.status == PoolStatus.PROPOSED
    assert entry.academic_year == 2025
    assert entry.added_by == lead
    assert entry.request == "Подтянуть математику"
    assert entry.decision is None


def test_the_academic_year_may_be_given_as_a_number(lead: User) -> None:
    assert _add(lead, academic_year=2026).academic_year == 2026


def test_a_lead_cannot_add_to_a_format_they_do_not_lead(lead: User) -> None:
    message = _refused(
        lead, person=TeacherFactory(), format=format_of("teacher_teacher"), variant=None
    )

    assert "«педагог – педагог»" in message


def test_a_teacher_is_refused_as_a_mentee_of_student_student(curator: User) -> None:
    message = _refused(curator, person=TeacherFactory(last_name="Неподходящая"))

    assert "наставляемым может быть только студент техникума" in message


def test_a_student_who_left_is_refused(curator: User) -> None:
    message = _refused(
        curator, person=StudentFactory(last_name="Выпускник", status=StudentStatus.GRADUATED)
    )

    assert "Выпускник" in message


def test_a_mentee_needs_the_variant_of_a_format_with_variants(curator: User) -> None:
    message = _refused(curator, variant=None)

    assert "Выберите вариант формы наставничества «студент – студент»" in message


def test_a_variant_of_another_format_is_refused(curator: User) -> None:
    message = _refused(curator, variant=variant_of("teacher_student", "gifted"))

    assert "не относится к форме наставничества" in message


def test_a_format_without_variants_takes_no_variant(curator: User) -> None:
    _refused(
        curator,
        person=TeacherFactory(),
        format=format_of("teacher_teacher"),
        variant=variant_of("student_student", "peer_to_peer"),
    )


def test_a_mentor_may_be_added_without_a_variant(curator: User) -> None:
    mentor = StudentFactory()

    entry = _add(curator, person=mentor, role=ParticipantRole.MENTOR, variant=None)

    assert entry.role == ParticipantRole.MENTOR
    assert entry.variant is None


def test_a_mentor_of_the_disabilities_variant_needs_the_course(curator: User) -> None:
    message = _refused(
        curator,
        person=TeacherFactory(last_name="Безкурсова"),
        role=ParticipantRole.MENTOR,
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "disabilities"),
    )

    assert "Безкурсова" in message


def test_a_mentor_with_the_course_joins_the_disabilities_variant(curator: User) -> None:
    mentor = TeacherFactory()
    QualificationCourseFactory(person=mentor, covers_disabilities=True)

    entry = _add(
        curator,
        person=mentor,
        role=ParticipantRole.MENTOR,
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "disabilities"),
    )

    assert entry.variant == variant_of("teacher_student", "disabilities")


def test_nobody_is_added_twice_to_the_same_pool(curator: User) -> None:
    student = StudentFactory(last_name="Дважды")
    _add(curator, person=student)

    with pytest.raises(ValidationError) as refusal:
        _add(curator, person=student)

    assert "Дважды" in refusal.value.messages[0]
    assert PoolEntry.objects.count() == 1


def test_the_same_person_may_be_in_both_pools(curator: User) -> None:
    student = StudentFactory()
    _add(curator, person=student)
    _add(curator, person=student, role=ParticipantRole.MENTOR, variant=None)

    assert PoolEntry.objects.filter(person=student).count() == 2


def test_a_teacher_without_pool_rights_cannot_add(teacher: User) -> None:
    _refused(teacher)


# --- Including by a decision -----------------------------------------------------------------


def test_a_working_group_decision_with_the_opinion_includes_students(lead: User) -> None:
    entries = [proposed(), proposed()]
    decision = working_group(decided_on=dt.date(2025, 9, 20))

    count = include_entries(user=lead, entries=entries, decision=decision, included_on=None)

    assert count == 2
    for entry in entries:
        entry.refresh_from_db()
        assert entry.status == PoolStatus.INCLUDED
        assert entry.decision == decision
        assert entry.included_on == dt.date(2025, 9, 20)


def test_students_need_a_decision(lead: User) -> None:
    entry = proposed(person=StudentFactory(last_name="Безрешения"))

    with pytest.raises(ValidationError) as refusal:
        include_entries(user=lead, entries=[entry], decision=None, included_on=dt.date(2025, 9, 1))

    assert "Безрешения" in refusal.value.messages[0]
    entry.refresh_from_db()
    assert entry.status == PoolStatus.PROPOSED


def test_student_student_needs_the_student_council_opinion(lead: User) -> None:
    entry = proposed(person=StudentFactory(last_name="Безмнения"))

    with pytest.raises(ValidationError) as refusal:
        include_entries(
            user=lead,
            entries=[entry],
            decision=working_group(student_council_opinion=""),
            included_on=None,
        )

    assert "студенческого совета" in refusal.value.messages[0]
    assert "Безмнения" in refusal.value.messages[0]
    entry.refresh_from_db()
    assert entry.status == PoolStatus.PROPOSED


@pytest.mark.parametrize(
    ("format_code", "variant_code", "role"),
    [
        ("teacher_student", "gifted", ParticipantRole.MENTEE),
        ("student_pupil", None, ParticipantRole.MENTOR),
    ],
)
def test_students_of_every_format_need_the_student_council_opinion(
    curator: User, format_code: str, variant_code: str | None, role: str
) -> None:
    """Items 2.1.1 and 2.2.1: every student enters the bases with the council's opinion."""
    entry = proposed(
        person=StudentFactory(last_name="Безмнения"),
        format=format_of(format_code),
        variant=variant_of(format_code, variant_code) if variant_code else None,
        role=role,
    )

    with pytest.raises(ValidationError) as refusal:
        include_entries(
            user=curator,
            entries=[entry],
            decision=working_group(student_council_opinion=""),
            included_on=None,
        )

    assert "студенческого совета" in refusal.value.messages[0]
    assert "Безмнения" in refusal.value.messages[0]
    entry.refresh_from_db()
    assert entry.status == PoolStatus.PROPOSED


def test_teachers_need_no_student_council_opinion(curator: User) -> None:
    entry = proposed(
        person=TeacherFactory(),
        format=format_of("teacher_student"),
        variant=None,
        role=ParticipantRole.MENTOR,
    )

    include_entries(
        user=curator,
        entries=[entry],
        decision=DecisionFactory(body=DecisionBody.PEDAGOGICAL_COUNCIL, student_council_opinion=""),
        included_on=None,
    )

    entry.refresh_from_db()
    assert entry.status == PoolStatus.INCLUDED


def test_students_are_not_included_by_a_project_head(curator: User) -> None:
    entry = proposed()
    decision = DecisionFactory(body=DecisionBody.PROJECT_HEAD, partner=PupilFactory().school)

    with pytest.raises(ValidationError):
        include_entries(user=curator, entries=[entry], decision=decision, included_on=None)

    entry.refresh_from_db()
    assert entry.status == PoolStatus.PROPOSED


def test_teachers_are_included_by_the_pedagogical_council_only(curator: User) -> None:
    entry = proposed(
        person=TeacherFactory(last_name="Педсоветова"), format=format_of("teacher_teacher")
    )

    with pytest.raises(ValidationError) as refusal:
        include_entries(user=curator, entries=[entry], decision=working_group(), included_on=None)
    assert "Педсоветова" in refusal.value.messages[0]
    assert "педагогического совета" in refusal.value.messages[0]

    council = DecisionFactory(body=DecisionBody.PEDAGOGICAL_COUNCIL)
    include_entries(user=curator, entries=[entry], decision=council, included_on=None)
    entry.refresh_from_db()
    assert entry.status == PoolStatus.INCLUDED


def test_pupils_are_included_by_the_partner_curator_on_a_date(curator: User) -> None:
    entry = proposed(
        person=PupilFactory(),
        format=format_of("student_pupil"),
        variant=variant_of("student_pupil", "active"),
    )

    include_entries(user=curator, entries=[entry], decision=None, included_on=dt.date(2025, 10, 3))

    entry.refresh_from_db()
    assert entry.status == PoolStatus.INCLUDED
    assert entry.decision is None
    assert entry.included_on == dt.date(2025, 10, 3)


def test_partner_employees_need_the_date_without_a_decision(curator: User) -> None:
    entry = proposed(
        person=PartnerEmployeeFactory(last_name="Бездатов"),
        role=ParticipantRole.MENTOR,
        format=format_of("employer_student"),
    )

    with pytest.raises(ValidationError) as refusal:
        include_entries(user=curator, entries=[entry], decision=None, included_on=None)

    assert "Бездатов" in refusal.value.messages[0]
    entry.refresh_from_db()
    assert entry.status == PoolStatus.PROPOSED


def test_inclusion_is_all_or_nothing(curator: User) -> None:
    good = proposed(person=StudentFactory(last_name="Годная"))
    bad = proposed(person=TeacherFactory(last_name="Негодная"), format=format_of("teacher_teacher"))

    with pytest.raises(ValidationError) as refusal:
        include_entries(
            user=curator, entries=[good, bad], decision=working_group(), included_on=None
        )

    assert len(refusal.value.messages) == 1
    assert "Негодная" in refusal.value.messages[0]
    assert set(PoolEntry.objects.values_list("status", flat=True)) == {PoolStatus.PROPOSED}


def test_one_message_per_broken_entry(curator: User) -> None:
    first = proposed(person=StudentFactory(last_name="Первая"))
    second = proposed(person=StudentFactory(last_name="Вторая"))

    with pytest.raises(ValidationError) as refusal:
        include_entries(user=curator, entries=[first, second], decision=None, included_on=None)

    messages = refusal.value.messages
    assert len(messages) == 2  # no decision for each (the partner's date is not theirs)
    assert sum("Первая" in message for message in messages) == 1
    assert sum("Вторая" in message for message in messages) == 1


def test_an_entry_excluded_already_is_not_excluded_again(curator: User) -> None:
    entry = PoolEntryFactory(
        status=PoolStatus.EXCLUDED, excluded_on=dt.date(2025, 12, 1), exclusion_reason="Переведён"
    )

    with pytest.raises(ValidationError) as refusal:
        exclude_entry(user=curator, entry=entry, excluded_on=dt.date(2026, 1, 1), reason="Ещё раз")

    assert "уже исключена" in refusal.value.messages[0]
    entry.refresh_from_db()
    assert entry.excluded_on == dt.date(2025, 12, 1)


def test_including_many_entries_takes_a_few_queries(
    curator: User, django_assert_max_num_queries: Any
) -> None:
    entries = [proposed() for _ in range(25)]
    council = DecisionFactory()

    with django_assert_max_num_queries(12):
        include_entries(user=curator, entries=entries, decision=council, included_on=None)

    assert PoolEntry.objects.filter(status=PoolStatus.INCLUDED).count() == 25


def test_a_lead_cannot_include_another_format(lead: User) -> None:
    entry = proposed(person=TeacherFactory(), format=format_of("teacher_teacher"))
    council = DecisionFactory(body=DecisionBody.PEDAGOGICAL_COUNCIL)

    with pytest.raises(ValidationError):
        include_entries(user=lead, entries=[entry], decision=council, included_on=None)

    entry.refresh_from_db()
    assert entry.status == PoolStatus.PROPOSED


def test_an_included_entry_is_not_included_again(curator: User) -> None:
    entry = PoolEntryFactory(person=StudentFactory(last_name="Ужевключена"))

    with pytest.raises(ValidationError) as refusal:
        include_entries(user=curator, entries=[entry], decision=working_group(), included_on=None)

    assert "Ужевключена" in refusal.value.messages[0]


def test_an_excluded_entry_is_included_again(curator: User) -> None:
    entry = PoolEntryFactory(
        status=PoolStatus.EXCLUDED,
        excluded_on=dt.date(2025, 12, 1),
        exclusion_reason="Академический отпуск",
    )
    decision = working_group(decided_on=dt.date(2026, 2, 10))

    include_entries(user=curator, entries=[entry], decision=decision, included_on=None)

    entry.refresh_from_db()
    assert entry.status == PoolStatus.INCLUDED
    assert entry.included_on == dt.date(2026, 2, 10)
    assert entry.excluded_on is None
    assert entry.exclusion_reason == ""


def test_a_student_who_left_is_not_included(curator: User) -> None:
    entry = proposed(person=StudentFactory(status=StudentStatus.EXPELLED))

    with pytest.raises(ValidationError):
        include_entries(user=curator, entries=[entry], decision=working_group(), included_on=None)


def test_choosing_nobody_is_refused(curator: User) -> None:
    with pytest.raises(ValidationError):
        include_entries(user=curator, entries=[], decision=working_group(), included_on=None)


def test_a_new_decision_is_kept_only_when_the_inclusion_succeeds(lead: User) -> None:
    entry = proposed()

    with pytest.raises(ValidationError):
        include_by_new_decision(
            user=lead,
            entries=[entry],
            body=DecisionBody.WORKING_GROUP,
            number="7",
            decided_on=dt.date(2025, 9, 30),
            student_council_opinion="",
        )
    assert not Decision.objects.exists()

    include_by_new_decision(
        user=lead,
        entries=[entry],
        body=DecisionBody.WORKING_GROUP,
        number="7",
        decided_on=dt.date(2025, 9, 30),
        student_council_opinion="Поддерживает",
    )
    entry.refresh_from_db()
    assert entry.decision is not None
    assert entry.decision.number == "7"
    assert entry.included_on == dt.date(2025, 9, 30)


def test_a_decision_with_a_taken_number_is_refused(lead: User) -> None:
    working_group(number="7", decided_on=dt.date(2025, 9, 30))

    with pytest.raises(ValidationError):
        include_by_new_decision(
            user=lead,
            entries=[proposed()],
            body=DecisionBody.WORKING_GROUP,
            number="7",
            decided_on=dt.date(2025, 9, 30),
            student_council_opinion="Поддерживает",
        )

    assert Decision.objects.count() == 1


# --- Excluding -------------------------------------------------------------------------------


def test_an_entry_is_excluded_with_date_and_reason(lead: User) -> None:
    entry = PoolEntryFactory()

    exclude_entry(user=lead, entry=entry, excluded_on=dt.date(2026, 1, 20), reason="Отчислен")

    entry.refresh_from_db()
    assert entry.status == PoolStatus.EXCLUDED
    assert entry.excluded_on == dt.date(2026, 1, 20)
    assert entry.exclusion_reason == "Отчислен"


def test_an_exclusion_needs_a_reason(lead: User) -> None:
    entry = PoolEntryFactory()

    with pytest.raises(ValidationError):
        exclude_entry(user=lead, entry=entry, excluded_on=dt.date(2026, 1, 20), reason="  ")

    entry.refresh_from_db()
    assert entry.status == PoolStatus.INCLUDED


def test_an_exclusion_cannot_come_before_the_inclusion(lead: User) -> None:
    entry = PoolEntryFactory(included_on=dt.date(2025, 9, 15))

    with pytest.raises(ValidationError):
        exclude_entry(user=lead, entry=entry, excluded_on=dt.date(2025, 9, 1), reason="Ошибка")


def test_a_lead_cannot_exclude_from_another_format(lead: User) -> None:
    entry = PoolEntryFactory(person=TeacherFactory(), format=format_of("teacher_teacher"))

    with pytest.raises(ValidationError):
        exclude_entry(user=lead, entry=entry, excluded_on=dt.date(2026, 1, 20), reason="Нет")

    entry.refresh_from_db()
    assert entry.status == PoolStatus.INCLUDED


# --- Carrying the pools over -----------------------------------------------------------------


def test_included_entries_are_carried_over_as_proposed(curator: User) -> None:
    source = PoolEntryFactory(
        variant=variant_of("student_student", "leader_passive"), request="Стать активнее"
    )
    proposed()  # only included entries are carried
    PoolEntryFactory(
        status=PoolStatus.EXCLUDED, excluded_on=dt.date(2025, 12, 1), exclusion_reason="Нет"
    )

    result = carry_over(user=curator, from_year=Y2025, to_year=Y2026)

    assert len(result.to_carry) == 1
    carried = PoolEntry.objects.get(academic_year=2026)
    assert carried.person_id == source.person_id
    assert carried.status == PoolStatus.PROPOSED
    assert carried.carried_from == source
    assert carried.variant == source.variant
    assert carried.request == "Стать активнее"
    assert carried.decision is None
    assert carried.added_by == curator


def test_carrying_over_twice_adds_nothing(curator: User) -> None:
    PoolEntryFactory()
    PoolEntryFactory(role=ParticipantRole.MENTOR)

    carry_over(user=curator, from_year=Y2025, to_year=Y2026)
    again = carry_over(user=curator, from_year=Y2025, to_year=Y2026)

    assert PoolEntry.objects.filter(academic_year=2026).count() == 2
    assert again.to_carry == []
    assert len(again.skipped) == 2


def test_graduates_are_not_carried_over(curator: User) -> None:
    PoolEntryFactory(person=StudentFactory(last_name="Выпускница", status=StudentStatus.GRADUATED))
    teacher_entry = PoolEntryFactory(person=TeacherFactory(), format=format_of("teacher_teacher"))

    result = carry_over(user=curator, from_year=Y2025, to_year=Y2026)

    assert [entry.pk for entry in result.to_carry] == [teacher_entry.pk]
    assert [skipped.entry.person.last_name for skipped in result.skipped] == ["Выпускница"]
    assert result.skipped[0].reason == "больше не обучается (выпущен)"
    assert PoolEntry.objects.filter(academic_year=2026).count() == 1


def test_people_already_in_next_years_pool_are_skipped(curator: User) -> None:
    source = PoolEntryFactory()
    proposed(person=source.person, academic_year=2026)

    result = carry_over(user=curator, from_year=Y2025, to_year=Y2026)

    assert result.to_carry == []
    assert "2026/2027" in result.skipped[0].reason


def test_a_lead_carries_over_only_the_led_formats(lead: User) -> None:
    PoolEntryFactory()
    PoolEntryFactory(person=TeacherFactory(), format=format_of("teacher_teacher"))

    carry_over(user=lead, from_year=Y2025, to_year=Y2026)

    assert list(
        PoolEntry.objects.filter(academic_year=2026).values_list("format__code", flat=True)
    ) == ["student_student"]


def test_the_preview_changes_nothing(curator: User) -> None:
    PoolEntryFactory()

    plan = plan_carry_over(user=curator, from_year=Y2025, to_year=Y2026)

    assert len(plan.to_carry) == 1
    assert plan.counts[0][1:] == (1, 0)
    assert not PoolEntry.objects.filter(academic_year=2026).exists()


# --- Special-category variants ---------------------------------------------------------------


def _disabilities_args() -> dict[str, object]:
    return {
        "format": format_of("teacher_student"),
        "variant": variant_of("teacher_student", "disabilities"),
    }


def test_a_mentee_of_the_disabilities_variant_needs_the_recorded_status(curator: User) -> None:
    message = _refused(curator, **_disabilities_args())

    assert "152-ФЗ" in message


def test_a_mentee_with_the_consented_status_joins_the_disabilities_variant(curator: User) -> None:
    status = SpecialCategoryStatusFactory(has_disabilities=True)

    entry = _add(curator, person=status.person, **_disabilities_args())

    assert entry.variant == variant_of("teacher_student", "disabilities")


def test_the_risk_group_status_does_not_open_the_disabilities_variant(curator: User) -> None:
    status = SpecialCategoryStatusFactory(has_disabilities=False, in_risk_group=True)

    assert "152-ФЗ" in _refused(curator, person=status.person, **_disabilities_args())


def test_a_withdrawn_consent_closes_the_variant_at_inclusion(curator: User) -> None:
    status = SpecialCategoryStatusFactory(has_disabilities=True)
    entry = proposed(person=status.person, **_disabilities_args())
    status.consent.withdrawn_on = dt.date(2025, 10, 1)
    status.consent.save()

    with pytest.raises(ValidationError) as refusal:
        include_entries(user=curator, entries=[entry], decision=DecisionFactory(), included_on=None)

    assert "152-ФЗ" in " ".join(refusal.value.messages)
    entry.refresh_from_db()
    assert entry.status == PoolStatus.PROPOSED
