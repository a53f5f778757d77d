"""Pages of a mentorship's personal plan (персонализированная программа наставничества; for
«педагог – педагог» the adaptation plan of a young teacher): the plan, its goal, its tasks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.formtools import posted, refuse
from core.http import AuthenticatedHttpRequest
from pairs.accesslog import record_special_view, special_mentees
from pairs.models import Mentorship, PlanTask
from pairs.personal_plans import services as plan_services
from pairs.personal_plans.forms import PlanGoalForm, PlanTaskForm, TaskProgressForm
from pairs.personal_plans.services import (
    can_edit_plan,
    goal_fingerprint,
    plan_source,
    plan_summary,
    plan_title,
    task_fingerprint,
)
from programs.access import formats_with_hidden_variants


def _visible_mentorship(request: AuthenticatedHttpRequest, pk: int) -> Mentorship:
    visible = Mentorship.objects.visible_to(request.user).with_people()
    return get_object_or_404(visible, pk=pk)


def _editable_mentorship(request: AuthenticatedHttpRequest, pk: int) -> Mentorship:
    """A mentorship whose plan the user keeps (MentorshipQuerySet.kept_by); any other: 404."""
    editable = Mentorship.objects.kept_by(request.user).select_related("format", "variant")
    return get_object_or_404(editable, pk=pk)


def _get_task(mentorship: Mentorship, task_pk: int) -> PlanTask:
    """A task of this mentorship's plan; a task of another plan is not found."""
    tasks = PlanTask.objects.select_related("plan__mentorship")
    return get_object_or_404(tasks, pk=task_pk, plan__mentorship=mentorship)


def _closed(request: AuthenticatedHttpRequest, mentorship: Mentorship) -> HttpResponse | None:
    """The way back to the plan, with the reason, when the mentorship is closed; else None."""
    try:
        plan_services.check_plan_editable(mentorship)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
        return redirect("personal_plans:plan", pk=mentorship.pk)
    return None


def _short(task: PlanTask) -> str:
    """A task's wording short enough for a message."""
    return Truncator(task.title).chars(80)


# --- The plan page and the mentorship page's card ---------------------------------------------


@dataclass(frozen=True)
class TaskRow:
    task: PlanTask
    overdue: bool
    outside_period: bool


def _task_rows(mentorship: Mentorship, tasks: list[PlanTask], today: dt.date) -> list[TaskRow]:
    running = mentorship.status in plan_services.OPEN_STATUSES
    return [
        TaskRow(
            task=task,
            overdue=running and task.progress < 100 and task.due_on < today,
            # The mentorship's dates may have changed since the task was planned.
            outside_period=(task.starts_on or task.due_on) < mentorship.started_on
            or task.due_on > mentorship.planned_end_on,
        )
        for task in tasks
    ]


@require_GET
@permission_required("pairs.view_personalplan", raise_exception=True)
def plan_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The plan: its goal and its tasks with activities, dates and progress."""
    mentorship = _visible_mentorship(request, pk)
    summary = plan_summary(mentorship)
    can_edit = can_edit_plan(request.user, mentorship)
    can_add = can_edit and request.user.has_perm("pairs.add_plantask")
    hidden = formats_with_hidden_variants(request.user)
    record_special_view(
        request,
        _("Personal plan: health or risk-group variant"),
        special_mentees([mentorship], hidden),
    )
    context = {
        "mentorship": mentorship,
        "title": plan_title(mentorship),
        "summary": summary,
        "rows": _task_rows(mentorship, summary.tasks, timezone.localdate()),
        "variant_hidden": mentorship.format_id in hidden,
        "can_edit": can_edit,
        "closed": not plan_services.is_plan_editable(mentorship),
        "can_add": can_add,
        "can_fill": can_add and any(plan_source(mentorship)),
        "can_change_tasks": can_edit and request.user.has_perm("pairs.change_plantask"),
        "can_delete": can_edit and request.user.has_perm("pairs.delete_plantask"),
    }
    return render(request, "pairs/personal_plans/plan_detail.html", context)


# --- The goal, and a plan filled in from the format -----------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("pairs.change_personalplan", raise_exception=True)
def plan_goal(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship = _editable_mentorship(request, pk)
    if (refused := _closed(request, mentorship)) is not None:
        return refused
    plan = plan_summary(mentorship).plan
    initial = {"goal": plan.goal if plan else "", "seen": goal_fingerprint(plan)}
    form = PlanGoalForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan_services.save_plan_goal(
                mentorship,
                user=request.user,
                goal=form.cleaned_data["goal"],
                seen=form.cleaned_data["seen"] or None,
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("The goal of the plan is saved."))
            return redirect("personal_plans:plan", pk=mentorship.pk)
    context = {"mentorship": mentorship, "title": plan_title(mentorship), "form": form}
    return render(request, "pairs/personal_plans/plan_goal_form.html", context)


@require_POST
@permission_required(["pairs.change_personalplan", "pairs.add_plantask"], raise_exception=True)
def plan_fill(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Fills a plan without tasks from the format's (or variant's) goal and tasks."""
    mentorship = _editable_mentorship(request, pk)
    try:
        plan = plan_services.fill_plan_from_format(mentorship, user=request.user)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        count = plan.tasks.count()  # type: ignore[attr-defined]
        messages.success(
            request,
            ngettext(
                "The plan is filled in from the format: %(count)s task. Check its wording, "
                "add the planned activities and adjust the dates.",
                "The plan is filled in from the format: %(count)s tasks. Check their wording, "
                "add the planned activities and adjust the dates.",
                count,
            )
            % {"count": count},
        )
    return redirect("personal_plans:plan", pk=mentorship.pk)


# --- Tasks ----------------------------------------------------------------------------------


def _task_arguments(form: PlanTaskForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "activities": data["activities"],
        "starts_on": data["starts_on"],
        "due_on": data["due_on"],
        "progress": data["progress"],
        "note": data["note"],
    }


@require_http_methods(["GET", "POST"])
@permission_required("pairs.add_plantask", raise_exception=True)
def task_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship = _editable_mentorship(request, pk)
    if (refused := _closed(request, mentorship)) is not None:
        return refused
    form = PlanTaskForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            task = plan_services.add_task(mentorship, user=request.user, **_task_arguments(form))
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("The task «%s» is added to the plan.") % _short(task))
            return redirect("personal_plans:plan", pk=mentorship.pk)
    context = {
        "mentorship": mentorship,
        "title": plan_title(mentorship),
        "form": form,
        "task": None,
    }
    return render(request, "pairs/personal_plans/task_form.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("pairs.change_plantask", raise_exception=True)
def task_edit(request: AuthenticatedHttpRequest, pk: int, task_pk: int) -> HttpResponse:
    mentorship = _editable_mentorship(request, pk)
    task = _get_task(mentorship, task_pk)
    if (refused := _closed(request, mentorship)) is not None:
        return refused
    initial = {
        **{name: getattr(task, name) for name in plan_services.TASK_FIELDS},
        "seen": task_fingerprint(task),
    }
    form = PlanTaskForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan_services.update_task(
                task,
                user=request.user,
                seen=form.cleaned_data["seen"] or None,
                **_task_arguments(form),
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("The task is saved."))
            return redirect("personal_plans:plan", pk=mentorship.pk)
    context = {
        "mentorship": mentorship,
        "title": plan_title(mentorship),
        "form": form,
        "task": task,
    }
    return render(request, "pairs/personal_plans/task_form.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("pairs.change_plantask", raise_exception=True)
def task_progress(request: AuthenticatedHttpRequest, pk: int, task_pk: int) -> HttpResponse:
    """How far a task has got, with a note: what a mentor records most often."""
    mentorship = _editable_mentorship(request, pk)
    task = _get_task(mentorship, task_pk)
    if (refused := _closed(request, mentorship)) is not None:
        return refused
    initial = {"progress": task.progress, "note": task.note, "seen": task_fingerprint(task)}
    form = TaskProgressForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan_services.update_progress(
                task,
                user=request.user,
                progress=data["progress"],
                note=data["note"],
                seen=data["seen"] or None,
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(
                request,
                _("Progress of «%(task)s»: %(progress)s%%.")
                % {"task": _short(task), "progress": data["progress"]},
            )
            return redirect("personal_plans:plan", pk=mentorship.pk)
    context = {
        "mentorship": mentorship,
        "title": plan_title(mentorship),
        "form": form,
        "task": task,
    }
    return render(request, "pairs/personal_plans/task_progress_form.html", context)


DIRECTIONS: dict[str, Literal["up", "down"]] = {"up": "up", "down": "down"}


@require_POST
@permission_required("pairs.change_plantask", raise_exception=True)
def task_move(request: AuthenticatedHttpRequest, pk: int, task_pk: int) -> HttpResponse:
    """Moves a task one place up or down (`direction` = up | down)."""
    mentorship = _editable_mentorship(request, pk)
    task = _get_task(mentorship, task_pk)
    direction = DIRECTIONS.get(request.POST.get("direction", ""))
    if direction is None:
        messages.error(request, _("Choose whether to move the task up or down."))
        return redirect("personal_plans:plan", pk=mentorship.pk)
    try:
        plan_services.move_task(task, user=request.user, direction=direction)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    return redirect("personal_plans:plan", pk=mentorship.pk)


@require_http_methods(["GET", "POST"])
@permission_required("pairs.delete_plantask", raise_exception=True)
def task_delete(request: AuthenticatedHttpRequest, pk: int, task_pk: int) -> HttpResponse:
    mentorship = _editable_mentorship(request, pk)
    task = _get_task(mentorship, task_pk)
    if (refused := _closed(request, mentorship)) is not None:
        return refused
    if request.method == "POST":
        try:
            plan_services.delete_task(task, user=request.user)
        except ValidationError as refusal:
            for message in refusal.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The task «%s» is deleted from the plan.") % _short(task))
        return redirect("personal_plans:plan", pk=mentorship.pk)
    context = {"mentorship": mentorship, "title": plan_title(mentorship), "task": task}
    return render(request, "pairs/personal_plans/task_confirm_delete.html", context)
