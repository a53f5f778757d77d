from __future__ import annotations

from django.urls import path

from pairs.proposals import views

app_name = "proposals"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("new/", views.proposal_create, name="create"),
    path("new/variants/", views.proposal_variants, name="variants"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/accept/", views.proposal_accept, name="accept"),
    path("<int:pk>/reject/", views.proposal_reject, name="reject"),
    path("<int:pk>/withdraw/", views.proposal_withdraw, name="withdraw"),
]
