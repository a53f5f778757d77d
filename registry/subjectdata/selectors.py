"""Every record registry holds on one person, as the sections of the subject's document,
followed by what the apps above it registered (`registry.subjectdata.parts`)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from core.spreadsheets import Value
from registry.models import (
    Consent,
    Incentive,
    MentorProfile,
    PartnerEmployee,
    Person,
    Pupil,
    QualificationCourse,
    SpecialCategoryStatus,
    Student,
    Teacher,
)
from registry.subjectdata.parts import Section, registered_sections


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _identity(person: Person) -> Section:
    rows: list[Sequence[Value]] = [
        (_("Registry No."), person.pk),
        (_("Kind"), str(person.get_kind_display())),
        (_("Last name"), person.last_name),
        (_("First name"), person.first_name),
        (_("Patronymic"), person.patronymic or "—"),
        (_("Date of birth"), person.birth_date),
    ]
    if isinstance(person, Student):
        rows += [
            (_("Group"), person.group.name),
            (_("Course"), person.group.course),
            (_("Specialty"), str(person.group.specialty)),
            (_("Status"), str(person.get_status_display())),
            (_("Record book No."), person.record_book or "—"),
        ]
    elif isinstance(person, Teacher):
        rows += [
            (_("Position"), str(person.get_position_display())),
            (_("Personnel No."), person.personnel_number or "—"),
            (_("Date of hiring"), person.hired_on),
        ]
    elif isinstance(person, Pupil):
        rows += [
            (_("School"), person.school.name),
            (_("Class"), person.class_name),
        ]
    elif isinstance(person, PartnerEmployee):
        rows += [
            (_("Organization"), person.organization.name),
            (_("Position"), person.position),
        ]
    user = person.user
    rows += [
        (_("User account"), user.username if user else "—"),
        (_("E-mail"), (user.email if user else "") or "—"),
        (_("Personal data destroyed on"), person.anonymised_on),
    ]
    return Section(_("Identity and contacts"), (_("Data"), _("Value")), rows)


def _consents(person: Person) -> Section:
    consents = Consent.objects.filter(person=person).order_by("given_on", "id")
    return Section(
        _("Personal-data consents"),
        (
            _("Purpose"),
            _("Given by"),
            _("Document"),
            _("Given on"),
            _("Valid until"),
            _("Withdrawn on"),
        ),
        [
            (
                str(consent.get_purpose_display()),
                str(consent.get_given_by_display())
                + (f", {consent.representative_name}" if consent.representative_name else ""),
                consent.document,
                consent.given_on,
                consent.valid_until,
                consent.withdrawn_on,
            )
            for consent in consents
        ],
    )


def _special_status(person: Person) -> Section:
    statuses = SpecialCategoryStatus.objects.filter(person=person).select_related("consent")
    return Section(
        _("Health and risk-group data"),
        (_("Disabilities"), _("Risk group"), _("Consent"), _("Updated")),
        [
            (
                _yes_no(status.has_disabilities),
                _yes_no(status.in_risk_group),
                str(status.consent),
                status.updated_at.date(),
            )
            for status in statuses
        ],
    )


def _mentor_profile(person: Person) -> Section:
    profiles = MentorProfile.objects.filter(person=person)
    return Section(
        _("Mentor profile"),
        (_("Competencies"), _("Interests"), _("Capacity")),
        [(profile.competencies, profile.interests, profile.capacity) for profile in profiles],
    )


def _training(person: Person) -> Section:
    courses = QualificationCourse.objects.filter(person=person).order_by("completed_on", "id")
    return Section(
        _("Training records"),
        (
            _("Title"),
            _("Provider"),
            _("Hours"),
            _("Completed on"),
            _("Mentor training"),
            _("Document"),
        ),
        [
            (
                course.title,
                course.provider,
                course.hours,
                course.completed_on,
                _yes_no(course.is_mentor_training),
                course.document,
            )
            for course in courses
        ],
    )


def _incentives(person: Person) -> Section:
    incentives = Incentive.objects.filter(mentor=person).order_by("awarded_on", "id")
    return Section(
        _("Incentives"),
        (_("Kind"), _("Date"), _("Order"), _("Reason"), _("Photo")),
        [
            (
                str(incentive.get_kind_display()),
                incentive.awarded_on,
                _("No. %(number)s of %(date)s")
                % {"number": incentive.basis_number, "date": f"{incentive.basis_date:%d.%m.%Y}"},
                incentive.reason,
                _yes_no(bool(incentive.photo)),
            )
            for incentive in incentives
        ],
    )


def _publications(person: Person) -> Section:
    publications = person.featured_in.order_by("published_on", "id")
    return Section(
        _("Publications featuring them"),
        (_("Title"), _("Published on")),
        [(publication.title, publication.published_on) for publication in publications],
    )


def subject_sections(person: Person) -> list[Section]:
    """Everything the app holds on the person (its concrete kind, with its details loaded):
    registry's records, then those of the apps above it."""
    return [
        _identity(person),
        _consents(person),
        _special_status(person),
        _mentor_profile(person),
        _training(person),
        _incentives(person),
        _publications(person),
        *registered_sections(person),
    ]
