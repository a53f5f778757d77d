"""Import of students: time to check (the preview), import and import again a file of N rows.

Run: DEBUG=1 .venv/bin/python bench/import_students.py [rows ...]   (default: 5000)
Works on a throw-away test database (SQLite, or DATABASE_URL's server with a test_ prefix).
Each size starts from an empty base: the first import creates every student, the second
finds every one unchanged, the third updates every one (a new status). Then the bench table's
row: the median of 3 imports that create every student (the base emptied before each) against
the median of 5 parsings of the same CSV (`read_table`), the issue's target being 10×.
"""

from __future__ import annotations

import csv
import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_site.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from bench._table import ratio_row  # noqa: E402
from core.startup import freeze_loaded_site  # noqa: E402
from registry.imports.applying import import_file  # noqa: E402
from registry.imports.planning import ImportPlan, read_and_plan  # noqa: E402
from registry.imports.reading import read_table  # noqa: E402
from registry.imports.specs import ImportKind, columns_of, headers_of  # noqa: E402
from registry.models import Person, Specialty, Student, StudentStatus, StudyGroup  # noqa: E402

# The headers as the import template has them (in the site's language).
HEADER = headers_of(ImportKind.STUDENTS)
GROUPS = 40
TARGET_RATIO = 10


def rows(count: int, status: str) -> list[list[str]]:
    """The rows in the template's column order; the course and specialty are left empty
    (the groups exist)."""
    fields = [column.field for column in columns_of(ImportKind.STUDENTS)]
    return [
        [
            {
                "last_name": f"Студентов{index}",
                "first_name": "Иван",
                "patronymic": "Петрович",
                "birth_date": f"{index % 28 + 1:02d}.05.2008",
                "record_book": f"Б-{index:06d}",
                "group": f"ГР-{index % GROUPS}",
                "status": status,
            }.get(name, "")
            for name in fields
        ]
        for index in range(count)
    ]


def csv_file(count: int, status: str = str(StudentStatus.STUDYING.label)) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=";")
    writer.writerow(HEADER)
    writer.writerows(rows(count, status))
    return text.getvalue().encode("cp1251")


def xlsx_file(count: int) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows(count, str(StudentStatus.STUDYING.label)):
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


# Rounds of (import, parsing), in turns; the figures are their medians.
ROUNDS = 7


def timed(action: Callable[[], ImportPlan]) -> tuple[float, ImportPlan]:
    started = time.perf_counter()
    plan = action()
    return time.perf_counter() - started, plan


def run(count: int) -> None:
    Student.objects.all().delete()
    specialty, _created = Specialty.objects.get_or_create(code="21.02.17", title="Горное дело")
    for index in range(GROUPS):
        StudyGroup.objects.get_or_create(
            name=f"ГР-{index}", defaults={"specialty": specialty, "course": 1}
        )
    data = csv_file(count)
    students = ImportKind.STUDENTS
    figures = [
        ("check CSV", lambda: read_and_plan(kind=students, data=data, filename="s.csv")),
        ("import CSV (create)", lambda: import_file(kind=students, data=data, filename="s.csv")),
        (
            "import again (unchanged)",
            lambda: import_file(kind=students, data=data, filename="s.csv"),
        ),
    ]
    changed = csv_file(count, str(StudentStatus.ACADEMIC_LEAVE.label))
    figures.append(
        ("import (update)", lambda: import_file(kind=students, data=changed, filename="s.csv"))
    )
    workbook = xlsx_file(count)
    figures.append(
        ("check XLSX", lambda: read_and_plan(kind=students, data=workbook, filename="s.xlsx"))
    )
    for name, action in figures:
        seconds, plan = timed(action)
        assert not plan.errors, plan.errors[:3]
        counts = f"{plan.created}/{plan.updated}/{plan.unchanged}"
        print(f"{count:>6} {name:<26} {seconds:>8.2f} s   created/updated/unchanged {counts}")
    print(f"{'':>6} {'file sizes':<26} CSV {len(data) // 1024} KB, XLSX {len(workbook) // 1024} KB")
    # The import and its baseline in turns, so that a busy moment of the machine hits both.
    timings, parsings = [], []
    for _ in range(ROUNDS):
        Person.objects.filter(pk__in=Student.objects.values("pk")).delete()
        seconds, plan = timed(lambda: import_file(kind=students, data=data, filename="s.csv"))
        assert plan.created == count, plan.errors[:3]
        timings.append(seconds * 1000)
        started = time.perf_counter()
        read_table(data, "s.csv")
        parsings.append((time.perf_counter() - started) * 1000)
    parsing = statistics.median(parsings)
    importing = statistics.median(timings)
    ratio_row(
        f"import of {count} students (create), {connection.vendor}",
        importing,
        parsing,
        TARGET_RATIO,
        baseline_name="parsing the CSV",
    )


def main(sizes: list[int]) -> None:
    # Without DEBUG's query log, as production (DEBUG=0) and Django's test runner run: on
    # SQLite the log quotes every batch of parameters with a query of its own (55,000 for
    # this import, 3–4× the parsing on their own), which the baseline, making no query, never
    # pays.
    setup_test_environment(debug=False)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    # As a gunicorn worker runs the import (mentoring_site/wsgi.py): the loaded site frozen,
    # out of the garbage collector's way.
    freeze_loaded_site()
    try:
        print(f"database: {connection.vendor}")
        for size in sizes:
            run(size)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [5000])
