"""Workflows on mentorships. Every per-format rule of the Положение is checked here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Q
from django.utils.translation import gettext as _

from pairs.models import (
    OPEN_STATUSES,
    ChangeAction,
    Decision,
    DecisionBody,
    Mentorship,
    MentorshipChange,
    MentorshipStatus,
)
from programs.dates import format_day
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
    from django.contrib.auth.models import User

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


def _lock_people(people: Sequence[Person]) -> None:
    """Locks the people's rows (in id order, so two confirmations never deadlock) until the
    transaction ends: a second confirmation for the same mentor or mentee waits here, then
    sees the first one's mentorships in the capacity and one-per-format checks (PostgreSQL;
    SQLite runs one writer at a time anyway)."""
    ids = sorted({person.pk for person in people})
    # NO KEY UPDATE: still one holder at a time, yet rows that merely refer to a person
    # (pool entries, the mentorships' people) are not held up by it.
    list(
        Person.objects.select_for_update(no_key=True).filter(pk__in=ids).order_by("pk").values("pk")
    )


def record_change(
    mentorship: Mentorship,
    *,
    action: str,
    user: User | None,
    details: list[dict[str, str]] | None = None,
) -> MentorshipChange:
    """Adds an entry to the mentorship's history."""
    return MentorshipChange.objects.create(
        mentorship=mentorship, action=action, changed_by=user, details=details or []
    )


def change_details(
    before: Mapping[str, object], after: Mapping[str, object]
) -> list[dict[str, str]]:
    """The fields whose shown value differs, as the history keeps them."""
    return [
        {"field": name, "old": _shown(before[name]), "new": _shown(after[name])}
        for name in after
        if _shown(before.get(name)) != _shown(after[name])
    ]


def _shown(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return format_day(value)
    if isinstance(value, list | tuple | set):
        return ", ".join(sorted(_shown(item) for item in value))
    if isinstance(value, Person):
        return value.full_name
    if isinstance(value, Model):
        return str(value)
    return str(value)


def lock_mentorship(mentorship: Mentorship) -> Mentorship | None:
    """The mentorship's row, locked until the transaction ends (None if it is gone).

    NO KEY UPDATE keeps out every other editor, yet not the rows that only refer to the
    mentorship (a meeting, a history entry: PostgreSQL checks such a reference at commit with
    a key-share lock), so adding those never waits for an edit or deadlocks with it. Only
    the mentorship's own row is locked, not the format joined for the checks.
    """
    return (
        Mentorship.objects.select_for_update(of=("self",), no_key=True)
        .select_related("format")
        .filter(pk=mentorship.pk)
        .first()
    )


def bump_version(mentorship: Mentorship, *, version: int) -> Mentorship:
    """Locks the mentorship and checks that it is still at the version the user's form was
    made from; refuses if someone else changed it meanwhile. Returns the locked row, with
    its version already raised (saved by the caller's `save()`)."""
    locked = lock_mentorship(mentorship)
    # A draft deleted meanwhile is a change by someone else too.
    if locked is None or locked.version != version:
        raise ValidationError(
            _(
                "Someone else changed mentorship No. %(id)s while you were editing it. Your "
                "change is not saved: open the mentorship again and make it anew."
            )
            % {"id": mentorship.pk}
        )
    locked.version += 1
    return locked


def _participants_snapshot(mentorship: Mentorship) -> dict[str, object]:
    return {
        "mentors": list(mentorship.mentors.all()),
        "mentees": list(mentorship.mentees.all()),
        "variant": mentorship.variant,
        "started_on": mentorship.started_on,
        "planned_end_on": mentorship.planned_end_on,
    }


@transaction.atomic
def draft_mentorship(
    *,
    format: MentoringFormat,
    variant: FormatVariant | None,
    mentors: Sequence[Person],
    mentees: Sequence[Person],
    started_on: dt.date,
    planned_end_on: dt.date,
    created_by: User | None = None,
) -> Mentorship:
    """Creates a draft mentorship: every rule but the decision's already holds. It enters the
    registry when a decision confirms it (`confirm_mentorships`).

    Raises ValidationError with one Russian message per broken rule.
    """
    mentors, mentees = list(dict.fromkeys(mentors)), list(dict.fromkeys(mentees))
    _lock_people([*mentors, *mentees])
    errors = check_mentorship_rules(
        format=format,
        variant=variant,
        mentors=mentors,
        mentees=mentees,
        decision=None,
        started_on=started_on,
        planned_end_on=planned_end_on,
        draft=True,
    )
    if errors:
        raise ValidationError(errors)
    mentorship = Mentorship(
        format=format,
        variant=variant,
        started_on=started_on,
        planned_end_on=planned_end_on,
        status=MentorshipStatus.DRAFT,
        created_by=created_by,
    )
    mentorship.full_clean()
    mentorship.save()
    mentorship.mentors.set(mentors)
    mentorship.mentees.set(mentees)
    record_change(mentorship, action=ChangeAction.DRAFTED, user=created_by)
    return mentorship


@transaction.atomic
def confirm_mentorships(
    *, drafts: Sequence[Mentorship], decision: Decision, user: User | None
) -> list[Mentorship]:
    """A decision confirms one or many drafts at once: all of them enter the registry as
    active, or, if any breaks a rule, none does.

    The drafts are checked one after another in this transaction, so two drafts of the
    same decision cannot together exceed a mentor's capacity or give a mentee two active
    mentorships of a format. Raises ValidationError naming the draft of each refusal.
    """
    if not drafts:
        raise ValidationError(_("Choose at least one draft mentorship to confirm."))
    errors: list[str] = []
    if not decision.scan:
        errors.append(
            _(
                "Attach the scan of the decision %(decision)s: a decision confirms mentorships "
                "only with its signed protocol or order."
            )
            % {"decision": decision.short_label}
        )
    ids = sorted({draft.pk for draft in drafts})
    # Only the mentorships' rows: PostgreSQL cannot lock the nullable side of the variant's
    # outer join, and locking the format would queue every confirmation of that format.
    locked = list(
        Mentorship.objects.select_for_update(of=("self",), no_key=True)
        .filter(pk__in=ids)
        .select_related("format", "variant")
        .order_by("pk")
    )
    people = Person.objects.filter(
        Q(mentorships_as_mentor__in=ids) | Q(mentorships_as_mentee__in=ids)
    ).distinct()
    _lock_people(list(people))
    confirmed = []
    for mentorship in locked:
        if mentorship.status != MentorshipStatus.DRAFT:
            errors.append(
                _("Mentorship No. %(id)s is no longer a draft (%(status)s).")
                % {"id": mentorship.pk, "status": mentorship.get_status_display()}
            )
            continue
        mentors = list(mentorship.mentors.all())
        mentees = list(mentorship.mentees.all())
        refusals = check_mentorship_rules(
            format=mentorship.format,
            variant=mentorship.variant,
            mentors=mentors,
            mentees=mentees,
            decision=decision,
            started_on=mentorship.started_on,
            planned_end_on=mentorship.planned_end_on,
            exclude=mentorship,
        )
        if refusals:
            errors += [
                _("Draft No. %(id)s: %(refusal)s") % {"id": mentorship.pk, "refusal": refusal}
                for refusal in refusals
            ]
            continue
        # Active now, inside the transaction: the next draft's checks count it.
        mentorship.status = MentorshipStatus.ACTIVE
        mentorship.decision = decision
        mentorship.version += 1
        mentorship.save(update_fields=["status", "decision", "version", "updated_at"])
        confirmed.append(mentorship)
    if len(locked) != len(ids):
        errors.append(_("Some of the chosen drafts no longer exist."))
    if errors:
        transaction.set_rollback(True)
        raise ValidationError(errors)
    for mentorship in confirmed:
        record_change(
            mentorship,
            action=ChangeAction.CONFIRMED,
            user=user,
            details=[{"field": "decision", "old": "", "new": str(decision)}],
        )
    return confirmed


@transaction.atomic
def create_mentorship(
    *,
    format: MentoringFormat,
    variant: FormatVariant | None,
    mentors: Sequence[Person],
    mentees: Sequence[Person],
    decision: Decision | None,
    started_on: dt.date,
    planned_end_on: dt.date,
    created_by: User | None = None,
) -> Mentorship:
    """Drafts a mentorship and confirms it by the decision at once (the demo and scripts).

    Raises ValidationError with one Russian message per broken rule, and saves nothing.
    """
    errors = check_mentorship_rules(
        format=format,
        variant=variant,
        mentors=mentors,
        mentees=mentees,
        decision=decision,
        started_on=started_on,
        planned_end_on=planned_end_on,
    )
    if errors or decision is None:
        raise ValidationError(errors)
    draft = draft_mentorship(
        format=format,
        variant=variant,
        mentors=mentors,
        mentees=mentees,
        started_on=started_on,
        planned_end_on=planned_end_on,
        created_by=created_by,
    )
    (mentorship,) = confirm_mentorships(drafts=[draft], decision=decision, user=created_by)
    return mentorship


@transaction.atomic
def update_mentorship(
    mentorship: Mentorship,
    *,
    user: User,
    version: int,
    variant: FormatVariant | None,
    mentors: Sequence[Person],
    mentees: Sequence[Person],
    started_on: dt.date,
    planned_end_on: dt.date,
) -> Mentorship:
    """Changes the participants, variant or dates of a draft or active mentorship; every rule
    is checked again (with its decision, once confirmed). Refused if someone else changed the
    mentorship since `version` was read. The history keeps what changed."""
    mentors, mentees = list(dict.fromkeys(mentors)), list(dict.fromkeys(mentees))
    locked = bump_version(mentorship, version=version)
    # The locked row's status: the caller's copy may predate a completion.
    if locked.status not in OPEN_STATUSES:
        raise ValidationError(_("A completed or ended mentorship is not changed any more."))
    _lock_people([*mentors, *mentees])
    before = _participants_snapshot(locked)
    errors = check_mentorship_rules(
        format=locked.format,
        variant=variant,
        mentors=mentors,
        mentees=mentees,
        decision=locked.decision,
        started_on=started_on,
        planned_end_on=planned_end_on,
        exclude=locked,
        draft=locked.status == MentorshipStatus.DRAFT,
    )
    # The meetings already held stay inside the mentorship's period.
    outside = locked.meetings.filter(  # type: ignore[attr-defined]
        Q(held_on__lt=started_on) | Q(held_on__gt=planned_end_on)
    ).order_by("held_on")
    if first := outside.first():
        errors.append(
            _(
                "A meeting of %(date)s is logged for this mentorship: its period must include "
                "the meetings held (%(count)s outside the new dates)."
            )
            % {"date": format_day(first.held_on), "count": outside.count()}
        )
    if errors:
        raise ValidationError(errors)
    locked.variant = variant
    locked.started_on = started_on
    locked.planned_end_on = planned_end_on
    locked.full_clean()
    locked.save()
    locked.mentors.set(mentors)
    locked.mentees.set(mentees)
    after = {
        "mentors": mentors,
        "mentees": mentees,
        "variant": variant,
        "started_on": started_on,
        "planned_end_on": planned_end_on,
    }
    details = change_details(before, after)
    if details:
        record_change(locked, action=ChangeAction.EDITED, user=user, details=details)
    return locked


@transaction.atomic
def delete_draft(mentorship: Mentorship) -> None:
    """Deletes a draft; a confirmed mentorship stays in the registry for good."""
    locked = Mentorship.objects.select_for_update().filter(pk=mentorship.pk).first()
    if locked is None:
        return  # deleted meanwhile by someone else: what was asked is done
    if locked.status != MentorshipStatus.DRAFT:
        raise ValidationError(
            _("Only a draft can be deleted; a confirmed mentorship is completed or ended early.")
        )
    locked.delete()
