from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from pairs.models import MentorshipStatus
from registry.models import PartnerCurator, StudentStatus, Teacher
from tests.conftest import client_for
from tests.factories import (
    MentorshipFactory,
    ProposalFactory,
    StudentFactory,
    TeacherFactory,
    format_of,
    variant_of,
)

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def test_home_counts_active_mentorships(curator: User) -> None:
    MentorshipFactory(mentees=[TeacherFactory(), TeacherFactory()])
    MentorshipFactory()

    response = client_for(curator).get(HOME)

    assert response.status_code == 200
    assert response.context["active_count"] == 2
    assert response.context["mentee_count"] == 3
    assert response.context["group_count"] == 1


def test_home_lists_the_teachers_own_mentorships(teacher: User, teacher_person: Teacher) -> None:
    MentorshipFactory(mentors=[teacher_person], mentees=[TeacherFactory(last_name="Молодцова")])
    MentorshipFactory(mentees=[TeacherFactory(last_name="Чужая")])

    response = client_for(teacher).get(HOME)

    assert "Пары, в которых я наставник" in response.text
    assert "Молодцова" in response.text
    assert "Чужая" not in response.text
    assert response.context["active_count"] == 1


def test_home_asks_the_curator_to_fill_in_the_organization(curator: User) -> None:
    response = client_for(curator).get(HOME)

    assert reverse("formats:organization-edit") in response.text


def test_home_without_a_role_shows_nothing_private(outsider: User) -> None:
    MentorshipFactory(mentees=[TeacherFactory(last_name="Секретова")])

    response = client_for(outsider).get(HOME)

    assert response.status_code == 200
    assert "active_count" not in response.context
    assert "Секретова" not in response.text
    assert "обратитесь к куратору программы" in response.text


def test_the_partner_curator_sees_what_they_can_do_instead_of_zeros(
    partner_curator: User, school_curator: PartnerCurator
) -> None:
    MentorshipFactory()
    ProposalFactory(proposed_by=partner_curator)

    response = client_for(partner_curator).get(HOME)

    html = response.text
    assert 'data-testid="mentorship-figures"' not in html
    assert "Активные пары по формам" not in html
    assert 'data-testid="my-pupils"' in html
    assert reverse("people:pupils") in html
    assert reverse("proposals:create") in html
    assert "Предложить ученика" in html
    assert reverse("proposals:list") in html
    assert "1 на рассмотрении" in html


def test_who_sees_mentorships_gets_the_figures(teacher: User) -> None:
    html = client_for(teacher).get(HOME).text

    assert 'data-testid="mentorship-figures"' in html
    assert 'data-testid="my-actions"' not in html


def test_home_refuses_post(curator: User) -> None:
    assert client_for(curator).post(HOME).status_code == 405


@pytest.mark.parametrize(
    ("persona", "role"),
    [
        ("curator", "куратор"),
        ("director", "директор"),
        ("lead", "ответственный за форму"),
        ("teacher", "преподаватель"),
        ("methodist", "методист"),
    ],
)
def test_the_menu_shows_the_user_and_role(
    persona: str, role: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)

    response = client_for(user).get(HOME)

    menu = response.text.split('data-testid="current-user"')[1].split("</span>\n")[0]
    assert user.last_name in menu
    assert role in menu
    assert 'action="/accounts/logout/"' in response.text


def test_home_does_a_constant_number_of_queries(
    curator: User, django_assert_max_num_queries: object
) -> None:
    for _ in range(10):
        MentorshipFactory(mentees=[TeacherFactory(), TeacherFactory()])
    client = client_for(curator)
    client.get(HOME)

    # Fixed: session, user, permissions, organization, roles, four counts, formats, own
    # mentorships (+2 prefetches), whether a participant, runs due and overdue (+ counts);
    # the organization again, the silent pairs, the pairs whose mentee left and the drafts.
    with django_assert_max_num_queries(22):  # type: ignore[operator]
        assert client.get(HOME).status_code == 200


def test_home_tells_the_curator_of_silent_and_departed_pairs_and_drafts(curator: User) -> None:
    MentorshipFactory(started_on=dt.date(2025, 9, 1))
    departed = StudentFactory(status=StudentStatus.EXPELLED)
    MentorshipFactory(
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "gifted"),
        mentees=[departed],
    )
    MentorshipFactory(status=MentorshipStatus.DRAFT, decision=None)

    response = client_for(curator).get(HOME)

    assert response.context["silent_count"] >= 1  # no meeting since 1 September 2025
    assert response.context["departed_count"] == 1
    assert response.context["draft_count"] == 1
    for block in ("to-do-silent", "to-do-departed", "to-do-drafts"):
        assert f'data-testid="{block}"' in response.text
    assert reverse("drafting:drafts") in response.text


def test_home_tells_a_teacher_nothing_of_the_curators_attention(teacher: User) -> None:
    response = client_for(teacher).get(HOME)

    assert "silent_count" not in response.context
    assert "черновик" not in response.text


def test_home_offers_own_mentorships_only_to_participants(curator: User) -> None:
    response = client_for(curator).get(HOME)

    assert "my_pairs" not in response.context["sections"]
    assert "Пары, в которых я наставник" not in response.text


def test_home_counts_agree_with_their_numbers(curator: User) -> None:
    for _ in range(5):
        MentorshipFactory()

    response = client_for(curator).get(HOME)

    assert "действующих наставнических пар" in response.text


def test_home_tells_a_scoped_user_what_the_figures_count(teacher: User) -> None:
    assert "доступные вам" in client_for(teacher).get(HOME).text


def test_home_shows_the_curator_the_whole_program(curator: User) -> None:
    assert "доступные вам" not in client_for(curator).get(HOME).text


def test_home_tells_a_format_lead_how_many_proposals_wait(lead: User) -> None:
    ProposalFactory.create_batch(2)  # «студент – студент», the lead's format
    ProposalFactory(format=format_of("teacher_student"), variant=None)  # not the lead's

    content = client_for(lead).get(HOME).content.decode()

    assert client_for(lead).get(HOME).context["proposals_to_review"] == 2
    assert 'data-testid="to-do-proposals"' in content
    assert reverse("proposals:list") in content


def test_home_shows_a_teacher_their_proposals_under_review(teacher: User) -> None:
    ProposalFactory(proposed_by=teacher)
    ProposalFactory()  # another teacher's

    response = client_for(teacher).get(HOME)

    assert response.context["own_proposals_pending"] == 1
    assert len(response.context["own_proposals"]) == 1
    assert "1 на рассмотрении" in response.text
    assert reverse("proposals:create") in response.text
    assert "proposals_to_review" not in response.context


def test_home_says_nothing_of_proposals_to_the_director(director: User) -> None:
    ProposalFactory()

    content = client_for(director).get(HOME).content.decode()

    assert "представлен" not in content
