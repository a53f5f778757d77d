from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from io import BytesIO

import pytest
from openpyxl import load_workbook

from core.spreadsheets import FORMULA_PREFIXES, WIDTH_SAMPLE_ROWS, Sheet, Value, workbook_bytes


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
def test_text_that_starts_like_a_formula_is_stored_as_typed_text(prefix: str) -> None:
    text = f"{prefix}1+1"
    data = workbook_bytes(Sheet("Лист", ["Имя"], [[text]]))

    cell = load_workbook(BytesIO(data)).active["A2"]

    assert cell.data_type == "s"
    assert cell.quotePrefix is True
    assert b"<f>" not in data


def test_ordinary_text_numbers_and_dates_keep_their_types() -> None:
    data = workbook_bytes(
        Sheet("Лист", ["Имя", "Число", "Дата"], [["Анна", 3, dt.date(2025, 9, 1)]])
    )

    sheet = load_workbook(BytesIO(data)).active
    name, number, day = sheet[2]

    assert (name.value, name.quotePrefix) == ("Анна", False)
    assert number.value == 3
    assert day.value.date() == dt.date(2025, 9, 1)
    assert day.number_format == "DD.MM.YYYY"


def test_one_worksheet_per_sheet_in_order_with_the_header_frozen() -> None:
    data = workbook_bytes(Sheet("Первый", ["А"], []), Sheet("Второй" * 10, ["Б"], [["x"]]))

    workbook = load_workbook(BytesIO(data))

    assert workbook.sheetnames == ["Первый", ("Второй" * 10)[:31]]
    assert workbook["Первый"].freeze_panes == "A2"


def test_text_that_reads_as_an_error_value_is_stored_as_text() -> None:
    data = workbook_bytes(Sheet("Лист", ["Код"], [["#N/A"], ["#DIV/0!"]]))

    sheet = load_workbook(BytesIO(data)).active

    assert [(cell.value, cell.data_type) for (cell,) in sheet.iter_rows(min_row=2)] == [
        ("#N/A", "s"),
        ("#DIV/0!", "s"),
    ]


def test_the_header_is_bold_and_wrapped() -> None:
    data = workbook_bytes(Sheet("Лист", ["Имя", "=1+1"], [["Анна", 1]]))

    header = load_workbook(BytesIO(data)).active[1]

    assert [cell.value for cell in header] == ["Имя", "=1+1"]
    assert all(cell.font.bold and cell.alignment.wrap_text for cell in header)
    assert header[1].data_type == "s"
    assert header[1].quotePrefix is True


def test_columns_are_sized_to_the_header_and_the_first_rows() -> None:
    """Write-only mode writes the widths before the rows: they are measured on the header and
    the first WIDTH_SAMPLE_ROWS rows (the longest line of a cell; between 8 and 60)."""
    rows: list[list[Value]] = [
        ["Анна", "a" * 100, "первая строка\nвторая, более длинная строка", dt.date(2025, 9, 1)]
    ]
    rows += [["Б", "", "", None]] * (WIDTH_SAMPLE_ROWS - 1)
    rows.append(["x" * 40, "", "", None])  # past the sample: not measured
    data = workbook_bytes(Sheet("Лист", ["Имя", "Текст", "Строки", "Дата"], rows))

    sheet = load_workbook(BytesIO(data)).active
    widths = [sheet.column_dimensions[letter].width for letter in "ABCD"]

    assert widths == [8, 60, len("вторая, более длинная строка") + 2, 12]
    assert sheet.max_row == WIDTH_SAMPLE_ROWS + 2  # every row is there


def test_rows_are_read_once_as_they_come() -> None:
    given: list[int] = []

    def rows() -> Iterator[list[Value]]:
        for number in range(WIDTH_SAMPLE_ROWS * 3):
            given.append(number)
            yield [number]

    data = workbook_bytes(Sheet("Лист", ["№"], rows()))

    sheet = load_workbook(BytesIO(data)).active
    assert given == list(range(WIDTH_SAMPLE_ROWS * 3))
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == given
