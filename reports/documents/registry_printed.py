"""The pair registry printed for signing: its heading, its rows' cells, its signatures, laid
out by ReportLab as the rows come (core/longtables.py), so its time and memory stay near
ReportLab's own at any length (bench/registry_pdf.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, TableStyle

from core import longtables
from core.dates import AcademicYear, format_day
from core.pdf import initials_and_surname
from pairs.mentorships.filters import MentorshipFilter
from programs.models import Organization
from reports.documents.registry import RegistryPerson, RegistryRow, registry_selection


def _people_cell(people: list[RegistryPerson]) -> str:
    return "\n".join(
        f"{person.name}, {person.affiliation}" if person.affiliation else person.name
        for person in people
    )


def _pdf_cells(row: RegistryRow) -> list[str]:
    decision = f"{capfirst(row.decision_body)}, {row.decision}" if row.decision else "—"
    period = row.period
    if row.ended_on:
        ended = _("ended on")
        period += f"\n{ended}: {format_day(row.ended_on)}"
    return [
        str(row.mentorship_id),
        _people_cell(row.mentors),
        _people_cell(row.mentees),
        row.format,
        row.variant or "—",
        decision,
        period,
        row.status,
        "\n".join(part for part in [row.results, *row.assessments] if part),
    ]


def _pdf_heading(
    filterset: MentorshipFilter, organization: Organization, count: int
) -> list[Flowable]:
    year = filterset.academic_year
    if year:
        what = _("Mentorships running in the %(year)s academic year") % {"year": year.label}
    else:
        what = _("All academic years (the current one is %(year)s)") % {
            "year": AcademicYear.current().label
        }
    lines = [longtables.text(what)]
    selection = registry_selection(filterset)
    if selection:
        label = _("Selection:")
        lines.append(longtables.text(f"{label} {'; '.join(selection)}"))
    as_of = ngettext(
        "as of %(date)s: %(counter)s mentorship", "as of %(date)s: %(counter)s mentorships", count
    ) % {"date": format_day(timezone.localdate()), "counter": count}
    lines.append(longtables.small(as_of))
    subtitle = Paragraph("<br/>".join(lines), longtables.CENTERED)
    subtitle.spaceAfter = 4 * mm
    return [
        longtables.paragraph(
            organization.full_name or organization.short_name, longtables.ORGANIZATION
        ),
        longtables.paragraph(_("Registry of mentoring pairs"), longtables.TITLE),
        subtitle,
    ]


# The signature lines: no grid, a line's name at the bottom of its row, a space between them.
SIGNATURES = TableStyle(
    [
        longtables.CELLS_FONT,
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("TOPPADDING", (0, 1), (-1, -1), 8 * mm),
    ]
)


def _pdf_signatures(organization: Organization) -> list[Flowable]:
    """The curator's and the director's lines to sign on, and the date printed."""
    curator = longtables.text(_("Program curator"))
    if organization.curator_position:
        curator += f"<br/>{longtables.small(organization.curator_position)}"
    signs = [
        (curator, initials_and_surname(organization.curator_name)),
        (longtables.text(_("Director")), initials_and_surname(organization.director_name)),
    ]
    right = ParagraphStyle("sign", parent=longtables.TEXT, alignment=TA_RIGHT)
    table = longtables.grid(
        [
            [
                Paragraph(label, longtables.TEXT),
                Paragraph(longtables.text(f"____________ / {name or '____________'}"), right),
            ]
            for label, name in signs
        ],
        ["60%", "40%"],
        SIGNATURES,
    )
    printed = _("Printed on %(date)s") % {"date": format_day(timezone.localdate())}
    return [
        Spacer(1, 10 * mm),
        table,
        Spacer(1, 4 * mm),
        longtables.paragraph(printed, longtables.SMALL_MUTED),
    ]


# The printed registry's columns and their shares of the width.
REGISTRY_COLUMNS = (
    (gettext_lazy("No."), 5),
    (gettext_lazy("Mentor"), 16),
    (gettext_lazy("Mentee"), 16),
    (gettext_lazy("Format"), 10),
    (gettext_lazy("Variant"), 11),
    (gettext_lazy("Decision"), 11),
    (gettext_lazy("Period"), 9),
    (gettext_lazy("Status"), 8),
    (gettext_lazy("Results"), 14),
)


def registry_pdf(
    filterset: MentorshipFilter,
    rows: Iterable[RegistryRow],
    *,
    count: int,
    on_row: Callable[[int], None] | None = None,
) -> bytes:
    """The printed registry: landscape, the organization on top, the rows of the filters in
    force (`count` of them), the curator's and the director's signature lines kept with the
    last rows. Its title names the academic year chosen, or says that every year is in it and
    which one is current. Printed by ReportLab as the rows come (core/longtables.py), so its
    time and memory stay near ReportLab's own at any length; `on_row(n)` reports the rows."""
    longtables.register_fonts()  # before the first paragraph is made
    organization = Organization.load()
    document = longtables.LongTable(
        title=_("Registry of mentoring pairs"),
        running_header=organization.short_name or organization.full_name,
        heading=_pdf_heading(filterset, organization, count),
        columns=[longtables.Column(str(title), share) for title, share in REGISTRY_COLUMNS],
        rows=(_pdf_cells(row) for row in rows),
        empty=_("No mentorships match the filters."),
        closing=_pdf_signatures(organization),
    )
    return longtables.long_table_pdf(document, on_row=on_row)
