from __future__ import annotations

from django.urls import path

from programs.formats import views

app_name = "formats"

urlpatterns = [
    path("formats/", views.format_list, name="format-list"),
    path("formats/<slug:code>/", views.format_detail, name="format-detail"),
    path("formats/<slug:code>/edit/", views.format_edit, name="format-edit"),
    path("organization/", views.organization_detail, name="organization-detail"),
    path("organization/edit/", views.organization_edit, name="organization-edit"),
]
