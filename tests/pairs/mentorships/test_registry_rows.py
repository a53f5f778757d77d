"""The registry's rows are drawn by MentorshipTable.registry_rows in one template loop, not
cell by cell by django-tables2: the page must read exactly as django-tables2's own rows did."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.test import RequestFactory
from django_tables2 import RequestConfig

from pairs.mentorships.filters import registry_filter
from pairs.mentorships.tables import MentorshipTable
from pairs.models import MentorshipStatus
from programs.access import formats_with_hidden_variants
from registry.models import Teacher
from registry.people.selectors import OpenablePeople
from tests.factories import (
    MentorshipFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
    format_of,
    variant_of,
)

pytestmark = pytest.mark.django_db

STOCK = "django_tables2/bootstrap5-responsive.html"


def pairs(mentor: Teacher) -> None:
    MentorshipFactory(
        format=format_of("student_student"),
        variant=variant_of("student_student", "peer_to_peer"),
        mentors=[StudentFactory(group=StudyGroupFactory(course=3), last_name="Ёлкин<б>")],
        mentees=[
            StudentFactory(group=StudyGroupFactory(course=1), consent=False),
            StudentFactory(group=StudyGroupFactory(course=1)),
        ],
    )
    MentorshipFactory(
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "disabilities"),
        mentors=[mentor],
        mentees=[StudentFactory(last_name="Чувствительная")],
    )
    MentorshipFactory(
        status=MentorshipStatus.COMPLETED,
        ended_on=dt.date(2026, 5, 15),
        mentees=[TeacherFactory(last_name="Молодая")],
    )


def table_html(user: User, query: str, template_name: str | None) -> str:
    request = RequestFactory().get(f"/pairs/?{query}")
    request.user = user
    table = MentorshipTable(
        registry_filter(request).qs,
        hidden_variant_formats=formats_with_hidden_variants(user),
        openable=OpenablePeople(user),
        template_name=template_name,
    )
    RequestConfig(request, paginate={"per_page": 2}).configure(table)
    html = table.as_html(request)
    # The same markup whatever the spaces: django-tables2 writes `<td >` and indents.
    return re.sub(r"\s+>", ">", re.sub(r">\s+<", "><", html)).strip()


@pytest.mark.parametrize("query", ["", "sort=mentors", "sort=-mentees&page=2", "status=none"])
@pytest.mark.parametrize("persona", ["curator", "methodist", "teacher"])
def test_the_rows_read_as_django_tables2_draws_them(
    request: pytest.FixtureRequest, persona: str, query: str, teacher_person: Teacher
) -> None:
    user = request.getfixturevalue(persona)
    pairs(teacher_person)

    drawn = table_html(user, query, None)

    assert drawn == table_html(user, query, STOCK)
    assert "<tbody" in drawn
