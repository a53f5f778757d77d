from __future__ import annotations

from django.urls import path

from registry.accounts import views

app_name = "accounts"

# Included at the root: the curator's pages under /people/, every user's under /account/.
urlpatterns = [
    path("people/logins/", views.login_list, name="list"),
    path("people/<int:pk>/login/new/", views.person_login_create, name="person-create"),
    path(
        "people/partner-curators/<int:pk>/login/new/",
        views.curator_login_create,
        name="curator-create",
    ),
    path("people/logins/<int:pk>/block/", views.login_block, name="block"),
    path("people/logins/<int:pk>/unblock/", views.login_unblock, name="unblock"),
    path("people/logins/<int:pk>/reset/", views.login_reset, name="reset"),
    path("account/password/", views.password_change, name="password-change"),
]
