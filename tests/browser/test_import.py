from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from registry.models import Student, StudyGroup
from tests.browser.conftest import log_in, screenshot
from tests.registry.imports.files import csv_bytes, student

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("demo"),
]


def upload(page: Page, base_url: str, data: bytes) -> None:
    page.goto(f"{base_url}/people/import/")
    page.get_by_role("radio", name="студенты").check()
    page.get_by_label("Файл").set_input_files(
        {"name": "студенты.csv", "mimeType": "text/csv", "buffer": data}
    )
    page.get_by_role("button", name="Проверить файл").click()


def test_curator_fixes_a_broken_file_and_imports_it(page: Page, live_server: LiveServer) -> None:
    group = StudyGroup.objects.order_by("name").first()
    assert group is not None
    before = Student.objects.count()
    rows = [
        student("Новиков", "И-001", group=group.name),
        student("Морозов", "И-002", group=group.name, born="31.02.2008"),
        student("Волков", "И-003", group="НЕТ-99"),
    ]
    log_in(page, live_server.url, "curator")
    page.goto(f"{live_server.url}/people/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Импорт студентов и преподавателей")
    screenshot(page, "import-start")

    upload(page, live_server.url, csv_bytes(rows, delimiter=";", encoding="cp1251"))

    expect(page.get_by_test_id("import-errors")).to_contain_text("Ничего не импортировано.")
    errors = page.get_by_test_id("error-table").locator("tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.nth(0)).to_contain_text("Такой даты нет.")
    expect(errors.nth(1)).to_contain_text("НЕТ-99")
    expect(page.get_by_role("button", name="Импортировать")).to_have_count(0)
    screenshot(page, "import-errors")
    assert Student.objects.count() == before

    page.get_by_role("link", name="Загрузить исправленный файл").click()
    rows[1] = student("Морозов", "И-002", group=group.name, born="28.02.2008")
    rows[2] = student("Волков", "И-003", group=group.name)
    upload(page, live_server.url, csv_bytes(rows, delimiter=";", encoding="cp1251"))

    expect(page.get_by_test_id("import-summary")).to_contain_text(
        "Будет создано: 3, обновлено: 0, без изменений: 0."
    )
    expect(page.get_by_test_id("preview-table").locator("tbody tr")).to_have_count(3)
    screenshot(page, "import-preview")
    page.get_by_role("button", name="Импортировать").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "Импортировано: создано 3, обновлено 0, без изменений 0."
    )
    screenshot(page, "import-done")
    assert Student.objects.count() == before + 3
    assert Student.objects.get(record_book="И-002").group == group
