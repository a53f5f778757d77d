from __future__ import annotations

from django.urls import path

from reports.monitoring.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.indicator_list, name="list"),
    path("plans/<int:pk>/targets/", views.targets_edit, name="targets"),
]
