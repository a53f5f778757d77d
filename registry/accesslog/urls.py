from __future__ import annotations

from django.urls import path

from registry.accesslog import views

app_name = "accesslog"

urlpatterns = [
    path("", views.log_list, name="list"),
    path("export/", views.log_export, name="export"),
]
