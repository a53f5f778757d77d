from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from programs.formats.forms import FORMAT_TEXTS, VARIANT_TEXTS, format_token
from programs.models import MentoringFormat, Organization
from tests.conftest import client_for
from tests.stale import refused_as_stale, seen_on

pytestmark = pytest.mark.django_db

FORMAT_LIST = reverse("formats:format-list")
ORGANIZATION = reverse("formats:organization-detail")
ORGANIZATION_EDIT = reverse("formats:organization-edit")


def detail(code: str = "student_student") -> str:
    return reverse("formats:format-detail", args=[code])


def edit(code: str = "student_student") -> str:
    return reverse("formats:format-edit", args=[code])


def test_format_list_shows_the_five_formats(teacher: User) -> None:
    response = client_for(teacher).get(FORMAT_LIST)

    assert response.status_code == 200
    for title in ("студент – студент", "педагог – педагог", "работодатель – студент"):
        assert title in response.text


def test_format_list_needs_a_role(outsider: User) -> None:
    assert client_for(outsider).get(FORMAT_LIST).status_code == 403


def test_format_list_refuses_post(teacher: User) -> None:
    assert client_for(teacher).post(FORMAT_LIST).status_code == 405


def test_format_detail_reads_like_the_regulation(director: User) -> None:
    response = client_for(director).get(detail("teacher_student"))

    assert response.status_code == 200
    assert "педагог – студент с ОВЗ" in response.text
    assert "педагогического совета или рабочей группы" in response.text


def test_format_detail_of_unknown_format_is_404(director: User) -> None:
    assert client_for(director).get(detail("nonexistent")).status_code == 404


def test_format_detail_needs_a_role(outsider: User) -> None:
    assert client_for(outsider).get(detail()).status_code == 403


def test_format_detail_refuses_post(director: User) -> None:
    assert client_for(director).post(detail()).status_code == 405


def _edit_data(mentoring_format: MentoringFormat, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        field: getattr(mentoring_format, field) for field in ("title", *FORMAT_TEXTS)
    }
    variants = list(mentoring_format.variants.order_by("position"))
    data.update(
        {
            "variants-TOTAL_FORMS": len(variants),
            "variants-INITIAL_FORMS": len(variants),
            "variants-MIN_NUM_FORMS": 0,
            "variants-MAX_NUM_FORMS": 1000,
        }
    )
    data["seen"] = format_token(mentoring_format)
    for index, variant in enumerate(variants):
        data[f"variants-{index}-id"] = variant.pk
        data[f"variants-{index}-format"] = mentoring_format.pk
        for field in ("title", *VARIANT_TEXTS):
            data[f"variants-{index}-{field}"] = getattr(variant, field)
    data.update(changes)
    return data


def test_curator_edits_texts_and_assigns_a_lead(curator: User, lead: User) -> None:
    mentoring_format = MentoringFormat.objects.get(code="student_pupil")
    data = _edit_data(
        mentoring_format,
        goal="Новая цель формы.",
        leads=[lead.pk],
        **{"variants-0-title": "пассивный ученик"},
    )

    response = client_for(curator).post(edit("student_pupil"), data)

    assert response.status_code == 302
    mentoring_format.refresh_from_db()
    assert mentoring_format.goal == "Новая цель формы."
    assert list(mentoring_format.leads.all()) == [lead]
    assert mentoring_format.variants.get(code="passive").title == "пассивный ученик"


def test_a_stale_format_form_is_refused_and_changes_nothing(curator: User, lead: User) -> None:
    mentoring_format = MentoringFormat.objects.get(code="student_pupil")
    data = _edit_data(mentoring_format, goal="Моя цель.")
    # Someone else renames a variant (or assigns a lead) meanwhile.
    mentoring_format.variants.filter(code="passive").update(title="их вариант")

    response = client_for(curator).post(edit("student_pupil"), data)

    assert refused_as_stale(response)
    mentoring_format.refresh_from_db()
    assert mentoring_format.goal != "Моя цель."
    assert mentoring_format.variants.get(code="passive").title == "их вариант"


def test_a_format_form_is_stale_once_its_leads_change(curator: User, lead: User) -> None:
    mentoring_format = MentoringFormat.objects.get(code="student_pupil")
    data = _edit_data(mentoring_format, goal="Моя цель.")
    mentoring_format.leads.add(lead)

    response = client_for(curator).post(edit("student_pupil"), data)

    assert refused_as_stale(response)
    assert list(mentoring_format.leads.all()) == [lead]


def test_only_format_leads_can_be_assigned(curator: User, teacher: User) -> None:
    mentoring_format = MentoringFormat.objects.get(code="teacher_teacher")

    response = client_for(curator).post(
        edit("teacher_teacher"), _edit_data(mentoring_format, leads=[teacher.pk])
    )

    assert response.status_code == 200
    assert not mentoring_format.leads.exists()


def test_a_blank_title_is_refused_and_nothing_changes(curator: User) -> None:
    mentoring_format = MentoringFormat.objects.get(code="teacher_teacher")

    response = client_for(curator).post(
        edit("teacher_teacher"), _edit_data(mentoring_format, title="", goal="Изменено")
    )

    assert response.status_code == 200
    assert "Обязательное поле" in response.text
    mentoring_format.refresh_from_db()
    assert mentoring_format.goal != "Изменено"


@pytest.mark.parametrize("persona", ["director", "lead", "teacher", "methodist"])
def test_only_the_curator_edits_formats(persona: str, request: pytest.FixtureRequest) -> None:
    user = request.getfixturevalue(persona)

    assert client_for(user).get(edit()).status_code == 403


def test_editing_an_unknown_format_is_404(curator: User) -> None:
    assert client_for(curator).get(edit("nonexistent")).status_code == 404


def test_format_edit_refuses_delete(curator: User) -> None:
    assert client_for(curator).delete(edit()).status_code == 405


def test_organization_page_shows_the_details(teacher: User) -> None:
    Organization.objects.update_or_create(
        id=1, defaults={"short_name": "КГБПОУ ЧГТТ", "director_name": "Соколова Е. В."}
    )

    response = client_for(teacher).get(ORGANIZATION)

    assert response.status_code == 200
    assert "Соколова Е. В." in response.text


def test_organization_page_needs_a_role(outsider: User) -> None:
    assert client_for(outsider).get(ORGANIZATION).status_code == 403


def test_organization_page_refuses_post(teacher: User) -> None:
    assert client_for(teacher).post(ORGANIZATION).status_code == 405


def test_curator_edits_the_organization(curator: User) -> None:
    data = {
        "full_name": "Краевое государственное бюджетное профессиональное образовательное "
        "учреждение «Чегдомынский горно-технологический техникум»",
        "short_name": "КГБПОУ ЧГТТ",
        "locality": "р.п. Чегдомын",
        "director_name": "Соколова Елена Викторовна",
        "curator_name": "Васильев Андрей Сергеевич",
        "curator_position": "заместитель директора по УПР",
        "silent_after_weeks": "3",
    }
    client = client_for(curator)
    data["seen"] = seen_on(client, ORGANIZATION_EDIT)

    response = client.post(ORGANIZATION_EDIT, data)

    assert response.status_code == 302
    organization = Organization.load()
    assert organization.director_name == "Соколова Елена Викторовна"
    assert organization.silent_after_weeks == 3
    assert organization.is_filled


def test_a_stale_organization_form_is_refused_and_changes_nothing(curator: User) -> None:
    client = client_for(curator)
    seen = seen_on(client, ORGANIZATION_EDIT)
    Organization.objects.filter(pk=Organization.SINGLETON_ID).update(locality="р.п. Чегдомын")
    data = {
        "full_name": "Техникум",
        "short_name": "КГБПОУ ЧГТТ",
        "director_name": "Соколова",
        "curator_name": "Васильев",
        "silent_after_weeks": "3",
        "seen": seen,
    }

    response = client.post(ORGANIZATION_EDIT, data)

    assert refused_as_stale(response)
    organization = Organization.load()
    assert (organization.locality, organization.director_name) == ("р.п. Чегдомын", "")


def test_organization_needs_its_names(curator: User) -> None:
    response = client_for(curator).post(ORGANIZATION_EDIT, {"full_name": "", "short_name": ""})

    assert response.status_code == 200
    assert "Обязательное поле" in response.text
    assert not Organization.load().is_filled


@pytest.mark.parametrize("persona", ["director", "lead", "teacher", "methodist"])
def test_only_the_curator_edits_the_organization(
    persona: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)

    assert client_for(user).get(ORGANIZATION_EDIT).status_code == 403


def test_organization_edit_refuses_delete(curator: User) -> None:
    assert client_for(curator).delete(ORGANIZATION_EDIT).status_code == 405


def _as_rendered(response: object) -> dict[str, object]:
    """What the browser posts back unchanged: the form's and the formset's initial values."""
    context = response.context  # type: ignore[attr-defined]
    data: dict[str, object] = {}
    for form in [context["form"], context["variants"].management_form, *context["variants"]]:
        for field in form:
            value = field.value()
            if value is not None:
                data[field.html_name] = value
    return data


@pytest.mark.parametrize("code", ["teacher_teacher", "employer_student", "teacher_student"])
def test_the_form_as_rendered_saves_for_every_format(curator: User, lead: User, code: str) -> None:
    client = client_for(curator)
    data = _as_rendered(client.get(edit(code)))
    data.update(goal="Проверка сохранения.", leads=[lead.pk])

    response = client.post(edit(code), data)

    assert response.status_code == 302
    mentoring_format = MentoringFormat.objects.get(code=code)
    assert mentoring_format.goal == "Проверка сохранения."
    assert list(mentoring_format.leads.all()) == [lead]


def test_a_forbidden_edit_changes_nothing(director: User) -> None:
    mentoring_format = MentoringFormat.objects.get(code="teacher_teacher")

    response = client_for(director).post(
        edit("teacher_teacher"), _edit_data(mentoring_format, goal="x")
    )

    assert response.status_code == 403
    mentoring_format.refresh_from_db()
    assert mentoring_format.goal != "x"


def test_a_forbidden_organization_edit_changes_nothing(teacher: User) -> None:
    response = client_for(teacher).post(
        ORGANIZATION_EDIT, {"full_name": "Чужое", "short_name": "Ч", "director_name": "Ч"}
    )

    assert response.status_code == 403
    assert Organization.load().full_name == ""


def test_format_list_does_a_constant_number_of_queries(
    teacher: User, django_assert_max_num_queries: object
) -> None:
    client = client_for(teacher)
    client.get(FORMAT_LIST)

    # Session, user, permissions (2), organization, roles, formats, variants, leads.
    with django_assert_max_num_queries(9):  # type: ignore[operator]
        assert client.get(FORMAT_LIST).status_code == 200
