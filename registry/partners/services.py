"""Workflows on partner organizations, their agreements and their curators.

The «студент – ученик» and «работодатель – студент» formats run with partner schools and
enterprises under a cooperation agreement (Положение, section 3; items 5.1.2 and 5.1.3); the
partners' curators form the pools of pupils and of employers (plan items 2.1.3 and 2.2.3).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import format_day
from core.roles import COLLEGE_ROLES, Role, user_roles
from core.versions import lock_at_version
from registry.access import is_college_staff
from registry.models import (
    CONFIRMED_STATUSES,
    Agreement,
    PartnerCurator,
    PartnerEmployee,
    PartnerKind,
    PartnerOrganization,
    Pupil,
    search_key,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


# --- Who sees which partners ---------------------------------------------------------------


def curates(user: User | AnonymousUser, organization: PartnerOrganization) -> bool:
    """Whether the user is one of the organization's curators."""
    return user.is_authenticated and organization.curators.filter(user=user).exists()


# --- The status of an agreement --------------------------------------------------------------


@dataclass(frozen=True)
class AgreementStatus:
    """What a badge says about an agreement, or about a partner's agreements, on a day."""

    state: str  # "valid", "future", "expired" or "none"
    label: str  # the short word: «действует», «ещё не действует», «истёк»
    summary: str  # with the date: «действует до 31.08.2027», «бессрочный», «истёк 31.08.2024»

    @property
    def is_valid(self) -> bool:
        return self.state == "valid"

    @property
    def css(self) -> str:
        return {
            "valid": "text-bg-success",
            "future": "text-bg-info",
            "expired": "text-bg-danger",
        }.get(self.state, "text-bg-secondary")


def agreement_status(agreement: Agreement, today: dt.date) -> AgreementStatus:
    """Whether the agreement is in force on the day, not yet, or no longer."""
    if agreement.valid_from > today:
        return AgreementStatus(
            "future",
            _("not yet in force"),
            _("comes into force %(date)s") % {"date": format_day(agreement.valid_from)},
        )
    if agreement.valid_to is not None and agreement.valid_to < today:
        return AgreementStatus(
            "expired",
            _("expired"),
            _("expired %(date)s") % {"date": format_day(agreement.valid_to)},
        )
    if agreement.valid_to is None:
        return AgreementStatus("valid", _("in force"), _("open-ended"))
    return AgreementStatus(
        "valid", _("in force"), _("valid until %(date)s") % {"date": format_day(agreement.valid_to)}
    )


def partner_status(agreements: Iterable[Agreement], today: dt.date) -> AgreementStatus:
    """The partner's standing on the day, told by its most telling agreement: one in force
    (the longest-running), else the next to come into force, else the last to expire."""
    statuses = [(agreement, agreement_status(agreement, today)) for agreement in agreements]
    valid = [a for a, status in statuses if status.state == "valid"]
    if valid:
        longest = max(valid, key=lambda a: a.valid_to or dt.date.max)
        return agreement_status(longest, today)
    future = [a for a, status in statuses if status.state == "future"]
    if future:
        return agreement_status(min(future, key=lambda a: a.valid_from), today)
    expired = [a for a, status in statuses if status.state == "expired"]
    if expired:
        return agreement_status(max(expired, key=lambda a: a.valid_to or dt.date.max), today)
    return AgreementStatus("none", _("no agreement"), _("no agreement"))


# --- Organizations ---------------------------------------------------------------------------


def _has_people_or_decisions(organization: PartnerOrganization) -> bool:
    # The reverse name `decisions` comes from pairs.Decision; registry does not import pairs.
    return (
        organization.pupils.exists()
        or organization.employees.exists()
        or organization.decisions.exists()
    )


@transaction.atomic
def save_organization(
    *,
    organization: PartnerOrganization | None,
    kind: str,
    name: str,
    short_name: str,
    address: str,
    seen: str | None = None,
) -> PartnerOrganization:
    """Adds a partner (organization None) or changes one, or refuses and saves nothing.

    A change is refused if the partner is no longer at `seen`, the `row_fingerprint` the
    user's form was made from. Raises ValidationError with a Russian message per broken rule.
    """
    if organization is not None:
        organization = lock_at_version(
            PartnerOrganization.objects.all(),
            organization.pk,
            seen=seen,
            what=_("the partner «%(name)s»") % {"name": organization.short_name},
        )
    errors: list[str] = []
    short_name = " ".join(short_name.split())
    # Compared without case and ё, as people type them; there are few partners.
    others = PartnerOrganization.objects.all()
    if organization is not None:
        others = others.exclude(pk=organization.pk)
    taken = {search_key(other) for other in others.values_list("short_name", flat=True)}
    if search_key(short_name) in taken:
        errors.append(
            _("A partner with the short name «%(name)s» is already recorded.")
            % {"name": short_name}
        )
    if (
        organization is not None
        and kind != organization.kind
        and _has_people_or_decisions(organization)
    ):
        message = (
            _(
                "«%(name)s» cannot become an enterprise: its pupils or the decisions that name "
                "it as a school are already recorded."
            )
            if organization.kind == PartnerKind.SCHOOL
            else _(
                "«%(name)s» cannot become a school: its staff or the decisions that name it "
                "as an enterprise are already recorded."
            )
        )
        errors.append(message % {"name": organization.short_name})
    if errors:
        raise ValidationError(errors)
    target = organization if organization is not None else PartnerOrganization()
    target.kind = kind
    target.name = name.strip()
    target.short_name = short_name
    target.address = address.strip()
    target.full_clean()
    target.save()
    return target


# --- Agreements ------------------------------------------------------------------------------


def _relied_start_dates(organization: PartnerOrganization) -> set[dt.date]:
    """The start dates of the mentorships that the partner's agreements bear: those with a
    pupil of the school as a mentee, or an employee of the enterprise as a mentor (they are
    checked against an agreement valid on their start, pairs.rules)."""
    # The reverse names come from pairs.Mentorship; registry does not import pairs.
    # A draft is not formed yet: its confirmation checks the agreement again.
    if organization.kind == PartnerKind.SCHOOL:
        dates = Pupil.objects.filter(
            school=organization, mentorships_as_mentee__status__in=CONFIRMED_STATUSES
        ).values_list("mentorships_as_mentee__started_on", flat=True)
    else:
        dates = PartnerEmployee.objects.filter(
            organization=organization, mentorships_as_mentor__status__in=CONFIRMED_STATUSES
        ).values_list("mentorships_as_mentor__started_on", flat=True)
    return {day for day in dates if day is not None}


def _uncovered(days: Iterable[dt.date], agreements: Iterable[Agreement]) -> list[dt.date]:
    agreements = list(agreements)
    return sorted(day for day in days if not any(a.is_valid_on(day) for a in agreements))


def _dates(days: list[dt.date]) -> str:
    shown = ", ".join(format_day(day) for day in days[:5])
    return shown + (" …" if len(days) > 5 else "")


def check_agreement_rules(
    *,
    agreement: Agreement | None,
    organization: PartnerOrganization,
    number: str,
    signed_on: dt.date,
    valid_from: dt.date,
    valid_to: dt.date | None,
    today: dt.date,
) -> list[str]:
    """Every rule the agreement breaks, as Russian messages naming the rule."""
    errors: list[str] = []
    if valid_to is not None and valid_to < valid_from:
        errors.append(
            _("The agreement cannot end (%(end)s) before it comes into force (%(start)s).")
            % {"end": format_day(valid_to), "start": format_day(valid_from)}
        )
    if signed_on > valid_from:
        errors.append(
            _(
                "An agreement comes into force no earlier than it is signed: it is valid from "
                "%(start)s but signed on %(signed)s. Otherwise pairs formed before anybody "
                "signed would count as formed under it."
            )
            % {"start": format_day(valid_from), "signed": format_day(signed_on)}
        )
    if signed_on > today:
        errors.append(
            _("The agreement is recorded once it is signed; %(signed)s is still to come.")
            % {"signed": format_day(signed_on)}
        )
    same_number = organization.agreements.filter(number=number)
    if agreement is not None:
        same_number = same_number.exclude(pk=agreement.pk)
    if same_number.exists():
        errors.append(
            _("«%(partner)s» already has an agreement No. %(number)s.")
            % {"partner": organization.short_name, "number": number}
        )
    if agreement is not None and not errors:
        changed = Agreement(
            organization=organization,
            number=number,
            signed_on=signed_on,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        saved = Agreement.objects.get(pk=agreement.pk)
        others = list(organization.agreements.exclude(pk=agreement.pk))
        left_out = [
            day
            for day in _uncovered(_relied_start_dates(organization), others)
            if saved.is_valid_on(day) and not changed.is_valid_on(day)
        ]
        if left_out:
            errors.append(
                _(
                    "With these dates the mentorships with people of «%(partner)s» that started "
                    "on %(dates)s would have no agreement valid on their start: keep those days "
                    "within agreement No. %(number)s."
                )
                % {
                    "partner": organization.short_name,
                    "dates": _dates(left_out),
                    "number": agreement.number,
                }
            )
    return errors


@transaction.atomic
def save_agreement(
    *,
    agreement: Agreement | None,
    organization: PartnerOrganization,
    number: str,
    signed_on: dt.date,
    valid_from: dt.date,
    valid_to: dt.date | None,
    subject: str,
    seen: str | None = None,
) -> Agreement:
    """Records an agreement of the partner (agreement None) or changes one, or refuses and
    saves nothing.

    A change is refused if the agreement is no longer at `seen`, the `row_fingerprint` the
    user's form was made from. Raises ValidationError with a Russian message per broken rule.
    """
    if agreement is not None and agreement.organization_id != organization.pk:
        raise ValueError("An agreement stays with its partner.")
    # Two changes of the same partner's agreements wait for each other (PostgreSQL).
    PartnerOrganization.objects.select_for_update().filter(pk=organization.pk).first()
    if agreement is not None:
        agreement = lock_at_version(
            Agreement.objects.all(),
            agreement.pk,
            seen=seen,
            what=_("agreement No. %(number)s") % {"number": agreement.number},
        )
    number = number.strip()
    errors = check_agreement_rules(
        agreement=agreement,
        organization=organization,
        number=number,
        signed_on=signed_on,
        valid_from=valid_from,
        valid_to=valid_to,
        today=timezone.localdate(),
    )
    if errors:
        raise ValidationError(errors)
    target = agreement if agreement is not None else Agreement(organization=organization)
    target.number = number
    target.signed_on = signed_on
    target.valid_from = valid_from
    target.valid_to = valid_to
    target.subject = subject.strip()
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def delete_agreement(*, agreement: Agreement) -> None:
    """Deletes an agreement, unless a mentorship of the partner's people started under it
    and under no other agreement of the partner.

    Raises ValidationError with a Russian message and deletes nothing.
    """
    organization = agreement.organization
    PartnerOrganization.objects.select_for_update().filter(pk=organization.pk).first()
    others = list(organization.agreements.exclude(pk=agreement.pk))
    left_out = [
        day
        for day in _uncovered(_relied_start_dates(organization), others)
        if agreement.is_valid_on(day)
    ]
    if left_out:
        raise ValidationError(
            _(
                "Agreement No. %(number)s cannot be deleted: the mentorships with people of "
                "«%(partner)s» that started on %(dates)s were formed under it, and no other "
                "agreement was valid then. If its dates were entered wrongly, correct them "
                "instead."
            )
            % {
                "number": agreement.number,
                "partner": organization.short_name,
                "dates": _dates(left_out),
            }
        )
    agreement.delete()


# --- Curators --------------------------------------------------------------------------------


def _partner_curator_group() -> Group:
    return Group.objects.get(name=Role.PARTNER_CURATOR)


def _drop_role_if_idle(user: User) -> None:
    """Takes the partner's curator role from a user who no longer curates any partner."""
    if not PartnerCurator.objects.filter(user=user).exists():
        user.groups.remove(_partner_curator_group())


def check_curator_rules(*, curator: PartnerCurator | None, user: User | None) -> list[str]:
    """Every rule the curator's account breaks, as Russian messages naming the rule."""
    if user is None:
        return []
    errors: list[str] = []
    linked = PartnerCurator.objects.select_related("organization").filter(user=user)
    if curator is not None:
        linked = linked.exclude(pk=curator.pk)
    other = linked.first()
    if other is not None:
        errors.append(
            _("The account %(username)s is already that of the curator %(name)s (%(partner)s).")
            % {
                "username": user.get_username(),
                "name": other.full_name,
                "partner": other.organization,
            }
        )
    if is_college_staff(user):
        college_roles = [role for role in user_roles(user) if role in COLLEGE_ROLES]
        errors.append(
            _(
                "The account %(username)s belongs to the college's staff (%(roles)s): a "
                "partner's curator sees only their own organization, so they need an account "
                "of their own."
            )
            % {
                "username": user.get_username(),
                "roles": ", ".join(str(role.label) for role in college_roles) or _("administrator"),
            }
        )
    return errors


@transaction.atomic
def save_curator(
    *,
    curator: PartnerCurator | None,
    organization: PartnerOrganization,
    full_name: str,
    position: str,
    phone: str,
    email: str,
    user: User | None,
    seen: str | None = None,
) -> PartnerCurator:
    """Records a curator of the partner (curator None) or changes one, or refuses and saves
    nothing. A linked account gets the partner's curator role; an account unlinked loses it
    unless it still curates a partner.

    A change is refused if the curator is no longer at `seen`, the `row_fingerprint` the
    user's form was made from. Raises ValidationError with a Russian message per broken rule.
    """
    if curator is not None:
        curator = lock_at_version(
            PartnerCurator.objects.all(),
            curator.pk,
            seen=seen,
            what=_("the curator %(name)s") % {"name": curator.full_name},
        )
    errors = check_curator_rules(curator=curator, user=user)
    if errors:
        raise ValidationError(errors)
    old_user = curator.user if curator is not None else None
    target = curator if curator is not None else PartnerCurator(organization=organization)
    target.full_name = " ".join(full_name.split())
    target.position = position.strip()
    target.phone = phone.strip()
    target.email = email.strip()
    target.user = user
    target.full_clean()
    target.save()
    if user is not None:
        user.groups.add(_partner_curator_group())
    if old_user is not None and old_user != user:
        _drop_role_if_idle(old_user)
    return target


@transaction.atomic
def delete_curator(*, curator: PartnerCurator) -> None:
    """Deletes a partner's curator; their account loses the partner's curator role unless
    it still curates a partner."""
    user = curator.user
    curator.delete()
    if user is not None:
        _drop_role_if_idle(user)
