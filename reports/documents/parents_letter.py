"""The letter of thanks to the parents of a student mentor (plan item 6.3)."""

from __future__ import annotations

from django.http import HttpRequest

from core.pdf import initials_and_surname, render_pdf
from programs.models import (
    Organization,
)
from registry.models import Incentive, Student

# --- Letter of thanks to the parents of a student mentor (item 6.3) -------------------------


def parents_letter_pdf(incentive: Incentive, *, request: HttpRequest | None = None) -> bytes:
    """The благодарственное письмо родителям for an incentive of a student mentor."""
    student: Student = incentive.mentor.student
    organization = Organization.load()
    context = {
        "organization": organization,
        "incentive": incentive,
        "student": student,
        "director_signature": initials_and_surname(organization.director_name),
    }
    return render_pdf("reports/documents/parents_letter.html", context, request=request)
