"""Workflows on the mentor and mentee pools (базы), plan items 2.1–2.2 of the Комплекс мер.

Who forms which pool (the seed's plan, items 2.1.1–2.2.3): students' pools the pedagogical
council or the working group, on proposals of curators and teachers, with the student
council's opinion; teachers' the pedagogical council; school pupils' the partner school's
curator; employers' (mentors) the industrial partner's curator.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import AcademicYear, format_day
from pairs.decisions import record_decision
from pairs.models import (
    Decision,
    DecisionBody,
    ParticipantRole,
    PoolEntry,
    PoolStatus,
    Proposal,
    pool_formats_managed_by,
)
from pairs.rules import (
    MENTEE_KIND,
    MENTOR_KIND,
    kind_phrase,
    not_studying,
    special_status_missing,
    variant_errors,
)
from programs.models import FormatVariant, MentoringFormat
from registry.models import (
    Person,
    PersonKind,
    Student,
    StudentStatus,
    Teacher,
    people_of_kind,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

# The bodies that include students and teachers into the pools (items 2.1.1, 2.2.1); a
# teacher only by the pedagogical council (items 2.1.2, 2.2.2).
STUDENT_POOL_BODIES = {DecisionBody.PEDAGOGICAL_COUNCIL, DecisionBody.WORKING_GROUP}
TEACHER_POOL_BODIES = {DecisionBody.PEDAGOGICAL_COUNCIL}
# Pupils and partner employees are included by the partner's curator (items 2.1.3, 2.2.3):
# the college records the date, no decision of its own bodies is needed.
PARTNER_KINDS = {PersonKind.PUPIL, PersonKind.PARTNER_EMPLOYEE}
REINCLUDABLE = {PoolStatus.PROPOSED, PoolStatus.EXCLUDED}


def managed_formats(user: User | AnonymousUser) -> list[MentoringFormat]:
    """The formats whose pools the user manages, as a list the forms and views reuse."""
    return list(pool_formats_managed_by(user))


def _as_year(year: AcademicYear | int) -> AcademicYear:
    return year if isinstance(year, AcademicYear) else AcademicYear(year)


def _course_missing(person: Person, variant: FormatVariant | None, on: dt.date) -> str | None:
    """The refusal for a mentor of the ОВЗ variant without the disability-teaching course."""
    if variant is None or not variant.requires_disability_course:
        return None
    teacher = people_of_kind(Teacher).filter(pk=person.pk).first()
    if teacher is not None and teacher.has_disability_course(on):
        return None
    return _(
        "%(name)s has not completed a qualification course on teaching students with "
        "disabilities, which a mentor of the variant «%(variant)s» needs (section 3.1.3.2)."
    ) % {"name": person.full_name, "variant": variant.title}


def check_pool_entry_rules(
    *,
    user: User | AnonymousUser,
    person: Person,
    role: str,
    format: MentoringFormat,
    variant: FormatVariant | None,
    academic_year: AcademicYear,
) -> list[str]:
    """Every rule a new pool entry breaks, as Russian messages naming the rule."""
    errors: list[str] = []
    if format.pk not in {f.pk for f in managed_formats(user)}:
        errors.append(
            _("You do not manage the pools of the format «%(format)s».") % {"format": format.title}
        )
    if role not in ParticipantRole.values:
        errors.append(_("Choose the pool: mentors or mentees."))
        return errors
    is_mentor = role == ParticipantRole.MENTOR
    kind = (MENTOR_KIND if is_mentor else MENTEE_KIND)[format.code]
    if person.kind != kind.KIND:
        message = (
            _("In the format «%(format)s» a mentor must be %(kind)s.")
            if is_mentor
            else _("In the format «%(format)s» a mentee must be %(kind)s.")
        )
        errors.append(message % {"format": format.title, "kind": kind_phrase(kind)})
    elif (refusal := not_studying(person)) is not None:
        errors.append(refusal)

    if wrong_variant := variant_errors(format, variant, required=not is_mentor):
        errors += wrong_variant
    elif is_mentor and (refusal := _course_missing(person, variant, timezone.localdate())):
        errors.append(refusal)
    elif not is_mentor and (
        refusal := special_status_missing(person, variant, timezone.localdate())
    ):
        errors.append(refusal)

    already = PoolEntry.objects.filter(
        person=person, role=role, format=format, academic_year=academic_year.start_year
    ).exclude(status=PoolStatus.EXCLUDED)
    if already.exists():
        errors.append(
            _("%(name)s is already in this pool of the format «%(format)s» for %(year)s.")
            % {"name": person.full_name, "format": format.title, "year": academic_year.label}
        )
    return errors


@transaction.atomic
def add_to_pool(
    *,
    user: User,
    person: Person,
    role: str,
    format: MentoringFormat,
    variant: FormatVariant | None,
    request: str,
    academic_year: AcademicYear | int,
    proposal: Proposal | None = None,
) -> PoolEntry:
    """Puts a person into the mentor or mentee pool of a format for an academic year, as
    proposed: a decision includes them later (include_entries). Refuses and saves nothing
    when a rule is broken."""
    year = _as_year(academic_year)
    errors = check_pool_entry_rules(
        user=user, person=person, role=role, format=format, variant=variant, academic_year=year
    )
    if errors:
        raise ValidationError(errors)
    # Someone excluded this year comes back on the same entry (one per pool and year).
    entry = PoolEntry.objects.filter(
        person=person, role=role, format=format, academic_year=year.start_year
    ).first() or PoolEntry(person=person, role=role, format=format, academic_year=year.start_year)
    entry.variant = variant
    entry.status = PoolStatus.PROPOSED
    entry.decision, entry.included_on = None, None
    entry.excluded_on, entry.exclusion_reason = None, ""
    entry.request = request.strip()
    entry.proposal = proposal
    entry.added_by = user
    entry.full_clean()
    entry.save()
    return entry


def _inclusion_errors(
    entry: PoolEntry, decision: Decision | None, on: dt.date | None, managed: set[int]
) -> list[str]:
    name = entry.person.full_name
    errors: list[str] = []
    if entry.format_id not in managed:
        errors.append(
            _("%(name)s: you do not manage the pools of the format «%(format)s».")
            % {"name": name, "format": entry.format.title}
        )
    if entry.status not in REINCLUDABLE:
        errors.append(_("%(name)s is already included in the pool.") % {"name": name})
    if (refusal := not_studying(entry.person)) is not None:
        errors.append(refusal)
    kind = entry.person.kind
    if decision is None and kind not in PARTNER_KINDS:
        errors.append(
            _(
                "%(name)s: students and teachers enter the pools by a decision of the "
                "pedagogical council or the working group (items 2.1–2.2 of the plan)."
            )
            % {"name": name}
        )
    elif decision is not None and kind == PersonKind.TEACHER:
        if decision.body not in TEACHER_POOL_BODIES:
            errors.append(
                _(
                    "%(name)s: teachers enter the pools by a decision of the pedagogical "
                    "council (items 2.1.2, 2.2.2); the chosen decision is of the %(body)s."
                )
                % {"name": name, "body": decision.get_body_display()}
            )
    elif decision is not None and kind == PersonKind.STUDENT:
        if decision.body not in STUDENT_POOL_BODIES:
            errors.append(
                _(
                    "%(name)s: students enter the pools by a decision of the pedagogical "
                    "council or the working group (items 2.1.1, 2.2.1); the chosen decision "
                    "is of the %(body)s."
                )
                % {"name": name, "body": decision.get_body_display()}
            )
    if (
        decision is not None
        and entry.needs_student_council_opinion
        and not decision.student_council_opinion.strip()
    ):
        errors.append(
            _(
                "%(name)s: students enter the bases taking into account the opinion of the "
                "student council (items 2.1.1, 2.2.1): record it in the decision."
            )
            % {"name": name}
        )
    if on is None:
        # Without a decision there is no date either; a student or teacher was told above.
        if kind in PARTNER_KINDS:
            errors.append(
                _("%(name)s: give the date of the inclusion by the partner's curator.")
                % {"name": name}
            )
    elif entry.role == ParticipantRole.MENTOR and (
        refusal := _course_missing(entry.person, entry.variant, on)
    ):
        errors.append(refusal)
    elif entry.role == ParticipantRole.MENTEE and (
        # The data is processed from now on, whatever the decision's date: today's consent.
        refusal := special_status_missing(entry.person, entry.variant, timezone.localdate())
    ):
        errors.append(refusal)
    return errors


@transaction.atomic
def include_entries(
    *,
    user: User,
    entries: Sequence[PoolEntry],
    decision: Decision | None,
    included_on: dt.date | None,
) -> int:
    """Includes proposed (or re-includes excluded) entries into their pools, all or none.

    Students and teachers need a decision of the right body; pupils and partner employees
    are included by the partner's curator on the given date. With a decision the entries
    are in the pool since its date."""
    if not entries:
        raise ValidationError(_("Choose at least one person to include."))
    if decision is not None:
        decision.clean()
        included_on = decision.decided_on
    managed = {f.pk for f in managed_formats(user)}
    # Read again under a lock: what was on the page may have changed since.
    locked = list(
        PoolEntry.objects.select_for_update(of=("self",))
        .filter(pk__in=[entry.pk for entry in entries])
        .with_people()
        .order_by("person__search_name", "id")
    )
    errors = [
        message
        for entry in locked
        for message in _inclusion_errors(entry, decision, included_on, managed)
    ]
    if errors:
        raise ValidationError(errors)
    # One statement for all: the rules are checked above, the constraints by the database.
    return PoolEntry.objects.filter(pk__in=[entry.pk for entry in locked]).update(
        status=PoolStatus.INCLUDED,
        decision=decision,
        included_on=included_on,
        excluded_on=None,
        exclusion_reason="",
    )


@transaction.atomic
def include_by_new_decision(
    *,
    user: User,
    entries: Sequence[PoolEntry],
    body: str,
    number: str,
    decided_on: dt.date,
    student_council_opinion: str,
) -> int:
    """Records the decision and includes the entries by it; a refusal keeps neither."""
    decision = record_decision(
        Decision(
            body=body,
            number=number,
            decided_on=decided_on,
            student_council_opinion=student_council_opinion,
        )
    )
    return include_entries(user=user, entries=entries, decision=decision, included_on=None)


@transaction.atomic
def exclude_entry(*, user: User, entry: PoolEntry, excluded_on: dt.date, reason: str) -> PoolEntry:
    """Takes a person out of a pool, with the date and the reason."""
    errors: list[str] = []
    if entry.format_id not in {f.pk for f in managed_formats(user)}:
        errors.append(
            _("You do not manage the pools of the format «%(format)s».")
            % {"format": entry.format.title}
        )
    if entry.status == PoolStatus.EXCLUDED:
        errors.append(
            _("%(name)s is already excluded from the pool.") % {"name": entry.person.full_name}
        )
    if not reason.strip():
        errors.append(_("Give the reason for the exclusion."))
    if entry.included_on is not None and excluded_on < entry.included_on:
        errors.append(
            _("A person cannot be excluded before they were included (%(date)s).")
            % {"date": format_day(entry.included_on)}
        )
    if errors:
        raise ValidationError(errors)
    entry.status = PoolStatus.EXCLUDED
    entry.excluded_on = excluded_on
    entry.exclusion_reason = reason.strip()
    entry.full_clean()
    entry.save()
    return entry


# --- Refreshing the pools for the next academic year («уточнение ежегодно») ----------------


@dataclass(frozen=True)
class SkippedEntry:
    entry: PoolEntry
    reason: str


@dataclass
class CarryOver:
    """What refreshing the pools carries (or carried) from one academic year to the next."""

    from_year: AcademicYear
    to_year: AcademicYear
    to_carry: list[PoolEntry] = field(default_factory=list)
    skipped: list[SkippedEntry] = field(default_factory=list)

    @property
    def counts(self) -> list[tuple[MentoringFormat, int, int]]:
        """Per format: how many mentees and how many mentors are carried."""
        tally = Counter((entry.format_id, entry.role) for entry in self.to_carry)
        formats = {entry.format_id: entry.format for entry in self.to_carry}
        return [
            (
                formats[pk],
                tally[(pk, ParticipantRole.MENTEE)],
                tally[(pk, ParticipantRole.MENTOR)],
            )
            for pk in sorted(formats, key=lambda pk: (formats[pk].position, pk))
        ]


def plan_carry_over(
    *, user: User | AnonymousUser, from_year: AcademicYear, to_year: AcademicYear
) -> CarryOver:
    """Which included entries of `from_year` would be carried to `to_year`, and which not."""
    if to_year == from_year:
        raise ValidationError(_("The pools are carried over to another academic year."))
    plan = CarryOver(from_year=from_year, to_year=to_year)
    sources = (
        PoolEntry.objects.managed_by(user)
        .in_year(from_year)
        .included()
        .with_people()
        .order_by("format__position", "role", "person__search_name", "id")
    )
    taken = set(PoolEntry.objects.in_year(to_year).values_list("person_id", "role", "format_id"))
    for entry in sources:
        if (entry.person_id, entry.role, entry.format_id) in taken:
            reason = _("already in this pool for %(year)s") % {"year": to_year.label}
            plan.skipped.append(SkippedEntry(entry, reason))
        elif (refusal := _status_if_not_studying(entry.person)) is not None:
            plan.skipped.append(SkippedEntry(entry, refusal))
        else:
            plan.to_carry.append(entry)
    return plan


def _status_if_not_studying(person: Person) -> str | None:
    student = person.concrete
    if isinstance(student, Student) and student.status != StudentStatus.STUDYING:
        return _("no longer studying (%(status)s)") % {"status": student.get_status_display()}
    return None


@transaction.atomic
def carry_over(*, user: User, from_year: AcademicYear, to_year: AcademicYear) -> CarryOver:
    """Refreshes the pools for `to_year` (the plan's «уточнение ежегодно»): every included
    entry of `from_year` in the user's formats comes back as proposed, to be reviewed and
    included again. Running it twice adds nothing."""
    plan = plan_carry_over(user=user, from_year=from_year, to_year=to_year)
    for source in plan.to_carry:
        entry = PoolEntry(
            person=source.person,
            role=source.role,
            format=source.format,
            variant=source.variant,
            academic_year=to_year.start_year,
            status=PoolStatus.PROPOSED,
            request=source.request,
            carried_from=source,
            added_by=user,
        )
        entry.full_clean()
        entry.save()
    return plan
