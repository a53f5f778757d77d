"""Academic years: 1 September to 31 August, named like «2025/2026»."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone


def format_day(day: dt.date) -> str:
    """A date as the college writes it: «дд.мм.гггг»."""
    return day.strftime("%d.%m.%Y")


@dataclass(frozen=True, order=True)
class AcademicYear:
    start_year: int

    @classmethod
    def of(cls, day: dt.date) -> AcademicYear:
        return cls(day.year if day.month >= 9 else day.year - 1)

    @classmethod
    def current(cls) -> AcademicYear:
        return cls.of(timezone.localdate())

    @classmethod
    def parse(cls, label: str) -> AcademicYear | None:
        """Reads «2025/2026» or «2025»; None for anything else."""
        head, _, tail = label.partition("/")
        if not head.isdigit() or (tail and tail != str(int(head) + 1)):
            return None
        year = int(head)
        return cls(year) if 2000 <= year <= 2100 else None

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.start_year, 9, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.start_year + 1, 8, 31)

    @property
    def next(self) -> AcademicYear:
        return AcademicYear(self.start_year + 1)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{self.start_year + 1}"

    def __str__(self) -> str:
        return self.label
