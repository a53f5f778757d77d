"""Proposals of mentees (представления, plan item 2.1): who may propose whom, and how a
curator or a format lead accepts a proposal into the mentee pool or rejects it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import AcademicYear
from core.http import AnyUser
from core.roles import Role, has_role
from pairs.models import ParticipantRole, PoolEntry, PoolStatus, Proposal, ProposalStatus
from pairs.pools.services import add_to_pool, special_status_missing
from pairs.rules import MENTEE_KIND, kind_phrase, not_studying, variant_errors
from programs.access import can_view_special_categories
from programs.models import FormatCode, FormatVariant, MentoringFormat
from registry.models import PartnerCurator, Person, PersonKind, StudentStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MANAGE_ALL = "pairs.manage_all_pools"
# The formats whose mentees are students: the ones a teacher proposes for.
STUDENT_FORMATS = [code for code, kind in MENTEE_KIND.items() if kind.KIND == PersonKind.STUDENT]


def proposal_years() -> list[AcademicYear]:
    """A mentee is proposed for the current academic year or the next one."""
    current = AcademicYear.current()
    return [current, current.next]


def _led_formats(user: AnyUser) -> QuerySet[MentoringFormat]:
    if not has_role(user, Role.FORMAT_LEAD):
        return MentoringFormat.objects.none()
    return MentoringFormat.objects.led_by(user)


def _curated_schools(user: AnyUser) -> list[int]:
    if not user.is_authenticated or not has_role(user, Role.PARTNER_CURATOR):
        return []
    return list(
        PartnerCurator.objects.filter(user_id=user.pk).values_list("organization_id", flat=True)
    )


def _of_kind(kind: str) -> Q:
    # A student takes part only while studying.
    if kind == PersonKind.STUDENT:
        return Q(kind=kind, student__status=StudentStatus.STUDYING)
    return Q(kind=kind)


def proposable_formats(user: AnyUser) -> QuerySet[MentoringFormat]:
    """The formats the user proposes mentees for."""
    formats = MentoringFormat.objects.order_by("position", "id")
    if not user.is_authenticated:
        return formats.none()
    if user.has_perm(MANAGE_ALL):
        return formats
    scope = Q(pk__in=_led_formats(user).values("pk"))
    if has_role(user, Role.TEACHER):
        scope |= Q(code__in=STUDENT_FORMATS)
    if _curated_schools(user):
        scope |= Q(code=FormatCode.STUDENT_PUPIL)
    return formats.filter(scope)


def proposable_people(user: AnyUser) -> QuerySet[Person]:
    """The people the user proposes: students who study, teachers and pupils, each as the
    user's roles allow."""
    people = Person.objects.all()
    if not user.is_authenticated:
        return people.none()
    if user.has_perm(MANAGE_ALL):
        kinds = {kind.KIND for kind in MENTEE_KIND.values()}
        scope = Q(pk__in=[])
        for kind in sorted(kinds):
            scope |= _of_kind(kind)
        return people.filter(scope)
    scope = Q(pk__in=[])
    for code in _led_formats(user).values_list("code", flat=True):
        scope |= _of_kind(MENTEE_KIND[code].KIND)
    if has_role(user, Role.TEACHER):
        scope |= _of_kind(PersonKind.STUDENT)
    schools = _curated_schools(user)
    if schools:
        scope |= Q(kind=PersonKind.PUPIL, pupil__school__in=schools)
    return people.filter(scope)


def _may_propose(user: AnyUser, person: Person, format: MentoringFormat) -> bool:
    if user.has_perm(MANAGE_ALL):
        return True
    if _led_formats(user).filter(pk=format.pk).exists():
        return True
    if has_role(user, Role.TEACHER) and person.kind == PersonKind.STUDENT:
        return True
    schools = _curated_schools(user)
    return (
        bool(schools)
        and format.code == FormatCode.STUDENT_PUPIL
        and Person.objects.filter(pk=person.pk, pupil__school__in=schools).exists()
    )


def _refusal_of_proposer(user: AnyUser, person: Person, format: MentoringFormat) -> str:
    """Why the user may not propose this person for this format, by the user's role."""
    if has_role(user, Role.PARTNER_CURATOR):
        return _(
            "A partner's curator proposes only the pupils of their own school, for the format "
            "«student – pupil»."
        )
    if has_role(user, Role.TEACHER):
        return _("A teacher proposes only students of the college.")
    if has_role(user, Role.FORMAT_LEAD):
        return _("You propose mentees only for the formats you lead; «%(format)s» is not one.") % {
            "format": format.title
        }
    return _("You may not propose mentees.")


def check_proposal_rules(
    *,
    user: AnyUser,
    person: Person,
    format: MentoringFormat,
    variant: FormatVariant | None,
    request: str | None,
    academic_year: int,
) -> list[str]:
    """Every rule the proposal breaks, as Russian messages naming the rule (`request` None:
    the form has refused it already)."""
    errors: list[str] = []
    mentee_kind = MENTEE_KIND[format.code]
    if person.kind != mentee_kind.KIND:
        errors.append(
            _("In the format «%(format)s» a mentee must be %(kind)s.")
            % {"format": format.title, "kind": kind_phrase(mentee_kind)}
        )
    elif (refusal := not_studying(person)) is not None:
        errors.append(refusal)
    if not _may_propose(user, person, format):
        errors.append(_refusal_of_proposer(user, person, format))
    errors.extend(variant_errors(format, variant))
    if variant is not None and variant.is_special_category:
        if not can_view_special_categories(user):
            # Choosing the variant would record special-category data about the student.
            errors.append(
                _(
                    "The variant «%(variant)s» is chosen by the curator or the lead of the "
                    "format: it is special-category personal data (152-ФЗ). Choose another "
                    "variant or write to the curator."
                )
                % {"variant": variant.title}
            )
        elif refusal := special_status_missing(person, variant, timezone.localdate()):
            errors.append(refusal)
    if request is not None and not request.strip():
        errors.append(_("Write the mentee's key request: what they need help with."))

    years = proposal_years()
    if academic_year not in [year.start_year for year in years]:
        errors.append(
            _(
                "A mentee is proposed for the current academic year %(current)s or the next "
                "one, %(next)s."
            )
            % {"current": years[0].label, "next": years[1].label}
        )
        return errors

    names = {"name": person.full_name, "format": format.title}
    names["year"] = AcademicYear(academic_year).label
    pending = Proposal.objects.filter(
        person=person, format=format, academic_year=academic_year, status=ProposalStatus.PENDING
    )
    if pending.exists():
        errors.append(
            _(
                "%(name)s is already proposed for the format «%(format)s» in %(year)s; the "
                "proposal awaits review."
            )
            % names
        )
    in_pool = PoolEntry.objects.filter(
        person=person, role=ParticipantRole.MENTEE, format=format, academic_year=academic_year
    ).exclude(status=PoolStatus.EXCLUDED)
    if in_pool.exists():
        errors.append(
            _("%(name)s is already in the mentee pool of the format «%(format)s» for %(year)s.")
            % names
        )
    return errors


@transaction.atomic
def propose_mentee(
    *,
    user: User,
    person: Person,
    format: MentoringFormat,
    variant: FormatVariant | None,
    request: str,
    academic_year: int,
) -> Proposal:
    """Proposes a mentee for a format and year, or refuses and saves nothing."""
    errors = check_proposal_rules(
        user=user,
        person=person,
        format=format,
        variant=variant,
        request=request,
        academic_year=academic_year,
    )
    if errors:
        raise ValidationError(errors)
    proposal = Proposal(
        person=person,
        format=format,
        variant=variant,
        request=request.strip(),
        academic_year=academic_year,
        proposed_by=user,
    )
    proposal.full_clean()
    proposal.save()
    return proposal


def _lock_pending(proposal: Proposal, user: AnyUser) -> Proposal:
    """The proposal's row, locked so that two reviewers cannot both decide it."""
    locked = (
        Proposal.objects.decidable_by(user)
        .select_for_update()
        .select_related("person", "format")
        .filter(pk=proposal.pk)
        .first()
    )
    if locked is None:
        raise ValidationError(
            _("Proposals of the format «%(format)s» are reviewed by its lead or the curator.")
            % {"format": proposal.format.title}
        )
    if locked.status != ProposalStatus.PENDING:
        raise ValidationError(
            _("The proposal is already reviewed: %(status)s.")
            % {"status": locked.get_status_display()}
        )
    return locked


def _decided(proposal: Proposal, locked: Proposal) -> None:
    # The caller's object shows the decision as well.
    for name in ("status", "decided_by", "decided_at", "rejection_reason"):
        setattr(proposal, name, getattr(locked, name))


@transaction.atomic
def accept_proposal(*, proposal: Proposal, user: User) -> PoolEntry:
    """Accepts a pending proposal: the person enters the mentee pool of the format and year
    as «proposed», to be included by a decision."""
    locked = _lock_pending(proposal, user)
    # The pool's own rules again: the student may have left since the proposal was made.
    entry = add_to_pool(
        user=user,
        person=locked.person,
        role=ParticipantRole.MENTEE,
        format=locked.format,
        variant=locked.variant,
        request=locked.request,
        academic_year=locked.academic_year,
        proposal=locked,
    )
    locked.status = ProposalStatus.ACCEPTED
    locked.decided_by = user
    locked.decided_at = timezone.now()
    locked.full_clean()
    locked.save()
    _decided(proposal, locked)
    return entry


@transaction.atomic
def reject_proposal(*, proposal: Proposal, user: User, reason: str) -> Proposal:
    """Rejects a pending proposal with the reason the proposer will read."""
    locked = _lock_pending(proposal, user)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the rejection."))
    locked.status = ProposalStatus.REJECTED
    locked.rejection_reason = reason.strip()
    locked.decided_by = user
    locked.decided_at = timezone.now()
    locked.full_clean()
    locked.save()
    _decided(proposal, locked)
    return locked


@transaction.atomic
def withdraw_proposal(*, proposal: Proposal, user: User) -> None:
    """The proposer takes back their own proposal while it is still pending."""
    locked = Proposal.objects.select_for_update().filter(pk=proposal.pk).first()
    if locked is None or locked.proposed_by_id != user.pk:
        raise ValidationError(_("Only the one who made a proposal withdraws it."))
    if locked.status != ProposalStatus.PENDING:
        raise ValidationError(
            _("A reviewed proposal cannot be withdrawn: it is %(status)s.")
            % {"status": locked.get_status_display()}
        )
    locked.delete()
