from __future__ import annotations

from django.urls import path

from registry.imports import views

app_name = "imports"

urlpatterns = [
    path("import/", views.import_start, name="start"),
    path("import/template/<str:kind>.xlsx", views.import_template, name="template"),
    path("import/<str:token>/", views.import_preview, name="preview"),
    path("import/<str:token>/confirm/", views.import_confirm, name="confirm"),
    path("export/students.xlsx", views.export_students, name="export-students"),
    path("export/teachers.xlsx", views.export_teachers, name="export-teachers"),
]
