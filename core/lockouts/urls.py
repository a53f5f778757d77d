from __future__ import annotations

from django.urls import path

from core.lockouts import views

app_name = "lockouts"

urlpatterns = [
    path("", views.lockout_list, name="list"),
    path("<int:pk>/unlock/", views.lockout_unlock, name="unlock"),
]
