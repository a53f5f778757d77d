from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pairs.models import Decision
from tests.conftest import client_for
from tests.factories import MentorshipFactory, StudentFactory, format_of, variant_of
from tests.files import HTML

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


def test_the_mentorship_admin_is_scoped_and_masked(methodist: User) -> None:
    methodist.is_staff = True
    methodist.save()
    MentorshipFactory(
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "disabilities"),
        mentees=[StudentFactory()],
    )

    response = client_for(methodist).get(reverse("admin:pairs_mentorship_changelist"))

    assert response.status_code == 200
    assert "ОВЗ" not in response.text
    assert "скрыт" in response.text


def test_the_mentorship_admin_shows_a_lead_only_their_formats(lead: User) -> None:
    lead.is_staff = True
    lead.save()
    MentorshipFactory()

    response = client_for(lead).get(reverse("admin:pairs_mentorship_changelist"))

    assert response.context["cl"].result_count == 0


def test_a_decision_that_confirms_mentorships_cannot_be_changed(staff_curator: User) -> None:
    mentorship = MentorshipFactory()
    url = reverse("admin:pairs_decision_change", args=[mentorship.decision_id])

    response = client_for(staff_curator).post(url, {"body": "employer", "number": "99"})

    mentorship.decision.refresh_from_db()
    assert response.status_code in (200, 403)
    assert mentorship.decision.body == "pedagogical_council"


def test_variant_flags_are_read_only_in_the_admin(staff_curator: User) -> None:
    format_pk = format_of("teacher_student").pk
    url = reverse("admin:programs_mentoringformat_change", args=[format_pk])

    response = client_for(staff_curator).get(url)

    assert 'name="variants-1-requires_disability_course"' not in response.text
    assert 'name="variants-1-is_special_category"' not in response.text


def test_the_curator_can_look_up_logins_for_people(staff_curator: User) -> None:
    response = client_for(staff_curator).get(
        reverse("admin:autocomplete"),
        {"app_label": "registry", "model_name": "teacher", "field_name": "user", "term": "cur"},
    )

    assert response.status_code == 200


def test_a_decision_scan_uploaded_in_the_admin_is_checked_by_its_content(
    staff_curator: User,
) -> None:
    disguised = SimpleUploadedFile("protocol.pdf", HTML, content_type="application/pdf")

    response = client_for(staff_curator).post(
        reverse("admin:pairs_decision_add"),
        {
            "body": "pedagogical_council",
            "number": "5",
            "decided_on": "2026-10-01",
            "scan": disguised,
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["scan"]
    assert not Decision.objects.exists()
