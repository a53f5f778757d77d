"""The read-only page of the indicators (/monitoring/indicators/)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.dates import AcademicYear
from programs.actionplan.services import create_default_targets
from tests.conftest import client_for
from tests.factories import (
    ActionPlanFactory,
    MentorshipFactory,
    StudentFactory,
    UserFactory,
    format_of,
)
from tests.reports.monitoring.builders import make_assignment, make_response
from tests.reports.monitoring.test_indicators import _process_versions

pytestmark = pytest.mark.django_db

URL = reverse("indicators:list")
DAY = "2026-03-15"


def rows_of(response: Any) -> dict[str, Any]:
    return {row["result"].indicator.code: row for row in response.context["rows"]}


def test_the_director_sees_every_indicator_against_its_target(director: User) -> None:
    create_default_targets(ActionPlanFactory())
    MentorshipFactory(format=format_of("student_student"), mentees=[StudentFactory()])

    response = client_for(director).get(URL, {"day": DAY})

    assert response.status_code == 200
    assert response.context["year"] == AcademicYear(2025)
    rows = rows_of(response)
    assert len(rows) == 20
    assert rows["mentorships_running"]["result"].computed.numerator == 1
    assert rows["plan_execution"]["result"].target == Decimal(100)
    assert 'data-indicator="students_15_19"' in response.content.decode()


def test_a_format_lead_counts_the_led_formats_only(lead: User) -> None:
    MentorshipFactory(format=format_of("student_student"), mentees=[StudentFactory()])
    MentorshipFactory(format=format_of("teacher_student"), mentees=[StudentFactory()])

    response = client_for(lead).get(URL, {"day": DAY})

    assert rows_of(response)["mentorships_running"]["result"].computed.numerator == 1


def test_a_questionnaire_indicator_of_few_answers_is_hidden_from_the_director(
    director: User, curator: User
) -> None:
    mentee, _mentor = _process_versions()
    student = StudentFactory()
    mentorship = MentorshipFactory(format=format_of("teacher_student"), mentees=[student])
    make_response(make_assignment(mentee, person=student, mentorship=mentorship), {"satisfied": 8})

    hidden = rows_of(client_for(director).get(URL, {"day": DAY}))["satisfaction_mentees"]
    shown = rows_of(client_for(curator).get(URL, {"day": DAY}))["satisfaction_mentees"]

    assert (hidden["hidden"], shown["hidden"]) == (True, False)
    assert shown["result"].computed.value == Decimal("8.0")


def test_a_year_alone_takes_its_nearest_day(methodist: User) -> None:
    create_default_targets(ActionPlanFactory())

    response = client_for(methodist).get(URL, {"year": "2029"})

    assert response.context["day"] == dt.date(2029, 9, 1)


def test_the_page_takes_a_constant_number_of_queries(
    curator: User, django_assert_max_num_queries: Any
) -> None:
    create_default_targets(ActionPlanFactory())
    MentorshipFactory(format=format_of("student_student"), mentees=[StudentFactory()])
    client = client_for(curator)
    with CaptureQueriesContext(connection) as first:
        client.get(URL, {"day": DAY})
    for _ in range(3):
        MentorshipFactory(format=format_of("teacher_student"), mentees=[StudentFactory()])

    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(URL, {"day": DAY})

    assert rows_of(response)["mentorships_running"]["result"].computed.numerator == 4


def test_a_teacher_may_not_see_the_indicators(teacher: User) -> None:
    assert client_for(teacher).get(URL).status_code == 403


def test_a_lead_of_no_format_has_no_indicators() -> None:
    nobody = UserFactory(username="lead-of-none", roles=["format_lead"])

    assert client_for(nobody).get(URL).status_code == 404


def test_an_unknown_year_is_not_found(director: User) -> None:
    assert client_for(director).get(URL, {"year": "1990"}).status_code == 404


def test_the_page_is_read_only(director: User) -> None:
    assert client_for(director).post(URL).status_code == 405
