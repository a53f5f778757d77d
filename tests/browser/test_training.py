"""The methodist records a mentor training for five mentors (Комплекс мер 3.1.1): their pages
show it, the plan's run is counted done, and the mentor pool stops marking them untrained."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from core.dates import AcademicYear
from pairs.models import ParticipantRole, PoolEntry
from programs.models import PlanRun, RunStatus, TrainingSession
from registry.models import PersonKind
from tests.browser.conftest import log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("demo"),
]


def _untrained_student_mentors(year: AcademicYear) -> list[PoolEntry]:
    entries = (
        PoolEntry.objects.filter(
            role=ParticipantRole.MENTOR,
            academic_year=year.start_year,
            person__kind=PersonKind.STUDENT,
        )
        .exclude(person__courses__is_mentor_training=True)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "id")
    )
    unique = {entry.person_id: entry for entry in entries}
    return list(unique.values())


def test_methodist_records_a_training_for_five_mentors(page: Page, live_server: LiveServer) -> None:
    year = AcademicYear.current()
    untrained = _untrained_student_mentors(year)
    assert len(untrained) >= 6, "the demo keeps some student mentors untrained"
    chosen, still_untrained = untrained[:5], untrained[5]
    held_on = timezone.localdate() - dt.timedelta(days=1)

    log_in(page, live_server.url, "methodist")
    page.goto(f"{live_server.url}/pools/?role=mentor")
    pool = page.locator("main table")
    expect(pool.get_by_test_id("not-trained").first).to_be_visible()
    screenshot(page, "training-pool-before")

    page.get_by_role("button", name="Программа").click()
    page.get_by_role("link", name="Обучение наставников").click()
    page.get_by_role("link", name="Новое обучение").click()
    page.get_by_label("Наименование").fill("Школа наставников: первая встреча с наставляемым")
    page.get_by_label("Для кого").select_option("students")
    page.get_by_label("Дата").fill(held_on.isoformat())
    page.get_by_label("Часов").fill("4")
    page.get_by_label("Проводил(а)").fill("Белова Наталья Сергеевна, методист")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator(".alert-success")).to_be_visible()
    session = TrainingSession.objects.get(title="Школа наставников: первая встреча с наставляемым")

    page.get_by_role("link", name="Посещаемость").click()
    page.get_by_label("Посетившие").select_option([str(entry.person_id) for entry in chosen])
    page.get_by_role("button", name="Добавить").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.goto(f"{live_server.url}/program/training/{session.pk}/")
    attendees = page.locator("main")
    for entry in chosen:
        expect(attendees).to_contain_text(entry.person.last_name)

    # Counted for this year's run of «Обучение наставников из числа студентов».
    run = PlanRun.objects.get(
        item__number="2.1", item__plan__starts_on__year=2025, academic_year=year.start_year
    )
    page.get_by_label("Выполнение пункта плана").select_option(str(run.pk))
    page.get_by_role("button", name="Засчитать в пункт плана").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_test_id("record-runs")).to_contain_text("Обучение наставников")
    screenshot(page, "training-session")
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.evidence.filter(object_id=session.pk).exists()

    # A mentor's page lists the training, linked to the session.
    page.goto(f"{live_server.url}/people/{chosen[0].person_id}/")
    expect(page.locator(f'main a[href="/program/training/{session.pk}/"]')).to_be_visible()

    # The pool no longer marks the five as untrained; the sixth still is (found by name).
    for entry, marked in [*((entry, 0) for entry in chosen), (still_untrained, 1)]:
        page.goto(f"{live_server.url}/pools/?role=mentor&q={entry.person.full_name}")
        row = page.locator("main tbody tr", has_text=entry.person.full_name)
        expect(row).not_to_have_count(0)
        expect(row.get_by_test_id("not-trained")).to_have_count(marked)
    screenshot(page, "training-pool-after")

    # The attendance sheet to sign.
    response = page.request.get(
        f"{live_server.url}/documents/training/{session.pk}/attendance-sheet.pdf"
    )
    assert response.headers["content-type"] == "application/pdf"
