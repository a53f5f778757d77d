from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import load_workbook

from core.spreadsheets import FORMULA_PREFIXES, Sheet, workbook_bytes


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
