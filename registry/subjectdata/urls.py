from __future__ import annotations

from django.urls import path

from registry.subjectdata import views

app_name = "subject-data"

urlpatterns = [
    path("<int:pk>/subject-data.pdf", views.subject_data_pdf, name="pdf"),
    path("<int:pk>/subject-data.xlsx", views.subject_data_xlsx, name="xlsx"),
]
