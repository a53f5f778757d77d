"""The personal plan printed for signing (персонализированная программа наставничества, for
«педагог – педагог» the adaptation plan of a young teacher).

Tests named `test_pdf_…` render through WeasyPrint; `pytest -k "not pdf"` leaves them out.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, cast

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from pairs.models import Mentorship
from pairs.personal_plans.services import add_task, save_plan_goal
from programs.models import Organization
from registry.models import Teacher
from reports.documents.personal_plan import personal_plan_pdf
from tests.conftest import client_for
from tests.factories import (
    MentorshipFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
    format_of,
    variant_of,
)
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


def pair(**kwargs: Any) -> Mentorship:
    """A saved mentorship (MentorshipFactory, typed)."""
    return cast(Mentorship, MentorshipFactory(**kwargs))


DOCUMENTS_CSS = "https://nastavnik.invalid/static/css/documents.css"
IMG_FILE = '<img src="file:///etc/passwd">'
ORGANIZATION = {
    "full_name": "Краевое государственное бюджетное профессиональное образовательное "
    "учреждение «Чегдомынский горно-технологический техникум»",
    "short_name": "КГБПОУ ЧГТТ",
    "director_name": "Соколова Елена Викторовна",
    "curator_name": "Васильев Андрей Сергеевич",
    "curator_position": "заместитель директора по учебно-производственной работе",
}


@pytest.fixture(autouse=True)
def organization(db: None) -> Organization:
    organization = Organization.load()
    for name, value in ORGANIZATION.items():
        setattr(organization, name, value)
    organization.save()
    return organization


@pytest.fixture
def adaptation(db: None) -> Mentorship:
    """A «педагог – педагог» pair with a goal and two tasks, one done, one under way."""
    mentorship: Mentorship = pair(
        mentors=[
            TeacherFactory(last_name="Наставникова", first_name="Ольга", patronymic="Петровна"),
        ],
        mentees=[
            TeacherFactory(last_name="Молодцов", first_name="Илья", patronymic="Сергеевич"),
        ],
        started_on=dt.date(2025, 10, 1),
        planned_end_on=dt.date(2026, 6, 30),
    )
    save_plan_goal(mentorship, user=None, goal="Сократить срок адаптации молодого педагога.")
    add_task(
        mentorship,
        user=None,
        title="Изучить локальные акты",
        activities="Беседа с наставником",
        starts_on=dt.date(2025, 10, 1),
        due_on=dt.date(2025, 11, 30),
        progress=100,
        note="Изучены",
    )
    add_task(
        mentorship,
        user=None,
        title="Провести открытый урок",
        activities="Подготовка конспекта",
        starts_on=None,
        due_on=dt.date(2026, 3, 15),
        progress=40,
    )
    return mentorship


def url(mentorship: Mentorship) -> str:
    return reverse("documents:personal-plan", args=[mentorship.pk])


def printed(user: User, mentorship: Mentorship) -> str:
    response = client_for(user).get(url(mentorship))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return pdf_text(response.content)


def special_pair(**kwargs: Any) -> Mentorship:
    mentorship: Mentorship = pair(
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "disabilities"),
        mentors=[TeacherFactory(last_name="Наставникова", first_name="Ольга")],
        mentees=[StudentFactory(last_name="Чувствительная", group=StudyGroupFactory(course=2))],
        **kwargs,
    )
    return mentorship


# --- What it prints --------------------------------------------------------------------------


def test_pdf_adaptation_plan_of_a_young_teacher(curator: User, adaptation: Mentorship) -> None:
    response = client_for(curator).get(url(adaptation))

    assert response["Content-Disposition"] == (
        f'inline; filename="personal-plan-{adaptation.pk}.pdf"'
    )
    text = pdf_text(response.content)
    assert ORGANIZATION["full_name"] in text
    assert "План адаптации молодого педагога" in text
    assert f"наставническая пара № {adaptation.pk}" in text
    assert f"Форма наставничества «{format_of('teacher_teacher').title}»" in text
    assert "Наставникова Ольга Петровна, преподаватель" in text
    assert "Молодцов Илья Сергеевич, преподаватель" in text
    assert "с 01.10.2025 по 30.06.2026" in text
    assert "Сократить срок адаптации молодого педагога." in text
    # The table's columns: №, task, activities, dates, progress, note.
    assert "№ Задача Запланированные Сроки" in text
    assert "1 Изучить локальные акты Беседа с наставником 01.10.2025 – 100 Изучены" in text
    assert "2 Провести открытый урок Подготовка конспекта до 15.03.2026 40" in text
    assert "Общее выполнение: 70 %" in text
    assert "страница 1 из 1" in text


def test_pdf_signature_lines(curator: User, adaptation: Mentorship) -> None:
    text = printed(curator, adaptation)

    assert "УТВЕРЖДАЮ" in text
    assert "Заместитель директора по учебно-производственной работе" in text
    assert "____________ / А. С. Васильев" in text
    assert "Наставник ____________ / О. П. Наставникова" in text
    assert "Наставляемый ____________ / И. С. Молодцов" in text
    assert "Методист ____________ / ____________" in text


def test_pdf_the_methodist_who_prints_it_signs_it(methodist: User, adaptation: Mentorship) -> None:
    text = printed(methodist, adaptation)

    assert "Методист ____________ / Н. Белова" in text


def test_pdf_personalized_program_of_another_format(curator: User) -> None:
    mentorship = pair(
        format=format_of("student_student"),
        variant=variant_of("student_student", "peer_to_peer"),
        mentors=[StudentFactory(group=StudyGroupFactory(course=3))],
        mentees=[StudentFactory(group=StudyGroupFactory(course=1))],
    )

    text = printed(curator, mentorship)

    assert "Персонализированная программа наставничества" in text
    assert "План адаптации" not in text
    assert variant_of("student_student", "peer_to_peer").title in text


def test_pdf_of_a_plan_not_drawn_up_yet_is_a_blank_to_fill_in(curator: User) -> None:
    mentorship = pair()

    text = printed(curator, mentorship)

    assert "План адаптации молодого педагога" in text
    assert "Задачи и запланированные мероприятия" in text
    assert "Общее выполнение" not in text
    assert "Наставник ____________ /" in text


def test_pdf_group_has_a_signature_line_for_every_mentee(curator: User) -> None:
    mentorship = pair(
        mentees=[
            TeacherFactory(last_name="Первова", first_name="Анна", patronymic="Ильинична"),
            TeacherFactory(last_name="Второв", first_name="Борис", patronymic="Юрьевич"),
        ]
    )

    text = printed(curator, mentorship)

    assert f"наставническая группа № {mentorship.pk}" in text
    assert "Наставляемый ____________ / А. И. Первова" in text
    assert "Наставляемый ____________ / Б. Ю. Второв" in text


def test_pdf_long_plan_repeats_the_table_header_on_every_page(
    curator: User, adaptation: Mentorship
) -> None:
    for number in range(40):
        add_task(
            adaptation,
            user=None,
            title=f"Задача номер {number}",
            activities="Посещение уроков наставника, разбор с ним проведённых занятий",
            due_on=dt.date(2026, 6, 30),
        )

    text = printed(curator, adaptation)

    pages = int(re.findall(r"страница \d+ из (\d+)", text)[0])
    assert pages >= 2
    assert f"страница {pages} из {pages}" in text
    assert text.count("№ Задача Запланированные Сроки") == pages
    assert "Задача номер 39" in text


# --- Special-category data and user text ------------------------------------------------------


def test_pdf_masks_the_variant_for_a_lead_who_may_not_see_it(methodist_lead: User) -> None:
    mentorship = special_pair()
    variant = variant_of("teacher_student", "disabilities")

    text = printed(methodist_lead, mentorship)

    assert "Персонализированная программа наставничества" in text
    assert mentorship.format.title in text
    assert variant.title not in text
    assert "ОВЗ" not in text


def test_pdf_shows_the_variant_to_the_curator(curator: User) -> None:
    mentorship = special_pair()

    text = printed(curator, mentorship)

    assert variant_of("teacher_student", "disabilities").title in text


def test_pdf_without_a_request_masks_the_variant() -> None:
    mentorship = special_pair()

    text = pdf_text(personal_plan_pdf(mentorship))

    assert variant_of("teacher_student", "disabilities").title not in text


def test_pdf_prints_user_text_without_fetching_it(
    curator: User, adaptation: Mentorship, fetched: list[str]
) -> None:
    save_plan_goal(adaptation, user=None, goal=IMG_FILE)
    add_task(
        adaptation,
        user=None,
        title=IMG_FILE,
        activities=IMG_FILE,
        note=IMG_FILE,
        due_on=dt.date(2026, 6, 30),
    )

    text = printed(curator, adaptation)

    assert fetched == [DOCUMENTS_CSS]
    assert IMG_FILE in text


# --- Who may print it ------------------------------------------------------------------------


def test_pdf_mentor_prints_the_plan_of_their_pair(teacher: User, teacher_person: Teacher) -> None:
    mentorship = pair(mentors=[teacher_person])

    assert "План адаптации молодого педагога" in printed(teacher, mentorship)


def test_plan_of_another_teachers_pair_is_not_found(
    teacher: User, teacher_person: Teacher, adaptation: Mentorship
) -> None:
    assert client_for(teacher).get(url(adaptation)).status_code == 404


def test_plan_of_another_format_is_not_found_for_a_lead(lead: User, adaptation: Mentorship) -> None:
    assert client_for(lead).get(url(adaptation)).status_code == 404


def test_plan_of_an_unknown_mentorship_is_not_found(curator: User) -> None:
    assert (
        client_for(curator).get(reverse("documents:personal-plan", args=[999])).status_code == 404
    )


def test_plan_needs_a_role(outsider: User, adaptation: Mentorship) -> None:
    assert client_for(outsider).get(url(adaptation)).status_code == 403


def test_plan_refuses_post(curator: User, adaptation: Mentorship) -> None:
    assert client_for(curator).post(url(adaptation)).status_code == 405
