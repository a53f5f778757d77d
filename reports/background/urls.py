"""«Мои документы»: the documents prepared in the background (namespace documents-bg:)."""

from __future__ import annotations

from django.urls import URLPattern, path

from reports.background import views

app_name = "documents-bg"

urlpatterns: list[URLPattern] = [
    path("", views.mine, name="mine"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/state/", views.job_state, name="job-state"),
    path("<int:pk>/file/", views.download, name="download"),
    path("<int:pk>/retry/", views.retry, name="retry"),
    path("<int:pk>/delete/", views.delete, name="delete"),
]
