from __future__ import annotations

from django.urls import path

from programs.actionplan import views

app_name = "actionplan"

urlpatterns = [
    path("", views.plan_current, name="plan-current"),
    path("new/", views.plan_create, name="plan-create"),
    path("<int:pk>/", views.plan_detail, name="plan-detail"),
    path("<int:pk>/sections/new/", views.section_create, name="section-create"),
    path("<int:pk>/items/new/", views.item_create, name="item-create"),
    path("mine/", views.my_runs, name="my-runs"),
    path("runs/<int:pk>/", views.run_detail, name="run-detail"),
    path("runs/<int:pk>/evidence/", views.evidence_add, name="evidence-add"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence-delete"),
    path("items/<int:item_pk>/record/", views.run_record, name="run-record"),
    path(
        "records/<int:content_type_id>/<int:object_id>/count/",
        views.record_count,
        name="record-count",
    ),
]
