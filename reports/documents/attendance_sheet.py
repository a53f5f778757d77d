"""The attendance sheet of a mentor training (лист регистрации), printed to be signed by
each attendee and by whoever led it.

It goes through `core.pdf.render_pdf`, the one place HTML becomes PDF.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from core.pdf import initials_and_surname, render_pdf
from programs.models import Organization, TrainingSession
from registry.training.selectors import attendance_of

# Empty rows a sheet with nobody recorded yet prints, to be filled in by hand at the session.
BLANK_ROWS = 15


@dataclass(frozen=True)
class Attendee:
    name: str
    affiliation: str


def attendance_sheet_pdf(session: TrainingSession, *, request: HttpRequest | None = None) -> bytes:
    """The sheet of `session` on A4 portrait: the organization, the training's title, date,
    hours and leader, a table of № / name / group or position / signature, and the leader's
    signature line."""
    attendees = [
        Attendee(record.person.full_name, record.person.affiliation)
        for record in attendance_of(session)
    ]
    # The leader's name comes first in «Белова Наталья Сергеевна, методист».
    leader = session.led_by.split(",")[0].strip()
    context = {
        "organization": Organization.load(),
        "session": session,
        "attendees": attendees,
        "blank_rows": range(BLANK_ROWS if not attendees else 0),
        "leader_signature": initials_and_surname(leader) if leader else "",
    }
    return render_pdf("reports/documents/attendance_sheet.html", context, request=request)


def attendance_sheet_filename(session: TrainingSession) -> str:
    return f"attendance-sheet-{session.pk}.pdf"
