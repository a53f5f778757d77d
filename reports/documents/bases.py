"""The mentor and mentee bases (базы наставников и наставляемых, plan items 2.1–2.2) and their
analysis (item 2.3) printed.

A base has the columns of the base forms of the federal guidelines: who (name, contacts — a
parent's or representative's for a minor —, age, where they study or work), the key request
(a mentee) or competencies (a mentor), the date included, the mentor (or the mentees), the
form, the dates and the results of the mentorship. The variants of the formats the user may
not see are masked as on the pool page; the analysis prints the sheets of its XLSX.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import number_format

from core.dates import AcademicYear, format_day
from core.pdf import initials_and_surname, render_pdf
from core.spreadsheets import Value
from pairs.models import Mentorship, MentorshipStatus, ParticipantRole, PoolEntry
from pairs.pools.analysis import PoolAnalysis, analysis_sheets
from programs.models import MentoringFormat, Organization
from registry.models import Consent, ConsentGiver, ConsentPurpose, Person, russian_name_order

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


@dataclass(frozen=True)
class BaseRow:
    """One entry of a base as printed, its variant already masked for the user."""

    name: str
    contact: str
    age: int | None
    where: str
    request: str  # a mentee's key request, a mentor's competencies
    included_on: dt.date | None
    counterparts: str  # a mentee's mentors, a mentor's mentees
    form: str
    period: str
    results: str
    status: str


def base_entries(
    user: User | AnonymousUser, year: AcademicYear, role: str, format_: MentoringFormat | None
) -> QuerySet[PoolEntry]:
    """The base of the year (one format's, or every one the user sees) in name order, with
    what its rows print in a fixed number of queries."""
    entries = (
        PoolEntry.objects.visible_to(user)
        .in_year(year)
        .filter(role=role)
        .with_people()
        .select_related("person__user", "person__mentor_profile")
        .prefetch_related(
            Prefetch(
                "person__consents",
                queryset=Consent.objects.filter(purpose=ConsentPurpose.PROGRAM)
                .exclude(given_by=ConsentGiver.SELF)
                .order_by("-given_on", "-id"),
                to_attr="representative_consents",
            )
        )
    )
    if format_ is not None:
        entries = entries.filter(format=format_)
    order = russian_name_order(entries.db, prefix="person__")
    return entries.order_by(order, "format__position", "id")


def _age(person: Person, today: dt.date) -> int | None:
    born = person.birth_date
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _contact(person: Person, today: dt.date) -> str:
    """A minor's parent or representative (from the consent they signed), else the person's
    own e-mail as their account has it."""
    if person.is_minor_on(today) is not False:
        consents: list[Consent] = getattr(person, "representative_consents", [])
        names = [c.representative_name for c in consents if c.representative_name]
        if names:
            return f"{names[0]} ({consents[0].get_given_by_display()})"
    user = person.user
    return user.email if user is not None and user.email else ""


def _mentorships_by_person(
    user: User | AnonymousUser, entries: Sequence[PoolEntry], year: AcademicYear, role: str
) -> dict[tuple[int, int], list[Mentorship]]:
    """The mentorships the user sees of the year that the base's people are in, on their
    side, by (person, format): two queries and the prefetches of `with_people`."""
    side = "mentors" if role == ParticipantRole.MENTOR else "mentees"
    mentorships = (
        Mentorship.objects.visible_to(user)
        .filter(**{f"{side}__in": {entry.person_id for entry in entries}})
        .filter(started_on__lte=year.last_day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=year.first_day))
        .distinct()
        .with_people()
        .prefetch_related("result_assessments")
        .order_by("started_on", "id")
    )
    found: dict[tuple[int, int], list[Mentorship]] = defaultdict(list)
    for mentorship in mentorships:
        for person in getattr(mentorship, side).all():
            found[(person.pk, mentorship.format_id)].append(mentorship)
    return found


def _results(mentorship: Mentorship) -> str:
    if mentorship.status != MentorshipStatus.COMPLETED:
        return ""
    parts = [mentorship.results.strip()]
    parts += [
        f"{result.expected} — {result.get_achievement_display()}"
        for result in mentorship.result_assessments.all()
    ]
    return "\n".join(part for part in parts if part)


def base_rows(
    user: User | AnonymousUser,
    entries: Sequence[PoolEntry],
    *,
    year: AcademicYear,
    role: str,
    hidden_variant_formats: set[int],
) -> list[BaseRow]:
    today = timezone.localdate()
    is_mentor = role == ParticipantRole.MENTOR
    mentorships = _mentorships_by_person(user, entries, year, role)
    rows = []
    for entry in entries:
        person = entry.person
        hidden = entry.format_id in hidden_variant_formats
        form = entry.format.title
        if entry.variant is not None and not hidden:
            form = f"{form}: {entry.variant.title}"
        if is_mentor:
            profile = getattr(person, "mentor_profile", None)
            request = profile.competencies if profile is not None else ""
        else:
            request = entry.request
        own = mentorships.get((person.pk, entry.format_id), [])
        counterparts = [
            other.full_name
            for mentorship in own
            for other in (mentorship.mentees if is_mentor else mentorship.mentors).all()
        ]
        periods = [
            f"{format_day(m.started_on)} – {format_day(m.ended_on or m.planned_end_on)}"
            for m in own
        ]
        rows.append(
            BaseRow(
                name=person.full_name,
                contact=_contact(person, today),
                age=_age(person, today),
                where=person.affiliation,
                request=request,
                included_on=entry.included_on,
                counterparts="\n".join(dict.fromkeys(counterparts)),
                form=form,
                period="\n".join(periods),
                results="\n".join(filter(None, (_results(m) for m in own))),
                status=str(entry.get_status_display()),
            )
        )
    return rows


def _signatures(organization: Organization) -> dict[str, object]:
    return {
        "organization": organization,
        "printed_on": timezone.localdate(),
        "curator_signature": initials_and_surname(organization.curator_name),
        "director_signature": initials_and_surname(organization.director_name),
    }


def base_pdf(
    rows: list[BaseRow],
    *,
    year: AcademicYear,
    role: str,
    format_: MentoringFormat | None,
    request: HttpRequest | None = None,
) -> bytes:
    """The base printed: A4 landscape, a row per entry, the signature lines with its end."""
    context = {
        **_signatures(Organization.load()),
        "rows": rows,
        "year": year,
        "is_mentor": role == ParticipantRole.MENTOR,
        "format": format_,
    }
    return render_pdf("reports/documents/pool_base.html", context, request=request)


def base_filename(year: AcademicYear, role: str, format_: MentoringFormat | None) -> str:
    suffix = f"-{format_.code}" if format_ is not None else ""
    return f"pool-{role}s-{year.start_year}{suffix}.pdf"


def _cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return format_day(value)
    if isinstance(value, float):
        return number_format(value, 1)
    return str(value)


@dataclass(frozen=True)
class PrintedSheet:
    title: str
    headers: list[str]
    rows: list[list[str]]


def analysis_tables(analysis: PoolAnalysis) -> list[PrintedSheet]:
    """The sheets of the analysis' XLSX, as text."""
    return [
        PrintedSheet(
            str(sheet.title),
            [str(header) for header in sheet.headers],
            [[_cell(value) for value in row] for row in sheet.rows],
        )
        for sheet in analysis_sheets(analysis)
    ]


def analysis_pdf(analysis: PoolAnalysis, *, request: HttpRequest | None = None) -> bytes:
    """The analysis of the bases printed: its counts, problem lists and coverage."""
    context = {
        **_signatures(Organization.load()),
        "year": analysis.year,
        "sheets": analysis_tables(analysis),
    }
    return render_pdf("reports/documents/pool_analysis.html", context, request=request)
