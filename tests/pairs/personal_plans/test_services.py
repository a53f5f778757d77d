"""pairs.personal_plans.services: the personal plan's goal and tasks, their rules, their history."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from pairs.models import (
    ChangeAction,
    Mentorship,
    MentorshipChange,
    MentorshipStatus,
    PersonalPlan,
    PlanTask,
)
from pairs.personal_plans.services import (
    add_task,
    can_edit_plan,
    delete_task,
    fill_plan_from_format,
    goal_fingerprint,
    move_task,
    overall_progress,
    plan_source,
    plan_summary,
    plan_title,
    save_plan_goal,
    spread_over,
    task_fingerprint,
    update_progress,
    update_task,
)
from registry.models import Teacher
from tests.factories import (
    MentorshipFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
    UserFactory,
    format_of,
    variant_of,
)
from tests.stale import is_stale

pytestmark = pytest.mark.django_db


def pair(**kwargs: Any) -> Mentorship:
    """A saved mentorship (MentorshipFactory, typed)."""
    return cast(Mentorship, MentorshipFactory(**kwargs))


def built(**kwargs: Any) -> Mentorship:
    """An unsaved mentorship."""
    return cast(Mentorship, MentorshipFactory.build(**kwargs))


START = dt.date(2025, 10, 1)
END = dt.date(2026, 6, 30)


@pytest.fixture
def mentorship() -> Mentorship:
    """An active «педагог – педагог» pair from 01.10.2025 to 30.06.2026."""
    return pair(started_on=START, planned_end_on=END)


@pytest.fixture
def user() -> User:
    return cast(User, UserFactory(roles=["curator"]))


def task_args(**overrides: Any) -> dict[str, Any]:
    return {
        "title": "Изучить локальные акты техникума",
        "activities": "Беседа с наставником; посещение педсовета",
        "starts_on": dt.date(2025, 10, 1),
        "due_on": dt.date(2025, 11, 30),
        "progress": 0,
        "note": "",
    } | overrides


def refused(call: Any, *args: Any, **kwargs: Any) -> list[str]:
    """The messages of the call's refusal."""
    with pytest.raises(ValidationError) as excinfo:
        call(*args, **kwargs)
    return excinfo.value.messages


def refused_fields(call: Any, *args: Any, **kwargs: Any) -> dict[str, list[str]]:
    """The messages of the call's refusal, by field."""
    with pytest.raises(ValidationError) as excinfo:
        call(*args, **kwargs)
    return excinfo.value.message_dict


def history(mentorship: Mentorship) -> list[MentorshipChange]:
    return list(mentorship.changes.filter(action=ChangeAction.PLAN_CHANGED).order_by("id"))


# ---- the goal ------------------------------------------------------------------------------


def test_save_plan_goal_creates_the_plan_and_records_the_change(
    mentorship: Mentorship, user: User
) -> None:
    plan = save_plan_goal(mentorship, user=user, goal="  Сократить срок адаптации.  ")

    assert plan.mentorship == mentorship
    assert plan.goal == "Сократить срок адаптации."
    (change,) = history(mentorship)
    assert change.changed_by == user
    assert change.details == [{"field": "goal", "old": "", "new": "Сократить срок адаптации."}]


def test_save_plan_goal_changes_the_existing_plan(mentorship: Mentorship, user: User) -> None:
    save_plan_goal(mentorship, user=user, goal="Старая цель")

    save_plan_goal(mentorship, user=user, goal="Новая цель")

    assert PersonalPlan.objects.get().goal == "Новая цель"
    assert history(mentorship)[-1].details == [
        {"field": "goal", "old": "Старая цель", "new": "Новая цель"}
    ]


def test_saving_the_same_goal_records_nothing(mentorship: Mentorship, user: User) -> None:
    save_plan_goal(mentorship, user=user, goal="Цель")

    save_plan_goal(mentorship, user=user, goal="Цель")

    assert len(history(mentorship)) == 1


def test_goal_changed_meanwhile_is_not_overwritten(mentorship: Mentorship, user: User) -> None:
    seen = goal_fingerprint(None)
    save_plan_goal(mentorship, user=user, goal="Цель коллеги")

    with pytest.raises(ValidationError) as excinfo:
        save_plan_goal(mentorship, user=user, goal="Моя цель", seen=seen)

    assert is_stale(excinfo.value)
    assert "цель плана" in excinfo.value.messages[0]
    assert PersonalPlan.objects.get().goal == "Цель коллеги"


def test_goal_of_a_completed_mentorship_is_not_changed(user: User) -> None:
    mentorship = pair(status=MentorshipStatus.COMPLETED, ended_on=END)

    messages = refused(save_plan_goal, mentorship, user=user, goal="Цель")

    assert "больше не изменяется" in messages[0], messages
    assert not PersonalPlan.objects.exists()


def test_plan_of_a_draft_is_kept(user: User) -> None:
    mentorship = pair(status=MentorshipStatus.DRAFT, decision=None)

    assert save_plan_goal(mentorship, user=user, goal="Цель").goal == "Цель"


# ---- tasks: the rules ----------------------------------------------------------------------


def test_add_task_appends_it_and_records_it(mentorship: Mentorship, user: User) -> None:
    first = add_task(mentorship, user=user, **task_args())
    second = add_task(mentorship, user=user, **task_args(title="Провести открытый урок"))

    assert (first.position, second.position) == (1, 2)
    assert first.plan.mentorship == mentorship
    assert history(mentorship)[-1].details == [
        {"field": "title", "old": "", "new": "Провести открытый урок"}
    ]


def test_a_task_may_go_without_a_start(mentorship: Mentorship, user: User) -> None:
    task = add_task(mentorship, user=user, **task_args(starts_on=None))

    assert task.starts_on is None


def test_a_task_may_take_the_whole_period(mentorship: Mentorship, user: User) -> None:
    task = add_task(mentorship, user=user, **task_args(starts_on=START, due_on=END))

    assert (task.starts_on, task.due_on) == (START, END)


def test_task_cannot_start_before_the_mentorship(mentorship: Mentorship, user: User) -> None:
    errors = refused_fields(
        add_task, mentorship, user=user, **task_args(starts_on=dt.date(2025, 9, 30))
    )

    assert errors == {
        "starts_on": ["Задача не может начинаться раньше начала наставничества (01.10.2025)."]
    }
    assert not PlanTask.objects.exists()


def test_task_cannot_be_due_after_the_planned_end(mentorship: Mentorship, user: User) -> None:
    errors = refused_fields(
        add_task, mentorship, user=user, **task_args(due_on=dt.date(2026, 7, 1))
    )

    (message,) = errors["due_on"]
    assert "не позднее планового окончания наставничества (30.06.2026)" in message
    assert "сначала измените плановое окончание" in message


def test_task_without_a_start_cannot_be_due_before_the_mentorship(
    mentorship: Mentorship, user: User
) -> None:
    errors = refused_fields(
        add_task,
        mentorship,
        user=user,
        **task_args(starts_on=None, due_on=dt.date(2025, 9, 1)),
    )

    assert errors == {
        "due_on": ["Срок задачи не может наступить раньше начала наставничества (01.10.2025)."]
    }


def test_task_is_due_on_or_after_its_start(mentorship: Mentorship, user: User) -> None:
    errors = refused_fields(
        add_task,
        mentorship,
        user=user,
        **task_args(starts_on=dt.date(2025, 12, 1), due_on=dt.date(2025, 11, 1)),
    )

    assert errors == {"due_on": ["Срок выполнения задачи не может быть раньше её начала."]}


@pytest.mark.parametrize("progress", [-1, 101])
def test_progress_is_from_0_to_100(mentorship: Mentorship, user: User, progress: int) -> None:
    errors = refused_fields(add_task, mentorship, user=user, **task_args(progress=progress))

    assert errors == {"progress": ["Выполнение указывается в процентах: от 0 до 100."]}


def test_task_needs_its_wording(mentorship: Mentorship, user: User) -> None:
    errors = refused_fields(add_task, mentorship, user=user, **task_args(title="   "))

    assert errors == {"title": ["Сформулируйте задачу."]}


def test_no_task_is_added_to_an_ended_mentorship(user: User) -> None:
    mentorship = pair(status=MentorshipStatus.TERMINATED, ended_on=START)

    messages = refused(add_task, mentorship, user=user, **task_args())

    assert "досрочно" in messages[0] and "больше не изменяется" in messages[0], messages
    assert not PlanTask.objects.exists()


# ---- tasks: changes ------------------------------------------------------------------------


def test_update_task_records_what_changed(mentorship: Mentorship, user: User) -> None:
    task = add_task(mentorship, user=user, **task_args())

    update_task(task, user=user, **task_args(progress=40, due_on=dt.date(2025, 12, 15)))

    task.refresh_from_db()
    assert (task.progress, task.due_on) == (40, dt.date(2025, 12, 15))
    # The first line names the task; then what changed, as PlanTask names the fields.
    assert history(mentorship)[-1].details == [
        {"field": "title", "old": task.title, "new": task.title},
        {"field": "due_on", "old": "30.11.2025", "new": "15.12.2025"},
        {"field": "progress", "old": "0", "new": "40"},
    ]


def test_a_new_wording_of_a_task_is_its_first_history_line(
    mentorship: Mentorship, user: User
) -> None:
    task = add_task(mentorship, user=user, **task_args())

    update_task(task, user=user, **task_args(title="Изучить устав техникума"))

    assert history(mentorship)[-1].details == [
        {
            "field": "title",
            "old": "Изучить локальные акты техникума",
            "new": "Изучить устав техникума",
        }
    ]


def test_saving_a_task_unchanged_records_nothing(mentorship: Mentorship, user: User) -> None:
    task = add_task(mentorship, user=user, **task_args())
    changes = len(history(mentorship))

    update_task(task, user=user, **task_args())

    assert len(history(mentorship)) == changes


def test_update_task_keeps_the_rules(mentorship: Mentorship, user: User) -> None:
    task = add_task(mentorship, user=user, **task_args())

    errors = refused_fields(update_task, task, user=user, **task_args(due_on=dt.date(2026, 9, 1)))

    assert list(errors) == ["due_on"]
    task.refresh_from_db()
    assert task.due_on == dt.date(2025, 11, 30)


def test_task_changed_meanwhile_is_not_overwritten(mentorship: Mentorship, user: User) -> None:
    task = add_task(mentorship, user=user, **task_args())
    seen = task_fingerprint(task)
    update_task(task, user=user, **task_args(note="Отметка коллеги"))

    with pytest.raises(ValidationError) as excinfo:
        update_task(task, user=user, seen=seen, **task_args(title="Моя формулировка"))

    assert is_stale(excinfo.value)
    assert "задачу «Изучить локальные акты техникума»" in excinfo.value.messages[0]
    task.refresh_from_db()
    assert (task.title, task.note) == ("Изучить локальные акты техникума", "Отметка коллеги")


def test_update_task_with_the_fingerprint_it_was_read_with(
    mentorship: Mentorship, user: User
) -> None:
    task = add_task(mentorship, user=user, **task_args())

    update_task(task, user=user, seen=task_fingerprint(task), **task_args(progress=10))

    task.refresh_from_db()
    assert task.progress == 10


def test_update_progress_changes_progress_and_note_only(mentorship: Mentorship, user: User) -> None:
    task = add_task(mentorship, user=user, **task_args())

    update_progress(task, user=user, progress=100, note="Изучены все акты.")

    task.refresh_from_db()
    assert (task.progress, task.note) == (100, "Изучены все акты.")
    assert task.title == "Изучить локальные акты техникума"
    assert [d["field"] for d in history(mentorship)[-1].details] == ["title", "progress", "note"]


def test_update_progress_refuses_more_than_100(mentorship: Mentorship, user: User) -> None:
    task = add_task(mentorship, user=user, **task_args())

    errors = refused_fields(update_progress, task, user=user, progress=120, note="")

    assert errors == {"progress": ["Выполнение указывается в процентах: от 0 до 100."]}


def test_progress_of_a_task_planned_before_the_dates_changed_is_still_recorded(
    mentorship: Mentorship, user: User
) -> None:
    task = add_task(mentorship, user=user, **task_args())
    Mentorship.objects.filter(pk=mentorship.pk).update(started_on=dt.date(2025, 11, 1))

    update_progress(task, user=user, progress=50, note="")

    task.refresh_from_db()
    assert task.progress == 50


def test_progress_of_a_completed_mentorship_is_not_changed(
    mentorship: Mentorship, user: User
) -> None:
    task = add_task(mentorship, user=user, **task_args())
    Mentorship.objects.filter(pk=mentorship.pk).update(
        status=MentorshipStatus.COMPLETED, ended_on=END
    )

    messages = refused(update_progress, task, user=user, progress=50, note="")

    assert "больше не изменяется" in messages[0]
    task.refresh_from_db()
    assert task.progress == 0


def test_delete_task_keeps_its_wording_in_the_history(mentorship: Mentorship, user: User) -> None:
    task = add_task(mentorship, user=user, **task_args())

    delete_task(task, user=user)

    assert not PlanTask.objects.exists()
    assert history(mentorship)[-1].details == [
        {"field": "title", "old": "Изучить локальные акты техникума", "new": ""}
    ]


def test_a_task_deleted_meanwhile_is_not_changed(mentorship: Mentorship, user: User) -> None:
    task = add_task(mentorship, user=user, **task_args())
    PlanTask.objects.filter(pk=task.pk).delete()

    messages = refused(update_progress, task, user=user, progress=10, note="")

    assert messages == ["Эту задачу тем временем удалили."]


def test_move_task_up_and_down(mentorship: Mentorship, user: User) -> None:
    first, second, third = (
        add_task(mentorship, user=user, **task_args(title=title)) for title in "АБВ"
    )

    move_task(third, user=user, direction="up")

    assert [t.title for t in PlanTask.objects.all()] == ["А", "В", "Б"]
    assert history(mentorship)[-1].details == [
        {"field": "title", "old": "В", "new": "В"},
        {"field": "position", "old": "3", "new": "2"},
    ]
    move_task(first, user=user, direction="down")
    assert [t.title for t in PlanTask.objects.all()] == ["В", "А", "Б"]


def test_moving_the_first_task_up_leaves_the_plan_as_it_is(
    mentorship: Mentorship, user: User
) -> None:
    first = add_task(mentorship, user=user, **task_args(title="А"))
    add_task(mentorship, user=user, **task_args(title="Б"))
    changes = len(history(mentorship))

    move_task(first, user=user, direction="up")

    assert [t.title for t in PlanTask.objects.all()] == ["А", "Б"]
    assert len(history(mentorship)) == changes


# ---- filled in from the format -------------------------------------------------------------


def test_fill_from_the_format_takes_its_goal_and_tasks(mentorship: Mentorship, user: User) -> None:
    tasks = format_of("teacher_teacher").task_list

    plan = fill_plan_from_format(mentorship, user=user)

    assert plan.goal == format_of("teacher_teacher").goal
    saved = list(plan.tasks.all())  # type: ignore[attr-defined]
    assert [task.title for task in saved] == tasks
    assert [task.position for task in saved] == list(range(1, len(tasks) + 1))
    # Spread over the period one after another, the first from the start, the last to the end.
    assert saved[0].starts_on == START
    assert saved[-1].due_on == END
    for earlier, later in zip(saved, saved[1:], strict=False):
        assert later.starts_on == earlier.due_on + dt.timedelta(days=1)
    assert all(task.progress == 0 for task in saved)
    details = history(mentorship)[-1].details
    assert details[0]["field"] == "goal"
    assert [d["new"] for d in details[1:]] == tasks


def test_fill_keeps_a_goal_already_written(mentorship: Mentorship, user: User) -> None:
    save_plan_goal(mentorship, user=user, goal="Своя цель")

    plan = fill_plan_from_format(mentorship, user=user)

    assert plan.goal == "Своя цель"
    assert plan.tasks.count() == len(format_of("teacher_teacher").task_list)  # type: ignore[attr-defined]


def test_fill_takes_the_variants_texts(user: User) -> None:
    mentorship = teacher_student(variant_of("teacher_student", "gifted"))

    plan = fill_plan_from_format(mentorship, user=user)

    gifted = variant_of("teacher_student", "gifted")
    assert plan.goal == gifted.goal
    assert [t.title for t in plan.tasks.all()] == gifted.task_list  # type: ignore[attr-defined]


def test_fill_takes_the_formats_texts_for_a_variant_without_its_own(user: User) -> None:
    variant = variant_of("student_student", "leader_passive")
    assert not variant.goal and not variant.task_list

    goal, tasks = plan_source(built(format=format_of("student_student"), variant=variant))

    assert (goal, tasks) == (
        format_of("student_student").goal,
        format_of("student_student").task_list,
    )


def test_fill_never_copies_a_special_category_variants_texts(user: User) -> None:
    mentorship = teacher_student(variant_of("teacher_student", "disabilities"))

    messages = refused(fill_plan_from_format, mentorship, user=user)

    # «педагог – студент» has no goal or tasks of its own; the ОВЗ variant's are not copied.
    assert messages == [
        f"У формы «{mentorship.format.title}» нет цели и задач, которыми можно заполнить план: "
        "впишите их сами."
    ]
    assert not PlanTask.objects.exists()


def test_fill_refuses_a_plan_with_tasks(mentorship: Mentorship, user: User) -> None:
    add_task(mentorship, user=user, **task_args())

    messages = refused(fill_plan_from_format, mentorship, user=user)

    assert "В плане уже есть задачи" in messages[0]
    assert PlanTask.objects.count() == 1


def test_fill_refuses_a_closed_mentorship(user: User) -> None:
    mentorship = pair(status=MentorshipStatus.COMPLETED, ended_on=END)

    messages = refused(fill_plan_from_format, mentorship, user=user)

    assert "больше не изменяется" in messages[0]


def test_spread_over_covers_the_period_without_gaps() -> None:
    stretches = spread_over(dt.date(2025, 10, 1), dt.date(2025, 10, 10), 3)

    assert stretches == [
        (dt.date(2025, 10, 1), dt.date(2025, 10, 3)),
        (dt.date(2025, 10, 4), dt.date(2025, 10, 6)),
        (dt.date(2025, 10, 7), dt.date(2025, 10, 10)),
    ]


def test_spread_over_a_period_shorter_than_the_tasks() -> None:
    stretches = spread_over(dt.date(2025, 10, 1), dt.date(2025, 10, 2), 4)

    assert all(dt.date(2025, 10, 1) <= a <= b <= dt.date(2025, 10, 2) for a, b in stretches)


# ---- what the pages show, who may edit -----------------------------------------------------


def test_overall_progress_is_the_mean_of_the_tasks(mentorship: Mentorship, user: User) -> None:
    for progress in (0, 50, 100, 25):
        add_task(mentorship, user=user, **task_args(progress=progress))

    summary = plan_summary(mentorship)

    assert summary.task_count == 4
    assert summary.progress == 44  # 175 / 4 = 43.75
    assert overall_progress([]) is None


def test_plan_titles() -> None:
    assert plan_title(built(format=format_of("teacher_teacher"))) == (
        "План адаптации молодого педагога"
    )
    assert plan_title(built(format=format_of("student_student"))) == (
        "Персонализированная программа наставничества"
    )


def test_who_keeps_the_plan(
    curator: User, lead: User, methodist: User, teacher: User, teacher_person: Teacher
) -> None:
    own = pair(mentors=[teacher_person])
    led = student_student()
    other = pair()

    assert set(Mentorship.objects.kept_by(curator)) == {own, led, other}
    assert set(Mentorship.objects.kept_by(lead)) == {led}
    assert set(Mentorship.objects.kept_by(teacher)) == {own}
    assert set(Mentorship.objects.kept_by(methodist)) == set()
    assert can_edit_plan(teacher, own)
    assert not can_edit_plan(teacher, other)
    assert not can_edit_plan(methodist, own)  # sees it, may not change plans


def test_nobody_edits_the_plan_of_a_closed_mentorship(curator: User) -> None:
    mentorship = pair(status=MentorshipStatus.COMPLETED, ended_on=END)

    assert not can_edit_plan(curator, mentorship)


# ---- helpers -------------------------------------------------------------------------------


def teacher_student(variant: Any) -> Mentorship:
    return pair(
        format=format_of("teacher_student"),
        variant=variant,
        mentors=[TeacherFactory()],
        mentees=[StudentFactory(group=StudyGroupFactory(course=2))],
    )


def student_student() -> Mentorship:
    return pair(
        format=format_of("student_student"),
        variant=variant_of("student_student", "leader_passive"),
        mentors=[StudentFactory(group=StudyGroupFactory(course=3))],
        mentees=[StudentFactory(group=StudyGroupFactory(course=1))],
    )
