from __future__ import annotations

from django.urls import path

from pairs.drafting import views as draft_views
from pairs.mentorships import views
from pairs.personal_plans import urls as plan_urls
from pairs.work import urls as work_urls

app_name = "pairs"

urlpatterns = [
    path("", views.registry, name="registry"),
    path("<int:pk>/", views.mentorship_detail, name="mentorship-detail"),
    path("decisions/<int:pk>/scan/", views.decision_scan, name="decision-scan"),
    path("new/", draft_views.mentorship_new, name="mentorship-new"),
    path("new/<slug:code>/", draft_views.mentorship_create, name="mentorship-create"),
    path("drafting/", draft_views.drafting, name="drafting"),
    path("drafts/", draft_views.draft_list, name="drafts"),
    path("drafts/confirm/", draft_views.drafts_confirm, name="drafts-confirm"),
    path("drafts/<int:pk>/delete/", draft_views.draft_delete, name="draft-delete"),
    *work_urls.urlpatterns,
    *plan_urls.urlpatterns,
]
