"""The personal plan of a mentorship (namespace personal_plans:)."""

from __future__ import annotations

from django.urls import URLPattern, path

from pairs.personal_plans import views as plan_views

app_name = "personal_plans"

urlpatterns: list[URLPattern] = [
    path("<int:pk>/plan/", plan_views.plan_detail, name="plan"),
    path("<int:pk>/plan/goal/", plan_views.plan_goal, name="plan-goal"),
    path("<int:pk>/plan/fill/", plan_views.plan_fill, name="plan-fill"),
    path("<int:pk>/plan/tasks/new/", plan_views.task_add, name="plan-task-add"),
    path("<int:pk>/plan/tasks/<int:task_pk>/", plan_views.task_edit, name="plan-task-edit"),
    path(
        "<int:pk>/plan/tasks/<int:task_pk>/progress/",
        plan_views.task_progress,
        name="plan-task-progress",
    ),
    path("<int:pk>/plan/tasks/<int:task_pk>/move/", plan_views.task_move, name="plan-task-move"),
    path(
        "<int:pk>/plan/tasks/<int:task_pk>/delete/",
        plan_views.task_delete,
        name="plan-task-delete",
    ),
]
