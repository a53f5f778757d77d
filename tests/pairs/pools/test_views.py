from __future__ import annotations

import datetime as dt
import re
from io import BytesIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.dates import AcademicYear
from pairs.models import (
    Decision,
    DecisionBody,
    ParticipantRole,
    PoolEntry,
    PoolStatus,
    ProposalStatus,
)
from registry.models import StudentStatus
from tests.conftest import client_for
from tests.factories import (
    DecisionFactory,
    MentorProfileFactory,
    PoolEntryFactory,
    ProposalFactory,
    PupilFactory,
    QualificationCourseFactory,
    StudentFactory,
    TeacherFactory,
    format_of,
    variant_of,
)

pytestmark = pytest.mark.django_db

LIST = reverse("pools:list")
EXPORT = reverse("pools:export")
ADD = reverse("pools:add")
INCLUDE = reverse("pools:include")
REFRESH = reverse("pools:refresh")
ANALYSIS = reverse("pools:analysis")
ANALYSIS_EXPORT = reverse("pools:analysis-export")
Y = {"year": "2025"}


def url(name: str, pk: int) -> str:
    return reverse(f"pools:{name}", args=[pk])


def proposed(**fields: Any) -> PoolEntry:
    fields.setdefault("status", PoolStatus.PROPOSED)
    fields.setdefault("decision", None)
    fields.setdefault("included_on", None)
    fields.setdefault("variant", variant_of("student_student", "achiever_underachiever"))
    return PoolEntryFactory(**fields)


def teacher_teacher_entry(**fields: Any) -> PoolEntry:
    fields.setdefault("person", TeacherFactory())
    return PoolEntryFactory(format=format_of("teacher_teacher"), **fields)


def disabilities_entry(**fields: Any) -> PoolEntry:
    return PoolEntryFactory(
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "disabilities"),
        **fields,
    )


def workbook_rows(content: bytes) -> list[tuple[Any, ...]]:
    return list(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))


# --- The list --------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["curator", "director", "methodist", "lead"])
def test_the_roles_with_the_permission_see_the_pool(
    persona: str, request: pytest.FixtureRequest
) -> None:
    PoolEntryFactory(person=StudentFactory(last_name="Включённая"), request="Подтянуть физику")

    response = client_for(request.getfixturevalue(persona)).get(LIST, Y)

    assert response.status_code == 200
    assert "Включённая" in response.text
    assert "Подтянуть физику" in response.text
    assert "включён" in response.text


@pytest.mark.parametrize("persona", ["teacher", "outsider", "partner_curator"])
def test_others_cannot_see_the_pools(persona: str, request: pytest.FixtureRequest) -> None:
    entry = PoolEntryFactory()
    client = client_for(request.getfixturevalue(persona))

    for path in (LIST, EXPORT, ANALYSIS, ANALYSIS_EXPORT, url("entry", entry.pk)):
        assert client.get(path).status_code == 403


def test_the_list_is_read_only(curator: User) -> None:
    client = client_for(curator)

    for path in (LIST, EXPORT, ANALYSIS, ANALYSIS_EXPORT):
        assert client.post(path).status_code == 405


def test_the_list_shows_one_year(curator: User) -> None:
    PoolEntryFactory(person=StudentFactory(last_name="Нынешняя"))
    PoolEntryFactory(person=StudentFactory(last_name="Прошлогодняя"), academic_year=2024)

    response = client_for(curator).get(LIST, Y)

    assert "Нынешняя" in response.text
    assert "Прошлогодняя" not in response.text


def test_the_list_defaults_to_the_current_year(curator: User) -> None:
    current = AcademicYear.current().start_year
    PoolEntryFactory(person=StudentFactory(last_name="Текущая"), academic_year=current)

    assert "Текущая" in client_for(curator).get(LIST).text


def test_the_mentor_tab_shows_mentors_with_their_profile(curator: User) -> None:
    mentor = TeacherFactory(last_name="Наставникова")
    MentorProfileFactory(person=mentor, capacity=3, competencies="Демоэкзамен")
    QualificationCourseFactory(person=mentor)
    QualificationCourseFactory(person=mentor, is_mentor_training=True)
    teacher_teacher_entry(person=mentor, role=ParticipantRole.MENTOR)
    PoolEntryFactory(person=StudentFactory(last_name="Наставляемая"))

    response = client_for(curator).get(LIST, {**Y, "role": "mentor"})

    assert "Наставникова" in response.text
    assert "Наставляемая" not in response.text
    assert "Демоэкзамен" in response.text
    table = response.context["table"]
    row = next(iter(table.rows))
    assert row.get_cell("capacity") == 3
    assert row.get_cell("courses") == 2


def test_a_lead_sees_only_the_led_formats(lead: User) -> None:
    PoolEntryFactory(person=StudentFactory(last_name="Своя"))
    teacher_teacher_entry(person=TeacherFactory(last_name="Чужая"))

    response = client_for(lead).get(LIST, Y)

    assert "Своя" in response.text
    assert "Чужая" not in response.text


def test_the_methodist_does_not_see_special_variants(methodist: User) -> None:
    disabilities_entry(person=StudentFactory(last_name="Скрытова"))

    response = client_for(methodist).get(LIST, Y)

    assert "Скрытова" in response.text
    assert "ОВЗ" not in response.text
    assert "группы риска" not in response.text
    assert "скрыт" in response.text


def test_the_curator_sees_special_variants(curator: User) -> None:
    disabilities_entry()

    assert "педагог – студент с ОВЗ" in client_for(curator).get(LIST, Y).text


def test_the_list_filters_by_format_status_and_name(curator: User) -> None:
    PoolEntryFactory(person=StudentFactory(last_name="Ёлкина"))
    proposed(person=StudentFactory(last_name="Предложенная"))
    disabilities_entry(person=StudentFactory(last_name="Другая"))
    client = client_for(curator)

    by_format = client.get(LIST, {**Y, "format": format_of("teacher_student").pk}).text
    by_status = client.get(LIST, {**Y, "status": "proposed"}).text
    by_name = client.get(LIST, {**Y, "q": "елкина"}).text

    assert "Другая" in by_format and "Ёлкина" not in by_format
    assert "Предложенная" in by_status and "Ёлкина" not in by_status
    assert "Ёлкина" in by_name and "Другая" not in by_name


def test_the_methodist_cannot_filter_by_a_special_variant(methodist: User) -> None:
    disabilities_entry()

    response = client_for(methodist).get(
        LIST, {**Y, "variant": variant_of("teacher_student", "disabilities").pk}
    )

    assert response.status_code == 200
    assert not response.context["filter"].form.is_valid()


def test_the_list_is_in_russian_name_order(curator: User) -> None:
    for name in ("Яковлева", "Ёжикова", "Абрамова", "Егорова"):
        PoolEntryFactory(person=StudentFactory(last_name=name))

    response = client_for(curator).get(LIST, Y)

    names = [row.record.person.last_name for row in response.context["table"].page.object_list]
    assert names == ["Абрамова", "Егорова", "Ёжикова", "Яковлева"]


def test_proposed_entries_have_checkboxes_for_managers_only(lead: User, methodist: User) -> None:
    entry = proposed()

    for_lead = client_for(lead).get(LIST, Y).text
    for_methodist = client_for(methodist).get(LIST, Y).text

    assert f'name="entries" value="{entry.pk}"' in for_lead
    assert "Включить по решению" in for_lead
    assert 'name="entries"' not in for_methodist
    assert "Включить по решению" not in for_methodist


def test_an_entry_included_by_the_partners_curator_says_so(curator: User) -> None:
    PoolEntryFactory(
        person=PupilFactory(last_name="Школьникова"),
        format=format_of("student_pupil"),
        variant=variant_of("student_pupil", "passive"),
        decision=None,
    )

    response = client_for(curator).get(LIST, Y)

    row = next(iter(response.context["table"].rows))
    assert row.get_cell("decision") == "куратором партнёра"


def test_an_entry_awaiting_a_decision_has_none(curator: User) -> None:
    proposed()

    row = next(iter(client_for(curator).get(LIST, Y).context["table"].rows))

    assert row.get_cell("decision") == "—"


def test_the_mentor_tab_has_no_variant_column_unless_a_mentor_has_one(curator: User) -> None:
    teacher_teacher_entry(role=ParticipantRole.MENTOR)
    client = client_for(curator)

    without = client.get(LIST, {**Y, "role": "mentor"}).context["table"]
    disabilities_entry(person=TeacherFactory(), role=ParticipantRole.MENTOR)
    with_one = client.get(LIST, {**Y, "role": "mentor"}).context["table"]

    assert "variant" not in [column.name for column in without.columns]
    assert "variant" in [column.name for column in with_one.columns]


def test_the_name_comes_first_with_the_entry_link(curator: User) -> None:
    entry = PoolEntryFactory(person=StudentFactory(last_name="Первая"))

    response = client_for(curator).get(LIST, Y)

    table = response.context["table"]
    assert [column.name for column in table.columns][0] == "person"
    cell = str(next(iter(table.rows)).get_cell("person"))
    assert "Первая" in cell
    link = re.search(rf'<a [^>]*href="{url("entry", entry.pk)}"[^>]*aria-label="([^"]+)"', cell)
    assert link is not None
    assert "Первая" in link.group(1)  # whose entry the button opens


def test_the_tick_box_is_in_the_name_cell_and_marks_the_opinion(lead: User) -> None:
    entry = proposed()

    response = client_for(lead).get(LIST, Y)

    cell = str(next(iter(response.context["table"].rows)).get_cell("person"))
    assert f'name="entries" value="{entry.pk}"' in cell
    assert "data-needs-opinion" in cell


def test_a_pupils_tick_box_does_not_mark_the_opinion(curator: User) -> None:
    proposed(
        person=PupilFactory(),
        format=format_of("student_pupil"),
        variant=variant_of("student_pupil", "passive"),
    )

    cell = str(
        next(iter(client_for(curator).get(LIST, Y).context["table"].rows)).get_cell("person")
    )

    assert 'name="entries"' in cell
    assert "data-needs-opinion" not in cell


@pytest.mark.parametrize(
    ("role", "title"), [("mentee", "База наставляемых"), ("mentor", "База наставников")]
)
def test_the_title_follows_the_tab(curator: User, role: str, title: str) -> None:
    response = client_for(curator).get(LIST, {**Y, "role": role})

    assert f"<title>{title}" in response.text
    assert f'<h1 class="h3 mb-0">{title}</h1>' in response.text


@pytest.mark.parametrize("role", ["mentee", "mentor"])
def test_the_list_takes_a_fixed_number_of_queries(
    curator: User, role: str, django_assert_max_num_queries: Any
) -> None:
    client = client_for(curator)

    def fill(count: int) -> None:
        for _number in range(count):
            person = StudentFactory()
            MentorProfileFactory(person=person)
            QualificationCourseFactory(person=person)
            proposed(person=person, role=role)

    fill(5)
    with django_assert_max_num_queries(20) as few:
        client.get(LIST, {**Y, "role": role})
    fill(35)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(LIST, {**Y, "role": role}).status_code == 200


# --- The export ------------------------------------------------------------------------------


def test_the_export_is_the_filtered_pool(curator: User) -> None:
    PoolEntryFactory(person=StudentFactory(last_name="Выгруженная"), request="Сессия")
    proposed(person=StudentFactory(last_name="Отфильтрованная"))

    response = client_for(curator).get(EXPORT, {**Y, "status": "included"})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = workbook_rows(response.content)
    assert rows[0][:5] == (
        "ФИО",
        "Группа, должность, класс или работодатель",
        "Форма наставничества",
        "Вариант",
        "Статус",
    )
    assert len(rows) == 2
    assert rows[1][0].startswith("Выгруженная")
    assert rows[1][4] == "включён"
    assert rows[1][-1] == "Сессия"


def test_the_mentor_export_has_capacity_and_training(curator: User) -> None:
    mentor = TeacherFactory()
    MentorProfileFactory(person=mentor, capacity=4)
    QualificationCourseFactory(person=mentor)
    teacher_teacher_entry(person=mentor, role=ParticipantRole.MENTOR)

    rows = workbook_rows(client_for(curator).get(EXPORT, {**Y, "role": "mentor"}).content)

    assert rows[0][-4:] == ("Может вести", "Компетенции", "Интересы", "Обучение")
    assert rows[1][-4] == 4
    assert rows[1][-1] == 1


def test_the_export_masks_special_variants(methodist: User) -> None:
    disabilities_entry()

    rows = workbook_rows(client_for(methodist).get(EXPORT, Y).content)

    assert rows[1][3] == "—"
    assert "ОВЗ" not in " ".join(str(value) for row in rows for value in row)


def test_the_export_writes_formulas_as_text(curator: User) -> None:
    PoolEntryFactory(person=StudentFactory(last_name='=HYPERLINK("http://evil.test","x")'))

    response = client_for(curator).get(EXPORT, Y)

    cell = load_workbook(BytesIO(response.content)).active["A2"]
    assert cell.value.startswith('=HYPERLINK("http://evil.test"')
    assert cell.data_type == "s"
    assert cell.quotePrefix


# --- One entry -------------------------------------------------------------------------------


def test_the_entry_page_shows_the_decision(lead: User) -> None:
    decision = DecisionFactory(body=DecisionBody.WORKING_GROUP, number="14")
    entry = PoolEntryFactory(person=StudentFactory(last_name="Подробная"), decision=decision)

    response = client_for(lead).get(url("entry", entry.pk))

    assert response.status_code == 200
    assert "Подробная" in response.text
    assert "№ 14" in response.text
    assert url("exclude", entry.pk) in response.text


def test_the_entry_page_of_a_mentor_shows_profile_and_training(methodist: User) -> None:
    mentor = TeacherFactory()
    MentorProfileFactory(person=mentor, competencies="Наставничество молодых")
    QualificationCourseFactory(person=mentor, title="Школа наставника", is_mentor_training=True)
    entry = teacher_teacher_entry(person=mentor, role=ParticipantRole.MENTOR)

    response = client_for(methodist).get(url("entry", entry.pk))

    assert "Наставничество молодых" in response.text
    assert "Школа наставника" in response.text
    assert url("exclude", entry.pk) not in response.text  # the methodist only reads


def test_the_entry_page_masks_the_variant(methodist: User) -> None:
    entry = disabilities_entry()

    response = client_for(methodist).get(url("entry", entry.pk))

    assert "ОВЗ" not in response.text


def test_the_entry_page_links_the_proposal_and_the_carried_entry(curator: User) -> None:
    proposal = ProposalFactory(status=ProposalStatus.ACCEPTED, decided_at=timezone.now())
    source = PoolEntryFactory(person=proposal.person, academic_year=2024, proposal=proposal)
    entry = proposed(person=proposal.person, carried_from=source)

    carried = client_for(curator).get(url("entry", entry.pk)).text
    original = client_for(curator).get(url("entry", source.pk)).text

    assert url("entry", source.pk) in carried
    assert "2024/2025" in carried
    assert reverse("proposals:detail", args=[proposal.pk]) in original
    assert reverse("people:detail", args=[proposal.person.pk]) in original


def test_a_lead_does_not_see_another_formats_entry(lead: User) -> None:
    entry = teacher_teacher_entry()

    assert client_for(lead).get(url("entry", entry.pk)).status_code == 404


def test_the_entry_page_is_read_only(curator: User) -> None:
    assert client_for(curator).post(url("entry", PoolEntryFactory().pk)).status_code == 405


def test_an_unknown_entry_is_not_found(curator: User) -> None:
    assert client_for(curator).get(url("entry", 999)).status_code == 404


# --- Adding ----------------------------------------------------------------------------------


def _add_data(person: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "academic_year": "2025",
        "role": "mentee",
        "format": format_of("student_student").pk,
        "variant": variant_of("student_student", "leader_passive").pk,
        "person": person.pk,
        "request": "Влиться в группу",
    }
    data.update(changes)
    return data


def test_a_lead_adds_a_student_to_the_pool(lead: User) -> None:
    student = StudentFactory(last_name="Новенькая")
    client = client_for(lead)
    assert client.get(ADD).status_code == 200

    response = client.post(ADD, _add_data(student))

    entry = PoolEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?year=2025&role=mentee"
    assert (entry.person_id, entry.status) == (student.pk, PoolStatus.PROPOSED)


def test_a_refused_addition_says_why(lead: User) -> None:
    response = client_for(lead).post(ADD, _add_data(TeacherFactory(), variant=""))

    assert response.status_code == 200
    assert "наставляемым может быть только студент техникума" in response.text
    assert not PoolEntry.objects.exists()


def test_without_a_person_the_variant_is_refused_at_the_same_time(lead: User) -> None:
    """Both errors of the submission at once, not the variant's in a second round."""
    data = {**_add_data(StudentFactory(), variant=""), "person": ""}

    form = client_for(lead).post(ADD, data).context["form"]

    assert form.has_error("person", "required")
    assert "Выберите вариант" in " ".join(form.errors["variant"])
    assert not PoolEntry.objects.exists()


def test_a_lead_is_offered_only_the_led_formats(lead: User) -> None:
    response = client_for(lead).post(
        ADD, _add_data(TeacherFactory(), format=format_of("teacher_teacher").pk, variant="")
    )

    assert response.status_code == 200
    assert "format" in response.context["form"].errors
    assert not PoolEntry.objects.exists()


def test_the_add_form_finds_people_by_name(lead: User) -> None:
    StudentFactory(last_name="Ёлочкина")
    StudentFactory(last_name="Другова")

    response = client_for(lead).get(ADD, {"q": "елочк"})

    assert "Ёлочкина" in response.text
    assert "Другова" not in response.text
    assert 'type="radio" name="person"' in response.text


def test_the_add_form_search_answers_htmx_with_the_candidates_only(lead: User) -> None:
    StudentFactory(last_name="Ёлочкина")

    response = client_for(lead).get(ADD, {"q": "Ёлочкина"}, HTTP_HX_REQUEST="true")

    assert response.templates[0].name == "pairs/pools/_candidates.html"
    assert "Ёлочкина" in response.text
    assert "<form" not in response.text


def test_the_add_form_keeps_the_chosen_person(lead: User) -> None:
    chosen = StudentFactory(last_name="Выбранная")
    StudentFactory(last_name="Найденная")

    response = client_for(lead).get(ADD, {"q": "Найденная", "person": chosen.pk})

    assert response.context["chosen"].pk == chosen.pk
    assert f'value="{chosen.pk}" id="person-{chosen.pk}" checked' in response.text
    assert "Найденная" in response.text


def test_the_add_form_offers_no_student_who_left(lead: User) -> None:
    StudentFactory(last_name="Отчисленная", status=StudentStatus.EXPELLED)

    response = client_for(lead).get(ADD, {"q": "Отчисленная"})

    assert response.context["candidates"] == []
    assert "нет «Отчисленная»" in response.text


def test_the_add_form_keeps_the_year_and_pool_in_the_search(lead: User) -> None:
    response = client_for(lead).get(ADD, {"year": "2024", "role": "mentor"})

    assert '<input type="hidden" name="year" value="2024">' in response.text
    assert '<input type="hidden" name="role" value="mentor">' in response.text


def test_adding_without_a_person_asks_to_find_one(lead: User) -> None:
    response = client_for(lead).post(ADD, {**_add_data(StudentFactory()), "person": ""})

    assert response.status_code == 200
    assert "Найдите участника по ФИО и выберите его." in response.text
    assert not PoolEntry.objects.exists()


def test_adding_a_student_who_left_is_refused(lead: User) -> None:
    student = StudentFactory(status=StudentStatus.EXPELLED)

    response = client_for(lead).post(ADD, _add_data(student))

    assert "person" in response.context["form"].errors
    assert not PoolEntry.objects.exists()


@pytest.mark.parametrize("persona", ["methodist", "director", "teacher"])
def test_only_managers_add(persona: str, request: pytest.FixtureRequest) -> None:
    client = client_for(request.getfixturevalue(persona))

    assert client.get(ADD).status_code == 403
    assert client.post(ADD, _add_data(StudentFactory())).status_code == 403
    assert not PoolEntry.objects.exists()


def test_adding_takes_get_and_post_only(curator: User) -> None:
    assert client_for(curator).delete(ADD).status_code == 405


# --- Including -------------------------------------------------------------------------------


def _include_data(*entries: PoolEntry, **changes: Any) -> dict[str, Any]:
    data = {
        "entries": [entry.pk for entry in entries],
        "year": "2025",
        "role": "mentee",
        "basis": "new",
        "body": DecisionBody.WORKING_GROUP,
        "number": "3",
        "decided_on": "2025-09-25",
        "student_council_opinion": "Студсовет поддерживает",
    }
    data.update(changes)
    return data


def test_a_lead_includes_by_a_new_decision(lead: User) -> None:
    entries = [proposed(), proposed()]

    response = client_for(lead).post(INCLUDE, _include_data(*entries))

    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?year=2025&role=mentee"
    decision = Decision.objects.get()
    assert decision.body == DecisionBody.WORKING_GROUP
    assert decision.student_council_opinion == "Студсовет поддерживает"
    for entry in entries:
        entry.refresh_from_db()
        assert (entry.status, entry.decision, entry.included_on) == (
            PoolStatus.INCLUDED,
            decision,
            dt.date(2025, 9, 25),
        )


def test_an_existing_decision_includes(curator: User) -> None:
    entry = proposed()
    decision = DecisionFactory(body=DecisionBody.PEDAGOGICAL_COUNCIL)

    client_for(curator).post(INCLUDE, _include_data(entry, basis="existing", decision=decision.pk))

    entry.refresh_from_db()
    assert entry.decision == decision


def test_the_partner_curator_basis_includes_pupils(curator: User) -> None:
    entry = proposed(
        person=PupilFactory(),
        format=format_of("student_pupil"),
        variant=variant_of("student_pupil", "passive"),
    )

    client_for(curator).post(
        INCLUDE, _include_data(entry, basis="partner", included_on="2025-10-02")
    )

    entry.refresh_from_db()
    assert (entry.status, entry.included_on) == (PoolStatus.INCLUDED, dt.date(2025, 10, 2))


def test_a_refused_inclusion_changes_nothing_and_says_why(lead: User) -> None:
    entry = proposed(person=StudentFactory(last_name="Безмнения"))

    response = client_for(lead).post(INCLUDE, _include_data(entry, student_council_opinion=""))

    assert response.status_code == 200
    assert "Безмнения" in response.text
    assert "мнения студенческого совета" in response.text
    assert not Decision.objects.exists()
    entry.refresh_from_db()
    assert entry.status == PoolStatus.PROPOSED


def test_an_incomplete_new_decision_is_asked_for(lead: User) -> None:
    entry = proposed()

    response = client_for(lead).post(INCLUDE, _include_data(entry, number=""))

    assert response.status_code == 200
    assert "number" in response.context["form"].errors
    entry.refresh_from_db()
    assert entry.status == PoolStatus.PROPOSED


def test_the_include_fields_are_grouped_by_basis(lead: User) -> None:
    proposed()

    text = client_for(lead).get(LIST, Y).text

    for basis in ("existing", "new", "partner"):
        assert f'data-basis="{basis}"' in text
    assert 'class="asteriskField d-none" data-opinion-mark' in text


def test_a_refused_student_student_inclusion_marks_the_opinion_required(lead: User) -> None:
    entry = proposed()

    response = client_for(lead).post(INCLUDE, _include_data(entry, student_council_opinion=""))

    assert 'class="asteriskField" data-opinion-mark' in response.text


def test_a_refused_pupils_inclusion_does_not_mark_the_opinion(curator: User) -> None:
    entry = proposed(
        person=PupilFactory(),
        format=format_of("student_pupil"),
        variant=variant_of("student_pupil", "passive"),
    )

    response = client_for(curator).post(INCLUDE, _include_data(entry, basis="partner"))

    assert response.status_code == 200
    assert 'class="asteriskField d-none" data-opinion-mark' in response.text


def test_including_nobody_returns_to_the_list(lead: User) -> None:
    response = client_for(lead).post(INCLUDE, {"year": "2025", "role": "mentor"})

    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?year=2025&role=mentor"


def test_a_lead_cannot_include_another_formats_entry(lead: User) -> None:
    entry = teacher_teacher_entry(status=PoolStatus.PROPOSED, decision=None, included_on=None)

    response = client_for(lead).post(INCLUDE, _include_data(entry))

    assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.status == PoolStatus.PROPOSED


@pytest.mark.parametrize("persona", ["methodist", "director", "teacher"])
def test_only_managers_include(persona: str, request: pytest.FixtureRequest) -> None:
    entry = proposed()

    response = client_for(request.getfixturevalue(persona)).post(INCLUDE, _include_data(entry))

    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.status == PoolStatus.PROPOSED


def test_including_is_post_only(curator: User) -> None:
    assert client_for(curator).get(INCLUDE).status_code == 405


# --- Excluding -------------------------------------------------------------------------------


def test_a_lead_excludes_after_confirming(lead: User) -> None:
    entry = PoolEntryFactory(person=StudentFactory(last_name="Уходящая"))
    client = client_for(lead)

    page = client.get(url("exclude", entry.pk))
    response = client.post(
        url("exclude", entry.pk), {"excluded_on": "2026-02-01", "reason": "Перевод"}
    )

    assert page.status_code == 200
    assert "Уходящая" in page.text
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.exclusion_reason) == (PoolStatus.EXCLUDED, "Перевод")


def test_an_exclusion_without_a_reason_is_refused(lead: User) -> None:
    entry = PoolEntryFactory()

    response = client_for(lead).post(url("exclude", entry.pk), {"excluded_on": "2026-02-01"})

    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.status == PoolStatus.INCLUDED


def test_a_lead_cannot_exclude_another_formats_entry(lead: User) -> None:
    entry = teacher_teacher_entry()

    assert client_for(lead).get(url("exclude", entry.pk)).status_code == 404
    assert client_for(lead).post(url("exclude", entry.pk), {}).status_code == 404


def test_the_methodist_cannot_exclude(methodist: User) -> None:
    assert client_for(methodist).get(url("exclude", PoolEntryFactory().pk)).status_code == 403


def test_excluding_takes_get_and_post_only(curator: User) -> None:
    assert client_for(curator).put(url("exclude", PoolEntryFactory().pk)).status_code == 405


# --- Refreshing for the next year ------------------------------------------------------------


def test_the_refresh_previews_then_carries(curator: User) -> None:
    PoolEntryFactory(person=StudentFactory(last_name="Переносимая"))
    client = client_for(curator)

    preview = client.get(REFRESH, Y)
    assert preview.status_code == 200
    assert "2026/2027" in preview.text
    assert not PoolEntry.objects.filter(academic_year=2026).exists()

    response = client.post(REFRESH, Y)

    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?year=2026&role=mentee"
    assert PoolEntry.objects.get(academic_year=2026).status == PoolStatus.PROPOSED


def test_the_refresh_preview_lists_the_skipped(curator: User) -> None:
    from registry.models import StudentStatus

    PoolEntryFactory(person=StudentFactory(last_name="Выпускница", status=StudentStatus.GRADUATED))

    response = client_for(curator).get(REFRESH, Y)

    assert "Выпускница" in response.text
    assert "больше не обучается" in response.text


@pytest.mark.parametrize("persona", ["methodist", "director", "teacher"])
def test_only_managers_refresh(persona: str, request: pytest.FixtureRequest) -> None:
    PoolEntryFactory()
    client = client_for(request.getfixturevalue(persona))

    assert client.get(REFRESH, Y).status_code == 403
    assert client.post(REFRESH, Y).status_code == 403
    assert not PoolEntry.objects.filter(academic_year=2026).exists()


def test_refreshing_takes_get_and_post_only(curator: User) -> None:
    assert client_for(curator).delete(REFRESH).status_code == 405


# --- The analysis ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["curator", "director", "methodist", "lead"])
def test_the_analysis_page(persona: str, request: pytest.FixtureRequest) -> None:
    PoolEntryFactory(
        person=StudentFactory(last_name="Одинокая"),
        variant=variant_of("student_student", "peer_to_peer"),
    )

    response = client_for(request.getfixturevalue(persona)).get(ANALYSIS, Y)

    assert response.status_code == 200
    assert "Одинокая" in response.text
    assert "Наставляемые без наставника" in response.text


def test_the_analysis_page_masks_special_variants(methodist: User) -> None:
    disabilities_entry(person=StudentFactory(last_name="Скрытова"))

    response = client_for(methodist).get(ANALYSIS, Y)

    assert "Скрытова" in response.text
    assert "ОВЗ" not in response.text
    assert "варианты скрыты" in response.text


def test_the_analysis_cards_say_they_count_students(curator: User) -> None:
    PoolEntryFactory()
    proposed(person=TeacherFactory(), format=format_of("teacher_teacher"), variant=None)

    text = client_for(curator).get(ANALYSIS, Y).text

    assert "Студенты в базе наставляемых" in text
    assert "Студенты в действующих парах и группах" in text
    assert "от обучающихся студентов" in text
    assert "ожидают решения" in text
    assert "на рассмотрении" not in text


def test_the_analysis_export(curator: User) -> None:
    PoolEntryFactory()

    response = client_for(curator).get(ANALYSIS_EXPORT, Y)

    assert response.status_code == 200
    assert 'filename="pool-analysis-2025.xlsx"' in response["Content-Disposition"]
    assert load_workbook(BytesIO(response.content)).sheetnames[0] == "Численность"


def test_the_analysis_takes_a_fixed_number_of_queries(
    curator: User, django_assert_max_num_queries: Any
) -> None:
    client = client_for(curator)

    def fill(count: int) -> None:
        for _number in range(count):
            PoolEntryFactory(variant=variant_of("student_student", "peer_to_peer"))
            PoolEntryFactory(person=TeacherFactory(), role=ParticipantRole.MENTOR)

    fill(5)
    with django_assert_max_num_queries(30) as few:
        client.get(ANALYSIS, Y)
    fill(35)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(ANALYSIS, Y).status_code == 200


def test_a_new_decision_dated_in_the_future_includes_nobody(lead: User) -> None:
    """The same rule as for confirming pairs (pairs.decisions): a decision records what a body
    has already decided."""
    entry = proposed()
    next_year = (timezone.localdate() + dt.timedelta(days=365)).isoformat()

    response = client_for(lead).post(INCLUDE, _include_data(entry, decided_on=next_year))

    assert response.status_code == 200
    assert response.context["form"].errors["decided_on"] == [
        "Дата решения не может быть в будущем: вносится уже принятое решение."
    ]
    assert not Decision.objects.exists()
    entry.refresh_from_db()
    assert entry.status == PoolStatus.PROPOSED
