from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from pairs.mentorships.forms import default_planned_end
from pairs.models import ChangeAction, Mentorship, MentorshipStatus
from registry.models import Teacher
from tests.conftest import client_for
from tests.factories import (
    MentorshipFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
    format_of,
    variant_of,
)

pytestmark = pytest.mark.django_db

NEW = reverse("drafting:mentorship-new")


def detail(pk: int) -> str:
    return reverse("mentorships:mentorship-detail", args=[pk])


def create(code: str) -> str:
    return reverse("drafting:mentorship-create", args=[code])


def test_detail_shows_the_pair(curator: User) -> None:
    mentorship = MentorshipFactory(mentors=[TeacherFactory(last_name="Щукина")])

    response = client_for(curator).get(detail(mentorship.pk))

    assert response.status_code == 200
    assert "Щукина" in response.text


def test_teacher_sees_the_detail_of_their_own_pair(teacher: User, teacher_person: Teacher) -> None:
    mentorship = MentorshipFactory(mentors=[teacher_person])

    assert client_for(teacher).get(detail(mentorship.pk)).status_code == 200


def test_teacher_cannot_see_another_teachers_pair(teacher: User, teacher_person: Teacher) -> None:
    mentorship = MentorshipFactory()

    assert client_for(teacher).get(detail(mentorship.pk)).status_code == 404


def test_lead_cannot_see_a_pair_of_another_format(lead: User) -> None:
    mentorship = MentorshipFactory()

    assert client_for(lead).get(detail(mentorship.pk)).status_code == 404


def test_detail_needs_a_role(outsider: User) -> None:
    mentorship = MentorshipFactory()

    assert client_for(outsider).get(detail(mentorship.pk)).status_code == 403


def test_detail_refuses_post(curator: User) -> None:
    mentorship = MentorshipFactory()

    assert client_for(curator).post(detail(mentorship.pk)).status_code == 405


def test_detail_hides_a_sensitive_variant_from_the_mentor(
    teacher: User, teacher_person: Teacher
) -> None:
    mentorship = MentorshipFactory(
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "disabilities"),
        mentors=[teacher_person],
        mentees=[StudentFactory()],
    )

    response = client_for(teacher).get(detail(mentorship.pk))

    assert "ОВЗ" not in response.text


def test_curator_chooses_among_all_formats(curator: User) -> None:
    response = client_for(curator).get(NEW)

    assert response.status_code == 200
    assert len(response.context["formats"]) == 5


def test_lead_chooses_among_their_formats(lead: User) -> None:
    response = client_for(lead).get(NEW)

    assert [f.code for f in response.context["formats"]] == ["student_student"]


@pytest.mark.parametrize("persona", ["teacher", "director", "methodist", "outsider"])
def test_only_curator_and_leads_add_mentorships(
    persona: str, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(persona))

    assert client.get(NEW).status_code == 403
    assert client.get(create("teacher_teacher")).status_code == 403


def test_new_refuses_post(curator: User) -> None:
    assert client_for(curator).post(NEW).status_code == 405


def test_lead_cannot_open_the_form_of_another_format(lead: User) -> None:
    assert client_for(lead).get(create("teacher_teacher")).status_code == 404


def test_unknown_format_is_404(curator: User) -> None:
    assert client_for(curator).get(create("nonexistent")).status_code == 404


def test_create_refuses_delete(curator: User) -> None:
    assert client_for(curator).delete(create("teacher_teacher")).status_code == 405


def test_form_offers_only_the_kinds_of_people_of_the_format(curator: User) -> None:
    student = StudentFactory(last_name="Студентова")
    teacher = TeacherFactory(last_name="Учителева")

    response = client_for(curator).get(create("teacher_teacher"))

    mentors = list(response.context["form"].fields["mentors"].queryset)
    assert teacher.person_ptr in mentors or teacher in mentors
    assert all(person.pk != student.pk for person in mentors)


def _teacher_pair_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "mentors": [TeacherFactory().pk],
        "mentees": [TeacherFactory().pk],
        "started_on": "2025-10-01",
        "planned_end_on": "2026-06-30",
    }
    data.update(changes)
    return data


def test_curator_drafts_a_pair_by_hand(curator: User) -> None:
    response = client_for(curator).post(create("teacher_teacher"), _teacher_pair_data())

    mentorship = Mentorship.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(mentorship.pk)
    assert mentorship.status == MentorshipStatus.DRAFT
    assert mentorship.decision is None
    assert mentorship.created_by == curator
    assert mentorship.changes.get().action == ChangeAction.DRAFTED


def test_a_draft_by_hand_tells_how_it_enters_the_registry(curator: User) -> None:
    response = client_for(curator).post(
        create("teacher_teacher"), _teacher_pair_data(), follow=True
    )

    draft = Mentorship.objects.get()
    [message] = [str(m) for m in response.context["messages"]]
    # The message names the draft by its number, a link to it (pairs.drafting.views).
    assert f'href="{detail(draft.pk)}">' in message
    assert f"{draft.pk}</a>" in message


def test_lead_drafts_a_pair_of_their_format(lead: User) -> None:
    data = {
        "variant": variant_of("student_student", "leader_passive").pk,
        "mentors": [StudentFactory(group=StudyGroupFactory(course=2)).pk],
        "mentees": [StudentFactory(group=StudyGroupFactory(course=1)).pk],
        "started_on": "2025-10-01",
        "planned_end_on": "2026-06-30",
    }

    response = client_for(lead).post(create("student_student"), data)

    assert response.status_code == 302
    mentorship = Mentorship.objects.get()
    assert mentorship.format.code == "student_student"
    assert mentorship.status == MentorshipStatus.DRAFT


def test_a_broken_rule_is_shown_and_nothing_is_saved(curator: User) -> None:
    mentor = StudentFactory(group=StudyGroupFactory(course=1), last_name="Первокурсник")
    data = {
        "variant": variant_of("student_student", "leader_passive").pk,
        "mentors": [mentor.pk],
        "mentees": [StudentFactory(group=StudyGroupFactory(course=2)).pk],
        "started_on": "2025-10-01",
        "planned_end_on": "2026-06-30",
    }

    response = client_for(curator).post(create("student_student"), data)

    assert response.status_code == 200
    assert "Черновик не создан" in response.text
    assert "наставник обучается на более старшем курсе" in response.text
    assert not Mentorship.objects.exists()


def test_a_mentee_with_an_active_pair_of_the_format_is_refused(curator: User) -> None:
    busy = TeacherFactory(last_name="Занятова")
    MentorshipFactory(mentees=[busy])

    response = client_for(curator).post(
        create("teacher_teacher"), _teacher_pair_data(mentees=[busy.pk])
    )

    assert response.status_code == 200
    assert "Занятова" in response.text
    assert "уже состоит в действующей наставнической паре" in response.text
    assert Mentorship.objects.drafts().count() == 0


def test_end_before_start_is_refused_by_the_form(curator: User) -> None:
    response = client_for(curator).post(
        create("teacher_teacher"), _teacher_pair_data(planned_end_on="2025-09-01")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["planned_end_on"]
    assert not Mentorship.objects.exists()


def test_the_form_asks_no_decision_and_proposes_the_dates(curator: User) -> None:
    form = client_for(curator).get(create("teacher_teacher")).context["form"]

    assert "decision" not in form.fields
    start = form.fields["started_on"].initial
    assert start == timezone.localdate()
    assert form.fields["planned_end_on"].initial == default_planned_end(start)
    assert default_planned_end(dt.date(2025, 10, 1)) == dt.date(2026, 6, 30)
    assert default_planned_end(dt.date(2026, 7, 15)) == dt.date(2027, 6, 30)


def test_new_leads_to_drafting_from_the_pools(curator: User) -> None:
    assert reverse("drafting:drafting") in client_for(curator).get(NEW).text


def test_a_methodist_who_leads_a_format_forms_pairs_of_that_format_only(
    methodist_lead: User,
) -> None:
    client = client_for(methodist_lead)

    assert [f.code for f in client.get(NEW).context["formats"]] == ["teacher_teacher"]
    assert client.get(create("student_student")).status_code == 404


def test_a_forbidden_create_saves_nothing(teacher: User) -> None:
    response = client_for(teacher).post(create("teacher_teacher"), _teacher_pair_data())

    assert response.status_code == 403
    assert not Mentorship.objects.exists()


def test_a_lead_cannot_post_a_pair_of_another_format(lead: User) -> None:
    response = client_for(lead).post(create("teacher_teacher"), _teacher_pair_data())

    assert response.status_code == 404
    assert not Mentorship.objects.exists()


def test_detail_hides_every_variant_of_a_masked_format(methodist: User) -> None:
    mentorship = MentorshipFactory(
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "gifted"),
        mentees=[StudentFactory()],
    )

    response = client_for(methodist).get(detail(mentorship.pk))

    assert "высокомотивированный" not in response.text
    assert "скрыт" in response.text
