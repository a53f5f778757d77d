from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from mentoring_site import views
from reports.home import views as home_views

admin.site.site_header = _("Nastavnik: administration")
admin.site.site_title = _("Nastavnik")
admin.site.index_title = _("Records")

urlpatterns = [
    path("", home_views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/lockouts/", include("core.lockouts.urls")),
    path("program/", include("programs.formats.urls")),
    path("pairs/", include("pairs.mentorships.urls")),
    path("pairs/", include("pairs.drafting.urls")),
    path("pairs/", include("pairs.work.urls")),
    path("pairs/", include("pairs.personal_plans.urls")),
    path("program/plan/", include("programs.actionplan.urls")),
    path("program/training/", include("registry.training.urls")),
    path("events/", include("pairs.events.urls")),
    path("incentives/", include("registry.incentives.urls")),
    path("program/publications/", include("registry.publications.urls")),
    path("program/contests/", include("programs.contests.urls")),
    path("proposals/", include("pairs.proposals.urls")),
    path("pools/", include("pairs.pools.urls")),
    path("people/access-log/", include("registry.accesslog.urls")),
    path("people/retention/", include("registry.retention.urls")),
    path("people/", include("registry.subjectdata.urls")),
    path("people/", include("registry.imports.urls")),
    path("people/", include("registry.people.urls")),
    # /people/logins/… and /people/<pk>/login/new/ (the curator's), /account/password/.
    path("", include("registry.accounts.urls")),
    path("partners/", include("registry.partners.urls")),
    path("documents/mine/", include("reports.background.urls")),
    path("documents/", include("reports.documents.urls")),
    path("monitoring/questionnaires/", include("reports.monitoring.questionnaires.urls")),
    path("monitoring/", include("reports.monitoring.cycles.urls")),
    path("monitoring/results/", include("reports.monitoring.results.urls")),
    path("monitoring/indicators/", include("reports.monitoring.indicators.urls")),
    path("monitoring/report/", include("reports.monitoring.report.urls")),
    path("monitoring/swot/", include("reports.monitoring.swot.urls")),
    path("monitoring/dashboard/", include("reports.monitoring.dashboard.urls")),
    # /monitoring/answers/… and the personal link /q/<token>/ (no login).
    path("", include("reports.monitoring.answering.urls")),
    path("media/<path:path>", views.media, name="media"),
    path("admin/", admin.site.urls),
]
