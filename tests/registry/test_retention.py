"""Retention (152-ФЗ, article 21): who is due for destruction and why, the destruction that
keeps the counts and the pairs right, the act, and no person deleted with their history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db.models import ProtectedError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from pairs.models import (
    Meeting,
    Mentorship,
    MentorshipResult,
    MentorshipStatus,
    PoolEntry,
    Proposal,
)
from registry.accesslog import record_access
from registry.models import (
    AccessAction,
    AccessLogPerson,
    Consent,
    ConsentPurpose,
    DestructionAct,
    Incentive,
    MentorProfile,
    Person,
    SpecialCategoryStatus,
    Student,
)
from registry.retention.selectors import Ground, due_for_destruction
from registry.retention.services import destroy_personal_data
from reports.models import Answer
from tests.conftest import client_for
from tests.factories import (
    ConsentFactory,
    MentorshipFactory,
    StudentFactory,
    TeacherFactory,
    UserFactory,
)
from tests.pdf import pdf_text
from tests.registry.subjects import Subject, make_subject

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 2)


def _withdraw_program_consent(person: Person, on: dt.date) -> None:
    Consent.objects.filter(person=person, purpose=ConsentPurpose.PROGRAM).update(withdrawn_on=on)


def _ended_pair(mentee: Person, ended_on: dt.date) -> Mentorship:
    return MentorshipFactory(
        mentees=[mentee],
        started_on=ended_on - dt.timedelta(days=200),
        planned_end_on=ended_on,
        ended_on=ended_on,
        status=MentorshipStatus.COMPLETED,
    )


def _grounds(person: Person) -> dict[Ground, dt.date]:
    rows = {row.person.pk: row for row in due_for_destruction(TODAY, years=3)}
    return {reason.ground: reason.on for reason in rows[person.pk].reasons}


# --- The review list -------------------------------------------------------------------------


def test_a_withdrawn_consent_with_nothing_running_is_due() -> None:
    person = TeacherFactory()
    _ended_pair(person, dt.date(2026, 6, 30))
    _withdraw_program_consent(person, dt.date(2026, 9, 1))

    assert _grounds(person) == {Ground.CONSENT_WITHDRAWN: dt.date(2026, 9, 1)}


def test_an_expired_consent_is_due_from_its_last_day() -> None:
    person = TeacherFactory(consent=False)
    ConsentFactory(person=person, given_on=dt.date(2025, 9, 1), valid_until=dt.date(2026, 8, 31))

    assert _grounds(person) == {Ground.CONSENT_EXPIRED: dt.date(2026, 8, 31)}


def test_who_left_the_program_more_than_the_retention_period_ago_is_due() -> None:
    person = TeacherFactory()  # a valid consent: leaving is ground enough
    _ended_pair(person, dt.date(2023, 6, 30))

    assert _grounds(person) == {Ground.LEFT_PROGRAM: dt.date(2023, 6, 30)}


def test_both_grounds_are_given() -> None:
    person = TeacherFactory()
    _ended_pair(person, dt.date(2020, 6, 30))
    _withdraw_program_consent(person, dt.date(2021, 1, 10))

    assert _grounds(person) == {
        Ground.CONSENT_WITHDRAWN: dt.date(2021, 1, 10),
        Ground.LEFT_PROGRAM: dt.date(2020, 6, 30),
    }


def test_who_is_not_due() -> None:
    running = TeacherFactory()  # consent withdrawn, but a pair is still running
    MentorshipFactory(mentees=[running])
    _withdraw_program_consent(running, dt.date(2026, 9, 1))
    recent = TeacherFactory()  # left a year ago
    _ended_pair(recent, dt.date(2025, 6, 30))
    valid = TeacherFactory()  # a consent that holds, never in a pair
    destroyed = TeacherFactory(anonymised_on=dt.date(2026, 1, 1))
    _ended_pair(destroyed, dt.date(2020, 6, 30))

    due = {row.person.pk for row in due_for_destruction(TODAY, years=3)}
    assert not due & {running.pk, recent.pk, valid.pk, destroyed.pk}


@override_settings(PERSONAL_DATA_RETENTION_YEARS=10)
def test_the_retention_period_is_a_setting() -> None:
    person = TeacherFactory()
    _ended_pair(person, dt.date(2020, 6, 30))

    assert person.pk not in {row.person.pk for row in due_for_destruction(TODAY)}
    assert person.pk in {row.person.pk for row in due_for_destruction(TODAY, years=5)}


def test_the_review_page_lists_them_in_constant_queries(
    curator: User, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    for index in range(3):
        person = TeacherFactory(last_name=f"Ушедшая{index}")
        _ended_pair(person, dt.date(2020, 6, 30))
    client = client_for(curator)
    client.get(reverse("retention:review"))  # the session and the menu warmed up

    with django_assert_max_num_queries(20):
        response = client.get(reverse("retention:review"))

    assert response.status_code == 200
    listed = [row.person.last_name for row in response.context["page"]]
    assert [name for name in listed if name.startswith("Ушедшая")] == [
        "Ушедшая0",
        "Ушедшая1",
        "Ушедшая2",
    ]
    assert "30.06.2020" in response.content.decode()


@pytest.mark.parametrize("role", ["director", "methodist", "lead", "teacher"])
@pytest.mark.parametrize("name", ["retention:review", "retention:acts", "retention:destroy"])
def test_other_roles_are_refused(request: pytest.FixtureRequest, role: str, name: str) -> None:
    response = client_for(request.getfixturevalue(role)).get(reverse(name))

    assert response.status_code == 403


@pytest.mark.parametrize("name", ["retention:review", "retention:acts"])
def test_the_lists_take_get_only(curator: User, name: str) -> None:
    assert client_for(curator).post(reverse(name)).status_code == 405


def test_destroy_takes_get_and_post_only(curator: User) -> None:
    assert client_for(curator).put(reverse("retention:destroy")).status_code == 405


def test_choosing_nobody_goes_back_to_the_review(curator: User) -> None:
    response = client_for(curator).get(reverse("retention:destroy"))

    assert response.status_code == 302
    assert response["Location"] == reverse("retention:review")


def test_the_review_says_when_nobody_is_due(curator: User) -> None:
    response = client_for(curator).get(reverse("retention:review"))

    assert response.status_code == 200
    assert 'data-testid="nobody-due"' in response.content.decode()


# --- The destruction -------------------------------------------------------------------------


@pytest.fixture
def due_subject() -> Subject:
    """Субботина, whose pairs ended in 2020 and whose program consent is withdrawn."""
    subject = make_subject(ended=True)
    _withdraw_program_consent(subject.person, dt.date(2024, 2, 1))
    # Her login, and an access log row naming her.
    Person.objects.filter(pk=subject.person.pk).update(user=UserFactory(username="subbotina"))
    record_access(UserFactory(), action=AccessAction.VIEW, what="test", people=[subject.person])
    return subject


def _counts() -> dict[str, Any]:
    return {
        "people": Person.objects.count(),
        "mentorships": Mentorship.objects.count(),
        "pairs": sorted(
            (
                m.pk,
                sorted(m.mentors.values_list("pk", flat=True)),
                sorted(m.mentees.values_list("pk", flat=True)),
            )
            for m in Mentorship.objects.all()
        ),
        "pool_entries": PoolEntry.objects.count(),
        "proposals": Proposal.objects.count(),
        "meetings": Meeting.objects.count(),
        "incentives": Incentive.objects.count(),
        "consents": Consent.objects.count(),
    }


def test_the_confirmation_page_names_the_people_chosen(curator: User, due_subject: Subject) -> None:
    response = client_for(curator).get(
        reverse("retention:destroy"), {"people": [due_subject.person.pk]}
    )

    assert response.status_code == 200
    assert "Субботина Алла Игоревна" in response.content.decode()
    assert Person.objects.get(pk=due_subject.person.pk).anonymised_on is None


def test_destroying_keeps_the_counts_and_the_pairs_and_removes_the_data(
    curator: User,
    due_subject: Subject,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    person = due_subject.person
    photo = Incentive.objects.get(mentor=person).photo.name
    assert default_storage.exists(photo)
    before = _counts()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(curator).post(
            reverse("retention:destroy"),
            {"people": [person.pk], "grounds": "Отзыв согласия от 01.02.2024", "confirm": "on"},
        )

    assert response.status_code == 302
    assert _counts() == before
    anonymised = Student.objects.get(pk=person.pk)
    assert anonymised.anonymised_on == timezone.localdate()
    assert "Субботина" not in anonymised.full_name
    assert str(person.pk) in anonymised.full_name
    assert (anonymised.birth_date, anonymised.user, anonymised.record_book) == (None, None, None)
    assert anonymised.group_id == person.group_id  # what the counts are of stays
    assert not SpecialCategoryStatus.objects.filter(person=person).exists()
    assert MentorProfile.objects.get(person=person).competencies == ""
    assert not anonymised.featured_in.exists()
    assert not default_storage.exists(photo)
    assert Incentive.objects.get(mentor=person).photo == ""
    # Nothing left that names her: her records' texts, her pairs', the access log.
    texts = [
        *Consent.objects.filter(person=person).values_list("representative_name", "document"),
        *Proposal.objects.filter(person=person).values_list("request"),
        *PoolEntry.objects.filter(person=person).values_list("request"),
        *Meeting.objects.values_list("topic", "notes"),
        *MentorshipResult.objects.values_list("comment"),
        *Incentive.objects.values_list("reason"),
        *Answer.objects.values_list("text"),
        *AccessLogPerson.objects.values_list("name"),
    ]
    assert not [text for row in texts for text in row if "Субботин" in text]
    assert "Подтянуть физику" not in str(texts)
    # The others keep their names; the meeting keeps its topic.
    assert Person.objects.get(pk=due_subject.mentor.pk).last_name == "Наставникова"
    assert ("Разбор контрольной", f"{anonymised.full_name} разобрала ошибки") in texts


def test_the_act_keeps_the_name_as_it_was(curator: User, due_subject: Subject) -> None:
    act = destroy_personal_data(people=[due_subject.person], grounds="Отзыв согласия", user=curator)

    assert act.number == "1"
    assert [entry["name"] for entry in act.entries] == ["Субботина Алла Игоревна"]
    response = client_for(curator).get(reverse("retention:act", args=[act.pk]))
    assert response.status_code == 200
    text = pdf_text(b"".join(response.streaming_content))
    assert "Субботина Алла Игоревна" in text
    assert "Отзыв согласия" in text
    assert "обезличивание / удаление из информационной системы" in text
    assert DestructionAct.objects.get().performed_by == curator


def test_the_acts_list(curator: User, due_subject: Subject) -> None:
    act = destroy_personal_data(people=[due_subject.person], grounds="Отзыв", user=curator)

    response = client_for(curator).get(reverse("retention:acts"))

    assert response.status_code == 200
    assert reverse("retention:act", args=[act.pk]) in response.content.decode()
    assert "Субботина" not in response.content.decode()


def test_an_unknown_act_is_404(curator: User) -> None:
    assert client_for(curator).get(reverse("retention:act", args=[999])).status_code == 404


def test_the_person_page_no_longer_names_them(curator: User, due_subject: Subject) -> None:
    destroy_personal_data(people=[due_subject.person], grounds="Отзыв", user=curator)

    page = client_for(curator).get(reverse("people:detail", args=[due_subject.person.pk]))

    assert "Субботина" not in page.content.decode()


@pytest.mark.parametrize("role", ["director", "methodist"])
def test_a_forbidden_role_destroys_nothing(
    request: pytest.FixtureRequest, role: str, due_subject: Subject
) -> None:
    response = client_for(request.getfixturevalue(role)).post(
        reverse("retention:destroy"),
        {"people": [due_subject.person.pk], "grounds": "x", "confirm": "on"},
    )

    assert response.status_code == 403
    assert Person.objects.get(pk=due_subject.person.pk).last_name == "Субботина"
    assert not DestructionAct.objects.exists()


def test_someone_not_due_cannot_be_chosen(curator: User) -> None:
    person = TeacherFactory(last_name="Работающая")
    MentorshipFactory(mentees=[person])

    response = client_for(curator).post(
        reverse("retention:destroy"), {"people": [person.pk], "grounds": "x", "confirm": "on"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["people"]
    assert Person.objects.get(pk=person.pk).last_name == "Работающая"


def test_the_service_refuses_a_running_person_and_changes_nothing(curator: User) -> None:
    person = TeacherFactory(last_name="Работающая")
    MentorshipFactory(mentees=[person])

    with pytest.raises(ValidationError):
        destroy_personal_data(people=[person], grounds="Отзыв", user=curator)

    assert Person.objects.get(pk=person.pk).last_name == "Работающая"
    assert not DestructionAct.objects.exists()


def test_the_service_refuses_someone_already_destroyed(curator: User) -> None:
    person = TeacherFactory(anonymised_on=dt.date(2026, 1, 1))

    with pytest.raises(ValidationError):
        destroy_personal_data(people=[person], grounds="Отзыв", user=curator)


# --- No person deleted with their history ----------------------------------------------------


def test_a_person_in_a_pair_is_never_deleted() -> None:
    # The pair's people are a many-to-many table, which would silently lose them.
    mentee = StudentFactory(consent=False)
    mentorship = MentorshipFactory(mentees=[mentee])

    with pytest.raises(ProtectedError) as refusal:
        Person.objects.get(pk=mentee.pk).delete()
    with pytest.raises(ProtectedError):
        Student.objects.filter(pk=mentee.pk).delete()

    assert mentee.full_name in refusal.value.args[0]
    assert [person.pk for person in mentorship.mentees.all()] == [mentee.pk]


def test_a_person_without_history_may_be_deleted() -> None:
    person = StudentFactory(consent=False)

    person.delete()

    assert not Person.objects.filter(pk=person.pk).exists()


def test_the_history_of_a_person_is_protected_or_guarded() -> None:
    """What was checked: the records of other apps that name a person PROTECT them; registry's
    own details of the person (consents, trainings, statuses, profile) and the pairs' many-to-
    many tables cascade, so the delete guard refuses them instead (people_with_history)."""
    from registry.models import history_relations

    on_delete = {
        relation.name: getattr(relation, "on_delete", None).__name__
        if getattr(relation, "on_delete", None)
        else "many-to-many"
        for relation in history_relations()
    }

    assert on_delete["incentives"] == "PROTECT"
    assert on_delete["event_participations"] == "PROTECT"
    assert on_delete["proposals"] == "PROTECT"
    assert on_delete["pool_entries"] == "PROTECT"
    assert on_delete["assignments"] == "PROTECT"
    assert {"mentorships_as_mentor", "mentorships_as_mentee", "consents", "courses"} <= set(
        on_delete
    )


def test_the_admin_refuses_deleting_a_person_with_history(curator: User) -> None:
    curator.is_staff = True
    curator.save()
    mentee = StudentFactory(consent=False)
    MentorshipFactory(mentees=[mentee])
    url = reverse("admin:registry_student_delete", args=[mentee.pk])
    client = client_for(curator)

    page = client.get(url)
    client.post(url, {"post": "yes"})

    assert page.status_code == 200
    assert page.context["protected"]
    assert Person.objects.filter(pk=mentee.pk).exists()
