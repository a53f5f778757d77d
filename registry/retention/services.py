"""The destruction of people's personal data (152-ФЗ, article 21): the one path by which a
person's data leave the app. The person's row stays — anonymised — so the registry's counts,
the pools and the pairs with their numbers stay right; the act of destruction keeps their
name as it was, and is the only place it stays."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import (
    PERSON_DETAILS,
    AccessLogPerson,
    Consent,
    DestructionAct,
    Incentive,
    MentorProfile,
    PartnerEmployee,
    Person,
    QualificationCourse,
    SpecialCategoryStatus,
    Student,
    Teacher,
    search_key,
)
from registry.retention.document import act_filename, act_pdf
from registry.retention.names import name_pattern, scrub
from registry.retention.parts import erase_registered, participation_on

# How the data are destroyed, as the act states it.
METHOD = "обезличивание / удаление из информационной системы"


def anonymous_label(person: Person) -> str:
    """What an anonymised person is called from then on: «Субъект № 12»."""
    return f"{_('Data subject')} № {person.pk}"


def _destroy(person: Person, label: str, files: list[str]) -> list[str]:
    """Destroys one person's data (their concrete kind); the categories destroyed."""
    categories = [
        _("last name, first name, patronymic"),
        _("date of birth"),
        _("link to the user account"),
    ]
    destroyed = _("[destroyed]")
    pattern = name_pattern(person)
    # The apps above clear their texts first, while the name to look for is still there.
    for category in erase_registered(person, label):
        categories.append(category)
    if isinstance(person, Student) and person.record_book:
        person.record_book = None
        categories.append(_("record book No."))
    if isinstance(person, Teacher) and person.personnel_number:
        person.personnel_number = None
        categories.append(_("personnel No."))
    if isinstance(person, PartnerEmployee):
        person.position = destroyed
        categories.append(_("position"))
    # Group, course, position, school and class stay: they are what the counts are of, and
    # without the name they no longer tell who the person was.
    person.last_name, person.first_name, person.patronymic = _("Data subject"), f"№ {person.pk}", ""
    person.birth_date = None
    person.user = None
    person.anonymised_on = timezone.localdate()
    person.save()

    if SpecialCategoryStatus.objects.filter(person=person).delete()[0]:
        categories.append(_("health and risk-group data"))
    consents = Consent.objects.filter(person=person)
    if consents.exists():
        consents.exclude(representative_name="").update(representative_name=destroyed)
        consents.update(document=destroyed)
        categories.append(_("consent documents and the names of parents or representatives"))
    if MentorProfile.objects.filter(person=person).update(competencies="", interests=""):
        categories.append(_("mentor profile: competencies and interests"))
    QualificationCourse.objects.filter(person=person).exclude(document="").update(document="")
    for incentive in Incentive.objects.filter(mentor=person):
        if incentive.photo:
            files.append(incentive.photo.name)
            incentive.photo = ""
            categories.append(_("photo on the honour board"))
        incentive.reason = scrub(incentive.reason, pattern, label)
        incentive.save(update_fields=["photo", "reason"])
    person.featured_in.clear()
    # The access log keeps who looked at whom; the whom is now the label.
    AccessLogPerson.objects.filter(person=person).update(name=label, search_name=search_key(label))
    return categories


def _next_number(day: Any) -> str:
    return str(DestructionAct.objects.filter(acted_on__year=day.year).count() + 1)


@transaction.atomic
def destroy_personal_data(*, people: Sequence[Person], grounds: str, user: User) -> DestructionAct:
    """Destroys the personal data of `people` in one transaction and draws up the act.

    Each person's row stays with its history (mentorships, pools, events, trainings,
    incentives keep their counts and numbers) and is anonymised: the name becomes «Субъект
    № <id>», the date of birth, the login, the identifying numbers, the health and risk-group
    status, the consents' documents, the mentor profile's texts and the honour-board photos go
    (the files are deleted once the transaction commits), and every app clears its texts of
    the person's name (`registry.retention.parts`). Refused, with nothing changed, for
    someone already anonymised or with a mentorship, pool entry or proposal still running.
    """
    grounds = grounds.strip()
    if not grounds:
        raise ValidationError({"grounds": _("State the grounds for the destruction.")})
    locked = list(
        Person.objects.select_for_update()
        .filter(pk__in=[person.pk for person in people])
        .order_by("pk")
    )
    if not locked:
        raise ValidationError(_("Choose the people whose personal data are destroyed."))
    # select_for_update with the joins of the kinds is refused by PostgreSQL on nullable
    # sides; the rows are locked above and read with their kinds here.
    subjects = [
        person.concrete
        for person in Person.objects.filter(pk__in=[p.pk for p in locked])
        .select_related(*PERSON_DETAILS)
        .order_by("pk")
    ]
    done = [person.full_name for person in subjects if person.anonymised_on is not None]
    if done:
        raise ValidationError(
            _("The personal data of %(names)s are already destroyed.") % {"names": ", ".join(done)}
        )
    participation = participation_on(timezone.localdate())
    running = [
        person.full_name
        for person in subjects
        if person.pk in participation and participation[person.pk].running
    ]
    if running:
        raise ValidationError(
            _(
                "%(names)s still take part in the program (a mentorship, a pool entry or a "
                "proposal is running): their data are still needed."
            )
            % {"names": ", ".join(running)}
        )
    today = timezone.localdate()
    files: list[str] = []
    entries = []
    for person in subjects:
        # What the act keeps: the person as they were, read before they are anonymised.
        entry = {
            "person_id": person.pk,
            "name": person.full_name,
            "kind": str(person.get_kind_display()),
            "affiliation": person.affiliation,
        }
        entry["categories"] = _destroy(person, anonymous_label(person), files)
        entries.append(entry)
    act = DestructionAct(
        number=_next_number(today),
        acted_on=today,
        grounds=grounds,
        entries=entries,
        performed_by=user,
    )
    act.full_clean(exclude=["document"])
    act.save()
    act.document.save(act_filename(act), ContentFile(act_pdf(act, method=METHOD)), save=True)

    def delete_files() -> None:
        for name in files:
            default_storage.delete(name)

    transaction.on_commit(delete_files)
    return act
