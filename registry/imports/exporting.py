"""The rows of the exports of students and teachers, and of the import template: the columns
of `specs`, so that an export is imported back as it is. Health and risk-group marks are
exported only on request, to those who may see them, and never imported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from core.spreadsheets import Value
from registry.imports.specs import DISABILITIES, RISK_GROUP, ImportKind, headers_of
from registry.models import Student, StudentStatus, StudyGroup, Teacher, TeacherPosition


def _yes(flag: bool) -> str:
    return _("yes") if flag else ""


def export_headers(kind: str, *, special: bool = False) -> list[str]:
    headers = headers_of(kind)
    if special and kind == ImportKind.STUDENTS:
        headers += [str(DISABILITIES.header), str(RISK_GROUP.header)]
    return headers


def student_rows(students: Iterable[Student], *, special: bool = False) -> Iterator[list[Value]]:
    """The export rows of students (with select_related("group__specialty")); `special`
    adds the health and risk-group columns, from `PersonQuerySet.with_special_marks()`."""
    for student in students:
        row: list[Value] = [
            student.last_name,
            student.first_name,
            student.patronymic,
            student.birth_date,
            student.record_book or "",
            student.group.name,
            student.group.course,
            student.group.specialty.code,
            str(student.get_status_display()),
        ]
        if special:
            # Annotated by with_special_marks().
            marks = (student.shows_disabilities, student.shows_risk_group)  # type: ignore[attr-defined]
            row += [_yes(mark) for mark in marks]
        yield row


def teacher_rows(teachers: Iterable[Teacher]) -> Iterator[list[Value]]:
    for teacher in teachers:
        yield [
            teacher.last_name,
            teacher.first_name,
            teacher.patronymic,
            teacher.birth_date,
            teacher.personnel_number or "",
            str(teacher.get_position_display()),
            teacher.hired_on,
            teacher.pedagogical_experience_since,
            teacher.left_on,
        ]


def template_rows(kind: str) -> list[list[Value]]:
    """One example row for the downloadable template."""
    if kind == ImportKind.STUDENTS:
        group = StudyGroup.objects.select_related("specialty").first()
        name, course, code = (
            (group.name, group.course, group.specialty.code) if group else ("ПР-25", 1, "")
        )
        return [
            [
                "Иванов",
                "Иван",
                "Иванович",
                dt.date(2009, 5, 14),
                "25-001",
                name,
                course,
                code,
                str(StudentStatus.STUDYING.label),
            ]
        ]
    return [
        [
            "Петрова",
            "Анна",
            "Сергеевна",
            dt.date(1985, 3, 12),
            "0042",
            str(TeacherPosition.TEACHER.label),
            dt.date(2010, 9, 1),
            dt.date(2008, 9, 1),
            None,
        ]
    ]
