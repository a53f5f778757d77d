"""The people pages: lists, a person's page, consents, special categories per role, training
records and mentor profiles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programs.models import MentoringFormat
from registry.models import (
    Consent,
    ConsentGiver,
    ConsentPurpose,
    MentorProfile,
    PartnerCurator,
    PartnerKind,
    Person,
    Pupil,
    QualificationCourse,
    SpecialCategoryStatus,
    Student,
    StudentStatus,
)
from tests.conftest import client_for
from tests.factories import (
    ConsentFactory,
    MentorProfileFactory,
    MentorshipFactory,
    PartnerEmployeeFactory,
    PartnerOrganizationFactory,
    PoolEntryFactory,
    PupilFactory,
    QualificationCourseFactory,
    SpecialCategoryStatusFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
    UserFactory,
    format_of,
    variant_of,
)
from tests.stale import refused_as_stale, seen_on, token_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
STUDENTS = reverse("people:students")
TEACHERS = reverse("people:teachers")
PUPILS = reverse("people:pupils")
EMPLOYEES = reverse("people:employees")
SPECIAL_WORDS = ("ОВЗ", "Группа риска", "группа риска", "группе риска")


def url(name: str, *args: int) -> str:
    return reverse(f"people:{name}", args=args)


def _records(response: Any) -> list[Any]:
    return [row.record for row in response.context["table"].page.object_list]


@pytest.fixture
def ts_lead(db: None) -> User:
    """A format lead of «педагог – студент», who may see special categories."""
    user = UserFactory(username="ts_lead", roles=["format_lead"])
    MentoringFormat.objects.get(code="teacher_student").leads.add(user)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def special_student(db: None) -> Student:
    """A student with both marks and a valid consent of their own."""
    status = SpecialCategoryStatusFactory(
        consent__person__last_name="Особенная", has_disabilities=True, in_risk_group=True
    )
    return Student.objects.get(pk=status.person_id)


# --- Lists -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["curator", "director", "lead", "methodist", "teacher"])
def test_college_roles_see_the_students(persona: str, request: pytest.FixtureRequest) -> None:
    StudentFactory(last_name="Видимый")

    response = client_for(request.getfixturevalue(persona)).get(STUDENTS)

    assert response.status_code == 200
    assert "Видимый" in response.text


@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("partner_curator", STUDENTS),
        ("outsider", STUDENTS),
        ("teacher", TEACHERS),
        ("teacher", PUPILS),
        ("teacher", EMPLOYEES),
        ("outsider", EMPLOYEES),
    ],
)
def test_lists_refuse_roles_without_the_permission(
    persona: str, path: str, request: pytest.FixtureRequest
) -> None:
    assert client_for(request.getfixturevalue(persona)).get(path).status_code == 403


@pytest.mark.parametrize("path", [STUDENTS, TEACHERS, PUPILS, EMPLOYEES])
def test_lists_refuse_post(curator: User, path: str) -> None:
    assert client_for(curator).post(path).status_code == 405


def test_the_search_matches_every_word_in_any_case_with_yo_as_ye(curator: User) -> None:
    found = StudentFactory(last_name="Фёдоров", first_name="Артём")
    StudentFactory(last_name="Фёдоров", first_name="Иван")
    StudentFactory(last_name="Фролов", first_name="Артём")

    response = client_for(curator).get(STUDENTS, {"q": "федор АРТЕМ"})

    assert _records(response) == [found]


def test_students_are_filtered_by_group_course_and_status(curator: User) -> None:
    first, third = StudyGroupFactory(course=1), StudyGroupFactory(course=3)
    a = StudentFactory(group=first)
    b = StudentFactory(group=third)
    c = StudentFactory(group=third, status=StudentStatus.ACADEMIC_LEAVE)
    client = client_for(curator)

    assert _records(client.get(STUDENTS, {"group": first.pk})) == [a]
    assert {s.pk for s in _records(client.get(STUDENTS, {"course": 3}))} == {b.pk, c.pk}
    assert _records(client.get(STUDENTS, {"status": StudentStatus.ACADEMIC_LEAVE})) == [c]


def test_teachers_are_filtered_by_position_and_show_their_training(curator: User) -> None:
    master = TeacherFactory(position="master", personnel_number="T-17")
    QualificationCourseFactory(person=master, covers_disabilities=True)
    QualificationCourseFactory(person=master, covers_disabilities=False, is_mentor_training=True)
    TeacherFactory(position="teacher")

    response = client_for(curator).get(TEACHERS, {"position": "master"})

    [row] = _records(response)
    assert row.pk == master.pk
    assert (row.has_disability_course_done, row.has_mentor_training) == (True, True)
    assert "T-17" in response.text


def test_pupils_are_filtered_by_school(curator: User) -> None:
    pupil = PupilFactory()
    PupilFactory()

    response = client_for(curator).get(PUPILS, {"school": pupil.school_id})

    assert [p.pk for p in _records(response)] == [pupil.pk]


def test_employees_are_filtered_by_organization(curator: User) -> None:
    employee = PartnerEmployeeFactory()
    PartnerEmployeeFactory()

    response = client_for(curator).get(EMPLOYEES, {"organization": employee.organization_id})

    assert [p.pk for p in _records(response)] == [employee.pk]


def test_a_partner_curator_sees_only_their_schools_pupils(
    partner_curator: User, school_curator: PartnerCurator
) -> None:
    own = PupilFactory(school=school_curator.organization, last_name="Свой")
    PupilFactory(last_name="Чужой")

    response = client_for(partner_curator).get(PUPILS)

    assert [p.pk for p in _records(response)] == [own.pk]
    assert "Чужой" not in response.text


def test_a_partner_curator_sees_only_their_organizations_staff(partner_curator: User) -> None:
    enterprise = PartnerOrganizationFactory(kind=PartnerKind.ENTERPRISE)
    PartnerCurator.objects.create(
        organization=enterprise, full_name="Кураторова М. П.", user=partner_curator
    )
    own = PartnerEmployeeFactory(organization=enterprise)
    PartnerEmployeeFactory()

    response = client_for(partner_curator).get(EMPLOYEES)

    assert [p.pk for p in _records(response)] == [own.pk]


def test_the_tabs_follow_the_permissions(
    teacher: User, partner_curator: User, curator: User
) -> None:
    teacher_page = client_for(teacher).get(STUDENTS).text
    partner_page = client_for(partner_curator).get(PUPILS).text
    curator_page = client_for(curator).get(STUDENTS).text

    assert TEACHERS not in teacher_page
    assert STUDENTS not in partner_page and EMPLOYEES in partner_page
    assert all(path in curator_page for path in (TEACHERS, PUPILS, EMPLOYEES))


def test_rows_link_to_the_person(curator: User) -> None:
    student = StudentFactory()

    assert url("detail", student.pk) in client_for(curator).get(STUDENTS).text


def test_the_list_offers_to_add_only_with_the_permission(curator: User, teacher: User) -> None:
    new = reverse("people:create-student")

    assert new in client_for(curator).get(STUDENTS).text
    assert new not in client_for(teacher).get(STUDENTS).text


def test_the_list_is_paginated_by_25(curator: User) -> None:
    StudentFactory.create_batch(30, group=StudyGroupFactory())
    client = client_for(curator)

    assert len(_records(client.get(STUDENTS))) == 25
    assert len(_records(client.get(STUDENTS, {"page": 2}))) == 5


def _students(rows: int) -> None:
    group = StudyGroupFactory()
    for index in range(rows):
        student = StudentFactory(group=group)
        if index % 3 == 0:
            SpecialCategoryStatusFactory(consent__person=student, in_risk_group=True)


def _queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["curator", "ts_lead", "teacher"])
def test_the_students_list_takes_the_same_queries_for_5_and_40_rows(
    persona: str, request: pytest.FixtureRequest, django_assert_max_num_queries: Callable
) -> None:
    client = client_for(request.getfixturevalue(persona))
    _students(5)
    few = _queries(client, STUDENTS)
    _students(35)

    with django_assert_max_num_queries(few):
        response = client.get(STUDENTS)

    assert len(_records(response)) == 25


@pytest.mark.parametrize(
    ("path", "factory"),
    [
        (TEACHERS, lambda: QualificationCourseFactory().person),
        (PUPILS, PupilFactory),
        (EMPLOYEES, PartnerEmployeeFactory),
    ],
)
def test_the_other_lists_take_the_same_queries_for_5_and_40_rows(
    curator: User, path: str, factory: Callable, django_assert_max_num_queries: Callable
) -> None:
    client = client_for(curator)
    for _ in range(5):
        factory()
    few = _queries(client, path)
    for _ in range(35):
        factory()

    with django_assert_max_num_queries(few):
        response = client.get(path)

    assert len(_records(response)) == 25


def test_students_and_pupils_offer_a_proposal_to_those_who_may_propose(
    teacher: User, methodist: User, partner_curator: User, school_curator: PartnerCurator
) -> None:
    student = StudentFactory()
    pupil = PupilFactory(school=school_curator.organization)
    propose = reverse("proposals:create")

    assert f"{propose}?person={student.pk}" in client_for(teacher).get(STUDENTS).text
    assert f"{propose}?person={pupil.pk}" in client_for(partner_curator).get(PUPILS).text
    assert propose not in client_for(methodist).get(STUDENTS).text


# --- Special categories per role in the list and on the person's page --------------------


@pytest.mark.parametrize("persona", ["curator", "director", "ts_lead"])
def test_special_viewers_see_the_marks_in_the_list(
    persona: str, request: pytest.FixtureRequest, special_student: Student
) -> None:
    response = client_for(request.getfixturevalue(persona)).get(STUDENTS)

    assert "ОВЗ" in response.text and "Группа риска" in response.text
    [row] = _records(response)
    assert (row.shows_disabilities, row.shows_risk_group) == (True, True)


@pytest.mark.parametrize("persona", ["lead", "methodist", "teacher"])
def test_others_see_no_marks_in_the_list(
    persona: str, request: pytest.FixtureRequest, special_student: Student
) -> None:
    response = client_for(request.getfixturevalue(persona)).get(STUDENTS)

    assert "Особенная" in response.text
    assert not any(word in response.text for word in SPECIAL_WORDS)
    [row] = _records(response)
    assert not hasattr(row, "shows_disabilities")


@pytest.mark.parametrize("persona", ["curator", "director", "ts_lead"])
def test_special_viewers_see_the_block_on_the_page(
    persona: str, request: pytest.FixtureRequest, special_student: Student
) -> None:
    response = client_for(request.getfixturevalue(persona)).get(url("detail", special_student.pk))

    assert response.status_code == 200
    assert 'data-testid="special-status"' in response.text
    assert response.context["special_status"].in_risk_group is True


@pytest.mark.parametrize("persona", ["lead", "methodist", "teacher"])
def test_others_see_no_block_on_the_page(
    persona: str, request: pytest.FixtureRequest, special_student: Student
) -> None:
    response = client_for(request.getfixturevalue(persona)).get(url("detail", special_student.pk))

    assert response.status_code == 200
    assert "Особенная" in response.text
    assert 'data-testid="special-status"' not in response.text
    assert "special_status" not in response.context
    assert not any(word in response.text for word in SPECIAL_WORDS)


def test_only_the_curator_is_offered_to_change_the_marks(
    curator: User, director: User, ts_lead: User, special_student: Student
) -> None:
    change = url("special-status", special_student.pk)

    assert change in client_for(curator).get(url("detail", special_student.pk)).text
    assert change not in client_for(director).get(url("detail", special_student.pk)).text
    assert change not in client_for(ts_lead).get(url("detail", special_student.pk)).text


def test_an_expired_consent_hides_the_marks_from_the_list_and_the_page(
    curator: User, special_student: Student
) -> None:
    Consent.objects.update(given_on=dt.date(2024, 9, 1), valid_until=TODAY - dt.timedelta(1))
    client = client_for(curator)

    [row] = _records(client.get(STUDENTS))
    page = client.get(url("detail", special_student.pk))

    assert (row.shows_disabilities, row.shows_risk_group) == (False, False)
    assert page.context["special_status"] is None
    assert "нет действующего согласия" in page.text.lower()
    assert "истекло" in page.text


# --- A person's page ---------------------------------------------------------------------


def test_the_page_shows_what_each_kind_has(curator: User) -> None:
    student = StudentFactory(record_book="ЗК-101", group=StudyGroupFactory(name="ПР-21"))
    teacher = TeacherFactory(personnel_number="Т-7")
    pupil = PupilFactory(grade=9, class_letter="Б")
    employee = PartnerEmployeeFactory(position="горный мастер")
    client = client_for(curator)

    assert "ЗК-101" in client.get(url("detail", student.pk)).text
    assert "ПР-21" in client.get(url("detail", student.pk)).text
    assert "Т-7" in client.get(url("detail", teacher.pk)).text
    assert "9Б" in client.get(url("detail", pupil.pk)).text
    assert "горный мастер" in client.get(url("detail", employee.pk)).text


def test_the_page_lists_consents_with_their_state(curator: User) -> None:
    student = StudentFactory(birth_date=dt.date(2000, 1, 1))
    ConsentFactory(person=student, document="Согласие № 1")
    ConsentFactory(person=student, document="Согласие № 2", withdrawn_on=dt.date(2025, 10, 1))
    ConsentFactory(person=student, document="Согласие № 3", valid_until=dt.date(2025, 9, 30))

    html = client_for(curator).get(url("detail", student.pk)).text

    assert "действует" in html and "отозвано" in html and "истекло" in html


def test_consents_are_not_shown_to_roles_without_the_permission(methodist: User) -> None:
    consent = ConsentFactory(document="Согласие № 77")

    html = client_for(methodist).get(url("detail", consent.person_id)).text

    assert "Согласие № 77" not in html


def test_the_page_lists_the_visible_mentorships_and_pool_entries(curator: User) -> None:
    student = StudentFactory()
    mentorship = MentorshipFactory(format=format_of("student_student"), mentees=[student])
    PoolEntryFactory(person=student)

    response = client_for(curator).get(url("detail", student.pk))

    assert reverse("mentorships:mentorship-detail", args=[mentorship.pk]) in response.text
    assert len(response.context["pool_entries"]) == 1


def test_the_pool_entries_link_to_their_page(curator: User) -> None:
    entry = PoolEntryFactory(person=StudentFactory())

    html = client_for(curator).get(url("detail", entry.person_id)).text

    assert reverse("pools:entry", args=[entry.pk]) in html


def test_a_teacher_sees_no_pools_block_and_no_false_none(
    teacher: User, teacher_person: Person
) -> None:
    """The teacher may not see pools: the page neither lists them nor says «none»."""
    student = StudentFactory()
    PoolEntryFactory(person=student)

    response = client_for(teacher).get(url("detail", student.pk))

    assert response.context["shows_pools"] is False
    assert "Базы наставников и наставляемых" not in response.text
    assert "ни в одну базу" not in response.text
    assert "В базах записей нет" not in response.text


def test_a_teacher_is_told_only_about_the_mentorships_they_see(
    teacher: User, teacher_person: Person
) -> None:
    student = StudentFactory()
    MentorshipFactory(format=format_of("student_student"), mentees=[student])

    html = client_for(teacher).get(url("detail", student.pk)).text

    assert "Среди доступных вам наставнических пар таких нет." in html
    assert "Наставнических пар нет." not in html


def test_a_lead_is_told_only_about_the_pools_of_their_formats(lead: User) -> None:
    student = StudentFactory()
    PoolEntryFactory(person=student, format=format_of("teacher_student"))

    response = client_for(lead).get(url("detail", student.pk))

    assert response.context["pool_entries"] == []
    assert "В базах ваших форм записей нет." in response.text


def test_the_curator_is_told_plainly_when_there_is_nothing(curator: User) -> None:
    html = client_for(curator).get(url("detail", StudentFactory().pk)).text

    assert "Наставнических пар нет." in html
    assert "В базах записей нет." in html


def test_the_page_hides_special_variants_from_other_roles(lead: User, teacher: User) -> None:
    """A teacher mentoring a student «с ОВЗ» sees the pair but not the variant."""
    mentor = TeacherFactory(user=teacher)
    student = StudentFactory()
    variant = variant_of("teacher_student", "disabilities")
    MentorshipFactory(
        format=format_of("teacher_student"), variant=variant, mentors=[mentor], mentees=[student]
    )

    html = client_for(teacher).get(url("detail", student.pk)).text

    assert variant.title not in html
    assert "ОВЗ" not in html


def test_the_page_refuses_post(curator: User) -> None:
    assert client_for(curator).post(url("detail", StudentFactory().pk)).status_code == 405


def test_the_page_refuses_an_outsider(outsider: User) -> None:
    assert client_for(outsider).get(url("detail", StudentFactory().pk)).status_code == 403


@pytest.mark.parametrize(
    ("persona", "factory"),
    [("partner_curator", StudentFactory), ("teacher", TeacherFactory), ("teacher", PupilFactory)],
)
def test_the_page_of_someone_out_of_scope_is_not_found(
    persona: str, factory: Callable, request: pytest.FixtureRequest
) -> None:
    person = factory()

    response = client_for(request.getfixturevalue(persona)).get(url("detail", person.pk))

    assert response.status_code == 404


def test_a_partner_curator_opens_their_pupil_but_not_another_schools(
    partner_curator: User, school_curator: PartnerCurator
) -> None:
    own = PupilFactory(school=school_curator.organization)
    other = PupilFactory()
    client = client_for(partner_curator)

    assert client.get(url("detail", own.pk)).status_code == 200
    assert client.get(url("detail", other.pk)).status_code == 404


# --- Adding and changing people ------------------------------------------------------------


def _person_data(**fields: object) -> dict[str, object]:
    data: dict[str, object] = {"last_name": "Ёжикова", "first_name": "Алёна", "patronymic": ""}
    data.update(fields)
    return data


def test_the_curator_adds_a_student(curator: User) -> None:
    group = StudyGroupFactory()
    data = _person_data(group=group.pk, status=StudentStatus.STUDYING, record_book="ЗК-1")

    response = client_for(curator).post(reverse("people:create-student"), data)

    student = Student.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", student.pk)
    assert student.search_name == "ежикова алена"


def test_the_curator_adds_a_teacher(curator: User) -> None:
    response = client_for(curator).post(
        reverse("people:create-teacher"), _person_data(position="master")
    )

    assert response.status_code == 302
    assert Person.objects.get().kind == "teacher"


def test_the_curator_adds_a_partner_employee(curator: User) -> None:
    enterprise = PartnerOrganizationFactory(kind=PartnerKind.ENTERPRISE)
    data = _person_data(organization=enterprise.pk, position="инженер")

    response = client_for(curator).post(reverse("people:create-employee"), data)

    assert response.status_code == 302
    assert Person.objects.get().kind == "partner_employee"


def test_a_partner_curator_adds_a_pupil_of_their_school_only(
    partner_curator: User, school_curator: PartnerCurator
) -> None:
    other = PartnerOrganizationFactory(kind=PartnerKind.SCHOOL)
    client = client_for(partner_curator)
    create = reverse("people:create-pupil")

    refused = client.post(create, _person_data(school=other.pk, grade=8))
    added = client.post(create, _person_data(school=school_curator.organization_id, grade=8))

    assert refused.status_code == 200  # the other school is not among the choices
    assert added.status_code == 302
    assert Pupil.objects.get().school_id == school_curator.organization_id


@pytest.mark.parametrize(
    "name", ["create-student", "create-teacher", "create-pupil", "create-employee"]
)
def test_adding_refuses_other_methods(curator: User, name: str) -> None:
    assert client_for(curator).put(reverse(f"people:{name}")).status_code == 405


@pytest.mark.parametrize(
    ("persona", "name"),
    [
        ("teacher", "create-student"),
        ("methodist", "create-teacher"),
        ("lead", "create-pupil"),
        ("partner_curator", "create-student"),
    ],
)
def test_adding_refuses_roles_without_the_permission(
    persona: str, name: str, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(persona))

    assert client.get(reverse(f"people:{name}")).status_code == 403


def test_the_curator_edits_a_student(curator: User) -> None:
    student = StudentFactory()
    data = _person_data(
        group=student.group_id, status=StudentStatus.GRADUATED, seen=token_of(student)
    )

    response = client_for(curator).post(url("edit", student.pk), data)

    student.refresh_from_db()
    assert response.status_code == 302
    assert (student.last_name, student.status) == ("Ёжикова", StudentStatus.GRADUATED)


def test_a_stale_person_form_is_refused_and_changes_nothing(curator: User) -> None:
    student = StudentFactory(last_name="Было")
    client = client_for(curator)
    seen = seen_on(client, url("edit", student.pk))
    # Someone else changes the record meanwhile: the parent's table only, or the child's.
    Person.objects.filter(pk=student.pk).update(patronymic="Петровна")
    data = _person_data(group=student.group_id, status=StudentStatus.GRADUATED, seen=seen)

    response = client.post(url("edit", student.pk), data)

    assert refused_as_stale(response)
    student.refresh_from_db()
    assert (student.last_name, student.patronymic, student.status) == (
        "Было",
        "Петровна",
        StudentStatus.STUDYING,
    )


def test_a_person_form_without_its_token_is_refused(curator: User) -> None:
    student = StudentFactory(last_name="Было")
    data = _person_data(group=student.group_id, status=StudentStatus.GRADUATED)

    response = client_for(curator).post(url("edit", student.pk), data)

    assert refused_as_stale(response)
    student.refresh_from_db()
    assert student.last_name == "Было"


def test_editing_refuses_other_methods(curator: User) -> None:
    assert client_for(curator).delete(url("edit", StudentFactory().pk)).status_code == 405


def test_editing_refuses_a_role_that_only_views(teacher: User) -> None:
    assert client_for(teacher).get(url("edit", StudentFactory().pk)).status_code == 403


def test_editing_someone_out_of_scope_is_not_found(
    partner_curator: User, school_curator: PartnerCurator
) -> None:
    assert client_for(partner_curator).get(url("edit", PupilFactory().pk)).status_code == 404


# --- Consents --------------------------------------------------------------------------------


def _consent_data(**fields: object) -> dict[str, object]:
    data: dict[str, object] = {
        "purpose": ConsentPurpose.SPECIAL_CATEGORIES,
        "given_by": ConsentGiver.PARENT,
        "representative_name": "Петрова Анна Ивановна",
        "document": "Согласие № 5 от родителя",
        "given_on": (TODAY - dt.timedelta(1)).isoformat(),
        "valid_until": "",
    }
    data.update(fields)
    return data


def test_the_curator_records_a_parents_consent(curator: User) -> None:
    student = StudentFactory(birth_date=TODAY.replace(year=TODAY.year - 16), consent=False)

    response = client_for(curator).post(url("consent-add", student.pk), _consent_data())

    assert response.status_code == 302
    consent = Consent.objects.get()
    assert (consent.person_id, consent.recorded_by) == (student.pk, curator)


def test_a_minors_own_consent_is_refused_on_the_form(curator: User) -> None:
    student = StudentFactory(birth_date=TODAY.replace(year=TODAY.year - 16), consent=False)
    data = _consent_data(given_by=ConsentGiver.SELF, representative_name="")

    response = client_for(curator).post(url("consent-add", student.pk), data)

    assert response.status_code == 200
    assert "152-ФЗ" in response.text
    assert not Consent.objects.exists()


def test_the_consent_of_a_minor_defaults_to_a_parent(curator: User) -> None:
    student = StudentFactory(birth_date=TODAY.replace(year=TODAY.year - 16))

    response = client_for(curator).get(url("consent-add", student.pk))

    form = response.context["form"]
    assert form["given_by"].value() == ConsentGiver.PARENT
    assert "согласие даёт родитель или законный представитель" in response.text


def test_the_consent_of_an_adult_defaults_to_the_person(curator: User) -> None:
    student = StudentFactory(birth_date=dt.date(2000, 1, 1))

    form = client_for(curator).get(url("consent-add", student.pk)).context["form"]

    assert form["given_by"].value() == ConsentGiver.SELF


def test_the_consent_form_takes_the_purpose_from_the_link(curator: User) -> None:
    student = StudentFactory()

    response = client_for(curator).get(
        url("consent-add", student.pk), {"purpose": ConsentPurpose.SPECIAL_CATEGORIES}
    )

    assert response.context["form"]["purpose"].value() == ConsentPurpose.SPECIAL_CATEGORIES


def test_adding_a_consent_refuses_other_methods(curator: User) -> None:
    assert client_for(curator).put(url("consent-add", StudentFactory().pk)).status_code == 405


@pytest.mark.parametrize("persona", ["director", "methodist", "ts_lead"])
def test_adding_a_consent_refuses_other_roles(persona: str, request: pytest.FixtureRequest) -> None:
    client = client_for(request.getfixturevalue(persona))

    assert client.get(url("consent-add", StudentFactory().pk)).status_code == 403


def test_adding_a_consent_for_nobody_is_not_found(curator: User) -> None:
    assert client_for(curator).get(url("consent-add", 999_999)).status_code == 404


def test_withdrawing_asks_first_and_then_deletes_the_status(
    curator: User, special_student: Student
) -> None:
    consent = Consent.objects.get()
    client = client_for(curator)
    withdraw = url("consent-withdraw", special_student.pk, consent.pk)

    asked = client.get(withdraw)
    response = client.post(withdraw, {"withdrawn_on": TODAY.isoformat()}, follow=True)

    assert asked.status_code == 200 and "Отозвать" in asked.text
    assert "обработка прекращена" in response.text
    assert not SpecialCategoryStatus.objects.exists()


def test_withdrawing_refuses_other_methods(curator: User, special_student: Student) -> None:
    consent = Consent.objects.get()
    path = url("consent-withdraw", special_student.pk, consent.pk)

    assert client_for(curator).put(path).status_code == 405


def test_withdrawing_refuses_other_roles(director: User, special_student: Student) -> None:
    consent = Consent.objects.get()
    path = url("consent-withdraw", special_student.pk, consent.pk)

    assert client_for(director).get(path).status_code == 403


def test_withdrawing_a_consent_of_another_person_is_not_found(
    curator: User, special_student: Student
) -> None:
    consent = Consent.objects.get()
    path = url("consent-withdraw", StudentFactory().pk, consent.pk)

    assert client_for(curator).get(path).status_code == 404


# --- Health and risk-group status ----------------------------------------------------------


def test_the_curator_records_the_marks_with_a_valid_consent(curator: User) -> None:
    student = StudentFactory(birth_date=dt.date(2000, 1, 1))
    ConsentFactory(person=student, purpose=ConsentPurpose.SPECIAL_CATEGORIES)

    response = client_for(curator).post(
        url("special-status", student.pk), {"has_disabilities": "on"}
    )

    assert response.status_code == 302
    status = SpecialCategoryStatus.objects.get()
    assert (status.has_disabilities, status.in_risk_group) == (True, False)


def test_stale_marks_are_refused_and_change_nothing(curator: User) -> None:
    status = SpecialCategoryStatusFactory(in_risk_group=True, has_disabilities=False)
    client = client_for(curator)
    seen = seen_on(client, url("special-status", status.person_id))
    SpecialCategoryStatus.objects.filter(pk=status.pk).update(has_disabilities=True)

    response = client.post(url("special-status", status.person_id), {"seen": seen})

    assert refused_as_stale(response)
    status.refresh_from_db()
    assert (status.has_disabilities, status.in_risk_group) == (True, True)


def test_marks_recorded_by_someone_else_meanwhile_are_not_overwritten(curator: User) -> None:
    student = StudentFactory(birth_date=dt.date(2000, 1, 1))
    consent = ConsentFactory(person=student, purpose=ConsentPurpose.SPECIAL_CATEGORIES)
    client = client_for(curator)
    seen = seen_on(client, url("special-status", student.pk))
    SpecialCategoryStatusFactory(
        person=student, consent=consent, has_disabilities=False, in_risk_group=True
    )

    response = client.post(
        url("special-status", student.pk), {"has_disabilities": "on", "seen": seen}
    )

    assert refused_as_stale(response)
    status = SpecialCategoryStatus.objects.get()
    assert (status.has_disabilities, status.in_risk_group) == (False, True)


def test_the_marks_are_refused_without_a_consent(curator: User) -> None:
    student = StudentFactory()

    response = client_for(curator).post(url("special-status", student.pk), {"in_risk_group": "on"})

    assert response.status_code == 200
    assert response.text.count("152-ФЗ") == 1
    assert response.context["form"] is None
    assert not SpecialCategoryStatus.objects.exists()


def test_without_a_consent_the_page_offers_the_consent_instead_of_the_form(
    curator: User,
) -> None:
    student = StudentFactory()

    response = client_for(curator).get(url("special-status", student.pk))

    assert response.status_code == 200
    assert response.context["form"] is None
    assert 'name="in_risk_group"' not in response.text
    assert "Сохранить" not in response.text
    assert response.text.count("152-ФЗ") == 1
    assert url("consent-add", student.pk) in response.text
    assert "Добавить согласие" in response.text


def test_with_a_consent_the_page_shows_the_form(curator: User) -> None:
    student = StudentFactory(birth_date=dt.date(2000, 1, 1))
    ConsentFactory(person=student, purpose=ConsentPurpose.SPECIAL_CATEGORIES)

    response = client_for(curator).get(url("special-status", student.pk))

    assert 'name="in_risk_group"' in response.text
    assert url("consent-add", student.pk) not in response.text


def test_recording_the_marks_refuses_other_methods(curator: User) -> None:
    assert client_for(curator).put(url("special-status", StudentFactory().pk)).status_code == 405


@pytest.mark.parametrize("persona", ["director", "ts_lead", "methodist", "teacher"])
def test_recording_the_marks_refuses_other_roles(
    persona: str, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(persona))

    assert client.get(url("special-status", StudentFactory().pk)).status_code == 403


def test_the_marks_of_a_teacher_are_not_found(curator: User) -> None:
    assert client_for(curator).get(url("special-status", TeacherFactory().pk)).status_code == 404


# --- Training records ----------------------------------------------------------------------


def _course_data(**fields: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Школа наставника",
        "provider": "ХК ИРО",
        "hours": "36",
        "completed_on": (TODAY - dt.timedelta(30)).isoformat(),
        "is_mentor_training": "on",
        "document": "Удостоверение № 123",
    }
    data.update(fields)
    return data


def test_the_methodist_adds_a_training_record(methodist: User) -> None:
    teacher = TeacherFactory()

    response = client_for(methodist).post(url("training-add", teacher.pk), _course_data())

    assert response.status_code == 302
    course = QualificationCourse.objects.get()
    assert (course.person_id, course.is_mentor_training) == (teacher.pk, True)


def test_the_methodist_edits_a_training_record(methodist: User) -> None:
    course = QualificationCourseFactory()
    path = url("training-edit", course.person_id, course.pk)

    response = client_for(methodist).post(
        path, _course_data(title="Новое название", seen=token_of(course))
    )

    course.refresh_from_db()
    assert response.status_code == 302
    assert course.title == "Новое название"


def test_a_stale_training_record_form_is_refused_and_changes_nothing(methodist: User) -> None:
    course = QualificationCourseFactory(title="Было")
    path = url("training-edit", course.person_id, course.pk)
    client = client_for(methodist)
    seen = seen_on(client, path)
    QualificationCourse.objects.filter(pk=course.pk).update(provider="ИРО")

    response = client.post(path, _course_data(title="Стало", seen=seen))

    assert refused_as_stale(response)
    course.refresh_from_db()
    assert (course.title, course.provider) == ("Было", "ИРО")


def test_deleting_a_training_record_asks_first(methodist: User) -> None:
    course = QualificationCourseFactory()
    path = url("training-delete", course.person_id, course.pk)
    client = client_for(methodist)

    assert client.get(path).status_code == 200
    assert QualificationCourse.objects.exists()
    assert client.post(path).status_code == 302
    assert not QualificationCourse.objects.exists()


def test_training_pages_refuse_other_methods(curator: User) -> None:
    course = QualificationCourseFactory()
    client = client_for(curator)

    assert client.put(url("training-add", course.person_id)).status_code == 405
    assert client.put(url("training-edit", course.person_id, course.pk)).status_code == 405
    assert client.put(url("training-delete", course.person_id, course.pk)).status_code == 405


@pytest.mark.parametrize("persona", ["lead", "director", "teacher"])
def test_training_pages_refuse_other_roles(persona: str, request: pytest.FixtureRequest) -> None:
    course = QualificationCourseFactory()
    client = client_for(request.getfixturevalue(persona))

    assert client.get(url("training-add", course.person_id)).status_code == 403
    assert client.get(url("training-edit", course.person_id, course.pk)).status_code == 403
    assert client.get(url("training-delete", course.person_id, course.pk)).status_code == 403


def test_a_training_record_of_another_person_is_not_found(methodist: User) -> None:
    course = QualificationCourseFactory()
    other = TeacherFactory()
    client = client_for(methodist)

    assert client.get(url("training-edit", other.pk, course.pk)).status_code == 404
    assert client.get(url("training-delete", other.pk, course.pk)).status_code == 404


def test_the_methodist_is_offered_to_manage_training_records(methodist: User, lead: User) -> None:
    course = QualificationCourseFactory()
    page = url("detail", course.person_id)
    edit = url("training-edit", course.person_id, course.pk)

    assert edit in client_for(methodist).get(page).text
    assert edit not in client_for(lead).get(page).text


# --- Mentor profile ------------------------------------------------------------------------


def test_a_format_lead_fills_in_a_mentor_profile(lead: User) -> None:
    student = StudentFactory()

    response = client_for(lead).post(
        url("mentor-profile", student.pk),
        {"competencies": "Высшая математика", "interests": "", "capacity": "2"},
    )

    assert response.status_code == 302
    assert MentorProfile.objects.get().capacity == 2


def test_a_capacity_over_30_is_refused(curator: User) -> None:
    profile = MentorProfileFactory(capacity=2)

    response = client_for(curator).post(
        url("mentor-profile", profile.person_id),
        {"competencies": "", "capacity": "31", "seen": token_of(profile)},
    )

    profile.refresh_from_db()
    assert response.status_code == 200
    assert profile.capacity == 2


def test_a_stale_mentor_profile_form_is_refused_and_changes_nothing(curator: User) -> None:
    profile = MentorProfileFactory(capacity=2)
    client = client_for(curator)
    seen = seen_on(client, url("mentor-profile", profile.person_id))
    MentorProfile.objects.filter(pk=profile.pk).update(capacity=3)

    response = client.post(
        url("mentor-profile", profile.person_id),
        {"competencies": "", "capacity": "5", "seen": seen},
    )

    assert refused_as_stale(response)
    profile.refresh_from_db()
    assert profile.capacity == 3


def test_the_mentor_profile_refuses_other_methods(curator: User) -> None:
    assert client_for(curator).put(url("mentor-profile", TeacherFactory().pk)).status_code == 405


@pytest.mark.parametrize("persona", ["methodist", "director", "teacher"])
def test_the_mentor_profile_refuses_other_roles(
    persona: str, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(persona))

    assert client.get(url("mentor-profile", TeacherFactory().pk)).status_code == 403


def test_the_mentor_profile_of_nobody_is_not_found(lead: User) -> None:
    assert client_for(lead).get(url("mentor-profile", 999_999)).status_code == 404


def test_the_page_shows_the_mentor_profile(methodist: User) -> None:
    profile = MentorProfileFactory(competencies="Подготовка к WorldSkills", capacity=3)

    html = client_for(methodist).get(url("detail", profile.person_id)).text

    assert "Подготовка к WorldSkills" in html
    assert url("mentor-profile", profile.person_id) not in html  # the methodist only views


def test_without_a_valid_consent_clearing_the_marks_deletes_a_lapsed_status(
    curator: User,
) -> None:
    """A status whose consent lapsed is no longer shown; clearing it needs no consent."""
    status = SpecialCategoryStatusFactory(
        consent__given_on=dt.date(2020, 9, 1),
        consent__valid_until=dt.date(2021, 8, 31),
        in_risk_group=True,
    )

    response = client_for(curator).post(url("special-status", status.person_id), {}, follow=True)

    assert response.redirect_chain == [(url("detail", status.person_id), 302)]
    assert "Сведения об ОВЗ и группе риска" in response.text and "удалены" in response.text
    assert not SpecialCategoryStatus.objects.exists()
