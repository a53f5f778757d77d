"""The personal plan of a mentorship: the персонализированная программа наставничества, for
«педагог – педагог» the young teacher's adaptation plan (plan item 3.6). Its goal, and its
tasks with planned activities, dates and progress.

The plan is kept while the mentorship is a draft or active, by whoever manages the mentorship
(the curator, the format's lead) and by its mentors; once completed or ended it is read-only.
Every change goes into the mentorship's history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.dates import format_day
from core.versions import fingerprint, stale_write
from pairs.mentorships.services import change_details, lock_mentorship, record_change
from pairs.models import (
    OPEN_STATUSES,
    ChangeAction,
    Mentorship,
    PersonalPlan,
    PlanTask,
)
from programs.models import FormatCode

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

# The fields of a task the history and the edit-conflict check compare.
TASK_FIELDS = ("title", "activities", "starts_on", "due_on", "progress", "note")


# --- Who keeps a plan, and what a plan page shows ---------------------------------------------


def is_plan_editable(mentorship: Mentorship) -> bool:
    return mentorship.status in OPEN_STATUSES


def can_edit_plan(user: User | AnonymousUser, mentorship: Mentorship) -> bool:
    """The user may change this mentorship's plan now: by role, by scope and by its status."""
    return (
        user.has_perm("pairs.change_personalplan")
        and is_plan_editable(mentorship)
        and Mentorship.objects.kept_by(user).filter(pk=mentorship.pk).exists()
    )


def plan_title(mentorship: Mentorship) -> str:
    """What the plan is called: for «педагог – педагог» the adaptation plan of item 3.6."""
    if mentorship.format.code == FormatCode.TEACHER_TEACHER:
        return _("Adaptation plan of a young teacher")
    return _("Personalized mentoring program")


def overall_progress(tasks: Sequence[PlanTask]) -> int | None:
    """The mean progress of the tasks, in whole per cent; None for a plan without tasks."""
    if not tasks:
        return None
    return round(sum(task.progress for task in tasks) / len(tasks))


@dataclass(frozen=True)
class PlanSummary:
    """A mentorship's plan as its pages show it (two queries)."""

    plan: PersonalPlan | None
    tasks: list[PlanTask]

    @property
    def task_count(self) -> int:
        return len(self.tasks)

    @property
    def progress(self) -> int | None:
        return overall_progress(self.tasks)

    @property
    def is_empty(self) -> bool:
        return not self.tasks and (self.plan is None or not self.plan.goal.strip())


def plan_summary(mentorship: Mentorship) -> PlanSummary:
    plan = PersonalPlan.objects.filter(mentorship=mentorship).first()
    tasks = list(plan.tasks.all()) if plan is not None else []  # type: ignore[attr-defined]
    return PlanSummary(plan, tasks)


def goal_fingerprint(plan: PersonalPlan | None) -> str:
    return fingerprint(plan.goal if plan is not None else "")


def task_fingerprint(task: PlanTask) -> str:
    return fingerprint(*(getattr(task, name) for name in TASK_FIELDS))


# --- The rules ------------------------------------------------------------------------------


def check_plan_editable(mentorship: Mentorship) -> None:
    """Refuses a change of the plan of a completed or ended mentorship."""
    if not is_plan_editable(mentorship):
        raise ValidationError(
            _(
                "Mentorship No. %(id)s is %(status)s: its personal plan is kept as it was and "
                "is not changed any more."
            )
            % {"id": mentorship.pk, "status": mentorship.get_status_display()}
        )


def task_errors(
    mentorship: Mentorship,
    *,
    title: str,
    starts_on: dt.date | None,
    due_on: dt.date,
    progress: int,
) -> dict[str, list[str]]:
    """Every rule the task breaks, by field, as Russian messages."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    start, end = mentorship.started_on, mentorship.planned_end_on
    if not title.strip():
        refuse("title", _("Write what the task is."))
    if starts_on is not None and starts_on < start:
        refuse(
            "starts_on",
            _("A task cannot start before the mentorship starts (%(date)s).")
            % {"date": format_day(start)},
        )
    if starts_on is not None and due_on < starts_on:
        refuse("due_on", _("A task is due on or after its start."))
    elif due_on < start:
        refuse(
            "due_on",
            _("A task cannot be due before the mentorship starts (%(date)s).")
            % {"date": format_day(start)},
        )
    if due_on > end:
        refuse(
            "due_on",
            _(
                "A task is due by the planned end of the mentorship (%(date)s). If the work "
                "takes longer, change the planned end of the mentorship first."
            )
            % {"date": format_day(end)},
        )
    errors.update(_progress_errors(progress))
    return errors


def _progress_errors(progress: int) -> dict[str, list[str]]:
    if not 0 <= progress <= 100:
        return {"progress": [_("Progress is given in per cent: from 0 to 100.")]}
    return {}


def _locked(mentorship: Mentorship) -> Mentorship:
    """The mentorship's row, locked until the transaction ends so that changes of its plan
    happen one after another; refused if it is closed meanwhile."""
    locked = lock_mentorship(mentorship)
    if locked is None:
        raise Mentorship.DoesNotExist
    check_plan_editable(locked)
    return locked


def _locked_task(task: PlanTask) -> tuple[Mentorship, PlanTask]:
    mentorship = _locked(task.plan.mentorship)
    current = PlanTask.objects.select_for_update().filter(pk=task.pk).first()
    if current is None:
        raise ValidationError(_("This task has been deleted meanwhile."))
    return mentorship, current


def _plan_of(mentorship: Mentorship) -> PersonalPlan:
    plan, _created = PersonalPlan.objects.get_or_create(mentorship=mentorship)
    return plan


def _touch(plan: PersonalPlan) -> None:
    plan.save(update_fields=["updated_at"])


def _task_details(before: dict[str, object], after: dict[str, object]) -> list[dict[str, str]]:
    """What changed in a task, as the history keeps it (field names of PlanTask). The first
    line is always the task's wording, so that the entry says which task it was."""
    changed = change_details(before, after)
    if not changed:
        return []
    named = {"field": "title", "old": str(before["title"]), "new": str(after["title"])}
    return [named, *(detail for detail in changed if detail["field"] != "title")]


def _task_values(task: PlanTask) -> dict[str, object]:
    return {name: getattr(task, name) for name in TASK_FIELDS}


# --- The changes ----------------------------------------------------------------------------


@transaction.atomic
def save_plan_goal(
    mentorship: Mentorship, *, user: User | None, goal: str, seen: str | None = None
) -> PersonalPlan:
    """Sets the plan's goal, creating the plan if the mentorship has none yet. `seen` is the
    `goal_fingerprint` the user's form was made from: a goal changed since is not overwritten."""
    locked = _locked(mentorship)
    plan = _plan_of(locked)
    if seen is not None and seen != goal_fingerprint(plan):
        raise stale_write(_("the goal of the plan"))
    goal = goal.strip()
    details = change_details({"goal": plan.goal}, {"goal": goal})
    plan.goal = goal
    plan.full_clean()
    plan.save()
    if details:
        record_change(locked, action=ChangeAction.PLAN_CHANGED, user=user, details=details)
    return plan


@transaction.atomic
def add_task(
    mentorship: Mentorship,
    *,
    user: User | None,
    title: str,
    due_on: dt.date,
    starts_on: dt.date | None = None,
    activities: str = "",
    progress: int = 0,
    note: str = "",
) -> PlanTask:
    """Adds a task at the end of the plan (creating the plan if need be).

    Raises ValidationError, by field, when the dates fall outside the mentorship's period,
    the task is due before it starts, or the progress is not 0–100.
    """
    locked = _locked(mentorship)
    errors = task_errors(locked, title=title, starts_on=starts_on, due_on=due_on, progress=progress)
    if errors:
        raise ValidationError(errors)
    plan = _plan_of(locked)
    last = plan.tasks.aggregate(last=Max("position"))["last"]  # type: ignore[attr-defined]
    task = PlanTask(
        plan=plan,
        position=(last or 0) + 1,
        title=title.strip(),
        activities=activities.strip(),
        starts_on=starts_on,
        due_on=due_on,
        progress=progress,
        note=note.strip(),
    )
    task.full_clean()
    task.save()
    _touch(plan)
    record_change(
        locked,
        action=ChangeAction.PLAN_CHANGED,
        user=user,
        details=[{"field": "title", "old": "", "new": task.title}],
    )
    return task


@transaction.atomic
def update_task(
    task: PlanTask,
    *,
    user: User | None,
    title: str,
    due_on: dt.date,
    starts_on: dt.date | None,
    activities: str,
    progress: int,
    note: str,
    seen: str | None = None,
) -> PlanTask:
    """Changes a task. `seen` is the `task_fingerprint` the user's form was made from: a task
    someone else changed since is not overwritten. The rules are those of `add_task`."""
    mentorship, current = _locked_task(task)
    if seen is not None and seen != task_fingerprint(current):
        raise stale_write(_("the task «%(task)s»") % {"task": current.title})
    errors = task_errors(
        mentorship, title=title, starts_on=starts_on, due_on=due_on, progress=progress
    )
    if errors:
        raise ValidationError(errors)
    before = _task_values(current)
    current.title = title.strip()
    current.activities = activities.strip()
    current.starts_on = starts_on
    current.due_on = due_on
    current.progress = progress
    current.note = note.strip()
    return _save_task(mentorship, current, before, user=user)


@transaction.atomic
def update_progress(
    task: PlanTask, *, user: User | None, progress: int, note: str, seen: str | None = None
) -> PlanTask:
    """Records how far a task has got, with a note on it; the task's wording and dates stay
    as they are (and are not checked again)."""
    mentorship, current = _locked_task(task)
    if seen is not None and seen != task_fingerprint(current):
        raise stale_write(_("the task «%(task)s»") % {"task": current.title})
    errors = _progress_errors(progress)
    if errors:
        raise ValidationError(errors)
    before = _task_values(current)
    current.progress = progress
    current.note = note.strip()
    return _save_task(mentorship, current, before, user=user)


def _save_task(
    mentorship: Mentorship, task: PlanTask, before: dict[str, object], *, user: User | None
) -> PlanTask:
    task.full_clean()
    task.save()
    _touch(task.plan)
    details = _task_details(before, _task_values(task))
    if details:
        record_change(mentorship, action=ChangeAction.PLAN_CHANGED, user=user, details=details)
    return task


@transaction.atomic
def delete_task(task: PlanTask, *, user: User | None) -> None:
    """Removes a task from the plan; the history keeps its wording."""
    mentorship, current = _locked_task(task)
    title = current.title
    plan = current.plan
    current.delete()
    _touch(plan)
    record_change(
        mentorship,
        action=ChangeAction.PLAN_CHANGED,
        user=user,
        details=[{"field": "title", "old": title, "new": ""}],
    )


@transaction.atomic
def move_task(task: PlanTask, *, user: User | None, direction: Literal["up", "down"]) -> None:
    """Moves a task one place up or down the plan; at either end it stays where it is."""
    mentorship, current = _locked_task(task)
    tasks = list(current.plan.tasks.select_for_update().order_by("position", "due_on", "id"))  # type: ignore[attr-defined]
    index = next(i for i, other in enumerate(tasks) if other.pk == current.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(tasks):
        return
    tasks[index], tasks[target] = tasks[target], tasks[index]
    # Numbered anew from 1, so that tasks added with equal positions get a definite order.
    for position, other in enumerate(tasks, start=1):
        other.position = position
    PlanTask.objects.bulk_update(tasks, ["position"])
    _touch(current.plan)
    record_change(
        mentorship,
        action=ChangeAction.PLAN_CHANGED,
        user=user,
        details=[
            {"field": "title", "old": current.title, "new": current.title},
            {"field": "position", "old": str(index + 1), "new": str(target + 1)},
        ],
    )


# --- A starting point from the Положение ------------------------------------------------------


def plan_source(mentorship: Mentorship) -> tuple[str, list[str]]:
    """The goal and the tasks a new plan starts from: the variant's where it has them, else
    the format's (section 3 of the Положение).

    The texts of a special-category variant (ОВЗ, группа риска) name the category, and a plan
    is read and printed by roles that may not know it; so they are never copied into a plan.
    """
    mentoring_format = mentorship.format
    variant = mentorship.variant
    if variant is None or variant.is_special_category:
        return mentoring_format.goal.strip(), mentoring_format.task_list
    return (
        variant.goal.strip() or mentoring_format.goal.strip(),
        variant.task_list or mentoring_format.task_list,
    )


def spread_over(start: dt.date, end: dt.date, count: int) -> list[tuple[dt.date, dt.date]]:
    """`count` consecutive stretches (start, due) that together cover start…end."""
    days = (end - start).days + 1
    stretches = []
    for index in range(count):
        first = start + dt.timedelta(days=days * index // count)
        last = start + dt.timedelta(days=days * (index + 1) // count - 1)
        first = min(first, end)
        stretches.append((first, max(first, last)))
    return stretches


@transaction.atomic
def fill_plan_from_format(mentorship: Mentorship, *, user: User | None) -> PersonalPlan:
    """Starts a plan without tasks from the format's (or variant's) goal and tasks, their
    dates spread over the mentorship's period one after another. A goal already written is
    kept. The user then edits the wording, activities and dates."""
    locked = _locked(mentorship)
    plan = _plan_of(locked)
    if plan.tasks.exists():  # type: ignore[attr-defined]
        raise ValidationError(
            _(
                "The plan already has tasks. Only a plan without tasks is filled in from the "
                "format; add or change the tasks one by one."
            )
        )
    goal, titles = plan_source(locked)
    if not goal and not titles:
        raise ValidationError(
            _(
                "The format «%(format)s» has no goal or tasks to fill the plan with: write "
                "them yourself."
            )
            % {"format": locked.format.title}
        )
    details: list[dict[str, str]] = []
    if goal and not plan.goal.strip():
        details += change_details({"goal": plan.goal}, {"goal": goal})
        plan.goal = goal
    stretches = spread_over(locked.started_on, locked.planned_end_on, len(titles))
    tasks = [
        PlanTask(plan=plan, position=position, title=title, starts_on=first, due_on=due)
        for position, (title, (first, due)) in enumerate(zip(titles, stretches, strict=True), 1)
    ]
    for task in tasks:
        task.full_clean()
    PlanTask.objects.bulk_create(tasks)
    plan.save()
    details += [{"field": "title", "old": "", "new": task.title} for task in tasks]
    if details:
        record_change(locked, action=ChangeAction.PLAN_CHANGED, user=user, details=details)
    return plan
