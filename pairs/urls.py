from __future__ import annotations

from django.urls import path

from pairs import views

app_name = "pairs"

urlpatterns = [
    path("", views.registry, name="registry"),
    path("<int:pk>/", views.mentorship_detail, name="mentorship-detail"),
    path("new/", views.mentorship_new, name="mentorship-new"),
    path("new/<slug:code>/", views.mentorship_create, name="mentorship-create"),
]
