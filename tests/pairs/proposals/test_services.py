from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from core.dates import AcademicYear
from pairs.models import ParticipantRole, PoolEntry, PoolStatus, Proposal, ProposalStatus
from pairs.proposals.services import (
    accept_proposal,
    proposable_formats,
    proposable_people,
    propose_mentee,
    reject_proposal,
    withdraw_proposal,
)
from registry.models import PartnerCurator, Person, StudentStatus
from tests.factories import (
    PoolEntryFactory,
    ProposalFactory,
    PupilFactory,
    SpecialCategoryStatusFactory,
    StudentFactory,
    TeacherFactory,
    format_of,
    variant_of,
)

pytestmark = pytest.mark.django_db

CURRENT = AcademicYear.current().start_year


def _propose(user: User, person: Person, **changes: object) -> Proposal:
    arguments: dict[str, object] = {
        "user": user,
        "person": person,
        "format": format_of("student_student"),
        "variant": variant_of("student_student", "achiever_underachiever"),
        "request": "Подтянуть математику к сессии",
        "academic_year": CURRENT,
    }
    arguments.update(changes)
    return propose_mentee(**arguments)  # type: ignore[arg-type]


def _refused(user: User, person: Person, message: str, **changes: object) -> None:
    with pytest.raises(ValidationError) as refusal:
        _propose(user, person, **changes)
    assert any(message in text for text in refusal.value.messages), refusal.value.messages
    assert not Proposal.objects.exists()


# --- Proposing ---------------------------------------------------------------------------


def test_a_teacher_proposes_a_student(teacher: User) -> None:
    student = StudentFactory()

    proposal = _propose(teacher, student)

    assert proposal.status == ProposalStatus.PENDING
    assert proposal.proposed_by == teacher
    assert proposal.person_id == student.pk
    assert proposal.academic_year == CURRENT


def test_the_next_academic_year_is_accepted(teacher: User) -> None:
    assert _propose(teacher, StudentFactory(), academic_year=CURRENT + 1).academic_year == (
        CURRENT + 1
    )


def test_a_past_academic_year_is_refused(teacher: User) -> None:
    _refused(teacher, StudentFactory(), "текущий учебный год", academic_year=CURRENT - 1)


def test_a_year_after_the_next_is_refused(teacher: User) -> None:
    _refused(teacher, StudentFactory(), "текущий учебный год", academic_year=CURRENT + 2)


def test_the_mentee_must_be_of_the_formats_kind(curator: User) -> None:
    _refused(curator, TeacherFactory(), "наставляемым может быть только")


def test_a_student_who_does_not_study_is_refused(teacher: User) -> None:
    _refused(teacher, StudentFactory(status=StudentStatus.GRADUATED), "не обучается")


def test_a_format_with_variants_needs_one(teacher: User) -> None:
    _refused(teacher, StudentFactory(), "вариант", variant=None)


def test_the_variant_must_belong_to_the_format(teacher: User) -> None:
    _refused(
        teacher, StudentFactory(), "не относится", variant=variant_of("student_pupil", "passive")
    )


def test_a_format_without_variants_takes_none(curator: User) -> None:
    _refused(
        curator,
        TeacherFactory(),
        "нет вариантов",
        format=format_of("teacher_teacher"),
        variant=variant_of("student_student", "peer_to_peer"),
    )


def test_the_request_is_required(teacher: User) -> None:
    _refused(teacher, StudentFactory(), "ключевой запрос", request="   ")


def test_a_teacher_proposes_students_only(teacher: User) -> None:
    _refused(
        teacher,
        TeacherFactory(),
        "только обучающихся",
        format=format_of("teacher_teacher"),
        variant=None,
    )


def test_the_curator_proposes_anyone(curator: User) -> None:
    proposal = _propose(
        curator, TeacherFactory(), format=format_of("teacher_teacher"), variant=None
    )

    assert proposal.format.code == "teacher_teacher"


def test_a_lead_proposes_for_a_led_format(lead: User) -> None:
    assert _propose(lead, StudentFactory()).proposed_by == lead


def test_a_lead_does_not_propose_for_another_format(lead: User) -> None:
    _refused(
        lead,
        StudentFactory(),
        "которыми вы руководите",
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "gifted"),
    )


def test_a_partner_curator_proposes_a_pupil_of_their_school(
    partner_curator: User, school_curator: PartnerCurator
) -> None:
    pupil = PupilFactory(school=school_curator.organization)

    proposal = _propose(
        partner_curator,
        pupil,
        format=format_of("student_pupil"),
        variant=variant_of("student_pupil", "passive"),
    )

    assert proposal.person_id == pupil.pk


def test_a_partner_curator_does_not_propose_another_schools_pupil(
    partner_curator: User, school_curator: PartnerCurator
) -> None:
    _refused(
        partner_curator,
        PupilFactory(),
        "своей школы",
        format=format_of("student_pupil"),
        variant=variant_of("student_pupil", "passive"),
    )


def test_a_partner_curator_does_not_propose_a_student(
    partner_curator: User, school_curator: PartnerCurator
) -> None:
    _refused(partner_curator, StudentFactory(), "своей школы")


def test_a_user_without_a_role_proposes_nobody(outsider: User) -> None:
    _refused(outsider, StudentFactory(), "не можете предлагать")


def test_a_second_pending_proposal_is_refused(teacher: User, curator: User) -> None:
    student = StudentFactory()
    first = _propose(curator, student)

    with pytest.raises(ValidationError) as refusal:
        _propose(teacher, student)

    assert "уже есть и ожидает рассмотрения" in refusal.value.messages[0]
    assert list(Proposal.objects.all()) == [first]


def test_a_rejected_proposal_does_not_stop_a_new_one(teacher: User) -> None:
    student = StudentFactory()
    ProposalFactory(
        person=student,
        academic_year=CURRENT,
        status=ProposalStatus.REJECTED,
        rejection_reason="Нет запроса",
        decided_at="2025-10-01T10:00:00+10:00",
    )

    assert _propose(teacher, student).status == ProposalStatus.PENDING


def test_a_person_already_in_the_pool_is_refused(teacher: User) -> None:
    student = StudentFactory()
    PoolEntryFactory(person=student, academic_year=CURRENT)

    _refused(teacher, student, "уже в базе наставляемых")


def test_an_excluded_person_may_be_proposed_again(teacher: User) -> None:
    student = StudentFactory()
    PoolEntryFactory(
        person=student,
        academic_year=CURRENT,
        status=PoolStatus.EXCLUDED,
        excluded_on="2025-12-01",
        exclusion_reason="Отчислен и восстановлен",
    )

    assert _propose(teacher, student).status == ProposalStatus.PENDING


def test_a_pool_of_another_year_does_not_count(teacher: User) -> None:
    student = StudentFactory()
    PoolEntryFactory(person=student, academic_year=CURRENT - 1)

    assert _propose(teacher, student).status == ProposalStatus.PENDING


# --- Whom and for what the form offers ---------------------------------------------------


def test_a_teacher_is_offered_the_formats_of_students(teacher: User) -> None:
    codes = set(proposable_formats(teacher).values_list("code", flat=True))

    assert codes == {"student_student", "teacher_student", "employer_student"}


def test_a_partner_curator_is_offered_the_pupils_format(
    partner_curator: User, school_curator: PartnerCurator
) -> None:
    assert list(proposable_formats(partner_curator).values_list("code", flat=True)) == [
        "student_pupil"
    ]


def test_a_teacher_is_offered_studying_students_only(teacher: User) -> None:
    studying = StudentFactory()
    StudentFactory(status=StudentStatus.EXPELLED)
    TeacherFactory()
    PupilFactory()

    assert list(proposable_people(teacher)) == [Person.objects.get(pk=studying.pk)]


def test_a_partner_curator_is_offered_their_schools_pupils(
    partner_curator: User, school_curator: PartnerCurator
) -> None:
    own = PupilFactory(school=school_curator.organization)
    PupilFactory()
    StudentFactory()

    assert list(proposable_people(partner_curator)) == [Person.objects.get(pk=own.pk)]


def test_the_curator_is_offered_every_possible_mentee(curator: User) -> None:
    people = [StudentFactory(), TeacherFactory(), PupilFactory()]
    StudentFactory(status=StudentStatus.GRADUATED)

    assert {p.pk for p in proposable_people(curator)} == {p.pk for p in people}


# --- Accepting ---------------------------------------------------------------------------


def test_the_lead_accepts_into_the_pool_as_proposed(lead: User) -> None:
    proposal = ProposalFactory(academic_year=CURRENT)

    entry = accept_proposal(proposal=proposal, user=lead)

    assert entry.status == PoolStatus.PROPOSED
    assert entry.role == ParticipantRole.MENTEE
    assert (entry.person_id, entry.format_id, entry.variant_id) == (
        proposal.person_id,
        proposal.format_id,
        proposal.variant_id,
    )
    assert (entry.academic_year, entry.request, entry.added_by) == (CURRENT, proposal.request, lead)
    assert entry.proposal == proposal
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.decided_by == lead
    assert proposal.decided_at is not None


def test_the_curator_accepts_any_format(curator: User) -> None:
    proposal = ProposalFactory(
        format=format_of("teacher_student"), variant=variant_of("teacher_student", "gifted")
    )

    accept_proposal(proposal=proposal, user=curator)

    assert Proposal.objects.get().status == ProposalStatus.ACCEPTED


def _not_accepted(proposal: Proposal, user: User, message: str) -> None:
    with pytest.raises(ValidationError) as refusal:
        accept_proposal(proposal=proposal, user=user)
    assert message in refusal.value.messages[0]
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING
    assert proposal.decided_at is None
    assert not PoolEntry.objects.filter(proposal=proposal).exists()


def test_a_lead_does_not_accept_another_format(lead: User) -> None:
    proposal = ProposalFactory(
        format=format_of("teacher_student"), variant=variant_of("teacher_student", "gifted")
    )

    _not_accepted(proposal, lead, "рассматривает")


def test_the_director_does_not_accept(director: User) -> None:
    _not_accepted(ProposalFactory(), director, "рассматривает")


def test_a_reviewed_proposal_is_not_accepted_again(lead: User, curator: User) -> None:
    proposal = ProposalFactory()
    accept_proposal(proposal=proposal, user=curator)

    with pytest.raises(ValidationError, match="уже рассмотрено"):
        accept_proposal(proposal=Proposal.objects.get(pk=proposal.pk), user=lead)
    assert PoolEntry.objects.count() == 1
    assert Proposal.objects.get().decided_by == curator


def test_a_person_already_in_the_pool_is_not_accepted(lead: User) -> None:
    proposal = ProposalFactory()
    PoolEntryFactory(person=proposal.person, academic_year=proposal.academic_year)

    _not_accepted(proposal, lead, "уже есть в этой базе")


def test_accepting_someone_excluded_this_year_reopens_their_entry(lead: User) -> None:
    proposal = ProposalFactory()
    excluded = PoolEntryFactory(
        person=proposal.person,
        academic_year=proposal.academic_year,
        status=PoolStatus.EXCLUDED,
        excluded_on="2025-12-01",
        exclusion_reason="Переведён",
    )

    entry = accept_proposal(proposal=proposal, user=lead)

    assert entry.pk == excluded.pk
    assert (entry.status, entry.excluded_on, entry.decision) == (PoolStatus.PROPOSED, None, None)
    assert entry.proposal == proposal


# --- Rejecting and withdrawing -----------------------------------------------------------


def test_the_lead_rejects_with_a_reason(lead: User) -> None:
    proposal = ProposalFactory()

    reject_proposal(proposal=proposal, user=lead, reason="  Успевает по всем предметам ")

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED
    assert proposal.rejection_reason == "Успевает по всем предметам"
    assert proposal.decided_by == lead
    assert not PoolEntry.objects.exists()


def test_a_rejection_needs_a_reason(lead: User) -> None:
    proposal = ProposalFactory()

    with pytest.raises(ValidationError, match="причину"):
        reject_proposal(proposal=proposal, user=lead, reason=" ")
    assert Proposal.objects.get().status == ProposalStatus.PENDING


def test_a_lead_does_not_reject_another_format(lead: User) -> None:
    proposal = ProposalFactory(
        format=format_of("teacher_student"), variant=variant_of("teacher_student", "gifted")
    )

    with pytest.raises(ValidationError):
        reject_proposal(proposal=proposal, user=lead, reason="Нет")
    assert Proposal.objects.get().status == ProposalStatus.PENDING


def test_a_reviewed_proposal_is_not_rejected(lead: User, curator: User) -> None:
    proposal = ProposalFactory()
    accept_proposal(proposal=proposal, user=curator)

    with pytest.raises(ValidationError, match="уже рассмотрено"):
        reject_proposal(proposal=proposal, user=lead, reason="Поздно")
    assert Proposal.objects.get().status == ProposalStatus.ACCEPTED


def test_the_proposer_withdraws_a_pending_proposal(teacher: User) -> None:
    proposal = ProposalFactory(proposed_by=teacher)

    withdraw_proposal(proposal=proposal, user=teacher)

    assert not Proposal.objects.exists()


def test_nobody_withdraws_anothers_proposal(teacher: User, curator: User) -> None:
    proposal = ProposalFactory()

    with pytest.raises(ValidationError, match="только его автор"):
        withdraw_proposal(proposal=proposal, user=curator)
    assert Proposal.objects.exists()


def test_a_reviewed_proposal_is_not_withdrawn(teacher: User, lead: User) -> None:
    proposal = ProposalFactory(proposed_by=teacher)
    accept_proposal(proposal=proposal, user=lead)

    with pytest.raises(ValidationError, match="нельзя отозвать"):
        withdraw_proposal(proposal=proposal, user=teacher)
    assert Proposal.objects.exists()


def test_a_student_who_left_since_the_proposal_is_not_accepted(lead: User) -> None:
    proposal = ProposalFactory()
    student = proposal.person.concrete
    student.status = StudentStatus.EXPELLED
    student.save()

    _not_accepted(proposal, lead, "не обучается")


# --- Special-category variants -----------------------------------------------------------


def test_a_teacher_cannot_choose_the_disabilities_variant(teacher: User) -> None:
    status = SpecialCategoryStatusFactory(has_disabilities=True)

    _refused(
        teacher,
        status.person,
        "особых категорий",
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "disabilities"),
    )


def test_the_curator_proposes_for_the_disabilities_variant_with_the_status(curator: User) -> None:
    status = SpecialCategoryStatusFactory(has_disabilities=True)

    proposal = _propose(
        curator,
        status.person,
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "disabilities"),
    )

    assert proposal.variant == variant_of("teacher_student", "disabilities")


def test_not_even_the_curator_proposes_for_it_without_the_status(curator: User) -> None:
    _refused(
        curator,
        StudentFactory(),
        "152-ФЗ",
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "risk_group"),
    )


def test_a_variant_for_a_format_without_variants_is_refused(curator: User) -> None:
    _refused(
        curator,
        TeacherFactory(),
        "нет вариантов",
        format=format_of("teacher_teacher"),
        variant=variant_of("student_student", "achiever_underachiever"),
    )
