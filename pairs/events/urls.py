from __future__ import annotations

from django.urls import path

from pairs.events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="event-list"),
    path("new/", views.event_create, name="event-create"),
    path("<int:pk>/", views.event_detail, name="event-detail"),
    path("<int:pk>/edit/", views.event_edit, name="event-edit"),
    path("<int:pk>/delete/", views.event_delete, name="event-delete"),
    path("<int:pk>/participants/add/", views.participant_add, name="participant-add"),
    path(
        "<int:event_pk>/participants/<int:pk>/edit/",
        views.participant_edit,
        name="participant-edit",
    ),
    path(
        "<int:event_pk>/participants/<int:pk>/delete/",
        views.participant_delete,
        name="participant-delete",
    ),
]
