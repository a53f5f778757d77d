from __future__ import annotations

from django.urls import path

from reports.monitoring.report import views

app_name = "monitoring-report"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_create, name="create"),
    path("<int:year>/", views.report_detail, name="detail"),
    path("<int:year>/edit/", views.report_edit, name="edit"),
    path("<int:year>/submit/", views.report_submit, name="submit"),
    path("<int:year>/return/", views.report_return, name="return"),
    path("<int:year>/approve/", views.report_approve, name="approve"),
    path("<int:year>/pdf/", views.report_pdf, name="pdf"),
    path("<int:year>/xlsx/", views.report_xlsx, name="xlsx"),
    path("<int:year>/files/", views.report_files_state, name="files-state"),
    path("<int:year>/files/prepare/", views.report_prepare_files, name="prepare-files"),
]
