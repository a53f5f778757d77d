"""The sheet of personal links to hand out: a slip to cut out per respondent, with their
first name and the initial of their surname, the questionnaire, the link as text and as a QR
code, and the date to answer by; the slips grouped by study group or partner organization.

The QR codes are made with segno and drawn as inline SVG: `core.pdf`'s URL fetcher reads
only the site's static files (it refuses `data:` addresses too), and an inline SVG is part of
the document, so nothing is fetched at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import segno
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.dates import format_day
from core.pdf import render_pdf
from programs.models import Organization
from registry.models import Person, PersonKind
from reports.models import Assignment
from reports.monitoring.answering.selectors import link_url

# Above this many slips a sheet is refused: the filter should name a group or partner.
MAX_SLIPS = 400


@dataclass(frozen=True)
class Slip:
    name: str
    questionnaire: str
    url: str
    qr_svg: SafeString
    due_on: str


@dataclass
class SlipGroup:
    title: str
    slips: list[Slip] = field(default_factory=list)


def short_name(person: Person) -> str:
    """«Иванов Пётр Сергеевич» → «Пётр И.»: enough for a respondent to find their slip."""
    initial = f" {person.last_name[0]}." if person.last_name else ""
    return f"{person.first_name}{initial}"


def qr_svg(url: str) -> SafeString:
    """The QR code of the address as an inline SVG element (segno's output: no user text
    in it but the address, which it encodes as modules, not as markup)."""
    code = segno.make(url, error="m", micro=False)
    return mark_safe(code.svg_inline(scale=1, border=2, unit="mm", omitsize=False))  # noqa: S308 - segno's own markup


def group_title(person: Person) -> str:
    """The study group of a student, the school or enterprise of a partner's person."""
    concrete = person.concrete
    if person.kind == PersonKind.STUDENT:
        return _("Group %(group)s") % {"group": concrete.group.name}  # type: ignore[attr-defined]
    if person.kind == PersonKind.PUPIL:
        return str(concrete.school.short_name)  # type: ignore[attr-defined]
    if person.kind == PersonKind.PARTNER_EMPLOYEE:
        return str(concrete.organization.short_name)  # type: ignore[attr-defined]
    return _("Teachers and masters")


def slip_groups(assignments: Iterable[Assignment], request: HttpRequest) -> list[SlipGroup]:
    groups: dict[str, SlipGroup] = {}
    for assignment in assignments:
        person = assignment.person
        if person is None:
            continue
        title = group_title(person)
        url = link_url(request, assignment)
        groups.setdefault(title, SlipGroup(title)).slips.append(
            Slip(
                name=short_name(person),
                questionnaire=assignment.questionnaire.title,
                url=url,
                qr_svg=qr_svg(url),
                due_on=format_day(assignment.due_on),
            )
        )
    return sorted(groups.values(), key=lambda group: group.title)


def slips_pdf(groups: list[SlipGroup], *, request: HttpRequest) -> bytes:
    context = {"organization": Organization.load(), "groups": groups}
    return render_pdf("reports/documents/monitoring_link_slips.html", context, request=request)
