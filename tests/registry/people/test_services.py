"""Rules of the people services: consents (152-ФЗ), special categories, training records,
mentor profiles, adding people and who sees whom."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from programs.models import MentoringFormat
from registry.access import limited_to_partners
from registry.models import (
    Consent,
    ConsentGiver,
    ConsentPurpose,
    MentorProfile,
    PartnerKind,
    PartnerOrganization,
    Person,
    Pupil,
    QualificationCourse,
    SpecialCategoryStatus,
    Student,
)
from registry.people.services import (
    delete_training_record,
    record_consent,
    record_special_status,
    save_mentor_profile,
    save_person,
    save_training_record,
    withdraw_consent,
)
from tests.factories import (
    ConsentFactory,
    MentorProfileFactory,
    PartnerEmployeeFactory,
    PartnerOrganizationFactory,
    PupilFactory,
    QualificationCourseFactory,
    SpecialCategoryStatusFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
    UserFactory,
)
from tests.stale import is_stale, token_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YESTERDAY = TODAY - dt.timedelta(days=1)


@pytest.fixture
def ts_lead(db: None) -> User:
    """A format lead of «педагог – студент», who may see special categories."""
    user = UserFactory(username="ts_lead", roles=["format_lead"])
    MentoringFormat.objects.get(code="teacher_student").leads.add(user)
    return User.objects.get(pk=user.pk)


def minor() -> Student:
    # No program consent of the factories: these tests count the consents recorded.
    return StudentFactory(birth_date=TODAY.replace(year=TODAY.year - 16), consent=False)


def adult() -> Student:
    return StudentFactory(birth_date=dt.date(2000, 1, 1), consent=False)


def _consent(user: User, person: Person, **changes: object) -> Consent:
    fields: dict[str, object] = {
        "purpose": ConsentPurpose.SPECIAL_CATEGORIES,
        "given_by": ConsentGiver.SELF,
        "representative_name": "",
        "document": "Согласие № 12, личное дело",
        "given_on": YESTERDAY,
        "valid_until": None,
    }
    fields.update(changes)
    return record_consent(user=user, person=person, **fields)  # type: ignore[arg-type]


def special_consent(person: Person, **changes: object) -> Consent:
    fields: dict[str, object] = {"purpose": ConsentPurpose.SPECIAL_CATEGORIES, "person": person}
    fields.update(changes)
    return ConsentFactory(**fields)


# --- Consents ---------------------------------------------------------------------------------


def test_an_adult_gives_their_own_consent(curator: User) -> None:
    consent = _consent(curator, adult())

    assert consent.given_by == ConsentGiver.SELF
    assert consent.recorded_by == curator


def test_a_minors_own_consent_is_refused(curator: User) -> None:
    with pytest.raises(ValidationError, match="152-ФЗ"):
        _consent(curator, minor())

    assert not Consent.objects.exists()


def test_a_pupil_without_a_birth_date_is_taken_as_a_minor(curator: User) -> None:
    with pytest.raises(ValidationError, match="несовершеннолетн"):
        _consent(curator, PupilFactory(birth_date=None, consent=False))

    assert not Consent.objects.exists()


def test_a_parent_gives_the_consent_of_a_minor(curator: User) -> None:
    consent = _consent(
        curator,
        minor(),
        given_by=ConsentGiver.PARENT,
        representative_name="Иванова Мария Петровна",
    )

    assert consent.representative_name == "Иванова Мария Петровна"


def test_a_parents_consent_names_the_parent(curator: User) -> None:
    with pytest.raises(ValidationError, match="законного представителя"):
        _consent(curator, minor(), given_by=ConsentGiver.PARENT, representative_name="  ")

    assert not Consent.objects.exists()


def test_a_consent_cannot_be_dated_in_the_future(curator: User) -> None:
    with pytest.raises(ValidationError, match="будущ"):
        _consent(curator, adult(), given_on=TODAY + dt.timedelta(days=1))

    assert not Consent.objects.exists()


def test_a_consent_cannot_end_before_it_is_given(curator: User) -> None:
    with pytest.raises(ValidationError):
        _consent(curator, adult(), valid_until=YESTERDAY - dt.timedelta(days=1))

    assert not Consent.objects.exists()


# --- Withdrawing a consent ---------------------------------------------------------------------


def test_withdrawing_the_only_special_consent_deletes_the_status(curator: User) -> None:
    status = SpecialCategoryStatusFactory()

    deleted = withdraw_consent(user=curator, consent=status.consent, withdrawn_on=TODAY)

    assert deleted is True
    assert not SpecialCategoryStatus.objects.exists()
    status.consent.refresh_from_db()
    assert status.consent.withdrawn_on == TODAY


def test_withdrawing_one_of_two_special_consents_keeps_the_status_on_the_other(
    curator: User,
) -> None:
    status = SpecialCategoryStatusFactory()
    other = special_consent(status.person, given_on=dt.date(2025, 10, 1))

    deleted = withdraw_consent(user=curator, consent=status.consent, withdrawn_on=TODAY)

    assert deleted is False
    status.refresh_from_db()
    assert status.consent == other


def test_withdrawing_a_program_consent_keeps_the_status(curator: User) -> None:
    status = SpecialCategoryStatusFactory()
    program = ConsentFactory(person=status.person, purpose=ConsentPurpose.PROGRAM)

    assert withdraw_consent(user=curator, consent=program, withdrawn_on=TODAY) is False
    assert SpecialCategoryStatus.objects.filter(pk=status.pk).exists()


def test_a_consent_is_withdrawn_once(curator: User) -> None:
    consent = ConsentFactory(withdrawn_on=YESTERDAY)

    with pytest.raises(ValidationError, match="уже отозвано"):
        withdraw_consent(user=curator, consent=consent, withdrawn_on=TODAY)

    consent.refresh_from_db()
    assert consent.withdrawn_on == YESTERDAY


def test_a_withdrawal_cannot_be_dated_in_the_future(curator: User) -> None:
    status = SpecialCategoryStatusFactory()

    with pytest.raises(ValidationError, match="будущ"):
        withdraw_consent(
            user=curator, consent=status.consent, withdrawn_on=TODAY + dt.timedelta(days=1)
        )

    status.consent.refresh_from_db()
    assert status.consent.withdrawn_on is None
    assert SpecialCategoryStatus.objects.exists()


def test_a_withdrawal_cannot_come_before_the_consent(curator: User) -> None:
    consent = ConsentFactory(given_on=dt.date(2025, 9, 1))

    with pytest.raises(ValidationError):
        withdraw_consent(user=curator, consent=consent, withdrawn_on=dt.date(2025, 8, 1))

    consent.refresh_from_db()
    assert consent.withdrawn_on is None


# --- Health and risk-group status ---------------------------------------------------------------


def test_the_status_needs_a_valid_special_categories_consent(curator: User) -> None:
    student = adult()
    ConsentFactory(person=student, purpose=ConsentPurpose.PROGRAM)

    with pytest.raises(ValidationError, match="152-ФЗ"):
        record_special_status(
            user=curator, person=student, has_disabilities=True, in_risk_group=False
        )

    assert not SpecialCategoryStatus.objects.exists()


def test_an_expired_consent_does_not_allow_the_status(curator: User) -> None:
    student = adult()
    special_consent(student, given_on=dt.date(2024, 9, 1), valid_until=YESTERDAY)

    with pytest.raises(ValidationError, match="152-ФЗ"):
        record_special_status(
            user=curator, person=student, has_disabilities=False, in_risk_group=True
        )

    assert not SpecialCategoryStatus.objects.exists()


def test_a_withdrawn_consent_does_not_allow_the_status(curator: User) -> None:
    student = adult()
    special_consent(student, withdrawn_on=YESTERDAY)

    with pytest.raises(ValidationError):
        record_special_status(
            user=curator, person=student, has_disabilities=True, in_risk_group=False
        )

    assert not SpecialCategoryStatus.objects.exists()


def test_the_status_is_linked_to_the_latest_valid_consent(curator: User) -> None:
    student = adult()
    special_consent(student, given_on=dt.date(2024, 9, 1))
    latest = special_consent(student, given_on=dt.date(2025, 9, 1))

    status = record_special_status(
        user=curator, person=student, has_disabilities=True, in_risk_group=True
    )

    assert status is not None
    assert (status.consent, status.has_disabilities, status.in_risk_group) == (latest, True, True)
    assert status.recorded_by == curator


def test_clearing_both_marks_deletes_the_status(curator: User) -> None:
    status = SpecialCategoryStatusFactory()

    result = record_special_status(
        user=curator, person=status.person, has_disabilities=False, in_risk_group=False
    )

    assert result is None
    assert not SpecialCategoryStatus.objects.exists()


@pytest.mark.parametrize("persona", ["director", "ts_lead", "methodist", "lead"])
def test_only_the_curator_records_the_status(persona: str, request: pytest.FixtureRequest) -> None:
    student = adult()
    special_consent(student)

    with pytest.raises(PermissionDenied):
        record_special_status(
            user=request.getfixturevalue(persona),
            person=student,
            has_disabilities=True,
            in_risk_group=False,
        )

    assert not SpecialCategoryStatus.objects.exists()


def test_the_status_is_kept_for_students_only(curator: User) -> None:
    teacher = TeacherFactory()
    special_consent(teacher)

    with pytest.raises(ValidationError, match="студент"):
        record_special_status(
            user=curator, person=teacher, has_disabilities=True, in_risk_group=False
        )

    assert not SpecialCategoryStatus.objects.exists()


# --- Training records and mentor profiles ----------------------------------------------------


def test_a_training_record_is_saved(methodist: User) -> None:
    record = QualificationCourse(
        person=TeacherFactory(),
        title="Школа наставника",
        completed_on=YESTERDAY,
        is_mentor_training=True,
    )

    save_training_record(record=record)

    assert QualificationCourse.objects.get().is_mentor_training


def test_a_training_record_cannot_be_completed_in_the_future(methodist: User) -> None:
    record = QualificationCourse(
        person=TeacherFactory(), title="Школа наставника", completed_on=TODAY + dt.timedelta(1)
    )

    with pytest.raises(ValidationError, match="будущ"):
        save_training_record(record=record)

    assert not QualificationCourse.objects.exists()


def test_a_pupil_has_no_training_records(methodist: User) -> None:
    record = QualificationCourse(person=PupilFactory(), title="Курс", completed_on=YESTERDAY)

    with pytest.raises(ValidationError, match="школьник"):
        save_training_record(record=record)

    assert not QualificationCourse.objects.exists()


def test_a_training_record_is_deleted(methodist: User) -> None:
    record = QualificationCourseFactory()

    delete_training_record(record=record)

    assert not QualificationCourse.objects.exists()


def test_a_mentor_profile_is_created_and_then_changed(lead: User) -> None:
    teacher = TeacherFactory()

    created = save_mentor_profile(
        user=lead, person=teacher, competencies="Сварка", interests="", capacity=3
    )
    save_mentor_profile(
        user=lead,
        person=teacher,
        competencies="Сварка\nЧертёж",
        interests="Шахматы",
        capacity=5,
        seen=token_of(created),
    )

    profile = MentorProfile.objects.get()
    assert (profile.person_id, profile.capacity, profile.interests) == (teacher.pk, 5, "Шахматы")


@pytest.mark.parametrize("capacity", [0, 31])
def test_a_mentor_takes_from_1_to_30_mentees(lead: User, capacity: int) -> None:
    profile = MentorProfileFactory(capacity=2)

    with pytest.raises(ValidationError, match="от 1 до 30"):
        save_mentor_profile(
            user=lead,
            person=profile.person,
            competencies="",
            interests="",
            capacity=capacity,
            seen=token_of(profile),
        )

    profile.refresh_from_db()
    assert profile.capacity == 2


def test_a_mentor_profile_changed_meanwhile_is_not_overwritten(lead: User) -> None:
    profile = MentorProfileFactory(capacity=2, interests="")
    seen = token_of(profile)
    MentorProfile.objects.filter(pk=profile.pk).update(interests="Шахматы")

    with pytest.raises(ValidationError) as excinfo:
        save_mentor_profile(
            user=lead, person=profile.person, competencies="", interests="", capacity=5, seen=seen
        )

    assert is_stale(excinfo.value)
    profile.refresh_from_db()
    assert (profile.capacity, profile.interests) == (2, "Шахматы")


def test_a_mentor_profile_created_meanwhile_is_not_overwritten(lead: User) -> None:
    profile = MentorProfileFactory(capacity=2)

    with pytest.raises(ValidationError) as excinfo:
        save_mentor_profile(
            user=lead, person=profile.person, competencies="", interests="", capacity=5
        )

    assert is_stale(excinfo.value)
    assert MentorProfile.objects.get().capacity == 2


def test_a_pupil_has_no_mentor_profile(lead: User) -> None:
    with pytest.raises(ValidationError, match="наставляем"):
        save_mentor_profile(
            user=lead, person=PupilFactory(), competencies="", interests="", capacity=1
        )

    assert not MentorProfile.objects.exists()


# --- Adding people and who sees whom ---------------------------------------------------------


def test_a_partner_curator_adds_a_pupil_of_their_school(
    partner_curator: User, school_curator: object
) -> None:
    school = school_curator.organization  # type: ignore[attr-defined]
    pupil = PupilFactory.build(school=school, last_name="Новикова", first_name="Дарья")

    save_person(user=partner_curator, person=pupil)

    assert pupil.pk is not None
    assert pupil.search_name == "новикова дарья"


def test_a_partner_curator_cannot_add_a_pupil_of_another_school(
    partner_curator: User, school_curator: object
) -> None:
    other = PartnerOrganizationFactory(kind=PartnerKind.SCHOOL)
    pupil = PupilFactory.build(school=other)

    with pytest.raises(ValidationError, match="своей организации"):
        save_person(user=partner_curator, person=pupil)

    assert not Person.objects.exists()


def test_a_birth_date_cannot_be_in_the_future(curator: User) -> None:
    student = StudentFactory.build(group=StudyGroupFactory(), birth_date=TODAY + dt.timedelta(1))

    with pytest.raises(ValidationError, match="будущ"):
        save_person(user=curator, person=student)

    assert not Person.objects.exists()


def test_a_partner_curator_sees_only_their_organizations_people(
    partner_curator: User, school_curator: object
) -> None:
    school = school_curator.organization  # type: ignore[attr-defined]
    own = PupilFactory(school=school)
    PupilFactory()
    StudentFactory()
    TeacherFactory()
    PartnerEmployeeFactory()

    assert list(PartnerOrganization.objects.open_to(partner_curator)) == [school]
    assert list(Person.objects.visible_to(partner_curator)) == [Person.objects.get(pk=own.pk)]
    assert list(Pupil.objects.visible_to(partner_curator)) == [own]
    assert not Student.objects.visible_to(partner_curator).exists()


def test_a_teacher_sees_students_only(teacher: User) -> None:
    student = StudentFactory()
    TeacherFactory()
    PupilFactory()

    assert not limited_to_partners(teacher)
    assert [p.pk for p in Person.objects.visible_to(teacher)] == [student.pk]


def test_the_curator_sees_everyone(curator: User) -> None:
    people = [StudentFactory(), TeacherFactory(), PupilFactory(), PartnerEmployeeFactory()]

    assert Person.objects.visible_to(curator).count() == len(people)


def test_a_partner_curator_who_is_also_a_teacher_is_not_limited(school_curator: object) -> None:
    """Any college role lifts the partner's limit, for the partners and their people alike."""
    from django.contrib.auth.models import Group

    from core.roles import Role
    from registry.partners.services import check_curator_rules

    user = school_curator.user  # type: ignore[attr-defined]
    user.groups.add(Group.objects.get(name=Role.TEACHER))
    user = User.objects.get(pk=user.pk)  # no cached roles or permissions
    other_school = PartnerOrganizationFactory(kind=PartnerKind.SCHOOL)
    pupil = PupilFactory(school=other_school)

    assert not limited_to_partners(user)
    assert other_school in PartnerOrganization.objects.visible_to(user)
    assert pupil.pk in {person.pk for person in Person.objects.visible_to(user)}
    assert check_curator_rules(curator=None, user=user)  # a college account is refused
