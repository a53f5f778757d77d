"""pairs.access: the questions the querysets answer for rows, asked of one mentorship."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User

from pairs.access import keeps_work, may_manage
from pairs.models import Mentorship
from registry.models import Teacher
from tests.factories import MentorshipFactory, StudentFactory, StudyGroupFactory, format_of

pytestmark = pytest.mark.django_db


def student_pair() -> Mentorship:
    mentorship: Mentorship = MentorshipFactory(
        format=format_of("student_student"),
        mentors=[StudentFactory(group=StudyGroupFactory(course=3))],
        mentees=[StudentFactory(group=StudyGroupFactory(course=1))],
    )
    return mentorship


def test_the_curator_manages_every_mentorship(curator: User) -> None:
    assert may_manage(curator, MentorshipFactory())


def test_a_lead_manages_the_mentorships_of_the_formats_they_lead(lead: User) -> None:
    assert may_manage(lead, student_pair())
    assert not may_manage(lead, MentorshipFactory())  # «педагог – педагог»


@pytest.mark.parametrize("role", ["director", "methodist", "teacher", "outsider"])
def test_other_roles_manage_none(role: str, request: pytest.FixtureRequest) -> None:
    assert not may_manage(request.getfixturevalue(role), MentorshipFactory())


def test_an_anonymous_user_manages_and_keeps_nothing() -> None:
    mentorship = MentorshipFactory()

    assert not may_manage(AnonymousUser(), mentorship)
    assert not keeps_work(AnonymousUser(), mentorship, manages=False)


def test_a_mentor_keeps_the_work_of_their_pair(teacher: User, teacher_person: Teacher) -> None:
    mine, other = MentorshipFactory(mentors=[teacher_person]), MentorshipFactory()

    assert keeps_work(teacher, mine, manages=may_manage(teacher, mine))
    assert not keeps_work(teacher, other, manages=may_manage(teacher, other))


def test_the_answers_agree_with_the_querysets(lead: User) -> None:
    mentorships = [student_pair(), MentorshipFactory()]

    for mentorship in mentorships:
        managed = Mentorship.objects.managed_by(lead).filter(pk=mentorship.pk).exists()
        kept = Mentorship.objects.kept_by(lead).filter(pk=mentorship.pk).exists()
        manages = may_manage(lead, mentorship)
        assert manages == managed
        assert keeps_work(lead, mentorship, manages=manages) == kept
