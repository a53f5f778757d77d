from __future__ import annotations

from django.urls import path

from reports.monitoring.dashboard import views

app_name = "monitoring-dashboard"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
