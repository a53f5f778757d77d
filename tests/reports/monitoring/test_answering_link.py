"""The personal link `/q/<token>/` (no login, once, until the cycle closes, CSRF kept) and
«Мои анкеты» of a logged-in participant."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reports.models import (
    AnswerChannel,
    Assignment,
    AssignmentState,
    CycleStatus,
    DeclineReason,
    QuestionKind,
    QuestionnairePurpose,
    Response,
    Wave,
)
from tests.conftest import client_for
from tests.factories import StudentFactory, TeacherFactory
from tests.reports.monitoring.builders import make_assignment, make_version, question
from tests.reports.monitoring.test_answering_services import (
    COMPLETE,
    answering_setup,
    submit,
    this_cycle,
)

pytestmark = pytest.mark.django_db

POSTED = {"q-comfort": "9", "q-continue": "1", "q-often": "0", "q-things": ["1"]}


@pytest.fixture
def assignment(db: None) -> Assignment:
    return answering_setup(mentor=StudentFactory(first_name="Мария", last_name="Наставникова"))


def link(assignment: Assignment) -> str:
    return reverse("answering:link", args=[assignment.token])


def csrf_client(url: str) -> tuple[Client, str]:
    """A browser that enforces CSRF, after it has opened the page (and got its cookie)."""
    client = Client(enforce_csrf_checks=True)
    assert client.get(url).status_code == 200
    return client, client.cookies["csrftoken"].value


# --- The personal link ------------------------------------------------------------------


def test_the_link_shows_the_questionnaire_without_login(assignment: Assignment) -> None:
    response = Client().get(link(assignment))

    page = response.content.decode()
    assert response.status_code == 200
    assert assignment.questionnaire.title in page
    assert "Пётр" in page and "Студент – студент".lower() in page.lower()
    assert 'name="csrfmiddlewaretoken"' in page
    assert response["Cache-Control"] == "no-store"


def test_the_link_does_not_give_away_the_pair_or_the_surname(assignment: Assignment) -> None:
    page = Client().get(link(assignment)).content.decode()

    assert "Иванов" not in page
    assert "Наставникова" not in page and "Мария" not in page
    assert 'id="main-nav"' not in page


def test_the_link_answers_once(assignment: Assignment) -> None:
    url = link(assignment)
    client, token = csrf_client(url)

    response = client.post(url, {**POSTED, "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert response["Location"] == reverse("answering:link-thanks")
    saved = Response.objects.get()
    assert saved.channel == AnswerChannel.LINK and saved.entered_by is None
    assert saved.answers.count() == 4
    assert Client().get(url).status_code == 410
    again = client.post(url, {**POSTED, "csrfmiddlewaretoken": token})
    assert again.status_code == 410
    assert again["Cache-Control"] == "no-store"
    assert Response.objects.count() == 1


def test_the_link_keeps_csrf_protection(assignment: Assignment) -> None:
    url = link(assignment)
    client, _token = csrf_client(url)

    response = client.post(url, POSTED)

    assert response.status_code == 403
    assert not Response.objects.exists()


def test_an_incomplete_link_answer_is_shown_again_and_not_saved(assignment: Assignment) -> None:
    response = Client().post(link(assignment), {"q-comfort": "11"})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {
        "q-comfort",
        "q-continue",
        "q-often",
        "q-things",
    }
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.ISSUED and not Response.objects.exists()


@pytest.mark.parametrize("token", ["x" * 32, "short", "a" * 65, "abc.def" + "c" * 24])
def test_an_unknown_link_is_not_found(db: None, token: str) -> None:
    response = Client().get(f"/q/{token}/")

    assert response.status_code == 404
    assert response["Cache-Control"] == "no-store"


def test_the_link_of_a_closed_cycle_is_gone(assignment: Assignment) -> None:
    this_cycle(status=CycleStatus.CLOSED)

    response = Client().post(link(assignment), POSTED)

    assert response.status_code == 410
    assert not Response.objects.exists()


def test_the_link_of_a_past_cycle_is_gone(assignment: Assignment) -> None:
    this_cycle(closes_on=timezone.localdate() - dt.timedelta(days=1))

    assert Client().get(link(assignment)).status_code == 410


def test_the_link_of_a_declined_assignment_is_gone(assignment: Assignment) -> None:
    Assignment.objects.filter(pk=assignment.pk).update(
        state=AssignmentState.DECLINED, decline_reason=DeclineReason.NO_CONSENT
    )

    assert Client().get(link(assignment)).status_code == 410


def test_the_link_refuses_other_methods(assignment: Assignment) -> None:
    assert Client().put(link(assignment)).status_code == 405


def test_the_thanks_page_is_public(db: None) -> None:
    response = Client().get(reverse("answering:link-thanks"))

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


# --- «Мои анкеты» ---------------------------------------------------------------------------


@pytest.fixture
def mine(teacher: User) -> Assignment:
    """An assignment of the teacher's own person (a mentor's questionnaire)."""
    person = TeacherFactory(first_name="Павел", last_name="Орлов", user=teacher)
    assignment = answering_setup()
    Assignment.objects.filter(pk=assignment.pk).update(person=person)
    assignment.refresh_from_db()
    return assignment


def test_my_questionnaires_lists_the_users_own(mine: Assignment, teacher: User) -> None:
    other = answering_setup(last_name="Чужой")

    response = client_for(teacher).get(reverse("answering:mine"))

    assert response.status_code == 200
    assert [row["assignment"] for row in response.context["rows"]] == [mine]
    assert reverse("answering:mine-detail", args=[mine.pk]) in response.content.decode()
    assert other.questionnaire.title not in response.content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_my_questionnaires_take_constant_queries(
    mine: Assignment, teacher: User, count: int, django_assert_max_num_queries: Any
) -> None:
    for _number in range(count - 1):
        Assignment.objects.filter(pk=answering_setup().pk).update(person=mine.person)
    client = client_for(teacher)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("answering:mine"))

    assert len(response.context["rows"]) == count


def test_my_questionnaires_without_a_person_is_empty(outsider: User) -> None:
    response = client_for(outsider).get(reverse("answering:mine"))

    assert response.status_code == 200
    assert response.context["has_person"] is False


def test_my_questionnaires_refuses_post(teacher: User) -> None:
    assert client_for(teacher).post(reverse("answering:mine")).status_code == 405


def test_answering_in_the_app(mine: Assignment, teacher: User) -> None:
    url = reverse("answering:mine-detail", args=[mine.pk])
    client = client_for(teacher)

    response = client.post(url, POSTED)

    assert response.status_code == 302
    saved = Response.objects.get(assignment=mine)
    assert saved.channel == AnswerChannel.APP and saved.entered_by == teacher
    shown = client.get(url)
    assert shown.context["form"] is None
    values = {a.question.key: a.value for a in shown.context["answers"]}
    assert values["comfort"].startswith("9 ") and values["often"] == "Еженедельно"
    assert client.post(url, POSTED).status_code == 302
    assert Response.objects.count() == 1


def test_someone_elses_questionnaire_is_not_found(mine: Assignment, outsider: User) -> None:
    url = reverse("answering:mine-detail", args=[mine.pk])

    assert client_for(outsider).get(url).status_code == 404
    assert client_for(outsider).post(url, POSTED).status_code == 404
    assert not Response.objects.exists()


def test_my_answers_leave_out_what_staff_entered(mine: Assignment, teacher: User) -> None:
    submit(mine, COMPLETE)

    response = client_for(teacher).get(reverse("answering:mine-detail", args=[mine.pk]))

    assert "grade" not in [a.question.key for a in response.context["answers"]]


def test_my_questionnaire_refuses_put(mine: Assignment, teacher: User) -> None:
    url = reverse("answering:mine-detail", args=[mine.pk])

    assert client_for(teacher).put(url).status_code == 405


def test_the_curator_answers_the_yearly_curators_questionnaire(
    curator: User, teacher: User
) -> None:
    version = make_version(
        purpose=QuestionnairePurpose.CURATOR,
        questions=[question("plan", QuestionKind.YES_NO), question("staff", staff_only=True)],
    )
    yearly = make_assignment(version, cycle=this_cycle(), wave=Wave.YEARLY)
    url = reverse("answering:mine-detail", args=[yearly.pk])

    listed = client_for(curator).get(reverse("answering:mine")).context["rows"]
    response = client_for(curator).post(url, {"q-plan": "1", "q-staff": "7"})

    assert [row["assignment"] for row in listed] == [yearly]
    assert response.status_code == 302
    saved = Response.objects.get(assignment=yearly)
    assert (saved.channel, saved.entered_by) == (AnswerChannel.APP, curator)
    assert saved.answers.get(question__key="staff").number == 7
    assert client_for(teacher).get(url).status_code == 404


def test_the_link_of_someone_without_consent_is_gone(db: None) -> None:
    assignment = answering_setup(consent=False)

    response = Client().post(link(assignment), POSTED)

    assert response.status_code == 410
    assert not Response.objects.exists()
