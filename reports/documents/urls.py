"""Every printed or exported document of the reports (namespace documents:)."""

from __future__ import annotations

from django.urls import URLPattern, path

from reports.documents import views

app_name = "documents"

urlpatterns: list[URLPattern] = [
    path("plans/<int:pk>/report.pdf", views.plan_report, name="plan-report"),
    path("plans/personal/<int:pk>.pdf", views.personal_plan, name="personal-plan"),
    path("incentives/<int:pk>/parents-letter.pdf", views.parents_letter, name="parents-letter"),
    path("training/<int:pk>/attendance-sheet.pdf", views.training_sheet, name="training-sheet"),
    path("registry.xlsx", views.registry_xlsx, name="registry-xlsx"),
    path("registry.pdf", views.registry_pdf, name="registry-pdf"),
    path("pools/analysis.pdf", views.pools_analysis_pdf, name="pools-analysis-pdf"),
    path("pools/<str:role>-base.pdf", views.pool_base_pdf, name="pool-pdf"),
]
