"""Workflows on the people of the bases: who sees whom, personal-data consents (152-ФЗ),
health and risk-group status, training records and mentor profiles.

Nothing here logs: names and special-category data must not reach the logs.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import format_day
from core.http import AnyUser
from core.versions import lock_at_version, row_fingerprint, stale_write
from programs.access import can_view_special_categories
from registry.access import limited_to_partners
from registry.models import (
    Consent,
    MentorProfile,
    PartnerOrganization,
    Person,
    PersonKind,
    QualificationCourse,
    SpecialCategoryStatus,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def change_permission(kind: type[Person]) -> str:
    return f"registry.change_{kind._meta.model_name}"


def add_permission(kind: type[Person]) -> str:
    return f"registry.add_{kind._meta.model_name}"


# --- Personal-data consents ---------------------------------------------------------------


@transaction.atomic
def record_consent(
    *,
    user: User,
    person: Person,
    purpose: str,
    given_by: str,
    representative_name: str,
    document: str,
    given_on: dt.date,
    valid_until: dt.date | None,
) -> Consent:
    """Records a signed consent of the person (of a minor: of a parent or representative).

    Raises ValidationError naming the rule and saves nothing when it is refused.
    """
    if given_on > timezone.localdate():
        raise ValidationError(
            _("The consent cannot be dated in the future (%(date)s): record it once it is signed.")
            % {"date": format_day(given_on)}
        )
    consent = Consent(
        person=person,
        purpose=purpose,
        given_by=given_by,
        representative_name=representative_name.strip(),
        document=document.strip(),
        given_on=given_on,
        valid_until=valid_until,
        recorded_by=user,
    )
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def withdraw_consent(*, user: User, consent: Consent, withdrawn_on: dt.date) -> bool:
    """Marks the consent withdrawn. When no consent to special categories stays valid, the
    person's health and risk-group status is deleted: its processing stops (152-ФЗ, art. 9).

    Returns whether the status was deleted. Raises ValidationError and changes nothing when
    the withdrawal is refused.
    """
    consent = Consent.objects.select_for_update().select_related("person").get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise ValidationError(
            _("This consent was already withdrawn on %(date)s.")
            % {"date": format_day(consent.withdrawn_on)}
        )
    today = timezone.localdate()
    if withdrawn_on > today:
        raise ValidationError(
            _("The withdrawal cannot be dated in the future (%(date)s).")
            % {"date": format_day(withdrawn_on)}
        )
    consent.withdrawn_on = withdrawn_on
    consent.full_clean()
    consent.save(update_fields=["withdrawn_on"])

    status = SpecialCategoryStatus.objects.filter(person_id=consent.person_id).first()
    if status is None:
        return False
    remaining = Consent.objects.filter(person=consent.person).special_valid_on(today).first()
    if remaining is None:
        status.delete()
        return True
    if status.consent_id != remaining.pk:
        status.consent = remaining
        status.save(update_fields=["consent", "updated_at"])
    return False


# --- Health (ОВЗ) and risk-group status -----------------------------------------------------


def may_record_special_status(user: AnyUser) -> bool:
    return can_view_special_categories(user) and user.has_perm(
        "registry.change_specialcategorystatus"
    )


def special_status_token(status: SpecialCategoryStatus | None) -> str:
    """The token of a student's status as a form shows it ("" when none is recorded)."""
    return row_fingerprint(status) if status is not None else ""


@transaction.atomic
def record_special_status(
    *,
    user: User,
    person: Person,
    has_disabilities: bool,
    in_risk_group: bool,
    seen: str | None = None,
) -> SpecialCategoryStatus | None:
    """Records (or, with both marks off, deletes) a student's health and risk-group status.

    The status is special-category personal data (152-ФЗ, article 10): it is kept only with
    a consent to its processing that is valid today; the latest such consent is linked.
    `seen` is the `special_status_token` the user's form was made from: a status someone
    else recorded, changed or deleted since is not overwritten.
    Raises PermissionDenied for a user who may not record it and ValidationError when the
    rule refuses it; a refusal changes nothing.
    """
    if not may_record_special_status(user):
        raise PermissionDenied
    if person.kind != PersonKind.STUDENT:
        raise ValidationError(
            _("Health and risk-group status is kept for students of the college only.")
        )
    existing = SpecialCategoryStatus.objects.select_for_update().filter(person=person).first()
    if seen is not None and seen != special_status_token(existing):
        raise stale_write(
            _("the health and risk-group data of %(name)s") % {"name": person.full_name}
        )
    if not has_disabilities and not in_risk_group:
        # Removing the data stops its processing, so it needs no consent.
        if existing is not None:
            existing.delete()
        return None
    consent = Consent.objects.filter(person=person).special_valid_on(timezone.localdate()).first()
    if consent is None:
        raise ValidationError(
            _(
                "Health and risk-group data are special categories of personal data: they are "
                "recorded only with a valid consent to their processing (152-ФЗ, article 10). "
                "%(name)s has none; record the consent first."
            )
            % {"name": person.full_name}
        )
    status = existing or SpecialCategoryStatus(person=person)
    status.has_disabilities = has_disabilities
    status.in_risk_group = in_risk_group
    status.consent = consent
    status.recorded_by = user
    status.full_clean()
    status.save()
    return status


# --- Training records and mentor profiles ----------------------------------------------------


def _refuse_pupil(person: Person, message: str) -> None:
    if person.kind == PersonKind.PUPIL:
        raise ValidationError(message % {"name": person.full_name})


@transaction.atomic
def save_training_record(
    *, record: QualificationCourse, seen: str | None = None
) -> QualificationCourse:
    """Adds or changes a training record (a course or a mentor training) of a person. A
    change is refused if the record is no longer at `seen`, the `row_fingerprint` the user's
    form was made from."""
    if record.pk is not None:
        lock_at_version(
            QualificationCourse.objects.all(),
            record.pk,
            seen=seen,
            what=_("the training record «%(title)s»") % {"title": record.title},
        )
    _refuse_pupil(
        record.person,
        _("%(name)s is a school pupil: training records are kept for mentors and teachers."),
    )
    if record.completed_on is not None and record.completed_on > timezone.localdate():
        raise ValidationError(
            _("The course cannot be completed in the future (%(date)s).")
            % {"date": format_day(record.completed_on)}
        )
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def delete_training_record(*, record: QualificationCourse) -> None:
    record.delete()


@transaction.atomic
def save_mentor_profile(
    *,
    user: User,
    person: Person,
    competencies: str,
    interests: str,
    capacity: int,
    seen: str | None = None,
) -> MentorProfile:
    """Creates or changes what the mentor pool keeps about a mentor; the capacity is checked
    by the model (1 to MAX_MENTOR_CAPACITY). `seen` is the profile's `row_fingerprint` the
    user's form was made from, None if it had none: a profile someone else created or
    changed since is not overwritten."""
    _refuse_pupil(person, _("%(name)s is a school pupil: a pupil is a mentee, never a mentor."))
    existing = MentorProfile.objects.filter(person=person).values_list("pk", flat=True).first()
    what = _("the mentor profile of %(name)s") % {"name": person.full_name}
    if existing is None:
        if seen:
            raise stale_write(what)  # deleted meanwhile
        profile = MentorProfile(person=person)
    else:
        profile = lock_at_version(MentorProfile.objects.all(), existing, seen=seen, what=what)
    profile.competencies = competencies.strip()
    profile.interests = interests.strip()
    profile.capacity = capacity
    profile.full_clean()
    profile.save()
    return profile


# --- People ----------------------------------------------------------------------------------


@transaction.atomic
def save_person(*, user: User, person: Person, seen: str | None = None) -> Person:
    """Adds or changes a student, teacher, pupil or partner employee.

    A partner's curator keeps only the pupils and staff of their own organization. A change
    is refused if the person's record is no longer at `seen`, the `row_fingerprint` the
    user's form was made from (someone else changed it meanwhile).
    """
    if person.pk is not None:
        lock_at_version(
            type(person)._default_manager.all(),
            person.pk,
            seen=seen,
            what=_("the record of %(name)s") % {"name": person.full_name},
        )
    if limited_to_partners(user):
        organization_id = getattr(person, "school_id", None) or getattr(
            person, "organization_id", None
        )
        open_to_user = PartnerOrganization.objects.open_to(user)
        if organization_id is None or not open_to_user.filter(pk=organization_id).exists():
            raise ValidationError(
                _("A partner's curator adds and changes only the people of their organization.")
            )
    if person.birth_date is not None and person.birth_date > timezone.localdate():
        raise ValidationError(_("The date of birth cannot be in the future."))
    person.full_clean()
    person.save()
    return person
