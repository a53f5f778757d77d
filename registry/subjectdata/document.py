"""The subject's document: every record the app holds on one person, printed (PDF) and as
a workbook (XLSX, a sheet per section). Both go through the one PDF and XLSX writers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.http import HttpRequest
from django.utils import timezone

from core.dates import format_day
from core.pdf import initials_and_surname, render_pdf
from core.spreadsheets import Sheet, Value
from programs.models import Organization
from registry.models import Person
from registry.subjectdata.parts import Section

# Characters a worksheet's title may not hold.
_SHEET_TITLE_FORBIDDEN = str.maketrans({character: " " for character in "[]:*?/\\"})


def _text(value: Value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.date):
        return format_day(value)
    return str(value)


def _printed_rows(section: Section) -> list[list[str]]:
    return [[_text(value) for value in row] for row in section.rows]


def subject_pdf(
    person: Person, sections: Sequence[Section], *, request: HttpRequest | None = None
) -> bytes:
    """A4: the organization, whose data and as of when, then each section as a table (or
    «none»), and the signature line of whoever gives it out."""
    organization = Organization.load()
    curator = organization.curator_name
    context = {
        "organization": organization,
        "person": person,
        "made_on": timezone.localdate(),
        "sections": [(section, _printed_rows(section)) for section in sections],
        "curator_signature": initials_and_surname(curator) if curator else "",
    }
    return render_pdf("registry/printed/subject_data.html", context, request=request)


def subject_sheets(sections: Sequence[Section]) -> list[Sheet]:
    """A sheet per section, numbered so that titles cut to 31 characters stay apart."""
    return [
        Sheet(
            f"{number}. {section.title}".translate(_SHEET_TITLE_FORBIDDEN)[:31],
            [str(header) for header in section.headers],
            section.rows,
        )
        for number, section in enumerate(sections, start=1)
    ]


def subject_filename(person: Person, extension: str) -> str:
    return f"subject-data-{person.pk}-{timezone.localdate():%Y-%m-%d}.{extension}"
