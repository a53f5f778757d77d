"""Meetings, editing, completion and ending early of a mentorship, and the pairs needing
attention (namespace work:)."""

from __future__ import annotations

from django.urls import URLPattern, path

from pairs.work import views

app_name = "work"

urlpatterns: list[URLPattern] = [
    path("attention/", views.attention, name="attention"),
    path("<int:pk>/edit/", views.mentorship_edit, name="mentorship-edit"),
    path("<int:pk>/complete/", views.mentorship_complete, name="mentorship-complete"),
    path("<int:pk>/terminate/", views.mentorship_terminate, name="mentorship-terminate"),
    path("<int:pk>/meetings/new/", views.meeting_create, name="meeting-create"),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/edit/",
        views.meeting_edit,
        name="meeting-edit",
    ),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/delete/",
        views.meeting_delete,
        name="meeting-delete",
    ),
]
