from __future__ import annotations

from django.urls import URLPattern, path

from registry.partners import views

app_name = "partners"

urlpatterns: list[URLPattern] = [
    path("", views.partner_list, name="list"),
    path("new/", views.partner_create, name="create"),
    path("<int:pk>/", views.partner_detail, name="detail"),
    path("<int:pk>/edit/", views.partner_edit, name="edit"),
    path("<int:pk>/agreements/new/", views.agreement_create, name="agreement-create"),
    path(
        "<int:pk>/agreements/<int:agreement_pk>/edit/",
        views.agreement_edit,
        name="agreement-edit",
    ),
    path(
        "<int:pk>/agreements/<int:agreement_pk>/delete/",
        views.agreement_delete,
        name="agreement-delete",
    ),
    path("<int:pk>/curators/new/", views.curator_create, name="curator-create"),
    path("<int:pk>/curators/<int:curator_pk>/edit/", views.curator_edit, name="curator-edit"),
    path(
        "<int:pk>/curators/<int:curator_pk>/delete/",
        views.curator_delete,
        name="curator-delete",
    ),
]
