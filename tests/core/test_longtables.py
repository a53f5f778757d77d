"""Long tables printed by ReportLab (core/longtables.py): what a signed table needs, at any
length, from rows read as the pages fill."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from core import longtables
from tests.pdf import LONG_TABLE_FONTS, pdf_fonts, pdf_text


def document(rows: object, **kwargs: object) -> longtables.LongTable:
    longtables.register_fonts()
    values: dict[str, object] = {
        "title": "Таблица",
        "running_header": "КГБПОУ ЧГТТ",
        "heading": [longtables.paragraph("Заголовок таблицы", longtables.TITLE)],
        "columns": [longtables.Column("Номер", 20), longtables.Column("Содержание", 80)],
        "rows": rows,
        "empty": "Строк нет.",
        "closing": [longtables.paragraph("Подпись ____________")],
        **kwargs,
    }
    return longtables.LongTable(**values)  # type: ignore[arg-type]


def pages(pdf: bytes) -> list[str]:
    result = subprocess.run(
        ["pdftotext", "-raw", "-", "-"],  # noqa: S607 - poppler-utils, a test dependency
        input=pdf,
        capture_output=True,
        check=True,
    )
    return [" ".join(page.split()) for page in result.stdout.decode().split("\f") if page.strip()]


def numbered(count: int) -> Iterator[list[str]]:
    for number in range(1, count + 1):
        yield [f"№{number}", f"строка {number}\nвторая строка"]


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    return longtables.long_table_pdf(document(numbered(120)))


def test_every_page_has_the_header_the_organization_and_its_number_of_pages(
    long_pdf: bytes,
) -> None:
    printed = pages(long_pdf)

    assert len(printed) > 2
    for number, page in enumerate(printed, start=1):
        assert "Номер Содержание" in page
        assert "КГБПОУ ЧГТТ" in page
        assert f"страница {number} из {len(printed)}" in page
    assert "Заголовок таблицы" in printed[0]
    assert "Заголовок таблицы" not in printed[1]


def test_every_row_is_printed_once_in_order_and_the_closing_is_with_the_last_rows(
    long_pdf: bytes,
) -> None:
    printed = pages(long_pdf)
    text = " ".join(printed)

    found = [text.index(f"№{number} ") for number in range(1, 121)]
    assert found == sorted(found)
    assert all(text.count(f"№{number} ") == 1 for number in range(1, 121))
    assert all(f"№{number} " in printed[-1] for number in (118, 119, 120))
    assert "Подпись" in printed[-1]
    assert all("Подпись" not in page for page in printed[:-1])


def test_it_is_set_in_dejavu_sans_from_the_font_files(long_pdf: bytes) -> None:
    assert pdf_fonts(long_pdf) == LONG_TABLE_FONTS


def test_what_people_typed_is_printed_as_text_not_markup() -> None:
    typed = '<img src="/etc/passwd"/> <b>жирный</b> &amp;'

    pdf = longtables.long_table_pdf(document([["1", typed]]))

    assert typed in pdf_text(pdf)


def test_no_rows_print_the_empty_row_and_the_closing() -> None:
    pdf = longtables.long_table_pdf(document([]))

    [page] = pages(pdf)
    assert "Строк нет." in page
    assert "Подпись" in page
    assert "страница 1 из 1" in page


def test_rows_are_read_as_the_pages_fill_and_reported() -> None:
    read: list[int] = []
    reported: list[int] = []

    def rows() -> Iterator[list[str]]:
        for number in range(1, 301):
            read.append(number)
            yield [str(number), "текст"]

    table = document(rows())
    # The story never holds more than a window of rows ahead of the page being filled.
    story = longtables._Flowables([], iter(table.rows), lambda cells: cells, lambda last: last)
    story.top_up()
    assert len(read) <= 2 * longtables.ROWS_AHEAD + longtables.KEPT_WITH_CLOSING + 1

    longtables.long_table_pdf(document(iter(range(0))), on_row=reported.append)
    assert reported == []
    longtables.long_table_pdf(document(numbered(5)), on_row=reported.append)
    assert reported == [1, 2, 3, 4, 5]


def test_a_missing_font_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(longtables, "_font_dirs", lambda: [tmp_path])

    with pytest.raises(longtables.FontNotFound, match="DejaVuSans.ttf"):
        longtables._font_file(longtables.FONT)


def test_serving_pages_imports_neither_reportlab_nor_matplotlib() -> None:
    """They load with the first print or chart: a server process that serves pages only
    does not carry them (about 20 MiB and tens of MiB)."""
    code = (
        "import django, sys; django.setup();"
        "from django.urls import resolve; resolve('/');"
        "print(sorted(m for m in ('reportlab', 'matplotlib') if m in sys.modules))"
    )
    result = subprocess.run(  # noqa: S603 - this interpreter, our own code
        [sys.executable, "-c", code],
        capture_output=True,
        check=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "mentoring_site.settings", "DEBUG": "1", "PATH": ""},
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.stdout.strip() == "[]"


def test_a_row_taller_than_a_page_goes_on_over_the_next_pages() -> None:
    long_text = "результат наставничества " * 800

    pdf = longtables.long_table_pdf(document([["1", long_text], ["2", "короткая"]]))

    printed = pages(pdf)
    assert len(printed) > 2
    assert re.sub(r"(\w)- (\w)", r"\1\2", " ".join(printed)).count("результат") == 800
    assert "короткая" in printed[-1]


def test_the_closing_stays_whole_with_the_last_row_when_the_last_rows_are_tall() -> None:
    """Three last rows of half a page each cannot share a page with the closing: it then
    keeps at least the last row, and none of its lines goes to a page of its own."""
    tall = "результат " * 260
    closing = [
        longtables.paragraph("Подпись ____________"),
        longtables.paragraph("Дата печати: 01.12.2026"),
    ]
    rows = [[str(number), tall] for number in range(1, 7)]

    printed = pages(longtables.long_table_pdf(document(rows, closing=closing)))

    last = printed[-1]
    assert "Подпись" in last and "Дата печати" in last
    assert "6 результат" in last
    assert all("Подпись" not in page and "Дата печати" not in page for page in printed[:-1])


def test_a_cell_breaks_its_lines_once_for_a_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """A table wraps a cell to measure its row and again to draw it: the lines are broken
    once. Another width, or a split that dropped them, breaks them anew. (The PDFs are the
    same as with ReportLab's own Paragraph: 311 pages compared as images.)"""
    longtables.register_fonts()
    broken: list[float] = []
    original = longtables.Paragraph.breakLines

    def counted(paragraph: longtables.Paragraph, widths: list[float]) -> object:
        broken.append(widths[0])
        return original(paragraph, widths)

    monkeypatch.setattr(longtables.Paragraph, "breakLines", counted)
    cell = longtables._Cell(longtables.text("Наставничество " * 40), longtables.CELL)
    first = cell.wrap(100, 1000)
    assert cell.wrap(100, 1000) == first and cell.wrap(100, 50) == first
    assert broken == [100]
    narrower = cell.wrap(60, 1000)
    assert narrower[1] > first[1] and broken == [100, 60]
    assert cell.wrap(100, 1000) == first and broken == [100, 60, 100]

    # No room for two lines: ReportLab drops the lines broken, and they are broken anew.
    assert cell.split(100, longtables.CELL.leading) == []
    assert cell.wrap(100, 1000) == first and broken == [100, 60, 100, 100]
    # A width too narrow for anything lays nothing out, and so keeps nothing.
    assert cell.wrap(0, 1000) == cell.wrap(0, 1000) == (0, 0x7FFFFFFF)
    assert cell.wrap(100, 1000) == first and broken == [100, 60, 100, 100, 100]


def test_reportlab_uses_its_c_accelerator() -> None:
    """rl-accel (pinned in pyproject.toml) is found: ReportLab falls back to Python without a
    word, and the registry's print was 7 % slower (string widths, numbers, escaping)."""
    from reportlab.lib import rl_accel

    assert rl_accel.fp_str.__module__ == "_rl_accel"
    assert rl_accel.instanceStringWidthTTF.__module__ == "_rl_accel"
