"""The mentor and mentee bases and their analysis printed (documents:pool-pdf,
documents:pools-analysis-pdf): the columns of the federal base forms, the special-category
rule and the access log."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from pairs.models import (
    MentorshipResult,
    MentorshipStatus,
    ParticipantRole,
    ResultAchievement,
)
from programs.models import Organization
from registry.models import AccessAction, AccessLogEntry, ConsentGiver
from tests.conftest import client_for
from tests.factories import (
    ConsentFactory,
    MentorProfileFactory,
    MentorshipFactory,
    PoolEntryFactory,
    StudentFactory,
    TeacherFactory,
    format_of,
    variant_of,
)

pytestmark = pytest.mark.django_db

MENTEES = reverse("documents:pool-pdf", args=["mentee"])
MENTORS = reverse("documents:pool-pdf", args=["mentor"])
ANALYSIS = reverse("documents:pools-analysis-pdf")
Y = {"year": "2025"}


def text_of(pdf: bytes) -> str:
    """The text cell by cell (`pdftotext -raw`), on one line, the words the renderer
    hyphenated («сту‐|дент», U+2010) or wrapped at their hyphen joined again."""
    result = subprocess.run(
        ["pdftotext", "-raw", "-", "-"],  # noqa: S607 - poppler-utils, a test dependency
        input=pdf,
        capture_output=True,
        check=True,
    )
    text = " ".join(result.stdout.decode().split())
    text = re.sub(r"(\w)- (\w)", r"\1-\2", text)
    return re.sub(r"(\w)\u2010 (\w)", r"\1\2", text)


@pytest.fixture
def organization(db: None) -> Organization:
    organization = Organization.load()
    organization.short_name = "КГБПОУ ЧГТТ"
    organization.director_name = "Соколова Елена Викторовна"
    organization.curator_name = "Васильев Андрей Сергеевич"
    organization.save()
    return organization


def test_mentee_base_prints_the_columns_of_the_base_form(
    curator: User, organization: Organization
) -> None:
    minor = StudentFactory(last_name="Несовершеннолетний", birth_date=dt.date(2011, 1, 10))
    ConsentFactory(
        person=minor, given_by=ConsentGiver.PARENT, representative_name="Родителева Мария"
    )
    PoolEntryFactory(person=minor, request="Подготовка к олимпиаде")
    mentor = StudentFactory(last_name="Старшекурсников")
    mentorship = MentorshipFactory(
        format=format_of("student_student"),
        mentors=[mentor],
        mentees=[minor],
        status=MentorshipStatus.COMPLETED,
        ended_on=dt.date(2026, 5, 20),
        results="Призёр олимпиады",
    )
    MentorshipResult.objects.create(
        mentorship=mentorship, expected="Успеваемость", achievement=ResultAchievement.ACHIEVED
    )
    today = timezone.localdate()
    age = today.year - 2011 - ((today.month, today.day) < (1, 10))

    response = client_for(curator).get(MENTEES, Y)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="pool-mentees-2025.pdf"' in response["Content-Disposition"]
    text = text_of(response.content)
    assert f"1 {minor.full_name}" in text
    assert "Родителева Мария" in text
    assert f"(родитель) {age} группа" in text
    assert "Подготовка к олимпиаде 15.09.2025" in text
    assert f"15.09.2025 {mentor.full_name}" in text
    assert "студент – студент" in text
    assert "01.10.2025 – 20.05.2026" in text
    assert "Призёр олимпиады Успеваемость — достигнут" in text
    assert "А. С. Васильев" in text and "Е. В. Соколова" in text
    assert "страница 1 из 1" in text


def test_mentor_base_prints_competencies_and_mentees(
    curator: User, organization: Organization
) -> None:
    mentor = TeacherFactory(last_name="Опытнова")
    MentorProfileFactory(person=mentor, competencies="Демонстрационный экзамен")
    PoolEntryFactory(
        person=mentor, role=ParticipantRole.MENTOR, format=format_of("teacher_student")
    )
    mentee = StudentFactory(last_name="Подопечный")
    MentorshipFactory(format=format_of("teacher_student"), mentors=[mentor], mentees=[mentee])
    other = format_of("student_student")

    text = text_of(client_for(curator).get(MENTORS, Y).content)
    assert "Опытнова" in text
    assert "Демонстрационный экзамен" in text
    assert mentee.full_name in text

    text = text_of(client_for(curator).get(MENTORS, {**Y, "format": other.pk}).content)
    assert "Опытнова" not in text


def test_a_base_shows_special_variants_only_to_who_may_see_them_and_is_logged(
    curator: User, methodist: User, organization: Organization
) -> None:
    entry = PoolEntryFactory(
        person=StudentFactory(last_name="Особенный"),
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "disabilities"),
    )

    text = text_of(client_for(curator).get(MENTEES, Y).content)
    assert "ОВЗ" in text
    logged = AccessLogEntry.objects.get()
    assert (logged.user, logged.action, logged.people_count) == (curator, AccessAction.PRINT, 1)
    assert [row.person_id for row in logged.rows.all()] == [entry.person_id]

    text = text_of(client_for(methodist).get(MENTEES, Y).content)
    assert "Особенный" in text
    assert "ОВЗ" not in text
    logged = AccessLogEntry.objects.get(user=methodist)
    assert (logged.action, logged.people_count) == (AccessAction.PRINT, 1)
    assert not logged.rows.exists()


def test_the_analysis_prints_its_lists(curator: User, organization: Organization) -> None:
    waiting = PoolEntryFactory(person=StudentFactory(last_name="Безнаставников"))

    response = client_for(curator).get(ANALYSIS, Y)

    assert response.status_code == 200
    assert 'filename="pool-analysis-2025.pdf"' in response["Content-Disposition"]
    text = text_of(response.content)
    assert waiting.person.full_name in text
    assert "студент – студент" in text
    assert "страница 1 из" in text


@pytest.mark.parametrize("url", [MENTEES, MENTORS, ANALYSIS])
def test_the_printed_bases_need_a_role(outsider: User, url: str) -> None:
    assert client_for(outsider).get(url, Y).status_code == 403


@pytest.mark.parametrize("url", [MENTEES, ANALYSIS])
def test_the_printed_bases_refuse_post(curator: User, url: str) -> None:
    assert client_for(curator).post(url, Y).status_code == 405


@pytest.mark.parametrize(
    "url, query",
    [
        (reverse("documents:pool-pdf", args=["pupil"]), Y),
        (MENTEES, {"year": "soon"}),
        (MENTEES, {**Y, "format": "x"}),
        (ANALYSIS, {"year": "soon"}),
    ],
)
def test_the_printed_bases_refuse_what_makes_no_sense(
    curator: User, url: str, query: dict[str, str]
) -> None:
    assert client_for(curator).get(url, query).status_code == 404


def test_a_base_of_a_format_the_user_does_not_see_is_not_found(lead: User) -> None:
    other = format_of("teacher_teacher")

    assert client_for(lead).get(MENTEES, {**Y, "format": other.pk}).status_code == 404


def test_the_pool_pages_link_the_printed_documents(curator: User) -> None:
    pools = client_for(curator).get(reverse("pools:list"), {**Y, "role": "mentor"})
    analysis = client_for(curator).get(reverse("pools:analysis"), Y)

    assert f'href="{MENTORS}?year=2025&amp;role=mentor"' in pools.text
    assert f'href="{ANALYSIS}?year=2025"' in analysis.text
