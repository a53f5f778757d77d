from __future__ import annotations

from django.urls import path

from reports.monitoring.results import views

app_name = "monitoring-results"

urlpatterns = [
    path("", views.results_index, name="index"),
    path("<int:year>/<slug:code>/<slug:wave>/", views.results_detail, name="detail"),
    path("<int:year>/<slug:code>/<slug:wave>/export/", views.results_export, name="export"),
]
