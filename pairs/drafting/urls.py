"""Drafting pairs from the pools or by hand, and confirming drafts (namespace drafting:)."""

from __future__ import annotations

from django.urls import URLPattern, path

from pairs.drafting import views

app_name = "drafting"

urlpatterns: list[URLPattern] = [
    path("new/", views.mentorship_new, name="mentorship-new"),
    path("new/<slug:code>/", views.mentorship_create, name="mentorship-create"),
    path("drafting/", views.drafting, name="drafting"),
    path("drafts/", views.draft_list, name="drafts"),
    path("drafts/confirm/", views.drafts_confirm, name="drafts-confirm"),
    path("drafts/<int:pk>/delete/", views.draft_delete, name="draft-delete"),
]
