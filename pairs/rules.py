"""The rules of the Положение for mentorships: who may mentor whom in each format (section 3),
which body decides (section 5), capacity, one active pair per mentee and format."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

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
    Consent,
    MentorProfile,
    PartnerEmployee,
    PartnerOrganization,
    Person,
    Pupil,
    SpecialCategoryStatus,
    Student,
    StudentStatus,
    Teacher,
    people_of_kind,
)


@dataclass(frozen=True)
class Participants:
    """A proposed mentorship's people as their concrete kinds, for the per-format checks."""

    mentors: list[Person]
    mentees: list[Person]
    variant: FormatVariant | None
    started_on: dt.date
    # The partner organizations with an agreement valid on `started_on`, when loaded
    # beforehand for many checks at once (the drafting suggestions); None asks the database.
    agreements: frozenset[int] | None = None


FormatCheck = Callable[[Participants], list[str]]
DecisionCheck = Callable[[Decision, Participants], list[str]]


@dataclass(frozen=True)
class FormatRules:
    """What section 3 and 5 of the Положение say of one format: who mentors whom, which
    bodies decide on its pairs, and the checks of that format alone. `FORMAT_RULES` at the
    end of this module has a row per format."""

    mentor_kind: type[Person]
    mentee_kind: type[Person]
    deciding_bodies: frozenset[str]
    checks: tuple[FormatCheck, ...] = ()
    decision_checks: tuple[DecisionCheck, ...] = ()


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
        errors.append(_wrong_mentor_kind(format))
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

    if not draft:
        # A draft may wait for the consents; it is confirmed only with them.
        errors += program_consent_missing([*mentors, *mentees], started_on)

    for rule in FORMAT_RULES[code].checks:
        errors += rule(Participants(typed_mentors, typed_mentees, variant, started_on))

    if decision is not None:
        errors += _decision_rules(format, decision, typed_mentors, typed_mentees, started_on)
    elif not draft:
        errors.append(_("A mentorship enters the registry only by a decision."))

    errors += _one_active_per_format(format, mentees, exclude)
    errors += capacity_errors(mentors, mentees, exclude)
    return errors


def mentor_refusals(
    *,
    format: MentoringFormat,
    variant: FormatVariant | None,
    mentor: Person,
    mentees: Sequence[Person],
    started_on: dt.date,
    load: set[int],
    capacity: int,
    agreements: frozenset[int],
) -> list[str]:
    """What `check_mentorship_rules` refuses a draft of one mentor with mentees who break no
    rule themselves, read from facts loaded beforehand for many mentors at once: the same
    messages in the same order, without a query. `mentor`, when of the format's kind, is
    loaded with its concrete row (PERSON_DETAILS, a teacher's courses), `mentees` are of
    their concrete kind, `load`
    is the mentees of the mentor's active mentorships, `agreements` the organizations with
    an agreement valid on the start. The drafting suggestions rank hundreds of mentors so."""
    errors: list[str] = []
    typed_mentors: list[Person] = []
    # The kind first: a person of another kind need not be loaded with its details.
    if mentor.kind != MENTOR_KIND[format.code].KIND:
        errors.append(_wrong_mentor_kind(format))
    else:
        typed_mentors.append(concrete := mentor.concrete)
        if (refusal := not_studying(concrete)) is not None:
            errors.append(refusal)
    people = Participants(typed_mentors, list(mentees), variant, started_on, agreements)
    for rule in FORMAT_RULES[format.code].checks:
        errors += rule(people)
    total = len(load | {mentee.pk for mentee in mentees if mentee.pk != mentor.pk})
    if total > capacity:
        errors.append(_over_capacity(mentor, capacity=capacity, load=len(load), total=total))
    return errors


def _wrong_mentor_kind(format: MentoringFormat) -> str:
    return _("In the format «%(format)s» a mentor must be %(kind)s.") % {
        "format": format.title,
        "kind": kind_phrase(MENTOR_KIND[format.code]),
    }


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


def program_consent_missing(people: Sequence[Person], on: dt.date) -> list[str]:
    """A refusal for each person without a consent to taking part in the program that
    counts on the day (152-ФЗ; a minor's given by a parent or legal representative)."""
    consented = set(
        Consent.objects.program_valid_on(on)
        .filter(person__in=[person.pk for person in people])
        .values_list("person", flat=True)
    )
    refusals = []
    for person in dict.fromkeys(people):
        if person.pk in consented:
            continue
        if person.is_minor_on(on):
            message = _(
                "%(name)s has no consent to the processing of personal data for taking part "
                "in the mentoring program valid on %(date)s, given by a parent or legal "
                "representative (a minor, 152-ФЗ, article 9)."
            )
        else:
            message = _(
                "%(name)s has no consent to the processing of personal data for taking part "
                "in the mentoring program valid on %(date)s (152-ФЗ)."
            )
        refusals.append(message % {"name": person.full_name, "date": format_day(on)})
    return refusals


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
            errors.append(_over_capacity(mentor, capacity=capacity, load=len(load), total=total))
    return errors


def _over_capacity(mentor: Person, *, capacity: int, load: int, total: int) -> str:
    return _(
        "%(name)s takes at most %(capacity)s mentee(s) at once (mentor profile) and "
        "already has %(load)s in active mentorships; with this one it would be "
        "%(total)s."
    ) % {"name": mentor.full_name, "capacity": capacity, "load": load, "total": total}


def _mentor_on_a_higher_course(people: Participants) -> list[str]:
    """«студент – студент»: the mentor studies on a higher course (section 3.1.1)."""
    errors = []
    students = [(m, e) for m in people.mentors for e in people.mentees]
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
    for rule in FORMAT_RULES[code].decision_checks:
        errors += rule(decision, Participants(mentors, mentees, None, started_on))
    return errors


def _student_council_opinion(decision: Decision, people: Participants) -> list[str]:
    if decision.student_council_opinion.strip():
        return []
    return [
        _(
            "«Student – student» pairs are formed taking into account the opinion of the "
            "student council (item 5.1.1): record it in the decision."
        )
    ]


def _school_curator_opinion(decision: Decision, people: Participants) -> list[str]:
    if decision.school_curator_opinion.strip():
        return []
    return [
        _(
            "«Student – pupil» pairs are formed taking into account the opinion of the "
            "partner school's curator (item 5.1.2): record it in the decision."
        )
    ]


def _pupils_of_the_deciding_school(decision: Decision, people: Participants) -> list[str]:
    return [
        _("%(name)s is not a pupil of the school of the joint project.") % {"name": pupil.full_name}
        for pupil in people.mentees
        if decision.partner_id is not None
        and isinstance(pupil, Pupil)
        and pupil.school_id != decision.partner_id
    ]


def _college_approval(decision: Decision, people: Participants) -> list[str]:
    if decision.college_approval.strip():
        return []
    return [
        _(
            "An employer's decision on «employer – student» pairs is agreed with the "
            "college (item 5.1.3): record the approval in the decision."
        )
    ]


def _staff_of_the_deciding_enterprise(decision: Decision, people: Participants) -> list[str]:
    return [
        _("%(name)s does not work at the enterprise that made the decision.")
        % {"name": employee.full_name}
        for employee in people.mentors
        if isinstance(employee, PartnerEmployee)
        and decision.partner_id is not None
        and employee.organization_id != decision.partner_id
    ]


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


def _mentor_trained_for_disabilities(people: Participants) -> list[str]:
    """«педагог – студент», a variant that needs it: the mentor has completed the course on
    teaching students with disabilities (section 3.1.3.2)."""
    variant = people.variant
    if variant is None or not variant.requires_disability_course:
        return []
    return [
        _(
            "%(name)s has not completed a qualification course on teaching "
            "students with disabilities, which a mentor of the variant "
            "«%(variant)s» needs (section 3.1.3.2)."
        )
        % {"name": mentor.full_name, "variant": variant.title}
        for mentor in people.mentors
        if isinstance(mentor, Teacher) and not mentor.has_disability_course(people.started_on)
    ]


def _school_under_agreement(people: Participants) -> list[str]:
    """«студент – ученик»: the pupil's school has a cooperation agreement on the start."""
    return [
        _("The school «%(school)s» of %(name)s has no cooperation agreement valid on %(date)s.")
        % {
            "school": pupil.school.short_name,
            "name": pupil.full_name,
            "date": format_day(people.started_on),
        }
        for pupil in people.mentees
        if isinstance(pupil, Pupil) and not _has_agreement(pupil.school, people)
    ]


def _enterprise_under_agreement(people: Participants) -> list[str]:
    """«работодатель – студент»: the mentor's enterprise has an agreement on the start."""
    return [
        _(
            "The enterprise «%(organization)s» of %(name)s has no agreement with "
            "the college valid on %(date)s."
        )
        % {
            "organization": employee.organization.short_name,
            "name": employee.full_name,
            "date": format_day(people.started_on),
        }
        for employee in people.mentors
        if isinstance(employee, PartnerEmployee)
        and not _has_agreement(employee.organization, people)
    ]


def _has_agreement(organization: PartnerOrganization, people: Participants) -> bool:
    """The organization has an agreement valid on the start (from `people.agreements` when
    they were loaded beforehand)."""
    if people.agreements is not None:
        return organization.pk in people.agreements
    return organization.has_valid_agreement(people.started_on)


# --- The formats' rules, one row per format ----------------------------------------------------

COUNCIL_OR_GROUP = frozenset({DecisionBody.PEDAGOGICAL_COUNCIL, DecisionBody.WORKING_GROUP})

FORMAT_RULES: dict[str, FormatRules] = {
    FormatCode.STUDENT_STUDENT: FormatRules(
        Student,
        Student,
        COUNCIL_OR_GROUP,
        (_mentor_on_a_higher_course,),
        (_student_council_opinion,),
    ),
    FormatCode.TEACHER_TEACHER: FormatRules(Teacher, Teacher, COUNCIL_OR_GROUP),
    FormatCode.TEACHER_STUDENT: FormatRules(
        Teacher, Student, COUNCIL_OR_GROUP, (_mentor_trained_for_disabilities,)
    ),
    FormatCode.STUDENT_PUPIL: FormatRules(
        Student,
        Pupil,
        frozenset({DecisionBody.PROJECT_HEAD}),
        (_school_under_agreement,),
        (_school_curator_opinion, _pupils_of_the_deciding_school),
    ),
    FormatCode.EMPLOYER_STUDENT: FormatRules(
        PartnerEmployee,
        Student,
        frozenset({DecisionBody.EMPLOYER}),
        (_enterprise_under_agreement,),
        (_college_approval, _staff_of_the_deciding_enterprise),
    ),
}
# The table's columns by format, as the forms and the suggestions read them.
MENTOR_KIND: dict[str, type[Person]] = {code: r.mentor_kind for code, r in FORMAT_RULES.items()}
MENTEE_KIND: dict[str, type[Person]] = {code: r.mentee_kind for code, r in FORMAT_RULES.items()}
DECIDING_BODIES: dict[str, set[str]] = {
    code: set(r.deciding_bodies) for code, r in FORMAT_RULES.items()
}
