"""The pair registry and a mentorship's page (namespace mentorships:)."""

from __future__ import annotations

from django.urls import URLPattern, path

from pairs.mentorships import views

app_name = "mentorships"

urlpatterns: list[URLPattern] = [
    path("", views.registry, name="registry"),
    path("<int:pk>/", views.mentorship_detail, name="mentorship-detail"),
    path("decisions/<int:pk>/scan/", views.decision_scan, name="decision-scan"),
]
