from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from pairs.models import Proposal, ProposalStatus
from registry.models import Student, StudentStatus
from tests.browser.conftest import log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("demo"),
]


def _student_with_yo() -> Student:
    """A first-year student with ё in the last name, in no pool and not yet proposed."""
    student = (
        Student.objects.filter(
            status=StudentStatus.STUDYING,
            group__course=1,
            last_name__contains="ё",
            pool_entries__isnull=True,
            proposals__isnull=True,
        )
        .order_by("id")
        .first()
    )
    assert student is not None, "the demo has no first-year student with ё in the name"
    return student


def test_the_teacher_proposes_and_the_lead_accepts(page: Page, live_server: LiveServer) -> None:
    student = _student_with_yo()
    log_in(page, live_server.url, "teacher")
    page.goto(f"{live_server.url}/proposals/new/")

    # A part of the name, in lower case and with е for ё: htmx lists the candidates.
    page.get_by_label("Поиск по ФИО").fill(student.last_name.lower().replace("ё", "е")[:-1])
    candidate = page.locator(f"#person-{student.pk}")
    expect(candidate).to_be_visible()
    candidate.check()
    # «Вариант» offers the chosen format's variants only: htmx reloads them on a change.
    achiever = page.locator("#id_variant option", has_text="успевающий – неуспевающий")
    page.get_by_label("Форма наставничества").select_option(label="педагог – студент")
    expect(achiever).to_have_count(0)
    page.get_by_label("Форма наставничества").select_option(label="студент – студент")
    expect(achiever).to_have_count(1)
    page.get_by_label("Вариант").select_option(label="успевающий – неуспевающий")
    page.get_by_label("Ключевой запрос").fill("Подтянуть математику к зимней сессии")
    screenshot(page, "proposal-form")
    page.get_by_role("button", name="Предложить", exact=True).click()

    expect(page.get_by_test_id("proposal-status")).to_have_text("на рассмотрении")
    page.get_by_role("link", name="Представления наставляемых").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Мои представления")
    row = page.locator("table.registry-table tbody tr", has_text=student.full_name)
    expect(row).to_contain_text("на рассмотрении")
    screenshot(page, "proposals-teacher")

    page.get_by_role("button", name="Выйти").click()
    log_in(page, live_server.url, "lead")
    page.goto(f"{live_server.url}/proposals/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Входящие представления")
    lead = User.objects.get(username="lead")
    pending = Proposal.objects.decidable_by(lead).filter(status=ProposalStatus.PENDING).count()
    expect(page.get_by_test_id("pending-count")).to_have_text(str(pending))
    row = page.locator("table.registry-table tbody tr", has_text=student.full_name)
    expect(row).to_contain_text("Орлов")
    screenshot(page, "proposals-inbox")

    row.get_by_role("link", name=student.full_name).click()
    screenshot(page, "proposal-review")
    page.get_by_role("button", name="Принять в базу наставляемых").click()

    expect(page.get_by_test_id("proposal-status")).to_have_text("принято")
    expect(page.get_by_test_id("pool-status")).to_contain_text("ожидает решения")
    screenshot(page, "proposal-accepted")
