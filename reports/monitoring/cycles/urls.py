from __future__ import annotations

from django.urls import path

from reports.monitoring.cycles import views

app_name = "monitoring"

urlpatterns = [
    path("", views.cycle_list, name="cycle-list"),
    path("new/", views.cycle_create, name="cycle-create"),
    path("<int:pk>/", views.cycle_detail, name="cycle-detail"),
    path("<int:pk>/close/", views.cycle_close, name="cycle-close"),
    path("<int:pk>/wave/", views.wave_issue, name="wave-issue"),
    path("<int:pk>/yearly/", views.yearly_issue, name="yearly-issue"),
    path("<int:pk>/consents/", views.consents_recheck, name="consents-recheck"),
]
