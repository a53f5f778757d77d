from __future__ import annotations

from django.urls import path

from registry.people import views

app_name = "people"

# /people/import/ and /people/export/ belong to registry.imports.urls.
urlpatterns = [
    path("students/", views.student_list, name="students"),
    path("teachers/", views.teacher_list, name="teachers"),
    path("pupils/", views.pupil_list, name="pupils"),
    path("employees/", views.employee_list, name="employees"),
    path("new/student/", views.student_create, name="create-student"),
    path("new/teacher/", views.teacher_create, name="create-teacher"),
    path("new/pupil/", views.pupil_create, name="create-pupil"),
    path("new/employee/", views.employee_create, name="create-employee"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/consents/new/", views.consent_add, name="consent-add"),
    path(
        "<int:person_pk>/consents/<int:pk>/withdraw/",
        views.consent_withdraw,
        name="consent-withdraw",
    ),
    path("<int:pk>/special-status/", views.special_status, name="special-status"),
    path("<int:pk>/training/new/", views.training_add, name="training-add"),
    path("<int:person_pk>/training/<int:pk>/edit/", views.training_edit, name="training-edit"),
    path(
        "<int:person_pk>/training/<int:pk>/delete/", views.training_delete, name="training-delete"
    ),
    path("<int:pk>/mentor-profile/", views.mentor_profile, name="mentor-profile"),
]
