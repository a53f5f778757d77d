"""Consents to taking part in the program (152-ФЗ) are enforced: nobody is confirmed into a new
pair without one valid on its start (a minor's given by a parent or legal representative), and
the pools, drafting and the registry flag whoever has none today, without a query per row."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse

from pairs.mentorships.services import confirm_mentorships, create_mentorship, draft_mentorship
from pairs.models import Mentorship, MentorshipChange, MentorshipStatus, ParticipantRole
from pairs.rules import program_consent_missing
from registry.models import Consent, ConsentGiver, ConsentPurpose, Person
from tests.conftest import client_for
from tests.factories import (
    ConsentFactory,
    MentorProfileFactory,
    MentorshipFactory,
    PoolEntryFactory,
    PupilFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
    format_of,
    variant_of,
)
from tests.pairs.mentorships.test_drafts_and_confirmation import (
    END,
    START,
    council,
    draft_args,
)

pytestmark = pytest.mark.django_db

FLAG = 'data-testid="no-program-consent"'
POOLS = reverse("pools:list")
DRAFTING = reverse("drafting:drafting")
REGISTRY = reverse("mentorships:registry")


def refusals(call: Any, **kwargs: Any) -> list[str]:
    with pytest.raises(ValidationError) as excinfo:
        call(**kwargs)
    return excinfo.value.messages


# ---- The rule: a confirmed pair needs the consents ------------------------------------------


def test_a_draft_waits_for_the_consent_but_its_confirmation_is_refused() -> None:
    mentee = StudentFactory(
        group=StudyGroupFactory(course=2), last_name="Несогласова", consent=False
    )
    args = draft_args() | {"mentees": [mentee]}
    draft = draft_mentorship(**args)

    messages = refusals(confirm_mentorships, drafts=[draft], decision=council(), user=None)

    assert len(messages) == 1, messages
    assert str(draft.pk) in messages[0]
    assert mentee.full_name in messages[0]
    assert "персональных данных" in messages[0] or "personal data" in messages[0]
    assert "01.10.2025" in messages[0]
    draft.refresh_from_db()
    assert (draft.status, draft.decision) == (MentorshipStatus.DRAFT, None)
    assert not MentorshipChange.objects.filter(mentorship=draft).exclude(action="drafted").exists()


def test_create_mentorship_without_the_mentors_consent_saves_nothing() -> None:
    mentor = TeacherFactory(last_name="Безсогласная", consent=False)
    args = draft_args() | {"mentors": [mentor]}

    messages = refusals(create_mentorship, **args, decision=council())

    assert len(messages) == 1, messages
    assert mentor.full_name in messages[0]
    assert not Mentorship.objects.exists()


@pytest.mark.parametrize(
    "consent",
    [
        {"given_on": dt.date(2025, 10, 2)},  # only after the start
        {"given_on": dt.date(2024, 9, 1), "valid_until": dt.date(2025, 9, 30)},  # expired
        {"given_on": dt.date(2024, 9, 1), "withdrawn_on": dt.date(2025, 9, 1)},  # withdrawn
        {"purpose": ConsentPurpose.PHOTO},  # another purpose
    ],
    ids=["later", "expired", "withdrawn", "photo only"],
)
def test_a_consent_not_valid_on_the_start_does_not_count(consent: dict[str, Any]) -> None:
    mentor = TeacherFactory(consent=False, birth_date=dt.date(1980, 1, 1))
    ConsentFactory(person=mentor, **consent)

    assert len(program_consent_missing([mentor], START)) == 1


def test_a_minors_consent_counts_only_given_by_a_parent_or_representative() -> None:
    minor = StudentFactory(birth_date=dt.date(2010, 1, 1), consent=False)
    own = ConsentFactory(person=minor, given_by=ConsentGiver.SELF)

    (message,) = program_consent_missing([minor], START)
    assert minor.full_name in message
    assert "parent" in message or "родител" in message

    own.given_by, own.representative_name = ConsentGiver.REPRESENTATIVE, "Опекунова Анна"
    own.save()
    assert program_consent_missing([minor], START) == []


def test_a_pupil_without_a_date_of_birth_needs_a_parents_consent() -> None:
    pupil = PupilFactory(consent=False)
    ConsentFactory(person=pupil, given_by=ConsentGiver.SELF)

    assert len(program_consent_missing([pupil], START)) == 1


def test_an_adults_own_consent_counts() -> None:
    adult = StudentFactory(birth_date=dt.date(2005, 3, 1), consent=False)
    ConsentFactory(person=adult)

    assert program_consent_missing([adult], START) == []


def test_every_participant_without_a_consent_is_named() -> None:
    mentors = [TeacherFactory(consent=False)]
    mentees = [TeacherFactory(consent=False), TeacherFactory()]

    messages = program_consent_missing([*mentors, *mentees], START)

    assert len(messages) == 2
    assert mentors[0].full_name in messages[0]
    assert mentees[0].full_name in messages[1]


# ---- The flags --------------------------------------------------------------------------------


def _pool(person: Person, role: str = ParticipantRole.MENTEE, **kwargs: Any) -> None:
    kwargs.setdefault("variant", variant_of("student_student", "achiever_underachiever"))
    PoolEntryFactory(person=person, role=role, format=format_of("student_student"), **kwargs)


def test_the_pool_list_flags_who_has_no_program_consent(curator: User) -> None:
    _pool(StudentFactory(last_name="Согласова"))
    _pool(StudentFactory(last_name="Несогласова", consent=False))

    response = client_for(curator).get(POOLS, {"year": "2025"})

    assert response.status_code == 200
    rows = {row.record.person.last_name: row for row in response.context["table"].rows}
    assert FLAG not in rows["Согласова"].get_cell("person")
    assert FLAG in rows["Несогласова"].get_cell("person")
    assert response.text.count(FLAG) == 1


def _pool_queries(curator: User, rows: int, max_queries: Any) -> None:
    for n in range(rows):
        _pool(StudentFactory(consent=bool(n % 2)))
        _pool(TeacherFactory(consent=bool(n % 2)), role=ParticipantRole.MENTOR, variant=None)
    client = client_for(curator)
    for role in (ParticipantRole.MENTEE, ParticipantRole.MENTOR):
        client.get(POOLS, {"year": "2025", "role": role})
        with max_queries(POOL_QUERIES):
            response = client.get(POOLS, {"year": "2025", "role": role})
        assert response.text.count(FLAG) == (rows + 1) // 2


POOL_QUERIES = 16


@pytest.mark.parametrize("rows", [1, 7])
def test_the_pool_flags_in_a_constant_number_of_queries(
    curator: User, rows: int, django_assert_max_num_queries: Any
) -> None:
    _pool_queries(curator, rows, django_assert_max_num_queries)


def test_the_registry_flags_each_participant_without_a_consent(curator: User) -> None:
    flagged = TeacherFactory(last_name="Несогласова", consent=False)
    MentorshipFactory(mentors=[TeacherFactory()], mentees=[flagged, TeacherFactory()])
    MentorshipFactory()

    response = client_for(curator).get(REGISTRY)

    assert response.status_code == 200
    assert response.text.count(FLAG) == 1
    cell = next(
        row.get_cell("mentees")
        for row in response.context["table"].rows
        if flagged.pk in {person.pk for person in row.record.mentees.all()}
    )
    assert FLAG in cell


REGISTRY_QUERIES = 12


@pytest.mark.parametrize("rows", [1, 8])
def test_the_registry_flags_in_a_constant_number_of_queries(
    curator: User, rows: int, django_assert_max_num_queries: Any
) -> None:
    for _ in range(rows):
        MentorshipFactory(
            mentors=[TeacherFactory(consent=False)],
            mentees=[TeacherFactory(), TeacherFactory(consent=False)],
        )
    client = client_for(curator)
    client.get(REGISTRY)
    with django_assert_max_num_queries(REGISTRY_QUERIES):
        response = client.get(REGISTRY)
    assert response.text.count(FLAG) == 2 * rows


def test_the_drafts_list_flags_a_participant_without_a_consent(curator: User) -> None:
    MentorshipFactory(
        format=format_of("teacher_teacher"),
        status=MentorshipStatus.DRAFT,
        decision=None,
        mentors=[TeacherFactory()],
        mentees=[TeacherFactory(consent=False)],
    )

    response = client_for(curator).get(reverse("drafting:drafts"))

    assert response.text.count(FLAG) == 1


def _drafting_pools(consented: bool) -> tuple[Person, Person]:
    mentee = StudentFactory(group=StudyGroupFactory(course=1), consent=consented)
    _pool(mentee)
    mentor = StudentFactory(group=StudyGroupFactory(course=3), consent=consented)
    _pool(mentor, role=ParticipantRole.MENTOR, variant=None)
    MentorProfileFactory(person=mentor, capacity=2)
    return mentee, mentor


@pytest.mark.parametrize("consented", [True, False])
def test_drafting_flags_the_mentees_and_the_mentors_offered(curator: User, consented: bool) -> None:
    mentee, mentor = _drafting_pools(consented)
    client = client_for(curator)
    query = {"format": "student_student", "year": "2025"}

    listed = client.get(DRAFTING, query)
    chosen = client.get(DRAFTING, query | {"mentees": [mentee.pk], "started_on": START})

    assert listed.text.count(FLAG) == (0 if consented else 1)
    # A mentor without a consent is still offered (a draft may wait for it), flagged.
    (suggestion,) = chosen.context["ranking"].suggestions
    assert suggestion.person.pk == mentor.pk
    assert (mentor.pk in chosen.context["ranking"].without_program_consent) is not consented
    assert chosen.text.count(FLAG) == (0 if consented else 2)


def test_drafting_lists_mentees_in_a_constant_number_of_queries(
    curator: User, django_assert_max_num_queries: Any
) -> None:
    client = client_for(curator)
    query = {"format": "student_student", "year": "2025"}
    _drafting_pools(False)
    client.get(DRAFTING, query)
    with django_assert_max_num_queries(DRAFTING_QUERIES) as one:
        client.get(DRAFTING, query)
    for _ in range(6):
        _drafting_pools(False)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(DRAFTING, query)
    assert response.text.count(FLAG) == 7


DRAFTING_QUERIES = 20


def test_the_factories_give_one_program_consent_unless_told_not_to() -> None:
    assert Consent.objects.filter(person=TeacherFactory(), purpose="program").count() == 1
    assert not Consent.objects.filter(person=TeacherFactory(consent=False)).exists()
    assert END > START
