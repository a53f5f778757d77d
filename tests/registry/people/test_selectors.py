"""`OpenablePeople` says of loaded people what `Person.objects.visible_to` says of rows."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.models import PERSON_DETAILS, PartnerCurator, Person
from registry.people.selectors import OpenablePeople
from tests.factories import PartnerEmployeeFactory, PupilFactory, StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def everyone(school_curator: PartnerCurator) -> list[Person]:
    """One person of each kind, and a pupil of the partner's curator's own school."""
    StudentFactory()
    TeacherFactory()
    PupilFactory()
    PupilFactory(school=school_curator.organization)
    PartnerEmployeeFactory()
    return list(Person.objects.select_related(*PERSON_DETAILS).order_by("id"))


@pytest.mark.parametrize(
    "persona",
    ["curator", "director", "lead", "methodist", "teacher", "partner_curator", "outsider"],
)
def test_it_agrees_with_visible_to(
    persona: str, everyone: list[Person], request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(persona)
    visible = set(Person.objects.visible_to(user).values_list("pk", flat=True))

    openable = OpenablePeople(user)

    assert {p.pk for p in everyone if openable(p)} == visible


def test_a_partners_curator_costs_one_query_in_all(
    partner_curator: User, everyone: list[Person]
) -> None:
    openable = OpenablePeople(partner_curator)
    openable(everyone[0])  # the roles and permissions are read once
    with CaptureQueriesContext(connection) as captured:
        answers = [openable(p) for p in everyone]

    assert sum(answers) == 1
    assert len(captured) <= 1
