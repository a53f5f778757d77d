from __future__ import annotations

import datetime as dt

import pytest

from core.dates import AcademicYear


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (dt.date(2025, 9, 1), "2025/2026"),
        (dt.date(2026, 8, 31), "2025/2026"),
        (dt.date(2026, 1, 15), "2025/2026"),
        (dt.date(2025, 8, 31), "2024/2025"),
    ],
)
def test_academic_year_runs_from_september_to_august(day: dt.date, label: str) -> None:
    assert AcademicYear.of(day).label == label


def test_academic_year_bounds() -> None:
    year = AcademicYear(2025)

    assert (year.first_day, year.last_day) == (dt.date(2025, 9, 1), dt.date(2026, 8, 31))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025/2026", AcademicYear(2025)),
        ("2025", AcademicYear(2025)),
        ("2025/2027", None),
        ("две тысячи", None),
        ("", None),
        ("1900", None),
    ],
)
def test_parse(text: str, expected: AcademicYear | None) -> None:
    assert AcademicYear.parse(text) == expected
