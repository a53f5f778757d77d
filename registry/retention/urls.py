from __future__ import annotations

from django.urls import path

from registry.retention import views

app_name = "retention"

urlpatterns = [
    path("", views.review, name="review"),
    path("destroy/", views.destroy, name="destroy"),
    path("acts/", views.act_list, name="acts"),
    path("acts/<int:pk>/", views.act_download, name="act"),
]
