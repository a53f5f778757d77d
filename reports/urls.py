from __future__ import annotations

from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("plans/<int:pk>/report.pdf", views.plan_report, name="plan-report"),
    path("incentives/<int:pk>/parents-letter.pdf", views.parents_letter, name="parents-letter"),
    path("registry.xlsx", views.registry_xlsx, name="registry-xlsx"),
    path("registry.pdf", views.registry_pdf, name="registry-pdf"),
]
