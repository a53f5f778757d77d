"""Import files made on the fly: CSV in any encoding and delimiter, XLSX with real cells."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence

from openpyxl import Workbook

Row = Sequence[object]

STUDENT_HEADER = [
    "Фамилия",
    "Имя",
    "Отчество",
    "Дата рождения",
    "№ зачётной книжки",
    "Группа",
    "Курс",
    "Код специальности",
    "Статус",
]
TEACHER_HEADER = [
    "Фамилия",
    "Имя",
    "Отчество",
    "Дата рождения",
    "Табельный №",
    "Должность",
    "Дата приёма",
]


def student(
    last_name: str = "Иванов",
    record_book: str = "25-001",
    *,
    group: str = "ПР-25",
    born: str = "14.05.2009",
    status: str = "обучается",
    course: str = "",
    specialty: str = "",
) -> list[str]:
    return [last_name, "Иван", "Иванович", born, record_book, group, course, specialty, status]


def teacher(
    last_name: str = "Петрова",
    number: str = "0042",
    *,
    position: str = "преподаватель",
    hired: str = "01.09.2010",
) -> list[str]:
    return [last_name, "Анна", "Сергеевна", "12.03.1985", number, position, hired]


def csv_bytes(
    rows: Sequence[Row],
    *,
    header: Sequence[str] = STUDENT_HEADER,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def xlsx_bytes(rows: Sequence[Row], *, header: Sequence[str] = STUDENT_HEADER) -> bytes:
    """Rows go to the rows they are given for; None leaves a row empty."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(header))
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row or [], start=1):
            if value is not None and value != "":
                cell = sheet.cell(row=number, column=column, value=value)
                if isinstance(value, dt.date):
                    cell.number_format = "DD.MM.YYYY"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
