"""Workflows on incentives for mentors (section 6 of the Положение)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from core.dates import format_day
from core.versions import lock_at_version
from registry.models import (
    CONFIRMED_STATUSES,
    STUDENT_MENTOR_INCENTIVES,
    Incentive,
    IncentiveKind,
    Person,
    PersonKind,
)


def check_incentive_rules(
    *,
    mentor: Person,
    kind: str,
    awarded_on: dt.date,
    basis_date: dt.date,
    has_photo: bool,
) -> list[str]:
    """Every rule the incentive breaks, as Russian messages naming the rule."""
    errors: list[str] = []
    if not mentor.mentorships_as_mentor.filter(status__in=CONFIRMED_STATUSES).exists():
        errors.append(
            _("%(name)s is not a mentor of any mentorship; section 6 rewards the work of mentors.")
            % {"name": mentor.full_name}
        )
    if kind in STUDENT_MENTOR_INCENTIVES and mentor.kind != PersonKind.STUDENT:
        errors.append(
            _("«%(kind)s» is for mentors who are students (item 6.3); %(name)s is not a student.")
            % {"kind": IncentiveKind(kind).label, "name": mentor.full_name}
        )
    if has_photo and kind != IncentiveKind.HONOUR_BOARD:
        errors.append(
            _(
                "A photo goes only with a place on the honour board; remove the photo or "
                "choose that kind."
            )
        )
    if basis_date > awarded_on:
        errors.append(
            _(
                "The order of %(order_date)s cannot come after the incentive of "
                "%(awarded_on)s: the incentive is given on the basis of the order."
            )
            % {
                "order_date": format_day(basis_date),
                "awarded_on": format_day(awarded_on),
            }
        )
    return errors


def _delete_file_after_commit(name: str) -> None:
    # The old photo goes only once the change is committed: a rolled back change still
    # needs it. Photos are personal data, so none is left behind.
    storage = Incentive._meta.get_field("photo").storage
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def create_incentive(
    *,
    mentor: Person,
    kind: str,
    awarded_on: dt.date,
    basis_number: str,
    basis_date: dt.date,
    reason: str,
    photo: File | None = None,
) -> Incentive:
    """Records an incentive of a mentor, or refuses and saves nothing.

    Raises ValidationError with one Russian message per broken rule.
    """
    errors = check_incentive_rules(
        mentor=mentor,
        kind=kind,
        awarded_on=awarded_on,
        basis_date=basis_date,
        has_photo=photo is not None,
    )
    if errors:
        raise ValidationError(errors)
    incentive = Incentive(
        mentor=mentor,
        kind=kind,
        awarded_on=awarded_on,
        basis_number=basis_number,
        basis_date=basis_date,
        reason=reason,
    )
    if photo is not None:
        incentive.photo = photo
    incentive.full_clean()
    incentive.save()
    return incentive


@transaction.atomic
def update_incentive(
    *,
    incentive: Incentive,
    seen: str,
    mentor: Person,
    kind: str,
    awarded_on: dt.date,
    basis_number: str,
    basis_date: dt.date,
    reason: str,
    photo: File | None = None,
    clear_photo: bool = False,
) -> Incentive:
    """Changes an incentive by the same rules as `create_incentive`.

    `photo` replaces the photo, `clear_photo` removes it; with neither, the photo stays.
    `seen` is the incentive's `row_fingerprint` the user's form was made from: one someone
    else changed or deleted since is not overwritten.
    Raises ValidationError with one Russian message per broken rule and saves nothing.
    """
    locked = lock_at_version(
        Incentive.objects.all(),
        incentive.pk,
        seen=seen,
        what=_("the incentive of %(name)s") % {"name": incentive.mentor.full_name},
    )
    old_photo = locked.photo.name
    keeps_photo = photo is not None or (bool(old_photo) and not clear_photo)
    errors = check_incentive_rules(
        mentor=mentor,
        kind=kind,
        awarded_on=awarded_on,
        basis_date=basis_date,
        has_photo=keeps_photo,
    )
    if errors:
        raise ValidationError(errors)
    locked.mentor = mentor
    locked.kind = kind
    locked.awarded_on = awarded_on
    locked.basis_number = basis_number
    locked.basis_date = basis_date
    locked.reason = reason
    if photo is not None:
        locked.photo = photo
    elif clear_photo:
        locked.photo = ""
    locked.full_clean()
    locked.save()
    if old_photo and old_photo != locked.photo.name:
        _delete_file_after_commit(old_photo)
    return locked


@transaction.atomic
def delete_incentive(*, incentive: Incentive) -> None:
    """Deletes an incentive together with its photo."""
    photo = incentive.photo.name
    incentive.delete()
    if photo:
        _delete_file_after_commit(photo)
