from __future__ import annotations

import datetime as dt

import pytest

from registry.models import Agreement, Person, search_key
from tests.factories import (
    AgreementFactory,
    PartnerEmployeeFactory,
    PupilFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
)

pytestmark = pytest.mark.django_db


def test_search_key_is_lower_case_with_yo_as_ye() -> None:
    assert search_key("  Ёлкина   Алёна ") == "елкина алена"


def test_saving_a_person_keeps_kind_and_search_name() -> None:
    student = StudentFactory(last_name="Щёголев", first_name="Фёдор", patronymic="")

    person = Person.objects.get(pk=student.pk)
    assert person.kind == "student"
    assert person.search_name == "щеголев федор"


def test_a_plain_person_row_reaches_its_concrete_details() -> None:
    StudentFactory(group=StudyGroupFactory(name="ПР-24", course=2))
    TeacherFactory()
    PupilFactory(grade=9, class_letter="Б")
    PartnerEmployeeFactory(position="горный мастер")

    affiliations = [
        person.affiliation
        for person in Person.objects.select_related(
            "student__group", "teacher", "pupil__school", "partneremployee__organization"
        ).order_by("id")
    ]

    assert "ПР-24" in affiliations[0]
    assert "9Б" in affiliations[2]
    assert affiliations[3].startswith("горный мастер")


@pytest.mark.parametrize(
    ("day", "valid"),
    [
        (dt.date(2024, 12, 31), False),
        (dt.date(2025, 1, 1), True),
        (dt.date(2026, 12, 31), True),
        (dt.date(2027, 1, 1), False),
    ],
)
def test_agreement_is_valid_within_its_dates(day: dt.date, valid: bool) -> None:
    agreement = AgreementFactory(valid_from=dt.date(2025, 1, 1), valid_to=dt.date(2026, 12, 31))

    assert agreement.is_valid_on(day) is valid
    assert Agreement.objects.valid_on(day).exists() is valid
    assert agreement.organization.has_valid_agreement(day) is valid


def test_open_ended_agreement_stays_valid() -> None:
    agreement = AgreementFactory(valid_from=dt.date(2020, 1, 1), valid_to=None)

    assert agreement.is_valid_on(dt.date(2040, 1, 1))
