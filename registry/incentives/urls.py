from __future__ import annotations

from django.urls import path

from registry.incentives import views

app_name = "incentives"

urlpatterns = [
    path("", views.incentive_list, name="incentive-list"),
    path("by-mentor/", views.incentive_by_mentor, name="incentive-by-mentor"),
    path("new/", views.incentive_create, name="incentive-create"),
    path("<int:pk>/", views.incentive_detail, name="incentive-detail"),
    path("<int:pk>/edit/", views.incentive_edit, name="incentive-edit"),
    path("<int:pk>/delete/", views.incentive_delete, name="incentive-delete"),
    path("honour-board/", views.honour_board, name="honour-board"),
]
