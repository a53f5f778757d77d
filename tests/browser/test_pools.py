from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from core.dates import AcademicYear
from pairs.models import PoolEntry, PoolStatus
from registry.models import Student, StudentStatus
from tests.browser.conftest import log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("demo"),
]


def a_first_year_student_outside_the_pools() -> Student:
    year = AcademicYear.current().start_year
    student = (
        Student.objects.filter(status=StudentStatus.STUDYING, group__course=1)
        .exclude(pool_entries__academic_year=year)
        .order_by("id")
        .first()
    )
    assert student is not None
    return student


def test_lead_adds_a_student_and_includes_him_by_the_working_group(
    page: Page, live_server: LiveServer
) -> None:
    student = a_first_year_student_outside_the_pools()
    log_in(page, live_server.url, "lead")
    page.goto(f"{live_server.url}/pools/")
    expect(page.get_by_role("heading", level=1)).to_have_text("База наставляемых")

    page.get_by_role("link", name="Добавить в базу").click()
    page.get_by_label("База").select_option(label="наставляемый")
    page.get_by_label("Форма наставничества").select_option(label="студент – студент")
    page.get_by_label("Вариант").select_option(label="студент – студент: равный – равному")
    page.get_by_label("Поиск по ФИО").fill(f"{student.last_name} {student.first_name}".lower())
    page.get_by_role("radio", name=student.full_name).check()
    page.get_by_label("Ключевой запрос").fill("Освоиться в группе и в общежитии")
    screenshot(page, "pools-add-form")
    page.get_by_role("button", name="Добавить").click()

    expect(page.locator(".alert-success")).to_contain_text(student.full_name)
    page.get_by_label("Поиск").fill(student.last_name.lower())
    page.get_by_role("button", name="Применить").click()
    row = page.locator("table.pool-table tbody tr", has_text=student.full_name)
    expect(row).to_contain_text("ожидает решения")
    opinion_mark = page.locator("[data-opinion-mark]")
    expect(opinion_mark).to_be_hidden()
    row.get_by_role("checkbox").check()
    expect(opinion_mark).to_be_visible()
    page.get_by_label("куратор партнёра").check()
    expect(page.get_by_label("Дата включения")).to_be_visible()
    expect(page.get_by_label("Номер")).to_be_hidden()
    page.get_by_label("новое решение").check()
    expect(page.get_by_label("Дата включения")).to_be_hidden()
    page.get_by_label("Орган").select_option(label="рабочая группа")
    page.get_by_label("Номер").fill("5-РГ")
    decided_on = AcademicYear.current().first_day + dt.timedelta(days=31)
    page.get_by_label("Дата", exact=True).fill(decided_on.isoformat())
    page.get_by_label("Мнение студенческого совета").fill(
        "Студенческий совет поддерживает (протокол № 3)"
    )
    screenshot(page, "pools-include-form")
    page.get_by_role("button", name="Включить отмеченных").click()

    expect(page.locator(".alert-success")).to_contain_text("включён")
    page.get_by_label("Поиск").fill(student.last_name.lower())
    page.get_by_role("button", name="Применить").click()
    row = page.locator("table.pool-table tbody tr", has_text=student.full_name)
    expect(row).to_contain_text("включён")
    expect(row).to_contain_text(f"№ 5-РГ от {decided_on:%d.%m.%Y}")
    screenshot(page, "pools-included")
    entry = PoolEntry.objects.get(person=student)
    assert entry.status == PoolStatus.INCLUDED
    assert entry.decision is not None
    assert entry.decision.student_council_opinion.startswith("Студенческий совет")

    page.get_by_role("link", name="Анализ баз").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Анализ баз")
    expect(page.get_by_test_id("pool-counts")).to_contain_text("студент – студент")
    expect(page.get_by_test_id("pool-counts")).not_to_contain_text("педагог – педагог")
    screenshot(page, "pools-analysis-lead")


def test_curator_sees_the_analysis_with_every_variant(page: Page, live_server: LiveServer) -> None:
    log_in(page, live_server.url, "curator")
    page.goto(f"{live_server.url}/pools/analysis/")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Анализ баз")
    expect(page.get_by_test_id("pool-counts")).to_contain_text("педагог – студент с ОВЗ")
    screenshot(page, "pools-analysis-curator")

    page.get_by_role("link", name="Базы наставников и наставляемых").click()
    page.get_by_role("link", name="Наставники", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("База наставников")
    expect(page.locator("table.pool-table thead")).to_contain_text("Может вести")
    screenshot(page, "pools-mentors-curator")

    page.locator("table.pool-table tbody tr").first.locator("a.btn").click()  # the entry
    expect(page.get_by_role("heading", name="Профиль наставника")).to_be_visible()
    screenshot(page, "pools-entry-mentor")

    page.goto(f"{live_server.url}/pools/refresh/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Уточнение баз на следующий учебный год"
    )
    screenshot(page, "pools-refresh")


def page_overflow(page: Page) -> int:
    """How far the page itself is wider than the window (a table scrolls in its own box)."""
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )


@pytest.mark.parametrize("width", [1366, 390])
def test_the_pool_pages_fit_the_window(page: Page, live_server: LiveServer, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url, "curator")

    for role in ("mentee", "mentor"):
        page.goto(f"{live_server.url}/pools/?role={role}")
        first_row = page.locator("table.pool-table tbody tr").first
        box = first_row.locator("a.btn").bounding_box()  # the button opening the entry
        assert box is not None and box["x"] + box["width"] <= width
        assert page_overflow(page) == 0
        screenshot(page, f"pools-list-{role}s-{width}")

    page.goto(f"{live_server.url}/pools/?role=mentee&status=proposed")
    page.locator("table.pool-table tbody tr").first.get_by_role("checkbox").check()
    page.get_by_role("button", name="Включить отмеченных").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Включение в базу")
    assert page_overflow(page) == 0
    screenshot(page, f"pools-include-{width}")

    page.goto(f"{live_server.url}/pools/add/")
    page.get_by_label("Поиск по ФИО").fill("иван")
    expect(page.locator("#candidates input[type=radio]").first).to_be_visible()
    assert page_overflow(page) == 0
    screenshot(page, f"pools-add-{width}")
