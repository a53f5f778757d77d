from __future__ import annotations

from django.urls import path

from pairs.pools import views

app_name = "pools"

urlpatterns = [
    path("", views.pool_list, name="list"),
    path("export/", views.pool_export, name="export"),
    path("add/", views.entry_add, name="add"),
    path("include/", views.entries_include, name="include"),
    path("refresh/", views.pools_refresh, name="refresh"),
    path("analysis/", views.pools_analysis, name="analysis"),
    path("analysis/export/", views.pools_analysis_export, name="analysis-export"),
    path("<int:pk>/", views.entry_detail, name="entry"),
    path("<int:pk>/exclude/", views.entry_exclude, name="exclude"),
]
