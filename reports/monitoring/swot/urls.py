from __future__ import annotations

from django.urls import path

from reports.monitoring.swot import views

app_name = "swot"

urlpatterns = [
    path("", views.swot_list, name="list"),
    path("<int:year>/<slug:format_code>/", views.swot_detail, name="detail"),
    path("<int:year>/<slug:format_code>/issue/", views.swot_issue, name="issue"),
]
