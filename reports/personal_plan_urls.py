"""The personal plan (adaptation plan) as a PDF."""

from __future__ import annotations

from django.urls import URLPattern, path

from reports import personal_plan_views

app_name = "plan-documents"

urlpatterns: list[URLPattern] = [
    path("personal/<int:pk>.pdf", personal_plan_views.personal_plan, name="personal-plan"),
]
