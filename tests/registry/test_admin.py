from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import MentorshipFactory, StudentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_curator(curator: User) -> User:
    curator.is_staff = True
    curator.save()
    return curator


def test_every_changelist_opens_for_the_curator(staff_curator: User) -> None:
    MentorshipFactory()
    client = client_for(staff_curator)
    app_models = [
        (model._meta.app_label, model._meta.model_name)
        for model in admin.site._registry
        if model._meta.app_label in {"programs", "registry", "pairs"}
    ]

    for app_label, model_name in app_models:
        response = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
        assert response.status_code == 200, model_name


def test_student_search_ignores_case_and_yo(staff_curator: User) -> None:
    StudentFactory(last_name="Ёлкин", first_name="Пётр")
    StudentFactory(last_name="Иванов")
    url = reverse("admin:registry_student_changelist")

    response = client_for(staff_curator).get(url, {"q": "елкин петр"})

    assert response.context["cl"].result_count == 1


def test_mentorships_cannot_be_added_in_the_admin(staff_curator: User) -> None:
    response = client_for(staff_curator).get(reverse("admin:pairs_mentorship_add"))

    assert response.status_code == 403


def test_a_teacher_without_staff_status_is_kept_out(teacher: User) -> None:
    response = client_for(teacher).get(reverse("admin:index"))

    assert response.status_code == 302
