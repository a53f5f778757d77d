"""The pages of a mentorship's personal plan: who sees and keeps it, and what they see."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import pytest
from django.contrib.auth.models import User
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from pairs.models import (
    ChangeAction,
    Mentorship,
    MentorshipStatus,
    PersonalPlan,
    PlanTask,
)
from pairs.personal_plans.selectors import plan_card
from pairs.personal_plans.services import add_task, save_plan_goal, task_fingerprint, update_task
from registry.models import Teacher
from tests.conftest import client_for
from tests.factories import (
    MentorshipFactory,
    StudentFactory,
    StudyGroupFactory,
    format_of,
    variant_of,
)
from tests.stale import refused_as_stale

pytestmark = pytest.mark.django_db


def pair(**kwargs: Any) -> Mentorship:
    """A saved mentorship (MentorshipFactory, typed)."""
    return cast(Mentorship, MentorshipFactory(**kwargs))


START = dt.date(2025, 10, 1)
END = dt.date(2026, 6, 30)


def url(name: str, mentorship: Mentorship, task: PlanTask | None = None) -> str:
    args = [mentorship.pk] if task is None else [mentorship.pk, task.pk]
    return reverse(f"personal_plans:{name}", args=args)


def new_task(mentorship: Mentorship, **overrides: Any) -> PlanTask:
    args: dict[str, Any] = {
        "title": "Изучить локальные акты техникума",
        "activities": "Беседа с наставником",
        "starts_on": dt.date(2025, 10, 1),
        "due_on": dt.date(2025, 11, 30),
        "progress": 20,
        "note": "",
    } | overrides
    return add_task(mentorship, user=None, **args)


def task_post(**overrides: Any) -> dict[str, Any]:
    return {
        "title": "Провести открытый урок",
        "activities": "Подготовка конспекта с наставником",
        "starts_on": "2026-02-01",
        "due_on": "2026-03-15",
        "progress": "0",
        "note": "",
    } | overrides


@pytest.fixture
def own(teacher_person: Teacher) -> Mentorship:
    """An active «педагог – педагог» pair whose mentor is the `teacher` persona."""
    return pair(mentors=[teacher_person], started_on=START, planned_end_on=END)


@pytest.fixture
def other() -> Mentorship:
    """A pair of another teacher, of a format the `lead` persona does not lead."""
    return pair(started_on=START, planned_end_on=END)


@pytest.fixture
def mentor(teacher: User, teacher_person: Teacher) -> Client:
    return client_for(teacher)


def page_text(response: Any) -> str:
    return " ".join(response.content.decode().split())


# ---- the plan page -------------------------------------------------------------------------


def test_plan_page_shows_goal_tasks_and_progress(curator: User, own: Mentorship) -> None:
    save_plan_goal(own, user=None, goal="Сократить срок адаптации молодого педагога.")
    new_task(own, progress=20)
    new_task(own, title="Провести открытый урок", progress=60, note="Урок проведён частично")

    response = client_for(curator).get(url("plan", own))

    assert response.status_code == 200
    text = response.text
    assert "План адаптации молодого педагога" in text
    assert "Сократить срок адаптации молодого педагога." in text
    assert "Изучить локальные акты техникума" in text
    assert "Урок проведён частично" in text
    assert 'max="100" value="40"' in text  # the overall progress: (20 + 60) / 2
    assert url("plan-task-add", own) in text
    assert reverse("documents:personal-plan", args=[own.pk]) in text


def test_plan_page_of_another_format_is_a_personalized_program(curator: User) -> None:
    mentorship = pair(
        format=format_of("student_student"),
        variant=variant_of("student_student", "leader_passive"),
        mentors=[StudentFactory(group=StudyGroupFactory(course=3))],
        mentees=[StudentFactory(group=StudyGroupFactory(course=1))],
    )

    response = client_for(curator).get(url("plan", mentorship))

    assert "Персонализированная программа наставничества" in response.text


def test_mentor_keeps_the_plan_of_their_pair(mentor: Client, own: Mentorship) -> None:
    task = new_task(own)

    response = mentor.get(url("plan", own))

    assert response.status_code == 200
    assert url("plan-task-edit", own, task) in response.text
    assert url("plan-task-progress", own, task) in response.text
    assert url("plan-task-delete", own, task) in response.text


def test_methodist_reads_the_plan_without_edit_links(methodist: User, own: Mentorship) -> None:
    task = new_task(own)

    response = client_for(methodist).get(url("plan", own))

    assert response.status_code == 200
    assert "Изучить локальные акты техникума" in response.text
    assert url("plan-task-edit", own, task) not in response.text
    assert url("plan-task-add", own) not in response.text
    assert url("plan-goal", own) not in response.text


def test_empty_plan_offers_to_fill_it_in_from_the_format(curator: User, own: Mentorship) -> None:
    response = client_for(curator).get(url("plan", own))

    assert "В плане пока нет задач." in response.text
    assert "Цель ещё не сформулирована." in response.text
    assert url("plan-fill", own) in response.text


def test_fill_is_not_offered_without_texts_to_fill_with(curator: User) -> None:
    mentorship = pair(
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "disabilities"),
        mentees=[StudentFactory(group=StudyGroupFactory(course=2))],
    )

    response = client_for(curator).get(url("plan", mentorship))

    assert url("plan-fill", mentorship) not in response.text
    assert url("plan-task-add", mentorship) in response.text


def test_plan_of_a_closed_mentorship_is_read_only(curator: User) -> None:
    mentorship = pair(status=MentorshipStatus.COMPLETED, ended_on=END)

    response = client_for(curator).get(url("plan", mentorship))

    assert response.status_code == 200
    assert "план сохраняется как есть и больше не изменяется" in response.text
    assert url("plan-task-add", mentorship) not in response.text
    assert url("plan-goal", mentorship) not in response.text


def test_plan_page_marks_overdue_tasks_and_tasks_outside_the_period(
    curator: User, own: Mentorship
) -> None:
    new_task(own, starts_on=None, due_on=dt.date(2025, 10, 15), progress=50)
    # The mentorship starts later now than when the task was planned.
    Mentorship.objects.filter(pk=own.pk).update(started_on=dt.date(2025, 11, 1))

    response = client_for(curator).get(url("plan", own))

    assert "просрочено" in response.text
    assert "вне периода" in response.text


def test_plan_page_hides_a_sensitive_variant(methodist: User) -> None:
    mentorship = pair(
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "disabilities"),
        mentees=[StudentFactory(group=StudyGroupFactory(course=2))],
    )

    response = client_for(methodist).get(url("plan", mentorship))

    assert response.status_code == 200
    assert "ОВЗ" not in response.text


def test_plan_page_queries_do_not_grow_with_tasks(
    curator: User, own: Mentorship, django_assert_max_num_queries: Any
) -> None:
    client = client_for(curator)
    new_task(own)
    client.get(url("plan", own))  # warms the caches (session, permissions, organization)
    with django_assert_max_num_queries(30) as few:
        client.get(url("plan", own))
    for number in range(15):
        new_task(own, title=f"Задача {number}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("plan", own))

    assert "Задача 14" in response.text


def test_plan_page_needs_a_role(outsider: User, own: Mentorship) -> None:
    assert client_for(outsider).get(url("plan", own)).status_code == 403


def test_plan_page_of_another_teachers_pair_is_not_found(mentor: Client, other: Mentorship) -> None:
    assert mentor.get(url("plan", other)).status_code == 404


def test_plan_page_of_another_format_is_not_found_for_a_lead(lead: User, other: Mentorship) -> None:
    assert client_for(lead).get(url("plan", other)).status_code == 404


def test_plan_page_refuses_post(curator: User, own: Mentorship) -> None:
    assert client_for(curator).post(url("plan", own)).status_code == 405


# ---- the card on the mentorship page -------------------------------------------------------


def test_mentorship_page_links_to_the_plan(curator: User, own: Mentorship) -> None:
    response = client_for(curator).get(reverse("mentorships:mentorship-detail", args=[own.pk]))

    assert url("plan", own) in response.text


def test_plan_changes_read_well_in_the_history_of_the_mentorship(
    curator: User, own: Mentorship
) -> None:
    task = new_task(own, progress=20)
    client_for(curator).post(url("plan-task-progress", own, task), {"progress": "100", "note": ""})

    response = client_for(curator).get(reverse("mentorships:mentorship-detail", args=[own.pk]))

    text = page_text(response)
    assert "Задача: Изучить локальные акты техникума" in text
    assert "Выполнение, %: 20 → 100" in text


def test_card_of_an_empty_plan_invites_those_who_keep_it(
    teacher: User, methodist: User, own: Mentorship
) -> None:
    for_mentor = render_to_string(
        "pairs/personal_plans/_plan.html", {"mentorship": own, **plan_card(own, teacher)}
    )
    for_methodist = render_to_string(
        "pairs/personal_plans/_plan.html", {"mentorship": own, **plan_card(own, methodist)}
    )

    assert "План ещё не составлен." in for_mentor
    assert "Составить план" in for_mentor
    assert "План ещё не составлен." in for_methodist
    assert "Составить план" not in for_methodist


def test_card_shows_the_goal_the_tasks_and_the_overall_progress(
    curator: User, own: Mentorship
) -> None:
    save_plan_goal(own, user=None, goal="Сократить срок адаптации.")
    new_task(own, progress=30)
    new_task(own, progress=60)
    new_task(own, progress=100)

    card = render_to_string(
        "pairs/personal_plans/_plan.html", {"mentorship": own, **plan_card(own, curator)}
    )

    assert "Сократить срок адаптации." in card
    assert "3 задачи" in card
    assert 'max="100" value="63"' in card
    assert reverse("documents:personal-plan", args=[own.pk]) in card


# ---- the goal ------------------------------------------------------------------------------


def test_mentor_sets_the_goal(mentor: Client, own: Mentorship) -> None:
    form = mentor.get(url("plan-goal", own))
    seen = form.context["form"]["seen"].value()

    response = mentor.post(url("plan-goal", own), {"goal": "Адаптация за год.", "seen": seen})

    assert response.status_code == 302
    assert response["Location"] == url("plan", own)
    assert PersonalPlan.objects.get(mentorship=own).goal == "Адаптация за год."
    change = own.changes.get(action=ChangeAction.PLAN_CHANGED)
    assert change.changed_by is not None and change.changed_by.username == "teacher"


def test_goal_changed_meanwhile_is_refused_on_the_form(curator: User, own: Mentorship) -> None:
    client = client_for(curator)
    seen = client.get(url("plan-goal", own)).context["form"]["seen"].value()
    save_plan_goal(own, user=None, goal="Цель коллеги")

    response = client.post(url("plan-goal", own), {"goal": "Моя цель", "seen": seen})

    assert refused_as_stale(response)
    assert PersonalPlan.objects.get().goal == "Цель коллеги"


def test_goal_is_required(curator: User, own: Mentorship) -> None:
    response = client_for(curator).post(url("plan-goal", own), {"goal": " "})

    assert response.status_code == 200
    assert not PersonalPlan.objects.exists()


def test_goal_of_a_closed_mentorship_goes_back_to_the_plan(curator: User) -> None:
    mentorship = pair(status=MentorshipStatus.COMPLETED, ended_on=END)

    response = client_for(curator).post(url("plan-goal", mentorship), {"goal": "Цель"}, follow=True)

    assert response.redirect_chain == [(url("plan", mentorship), 302)]
    assert "больше не изменяется" in response.text
    assert not PersonalPlan.objects.exists()


def test_goal_needs_the_right_to_change_plans(methodist: User, own: Mentorship) -> None:
    assert client_for(methodist).get(url("plan-goal", own)).status_code == 403


def test_goal_of_another_teachers_pair_is_not_found(mentor: Client, other: Mentorship) -> None:
    assert mentor.get(url("plan-goal", other)).status_code == 404


def test_goal_refuses_put(curator: User, own: Mentorship) -> None:
    assert client_for(curator).put(url("plan-goal", own)).status_code == 405


# ---- filled in from the format -------------------------------------------------------------


def test_fill_from_the_format(curator: User, own: Mentorship) -> None:
    response = client_for(curator).post(url("plan-fill", own), follow=True)

    count = len(format_of("teacher_teacher").task_list)
    assert response.redirect_chain == [(url("plan", own), 302)]
    assert PlanTask.objects.filter(plan__mentorship=own).count() == count
    assert f"План заполнен из формы: {count} задачи." in page_text(response)


def test_fill_refuses_a_plan_with_tasks(curator: User, own: Mentorship) -> None:
    new_task(own)

    response = client_for(curator).post(url("plan-fill", own), follow=True)

    assert "В плане уже есть задачи." in page_text(response)
    assert PlanTask.objects.count() == 1


def test_fill_needs_the_right_to_add_tasks(director: User, own: Mentorship) -> None:
    assert client_for(director).post(url("plan-fill", own)).status_code == 403


def test_fill_of_another_teachers_pair_is_not_found(mentor: Client, other: Mentorship) -> None:
    assert mentor.post(url("plan-fill", other)).status_code == 404


def test_fill_refuses_get(curator: User, own: Mentorship) -> None:
    assert client_for(curator).get(url("plan-fill", own)).status_code == 405


# ---- adding and editing tasks --------------------------------------------------------------


def test_mentor_adds_a_task(mentor: Client, own: Mentorship) -> None:
    assert mentor.get(url("plan-task-add", own)).status_code == 200

    response = mentor.post(url("plan-task-add", own), task_post())

    assert response.status_code == 302
    task = PlanTask.objects.get(plan__mentorship=own)
    assert (task.title, task.starts_on, task.due_on) == (
        "Провести открытый урок",
        dt.date(2026, 2, 1),
        dt.date(2026, 3, 15),
    )


def test_task_after_the_planned_end_is_refused_on_its_field(curator: User, own: Mentorship) -> None:
    response = client_for(curator).post(url("plan-task-add", own), task_post(due_on="2026-08-01"))

    assert response.status_code == 200
    assert response.context["form"].errors["due_on"] == [
        "Срок задачи — не позднее планового окончания наставничества (30.06.2026). Если работа "
        "займёт больше времени, сначала измените плановое окончание наставничества."
    ]
    assert not PlanTask.objects.exists()


def test_progress_over_100_is_refused_by_the_form(curator: User, own: Mentorship) -> None:
    response = client_for(curator).post(url("plan-task-add", own), task_post(progress="150"))

    assert response.status_code == 200
    assert "progress" in response.context["form"].errors
    assert not PlanTask.objects.exists()


def test_no_task_is_added_to_a_closed_mentorship(curator: User) -> None:
    mentorship = pair(status=MentorshipStatus.TERMINATED, ended_on=START)

    response = client_for(curator).post(url("plan-task-add", mentorship), task_post())

    assert response.status_code == 302
    assert not PlanTask.objects.exists()


def test_add_task_needs_the_right(methodist: User, own: Mentorship) -> None:
    assert client_for(methodist).get(url("plan-task-add", own)).status_code == 403


def test_add_task_to_another_formats_pair_is_not_found(lead: User, other: Mentorship) -> None:
    assert client_for(lead).get(url("plan-task-add", other)).status_code == 404


def test_add_task_refuses_delete(curator: User, own: Mentorship) -> None:
    assert client_for(curator).delete(url("plan-task-add", own)).status_code == 405


def test_curator_edits_a_task(curator: User, own: Mentorship) -> None:
    task = new_task(own)
    client = client_for(curator)
    seen = client.get(url("plan-task-edit", own, task)).context["form"]["seen"].value()

    response = client.post(url("plan-task-edit", own, task), task_post(progress="75", seen=seen))

    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.progress) == ("Провести открытый урок", 75)


def test_task_changed_meanwhile_is_refused(curator: User, own: Mentorship) -> None:
    task = new_task(own)
    seen = task_fingerprint(task)
    update_task(task, user=None, **{**task_post(), "starts_on": None, "due_on": END, "progress": 5})

    response = client_for(curator).post(url("plan-task-edit", own, task), task_post(seen=seen))

    assert refused_as_stale(response)
    task.refresh_from_db()
    assert task.progress == 5


def test_edit_task_needs_the_right(director: User, own: Mentorship) -> None:
    task = new_task(own)

    assert client_for(director).get(url("plan-task-edit", own, task)).status_code == 403


def test_task_of_another_plan_is_not_found(curator: User, own: Mentorship) -> None:
    foreign = new_task(pair())

    assert client_for(curator).get(url("plan-task-edit", own, foreign)).status_code == 404


def test_edit_task_of_another_teachers_pair_is_not_found(mentor: Client, other: Mentorship) -> None:
    task = new_task(other)

    assert mentor.get(url("plan-task-edit", other, task)).status_code == 404


def test_edit_task_refuses_put(curator: User, own: Mentorship) -> None:
    task = new_task(own)

    assert client_for(curator).put(url("plan-task-edit", own, task)).status_code == 405


# ---- progress ------------------------------------------------------------------------------


def test_mentor_records_progress(mentor: Client, own: Mentorship) -> None:
    task = new_task(own)
    seen = mentor.get(url("plan-task-progress", own, task)).context["form"]["seen"].value()

    response = mentor.post(
        url("plan-task-progress", own, task),
        {"progress": "100", "note": "Все акты изучены.", "seen": seen},
        follow=True,
    )

    task.refresh_from_db()
    assert (task.progress, task.note) == (100, "Все акты изучены.")
    assert "Выполнение задачи «Изучить локальные акты техникума»: 100%." in response.text


def test_progress_needs_the_right(methodist: User, own: Mentorship) -> None:
    task = new_task(own)

    assert client_for(methodist).get(url("plan-task-progress", own, task)).status_code == 403


def test_progress_of_another_teachers_pair_is_not_found(mentor: Client, other: Mentorship) -> None:
    task = new_task(other)

    assert mentor.get(url("plan-task-progress", other, task)).status_code == 404


def test_progress_refuses_put(curator: User, own: Mentorship) -> None:
    task = new_task(own)

    assert client_for(curator).put(url("plan-task-progress", own, task)).status_code == 405


# ---- order ---------------------------------------------------------------------------------


def test_move_a_task_up(curator: User, own: Mentorship) -> None:
    new_task(own, title="А")
    second = new_task(own, title="Б")

    response = client_for(curator).post(url("plan-task-move", own, second), {"direction": "up"})

    assert response.status_code == 302
    assert [t.title for t in PlanTask.objects.all()] == ["Б", "А"]


def test_move_needs_a_direction(curator: User, own: Mentorship) -> None:
    task = new_task(own)

    response = client_for(curator).post(
        url("plan-task-move", own, task), {"direction": "sideways"}, follow=True
    )

    assert "Укажите, куда переместить задачу" in response.text


def test_move_needs_the_right(methodist: User, own: Mentorship) -> None:
    task = new_task(own)

    response = client_for(methodist).post(url("plan-task-move", own, task), {"direction": "up"})

    assert response.status_code == 403


def test_move_in_another_teachers_pair_is_not_found(mentor: Client, other: Mentorship) -> None:
    task = new_task(other)

    assert mentor.post(url("plan-task-move", other, task), {"direction": "up"}).status_code == 404


def test_move_refuses_get(curator: User, own: Mentorship) -> None:
    task = new_task(own)

    assert client_for(curator).get(url("plan-task-move", own, task)).status_code == 405


# ---- deleting ------------------------------------------------------------------------------


def test_delete_asks_first(mentor: Client, own: Mentorship) -> None:
    task = new_task(own)

    response = mentor.get(url("plan-task-delete", own, task))

    assert response.status_code == 200
    assert "Удалить эту задачу из плана?" in response.text
    assert PlanTask.objects.exists()


def test_mentor_deletes_a_task(mentor: Client, own: Mentorship) -> None:
    task = new_task(own)

    response = mentor.post(url("plan-task-delete", own, task), follow=True)

    assert not PlanTask.objects.exists()
    assert "Задача «Изучить локальные акты техникума» удалена из плана." in response.text


def test_delete_needs_the_right(director: User, own: Mentorship) -> None:
    task = new_task(own)

    assert client_for(director).post(url("plan-task-delete", own, task)).status_code == 403
    assert PlanTask.objects.exists()


def test_delete_in_another_teachers_pair_is_not_found(mentor: Client, other: Mentorship) -> None:
    task = new_task(other)

    assert mentor.post(url("plan-task-delete", other, task)).status_code == 404
    assert PlanTask.objects.exists()


def test_delete_refuses_put(curator: User, own: Mentorship) -> None:
    task = new_task(own)

    assert client_for(curator).put(url("plan-task-delete", own, task)).status_code == 405


def test_task_of_a_closed_mentorship_is_not_deleted(curator: User, own: Mentorship) -> None:
    task = new_task(own)
    Mentorship.objects.filter(pk=own.pk).update(status=MentorshipStatus.COMPLETED, ended_on=END)

    response = client_for(curator).post(url("plan-task-delete", own, task), follow=True)

    assert "больше не изменяется" in response.text
    assert PlanTask.objects.exists()
