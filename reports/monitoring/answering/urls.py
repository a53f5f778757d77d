"""Mounted at the site's root: the staff pages under /monitoring/answers/, the personal
link as /q/<token>/ (short, to type from a printed slip)."""

from __future__ import annotations

from django.urls import path

from reports.monitoring.answering import views

app_name = "answering"

urlpatterns = [
    path("q/thanks/", views.link_thanks, name="link-thanks"),
    path("q/<str:token>/", views.personal_link, name="link"),
    path("monitoring/answers/mine/", views.my_questionnaires, name="mine"),
    path("monitoring/answers/mine/<int:pk>/", views.my_questionnaire, name="mine-detail"),
    path("monitoring/answers/unanswered/", views.unanswered, name="unanswered"),
    path("monitoring/answers/unanswered/links.pdf", views.link_slips, name="slips"),
    path("monitoring/answers/<int:pk>/paper/", views.paper_entry, name="paper-entry"),
    path("monitoring/answers/<int:pk>/decline/", views.decline_assignment, name="decline"),
    path("monitoring/answers/responses/", views.response_list, name="responses"),
    path("monitoring/answers/responses/<int:pk>/", views.response_detail, name="response-detail"),
]
