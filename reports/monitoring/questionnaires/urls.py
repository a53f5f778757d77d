from __future__ import annotations

from django.urls import path

from reports.monitoring.questionnaires import views

app_name = "questionnaires"

urlpatterns = [
    path("", views.questionnaire_list, name="list"),
    path("<int:pk>/", views.questionnaire_detail, name="detail"),
    path("<int:pk>/questions/new/", views.question_add, name="question-add"),
    path("<int:pk>/questions/<int:question_pk>/edit/", views.question_edit, name="question-edit"),
]
