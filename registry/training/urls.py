from __future__ import annotations

from django.urls import path

from registry.training import views

app_name = "training"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("new/", views.session_create, name="create"),
    path("<int:pk>/", views.session_detail, name="detail"),
    path("<int:pk>/edit/", views.session_edit, name="edit"),
    path("<int:pk>/delete/", views.session_delete, name="delete"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path(
        "<int:pk>/attendance/<int:record_pk>/remove/",
        views.attendee_remove,
        name="attendee-remove",
    ),
]
