"""The rules of the Положение for mentorships: who may mentor whom in each format (section 3),
which body decides (section 5), capacity, one active pair per mentee and format."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.dates import format_day
from pairs.models import (
    Decision,
    DecisionBody,
    Mentorship,
)
from programs.models import FormatCode, FormatVariant, MentoringFormat
from registry.models import (
    DEFAULT_MENTOR_CAPACITY,
    MentorProfile,
    PartnerEmployee,
    Person,
    Pupil,
    SpecialCategoryStatus,
    Student,
    StudentStatus,
    Teacher,
    people_of_kind,
)

if TYPE_CHECKING:
    pass

# Which concrete kinds of person may be mentors and mentees in each format (section 3).
MENTOR_KIND: dict[str, type[Person]] = {
    FormatCode.STUDENT_STUDENT: Student,
    FormatCode.TEACHER_TEACHER: Teacher,
    FormatCode.TEACHER_STUDENT: Teacher,
    FormatCode.STUDENT_PUPIL: Student,
    FormatCode.EMPLOYER_STUDENT: PartnerEmployee,
}
MENTEE_KIND: dict[str, type[Person]] = {
    FormatCode.STUDENT_STUDENT: Student,
    FormatCode.TEACHER_TEACHER: Teacher,
    FormatCode.TEACHER_STUDENT: Student,
    FormatCode.STUDENT_PUPIL: Pupil,
    FormatCode.EMPLOYER_STUDENT: Student,
}
# Which bodies may decide on pairs of each format (section 5).
DECIDING_BODIES: dict[str, set[str]] = {
    FormatCode.STUDENT_STUDENT: {DecisionBody.PEDAGOGICAL_COUNCIL, DecisionBody.WORKING_GROUP},
    FormatCode.TEACHER_TEACHER: {DecisionBody.PEDAGOGICAL_COUNCIL, DecisionBody.WORKING_GROUP},
    FormatCode.TEACHER_STUDENT: {DecisionBody.PEDAGOGICAL_COUNCIL, DecisionBody.WORKING_GROUP},
    FormatCode.STUDENT_PUPIL: {DecisionBody.PROJECT_HEAD},
    FormatCode.EMPLOYER_STUDENT: {DecisionBody.EMPLOYER},
}


def _concrete(people: Sequence[Person], kind: type[Person]) -> list[Person]:
    """The people as their concrete kind; those of another kind are left out."""
    return list(people_of_kind(kind).filter(pk__in=[person.pk for person in people]))


def check_mentorship_rules(
    *,
    format: MentoringFormat,
    variant: FormatVariant | None,
    mentors: Sequence[Person],
    mentees: Sequence[Person],
    decision: Decision | None,
    started_on: dt.date,
    planned_end_on: dt.date,
    exclude: Mentorship | None = None,
    draft: bool = False,
) -> list[str]:
    """Every rule the proposed mentorship breaks, as Russian messages naming the rule.

    A `draft` has no decision yet: every other rule holds for it already, and the decision's
    rules are checked when a decision confirms it.
    """
    errors: list[str] = []
    code = format.code
    # The same person chosen twice is one participant.
    mentors, mentees = list(dict.fromkeys(mentors)), list(dict.fromkeys(mentees))

    if not mentors:
        errors.append(_("A mentorship needs at least one mentor."))
    if not mentees:
        errors.append(_("A mentorship needs at least one mentee."))
    both = {p.pk for p in mentors} & {p.pk for p in mentees}
    if both:
        errors.append(_("The same person cannot be a mentor and a mentee of one mentorship."))
    if planned_end_on <= started_on:
        errors.append(_("The planned end must come after the start."))

    errors += variant_errors(format, variant)

    mentor_kind, mentee_kind = MENTOR_KIND[code], MENTEE_KIND[code]
    typed_mentors = _concrete(mentors, mentor_kind)
    typed_mentees = _concrete(mentees, mentee_kind)
    if len(typed_mentors) != len(mentors):
        errors.append(
            _("In the format «%(format)s» a mentor must be %(kind)s.")
            % {"format": format.title, "kind": kind_phrase(mentor_kind)}
        )
    if len(typed_mentees) != len(mentees):
        errors.append(
            _("In the format «%(format)s» a mentee must be %(kind)s.")
            % {"format": format.title, "kind": kind_phrase(mentee_kind)}
        )

    errors += [
        refusal
        for person in [*typed_mentors, *typed_mentees]
        if (refusal := not_studying(person)) is not None
    ]
    errors += [
        refusal
        for person in typed_mentees
        if (refusal := special_status_missing(person, variant, started_on)) is not None
    ]

    if code == FormatCode.STUDENT_STUDENT:
        errors += _student_student_rules(typed_mentors, typed_mentees)
    if code == FormatCode.TEACHER_STUDENT and variant is not None:
        if variant.requires_disability_course:
            for mentor in typed_mentors:
                if isinstance(mentor, Teacher) and not mentor.has_disability_course(started_on):
                    errors.append(
                        _(
                            "%(name)s has not completed a qualification course on teaching "
                            "students with disabilities, which a mentor of the variant "
                            "«%(variant)s» needs (section 3.1.3.2)."
                        )
                        % {"name": mentor.full_name, "variant": variant.title}
                    )
    if code == FormatCode.STUDENT_PUPIL:
        for pupil in typed_mentees:
            if isinstance(pupil, Pupil) and not pupil.school.has_valid_agreement(started_on):
                errors.append(
                    _(
                        "The school «%(school)s» of %(name)s has no cooperation agreement "
                        "valid on %(date)s."
                    )
                    % {
                        "school": pupil.school.short_name,
                        "name": pupil.full_name,
                        "date": format_day(started_on),
                    }
                )
    if code == FormatCode.EMPLOYER_STUDENT:
        for employee in typed_mentors:
            if isinstance(
                employee, PartnerEmployee
            ) and not employee.organization.has_valid_agreement(started_on):
                errors.append(
                    _(
                        "The enterprise «%(organization)s» of %(name)s has no agreement with "
                        "the college valid on %(date)s."
                    )
                    % {
                        "organization": employee.organization.short_name,
                        "name": employee.full_name,
                        "date": format_day(started_on),
                    }
                )

    if decision is not None:
        errors += _decision_rules(format, decision, typed_mentors, typed_mentees, started_on)
    elif not draft:
        errors.append(_("A mentorship enters the registry only by a decision."))

    errors += _one_active_per_format(format, mentees, exclude)
    errors += capacity_errors(mentors, mentees, exclude)
    return errors


_KIND_PHRASE = {
    Student: lambda: _("a student of the college"),
    Teacher: lambda: _("a teacher or master of industrial training of the college"),
    Pupil: lambda: _("a pupil of a partner school"),
    PartnerEmployee: lambda: _("an employee of a partner enterprise"),
}


# --- Rules the proposals and the pools check too ---------------------------------------------


def kind_phrase(kind: type[Person]) -> str:
    """Who a person of the kind is, as a rule's message names them."""
    return str(_KIND_PHRASE[kind]())


def variant_errors(
    format: MentoringFormat, variant: FormatVariant | None, *, required: bool = True
) -> list[str]:
    """The variant belongs to the format; a format with variants needs one when `required`
    (a mentor's pool entry may go without)."""
    has_variants = format.variants.exists()
    if variant is not None and not has_variants:
        return [_("The format «%(format)s» has no variants.") % {"format": format.title}]
    if variant is not None and variant.format_id != format.pk:
        return [
            _("The variant «%(variant)s» does not belong to the format «%(format)s».")
            % {"variant": variant.title, "format": format.title}
        ]
    if variant is None and has_variants and required:
        return [
            _("Choose the variant of the format «%(format)s» (section %(section)s).")
            % {"format": format.title, "section": format.section}
        ]
    return []


def not_studying(person: Person) -> str | None:
    """The refusal for a student who is not studying now (a person loaded with its concrete
    kind, see PERSON_DETAILS), or None."""
    student = person.concrete
    if isinstance(student, Student) and student.status != StudentStatus.STUDYING:
        return _("%(name)s is not studying now (%(status)s) and cannot take part.") % {
            "name": person.full_name,
            "status": student.get_status_display(),
        }
    return None


# What a mentee of a special-category variant must have on record, with a consent (152-ФЗ).
SPECIAL_VARIANT_STATUS = {"disabilities": "has_disabilities", "risk_group": "in_risk_group"}


def special_status_missing(
    person: Person, variant: FormatVariant | None, on: dt.date
) -> str | None:
    """A refusal when the variant is the ОВЗ or risk-group one and the person's status for it
    is not recorded under a valid consent; None otherwise."""
    if variant is None or not variant.is_special_category:
        return None
    field = SPECIAL_VARIANT_STATUS.get(variant.code)
    status = SpecialCategoryStatus.objects.consented_on(on).filter(person=person.pk).first()
    if field is not None and status is not None and getattr(status, field):
        return None
    return _(
        "%(name)s can be in the variant «%(variant)s» only when that status is recorded on "
        "their page under a valid consent to health and risk-group data (152-ФЗ)."
    ) % {"name": person.full_name, "variant": variant.title}


def mentor_capacity(person: Person) -> int:
    """How many mentees the mentor takes at once, as the mentor profile says now."""
    capacity = (
        MentorProfile.objects.filter(person=person.pk).values_list("capacity", flat=True).first()
    )
    return capacity if capacity is not None else DEFAULT_MENTOR_CAPACITY


def _mentees_by_mentorship(person: Person) -> dict[int, set[int]]:
    """The mentees (ids) of each active mentorship (id) the person mentors, in one query."""
    loads: dict[int, set[int]] = {}
    active = Mentorship.objects.active().filter(mentors=person.pk)
    for mentorship_id, mentee_id in active.values_list("pk", "mentees"):
        loads.setdefault(mentorship_id, set()).add(mentee_id)
    return loads


def mentor_load(person: Person, *, exclude: Mentorship | None = None) -> set[int]:
    """The mentees (ids) the mentor has in active mentorships of any format, but `exclude`."""
    return _load_without(_mentees_by_mentorship(person), exclude)


def _load_without(loads: dict[int, set[int]], exclude: Mentorship | None) -> set[int]:
    skipped = exclude.pk if exclude is not None else None
    return {mentee for pk, mentees in loads.items() if pk != skipped for mentee in mentees}


def capacity_errors(
    mentors: Sequence[Person], mentees: Sequence[Person], exclude: Mentorship | None = None
) -> list[str]:
    """A mentor's capacity (the mentor profile) holds across all their active mentorships."""
    errors = []
    for mentor in dict.fromkeys(mentors):
        loads = _mentees_by_mentorship(mentor)
        load = _load_without(loads, exclude)
        # A mentor chosen as a mentee too is refused by its own rule, not counted here.
        total = len(load | {mentee.pk for mentee in mentees if mentee.pk != mentor.pk})
        capacity = mentor_capacity(mentor)
        # Editing an active mentorship that does not add to the mentor's load is never
        # refused, even for a mentor already over capacity (a profile lowered later).
        if total > capacity and (exclude is None or total > len(_load_without(loads, None))):
            errors.append(
                _(
                    "%(name)s takes at most %(capacity)s mentee(s) at once (mentor profile) and "
                    "already has %(load)s in active mentorships; with this one it would be "
                    "%(total)s."
                )
                % {
                    "name": mentor.full_name,
                    "capacity": capacity,
                    "load": len(load),
                    "total": total,
                }
            )
    return errors


def _student_student_rules(mentors: list[Person], mentees: list[Person]) -> list[str]:
    errors = []
    students = [(m, e) for m in mentors for e in mentees]
    for mentor, mentee in students:
        if isinstance(mentor, Student) and isinstance(mentee, Student):
            if mentor.course <= mentee.course:
                errors.append(
                    _(
                        "In «student – student» the mentor studies on a higher course than "
                        "the mentee (section 3.1.1): %(mentor)s is on course %(mentor_course)s, "
                        "%(mentee)s on course %(mentee_course)s."
                    )
                    % {
                        "mentor": mentor.full_name,
                        "mentor_course": mentor.course,
                        "mentee": mentee.full_name,
                        "mentee_course": mentee.course,
                    }
                )
    return errors


def _decision_rules(
    format: MentoringFormat,
    decision: Decision,
    mentors: list[Person],
    mentees: list[Person],
    started_on: dt.date,
) -> list[str]:
    errors = []
    code = format.code
    if decision.body not in DECIDING_BODIES[code]:
        allowed = ", ".join(str(DecisionBody(body).label) for body in sorted(DECIDING_BODIES[code]))
        errors.append(
            _(
                "Pairs of the format «%(format)s» are formed by a decision of: %(allowed)s "
                "(section 5); the chosen decision is of the %(body)s."
            )
            % {"format": format.title, "allowed": allowed, "body": decision.get_body_display()}
        )
    try:
        # A decision saved past its own validation (say, by a script) still cannot slip
        # a mentorship past the partner checks below.
        decision.clean()
    except ValidationError as invalid:
        errors += invalid.messages
    if decision.decided_on > started_on:
        errors.append(
            _("The mentorship cannot start before its decision of %(date)s.")
            % {"date": format_day(decision.decided_on)}
        )
    if code == FormatCode.STUDENT_STUDENT and not decision.student_council_opinion.strip():
        errors.append(
            _(
                "«Student – student» pairs are formed taking into account the opinion of the "
                "student council (item 5.1.1): record it in the decision."
            )
        )
    if code == FormatCode.STUDENT_PUPIL:
        if not decision.school_curator_opinion.strip():
            errors.append(
                _(
                    "«Student – pupil» pairs are formed taking into account the opinion of the "
                    "partner school's curator (item 5.1.2): record it in the decision."
                )
            )
        for pupil in mentees:
            other_school = decision.partner_id is not None and (
                isinstance(pupil, Pupil) and pupil.school_id != decision.partner_id
            )
            if other_school:
                errors.append(
                    _("%(name)s is not a pupil of the school of the joint project.")
                    % {"name": pupil.full_name}
                )
    if code == FormatCode.EMPLOYER_STUDENT:
        if not decision.college_approval.strip():
            errors.append(
                _(
                    "An employer's decision on «employer – student» pairs is agreed with the "
                    "college (item 5.1.3): record the approval in the decision."
                )
            )
        for employee in mentors:
            if (
                isinstance(employee, PartnerEmployee)
                and decision.partner_id is not None
                and employee.organization_id != decision.partner_id
            ):
                errors.append(
                    _("%(name)s does not work at the enterprise that made the decision.")
                    % {"name": employee.full_name}
                )
    return errors


def _one_active_per_format(
    format: MentoringFormat, mentees: Sequence[Person], exclude: Mentorship | None
) -> list[str]:
    busy = Mentorship.objects.active().filter(format=format, mentees__in=mentees)
    if exclude is not None:
        busy = busy.exclude(pk=exclude.pk)
    names = (
        Person.objects.filter(mentorships_as_mentee__in=busy, pk__in=[p.pk for p in mentees])
        .distinct()
        .order_by("last_name", "first_name")
    )
    return [
        _(
            "%(name)s already has an active mentorship in the format «%(format)s»; a mentee "
            "has at most one per format."
        )
        % {"name": person.full_name, "format": format.title}
        for person in names
    ]
