"""The participant bases: people, study groups, partner organizations and their agreements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Exists, F, OuterRef, ProtectedError, Q
from django.db.models.functions import Collate
from django.utils.translation import gettext_lazy as _

from core.dates import format_day
from registry.access import limited_to_partners

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

# The most mentees a mentor takes at once (the check constraint of MentorProfile).
MAX_MENTOR_CAPACITY = 30
# How many a mentor takes when no mentor profile says otherwise.
DEFAULT_MENTOR_CAPACITY = 1


class Specialty(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class StudyGroup(models.Model):
    name = models.CharField(_("name"), max_length=30, unique=True)
    specialty = models.ForeignKey(
        Specialty, verbose_name=_("specialty"), on_delete=models.PROTECT, related_name="groups"
    )
    course = models.PositiveSmallIntegerField(_("course"))

    class Meta:
        verbose_name = _("study group")
        verbose_name_plural = _("study groups")
        ordering = ["course", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(course__gte=1) & Q(course__lte=6), name="study_group_course_1_to_6"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PartnerKind(models.TextChoices):
    SCHOOL = "school", _("school")
    ENTERPRISE = "enterprise", _("enterprise")


class PartnerOrganizationQuerySet(models.QuerySet["PartnerOrganization"]):
    def open_to(self, user: User | AnonymousUser) -> PartnerOrganizationQuerySet:
        """The organizations whose people the user is not kept from: every one, but for a
        user `limited_to_partners`, the organizations they curate."""
        if not limited_to_partners(user):
            return self
        return self.filter(
            pk__in=PartnerCurator.objects.filter(user=user.pk).values("organization_id")
        )

    def visible_to(self, user: User | AnonymousUser) -> PartnerOrganizationQuerySet:
        """The partners the user may open: those `open_to` them, for a user who may see
        partners at all."""
        if not user.is_authenticated or not user.has_perm("registry.view_partnerorganization"):
            return self.none()
        return self.open_to(user)


class PartnerOrganization(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    name = models.CharField(_("full name"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=200)
    address = models.CharField(_("address"), max_length=500, blank=True)

    objects = PartnerOrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner organization")
        verbose_name_plural = _("partner organizations")
        ordering = ["kind", "short_name"]
        constraints = [
            models.UniqueConstraint(fields=["short_name"], name="partner_short_name_unique"),
        ]

    def __str__(self) -> str:
        return self.short_name

    def has_valid_agreement(self, on: dt.date) -> bool:
        return self.agreements.valid_on(on).exists()


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def valid_on(self, day: dt.date) -> AgreementQuerySet:
        return self.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class Agreement(models.Model):
    """A cooperation agreement (договор о сотрудничестве / сетевой договор) with a partner."""

    organization = models.ForeignKey(
        PartnerOrganization,
        verbose_name=_("partner organization"),
        on_delete=models.CASCADE,
        related_name="agreements",
    )
    number = models.CharField(_("number"), max_length=50)
    signed_on = models.DateField(_("date signed"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, help_text=_("Empty: open-ended.")
    )
    subject = models.TextField(_("subject"), blank=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["organization", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="agreement_valid_to_after_valid_from",
            ),
        ]

    def __str__(self) -> str:
        return _("Agreement No. %(number)s of %(date)s") % {
            "number": self.number,
            "date": format_day(self.signed_on),
        }

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class PartnerCurator(models.Model):
    """The partner's curator of the program: the school's curator gives the opinion on
    «student – pupil» pairs and forms the pupils' pool; the enterprise's forms the mentors'."""

    organization = models.ForeignKey(
        PartnerOrganization,
        verbose_name=_("partner organization"),
        on_delete=models.CASCADE,
        related_name="curators",
    )
    full_name = models.CharField(_("last name, first name, patronymic"), max_length=300)
    position = models.CharField(_("position"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_curator",
        help_text=_("With an account the curator proposes and adds the partner's people."),
    )

    class Meta:
        verbose_name = _("partner's curator")
        verbose_name_plural = _("partners' curators")
        ordering = ["organization", "full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.organization})"


def search_key(text: str) -> str:
    """Lower case with ё as е: what people are matched on, the same on SQLite and PostgreSQL
    (SQLite folds the case of Latin letters only)."""
    return " ".join(text.lower().replace("ё", "е").split())


class PersonQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: User | AnonymousUser) -> PersonQuerySet:
        """The people the user may open: of the kinds the user may view (of this kind, on a
        concrete kind's manager), and for a user `limited_to_partners` only the pupils and
        staff of the organizations they curate."""
        kind: type[Person] = self.model
        allowed = [k for k in kinds_viewable_by(user) if kind is Person or k is kind]
        if not allowed:
            return self.none()
        people = self if kind is not Person else self.filter(kind__in=[k.KIND for k in allowed])
        if not limited_to_partners(user):
            return people
        organizations = PartnerOrganization.objects.open_to(user)
        if kind is Person:
            return people.filter(
                Q(pupil__school__in=organizations)
                | Q(partneremployee__organization__in=organizations)
            )
        if kind is Pupil:
            return people.filter(school__in=organizations)
        if kind is PartnerEmployee:
            return people.filter(organization__in=organizations)
        return people.none()

    def delete(self) -> tuple[int, dict[str, int]]:
        """Deletes people without history only: see `Person.delete`."""
        refuse_deleting_history(self.values_list("pk", flat=True))
        return super().delete()

    def search(self, text: str) -> PersonQuerySet:
        """Every word of the text in the name, in any case and with ё or е alike."""
        people = self
        for word in search_key(text).split():
            people = people.filter(search_name__contains=word)
        return people

    def in_russian_order(self) -> PersonQuerySet:
        """Alphabetical by last name, first name and patronymic, the same on SQLite and
        PostgreSQL: the search key has ё folded into е, and PostgreSQL compares it byte by
        byte (as SQLite does) instead of by a locale that skips the spaces between names."""
        return self.order_by(russian_name_order(self.db), "id")

    def with_program_consent(self, day: dt.date) -> PersonQuerySet:
        """Annotates `has_program_consent`: a consent to taking part in the program counts for
        the person on the day (a subquery, not a query per row)."""
        return self.annotate(has_program_consent=program_consent_exists("pk", day))

    def with_special_marks(self, day: dt.date) -> PersonQuerySet:
        """Annotates `shows_disabilities` and `shows_risk_group`: the person's health and
        risk-group marks, only of a status whose consent holds on the day (special-category
        data: ask for it only for a user who may see it)."""
        statuses = SpecialCategoryStatus.objects.consented_on(day).filter(
            person=models.OuterRef("pk")
        )
        return self.annotate(
            shows_disabilities=models.Exists(statuses.filter(has_disabilities=True)),
            shows_risk_group=models.Exists(statuses.filter(in_risk_group=True)),
        )


def russian_name_order(alias: str = "default", prefix: str = "") -> Any:
    """The ordering expression of people's names for the database `alias`."""
    field = f"{prefix}search_name"
    if connections[alias].vendor == "postgresql":
        return Collate(F(field), "C").asc()
    return F(field).asc()


class PersonKind(models.TextChoices):
    STUDENT = "student", _("student")
    TEACHER = "teacher", _("teacher")
    PUPIL = "pupil", _("school pupil")
    PARTNER_EMPLOYEE = "partner_employee", _("partner employee")


# select_related() paths that load every kind of person with what is printed beside the name.
# pairs.MentorshipStatus of the mentorships in the registry, drafts not among them (registry
# does not import pairs; the reverse names mentorships_as_mentor/_mentee come from there).
CONFIRMED_STATUSES = ("active", "completed", "terminated")

PERSON_DETAILS = (
    "student__group",
    "teacher",
    "pupil__school",
    "partneremployee__organization",
)


class Person(models.Model):
    """Anyone who can take part in the program; the subclasses add what each kind has."""

    KIND: ClassVar[str] = ""

    kind = models.CharField(_("kind"), max_length=20, choices=PersonKind.choices, editable=False)
    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    search_name = models.CharField(max_length=310, editable=False, db_index=True, default="")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    # Set when the person's data were destroyed (152-ФЗ): the row stays so that counts and
    # history stay right, its personal data are gone (registry/retention/).
    anonymised_on = models.DateField(_("personal data destroyed on"), null=True, blank=True)
    featured_in = models.ManyToManyField(
        "programs.Publication",
        verbose_name=_("featured in publications"),
        related_name="people",
        blank=True,
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "patronymic", "id"]
        permissions = [
            ("view_special_category_data", _("Can see health and risk-group data")),
            ("export_people", _("Can export the bases of people to XLSX")),
        ]
        indexes = [models.Index(fields=["last_name", "first_name"], name="person_name_idx")]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The discriminator follows the concrete class, so a list of people can tell
        # kinds apart without a join per row; the search key follows the name.
        if self.KIND:
            self.kind = self.KIND
        self.search_name = search_key(self.full_name)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        """A person is deleted only while nothing else records them (a record made by
        mistake); a person with history keeps their row, and their personal data are
        destroyed by `registry.retention.services.destroy_personal_data` instead."""
        refuse_deleting_history([self.pk])
        return super().delete(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part)

    def is_minor_on(self, day: dt.date) -> bool | None:
        """Under 18 on the day; None when the date of birth is not known (a school pupil
        without one is taken as a minor)."""
        if self.birth_date is None:
            return True if self.kind == PersonKind.PUPIL else None
        born = self.birth_date
        age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        return age < 18

    @property
    def concrete(self) -> Person:
        """The Student/Teacher/... row of this person (already loaded by PERSON_DETAILS)."""
        if type(self) is not Person or not self.kind:
            return self
        concrete: Person = getattr(self, _CHILD_ATTRIBUTE[PersonKind(self.kind)])
        return concrete

    @property
    def affiliation(self) -> str:
        """What a registry prints beside the name: group, position, class or employer."""
        concrete = self.concrete
        return concrete.affiliation if concrete is not self else ""


def history_relations() -> list[Any]:
    """The relations through which other records name a person (mentorships, pools,
    consents, trainings, incentives, monitoring, whatever app adds them): the reverse
    relations of `Person` and its own many-to-many ones, but for the links to its concrete
    kinds and the hidden ones of the access log, which keeps its rows whatever happens."""
    relations: list[Any] = [
        relation
        for relation in Person._meta.related_objects
        if not relation.hidden
        and not getattr(relation, "parent_link", False)
        and not (
            isinstance(relation.related_model, type) and issubclass(relation.related_model, Person)
        )
    ]
    return [*relations, *Person._meta.many_to_many]


def people_with_history(ids: Iterable[int]) -> dict[int, list[str]]:
    """For each of the people (by id) whom other records name, what names them (the plural
    names of those records): one query per relation, whatever the number of people."""
    ids = list(ids)
    found: dict[int, list[str]] = {}
    if not ids:
        return found
    for relation in history_relations():
        model = relation.related_model
        label = str(model._meta.verbose_name_plural)
        named = Person.objects.filter(pk__in=ids, **{f"{relation.name}__isnull": False})
        for pk in named.values_list("pk", flat=True).distinct():
            if label not in found.setdefault(pk, []):
                found[pk].append(label)
    return found


class PersonHasHistory(ProtectedError):
    """A person whom other records name cannot be deleted."""


def refuse_deleting_history(ids: Iterable[int]) -> None:
    """Raises `PersonHasHistory` (a `ProtectedError`, so the admin and any caller refuse it as
    they refuse a protected relation) for people whom other records name."""
    history = people_with_history(ids)
    if not history:
        return
    people = list(Person.objects.filter(pk__in=history).order_by("pk"))
    message = _(
        "A person with a history in the program is never deleted: %(names)s (%(records)s). "
        "Their personal data are destroyed through the retention review, which keeps the "
        "counts and the pairs right."
    ) % {
        "names": ", ".join(person.full_name for person in people),
        "records": ", ".join(sorted({label for labels in history.values() for label in labels})),
    }
    raise PersonHasHistory(str(message), set(people))


_CHILD_ATTRIBUTE = {
    PersonKind.STUDENT: "student",
    PersonKind.TEACHER: "teacher",
    PersonKind.PUPIL: "pupil",
    PersonKind.PARTNER_EMPLOYEE: "partneremployee",
}


class StudentStatus(models.TextChoices):
    STUDYING = "studying", _("studying")
    ACADEMIC_LEAVE = "academic_leave", _("on academic leave")
    GRADUATED = "graduated", _("graduated")
    EXPELLED = "expelled", _("expelled")
    TRANSFERRED = "transferred", _("transferred")


class Student(Person):
    KIND = PersonKind.STUDENT

    group = models.ForeignKey(
        StudyGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="students"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=StudentStatus.choices, default=StudentStatus.STUDYING
    )
    record_book = models.CharField(
        _("record book No."),
        max_length=30,
        null=True,
        blank=True,
        unique=True,
        help_text=_("The number of the student's record book: how an import recognizes them."),
    )

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")

    @property
    def course(self) -> int:
        return self.group.course

    @property
    def affiliation(self) -> str:
        return _("group %(group)s, course %(course)s") % {
            "group": self.group.name,
            "course": self.group.course,
        }


class TeacherPosition(models.TextChoices):
    TEACHER = "teacher", _("teacher")
    MASTER = "master", _("master of industrial training")
    ORGANIZER = "organizer", _("teacher-organizer")
    METHODIST = "methodist", _("methodist")
    SOCIAL_PEDAGOGUE = "social_pedagogue", _("social pedagogue")
    PSYCHOLOGIST = "psychologist", _("educational psychologist")
    ADDITIONAL_EDUCATION = "additional_education", _("teacher of additional education")


POSITION_LABELS = dict(TeacherPosition.choices)


class Teacher(Person):
    KIND = PersonKind.TEACHER

    position = models.CharField(_("position"), max_length=30, choices=TeacherPosition.choices)
    hired_on = models.DateField(_("date hired"), null=True, blank=True)
    personnel_number = models.CharField(
        _("personnel No."),
        max_length=30,
        null=True,
        blank=True,
        unique=True,
        help_text=_("The teacher's personnel number: how an import recognizes them."),
    )
    # What the indicators need (young teachers with 0–3 years of pedagogical experience,
    # employed on a date) and the staff list alone does not say.
    pedagogical_experience_since = models.DateField(
        _("pedagogical experience since"),
        null=True,
        blank=True,
        help_text=_("When the teacher's pedagogical experience began (at any organization)."),
    )
    left_on = models.DateField(
        _("left on"), null=True, blank=True, help_text=_("The date of dismissal, if they left.")
    )

    class Meta:
        verbose_name = _("teacher")
        verbose_name_plural = _("teachers and masters")
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(hired_on__isnull=True)
                | Q(left_on__gte=F("hired_on")),
                name="teacher_left_after_hired",
                violation_error_message=_("A teacher cannot leave before being hired."),
            ),
        ]

    @property
    def affiliation(self) -> str:
        # Not get_position_display(), which builds the choices anew on each call: a registry
        # page asks this a hundred times (about 10 ms a page).
        return str(POSITION_LABELS.get(self.position, self.position))

    def has_disability_course(self, on: dt.date) -> bool:
        return any(
            course.covers_disabilities and course.completed_on <= on
            for course in self.courses.all()
        )


class MentorProfile(models.Model):
    """What the mentor pool keeps about a mentor whatever the format: what they can share and
    how many mentees they take at once."""

    person = models.OneToOneField(
        Person,
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        related_name="mentor_profile",
    )
    competencies = models.TextField(
        _("competencies"), blank=True, help_text=_("What the mentor can teach, one per line.")
    )
    interests = models.TextField(_("interests"), blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=DEFAULT_MENTOR_CAPACITY,
        help_text=_("How many mentees the mentor takes at once."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("mentor profile")
        verbose_name_plural = _("mentor profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1) & Q(capacity__lte=MAX_MENTOR_CAPACITY),
                name="mentor_profile_capacity_1_to_30",
                violation_error_message=_("A mentor takes from 1 to 30 mentees at once."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)


class QualificationCourse(models.Model):
    """A training record: a course of professional development (курсы повышения квалификации)
    or a mentor training that a mentor, teacher or student, completed."""

    person = models.ForeignKey(
        Person, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="courses"
    )
    title = models.CharField(_("title"), max_length=500)
    provider = models.CharField(_("provider"), max_length=300, blank=True)
    hours = models.PositiveSmallIntegerField(_("hours"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"))
    covers_disabilities = models.BooleanField(
        _("teaching students with disabilities"),
        default=False,
        help_text=_("The course qualifies its holder to mentor students with disabilities."),
    )
    is_mentor_training = models.BooleanField(
        _("mentor training"),
        default=False,
        help_text=_("A training of mentors (школа наставников, a seminar, a course)."),
    )
    document = models.CharField(
        _("document"), max_length=200, blank=True, help_text=_("A certificate and its number.")
    )
    session = models.ForeignKey(
        "programs.TrainingSession",
        verbose_name=_("training session"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="records",
        help_text=_("The college's own training this record is the attendance of."),
    )

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-completed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=Q(session__isnull=False),
                name="training_record_once_per_session",
                violation_error_message=_("This person is already recorded as attending."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Pupil(Person):
    KIND = PersonKind.PUPIL

    school = models.ForeignKey(
        PartnerOrganization,
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="pupils",
        limit_choices_to={"kind": PartnerKind.SCHOOL},
    )
    grade = models.PositiveSmallIntegerField(_("grade"))
    class_letter = models.CharField(_("class letter"), max_length=2, blank=True)

    class Meta:
        verbose_name = _("school pupil")
        verbose_name_plural = _("school pupils")
        constraints = [
            models.CheckConstraint(
                condition=Q(grade__gte=1) & Q(grade__lte=11), name="pupil_grade_1_to_11"
            ),
        ]

    @property
    def class_name(self) -> str:
        return f"{self.grade}{self.class_letter}"

    @property
    def affiliation(self) -> str:
        return _("%(school)s, class %(class)s") % {
            "school": self.school.short_name,
            "class": self.class_name,
        }


class PartnerEmployee(Person):
    KIND = PersonKind.PARTNER_EMPLOYEE

    organization = models.ForeignKey(
        PartnerOrganization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="employees",
        limit_choices_to={"kind": PartnerKind.ENTERPRISE},
    )
    position = models.CharField(_("position"), max_length=300)

    class Meta:
        verbose_name = _("partner employee")
        verbose_name_plural = _("partner employees")

    @property
    def affiliation(self) -> str:
        return f"{self.position}, {self.organization.short_name}"


# The concrete kinds of person by their `kind` code.
PERSON_KINDS: dict[str, type[Person]] = {
    PersonKind.STUDENT: Student,
    PersonKind.TEACHER: Teacher,
    PersonKind.PUPIL: Pupil,
    PersonKind.PARTNER_EMPLOYEE: PartnerEmployee,
}


def kinds_viewable_by(user: User | AnonymousUser) -> list[type[Person]]:
    """The concrete kinds of person whose view permission the user holds."""
    return [
        kind
        for kind in PERSON_KINDS.values()
        if user.has_perm(f"registry.view_{kind._meta.model_name}")
    ]


def people_of_kind(kind: type[Person]) -> models.QuerySet[Any]:
    """People of one concrete kind with what the rules and the lists read about them."""
    if kind is Student:
        return Student.objects.select_related("group")
    if kind is Teacher:
        return Teacher.objects.prefetch_related("courses")
    if kind is Pupil:
        return Pupil.objects.select_related("school")
    if kind is PartnerEmployee:
        return PartnerEmployee.objects.select_related("organization")
    raise ValueError(kind)


# --- Personal-data consents (152-ФЗ) and special categories -----------------------------


class ConsentPurpose(models.TextChoices):
    PROGRAM = "program", _("taking part in the mentoring program")
    SPECIAL_CATEGORIES = "special_categories", _("health and risk-group data")
    PHOTO = "photo", _("publishing a photo")


class ConsentGiver(models.TextChoices):
    SELF = "self", _("the person themselves")
    PARENT = "parent", _("a parent")
    REPRESENTATIVE = "representative", _("a legal representative")


class ConsentQuerySet(models.QuerySet["Consent"]):
    def for_special_categories(self) -> ConsentQuerySet:
        """Consents to the processing of health and risk-group data (152-ФЗ, article 10)."""
        return self.filter(purpose=ConsentPurpose.SPECIAL_CATEGORIES)

    def special_valid_on(self, day: dt.date) -> ConsentQuerySet:
        """The consents to special categories valid on the day, the latest first: the first
        is the one a health and risk-group status is kept with."""
        return self.for_special_categories().valid_on(day).order_by("-given_on", "-id")

    def valid_on(self, day: dt.date) -> ConsentQuerySet:
        return self.filter(given_on__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
            Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day),
        )

    def counting_on(self, purpose: str, day: dt.date) -> ConsentQuerySet:
        """The consents for the purpose valid on the day that count for their person: a
        minor's (on that day; a pupil without a date of birth is taken as one) only when
        given by a parent or legal representative (152-ФЗ, article 9)."""
        adult = Q(person__birth_date__lte=_born_by_adults_on(day)) | (
            Q(person__birth_date__isnull=True) & ~Q(person__kind=PersonKind.PUPIL)
        )
        return (
            self.filter(purpose=purpose)
            .valid_on(day)
            .filter(~Q(given_by=ConsentGiver.SELF) | adult)
        )

    def program_valid_on(self, day: dt.date) -> ConsentQuerySet:
        """The consents to taking part in the program that count on the day."""
        return self.counting_on(ConsentPurpose.PROGRAM, day)

    def photo_valid_on(self, day: dt.date) -> ConsentQuerySet:
        """The consents to publishing a photo that count on the day."""
        return self.counting_on(ConsentPurpose.PHOTO, day)


def _born_by_adults_on(day: dt.date) -> dt.date:
    """The latest date of birth of someone 18 years old on the day."""
    try:
        return day.replace(year=day.year - 18)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 18, day=28)


def program_consent_exists(person: str, day: dt.date) -> Exists:
    """Whether the person (`person`, a field path to the person's id in the outer query) has
    a consent to taking part in the program that counts on the day: a subquery, for
    annotating a list without a query per row."""
    return Exists(Consent.objects.program_valid_on(day).filter(person=OuterRef(person)))


class Consent(models.Model):
    """A consent to the processing of personal data (152-ФЗ) for one purpose; a minor's is
    given by a parent or legal representative."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=ConsentPurpose.choices)
    given_by = models.CharField(
        _("given by"), max_length=20, choices=ConsentGiver.choices, default=ConsentGiver.SELF
    )
    representative_name = models.CharField(
        _("parent or representative"),
        max_length=300,
        blank=True,
        help_text=_("Full name of the parent or legal representative who signed."),
    )
    document = models.CharField(
        _("document"),
        max_length=300,
        help_text=_("The signed consent: its title, number, where the paper is kept."),
    )
    given_on = models.DateField(_("date given"))
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Empty: until withdrawn.")
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal-data consent")
        verbose_name_plural = _("personal-data consents")
        ordering = ["person", "purpose", "-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(given_by=ConsentGiver.SELF) | ~Q(representative_name=""),
                name="consent_representative_named",
                violation_error_message=_("Name the parent or legal representative who signed."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("given_on")),
                name="consent_valid_until_after_given",
                violation_error_message=_("A consent cannot end before it is given."),
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("given_on")),
                name="consent_withdrawn_after_given",
                violation_error_message=_("A consent cannot be withdrawn before it is given."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(purpose)s of %(date)s") % {
            "purpose": self.get_purpose_display(),
            "date": format_day(self.given_on),
        }

    def clean(self) -> None:
        if self.person_id is None or self.given_on is None:
            return
        if self.given_by == ConsentGiver.SELF and self.person.is_minor_on(self.given_on):
            raise ValidationError(
                {
                    "given_by": _(
                        "%(name)s is a minor: the consent is given by a parent or legal "
                        "representative (152-ФЗ, article 9)."
                    )
                    % {"name": self.person.full_name}
                }
            )

    def is_valid_on(self, day: dt.date) -> bool:
        return (
            self.given_on <= day
            and (self.valid_until is None or day <= self.valid_until)
            and (self.withdrawn_on is None or day < self.withdrawn_on)
        )


class SpecialCategoryStatusQuerySet(models.QuerySet["SpecialCategoryStatus"]):
    def consented_on(self, day: dt.date) -> SpecialCategoryStatusQuerySet:
        """Statuses whose consent still holds: the others are not shown or used."""
        return self.filter(consent__in=Consent.objects.valid_on(day))


class SpecialCategoryStatus(models.Model):
    """Health (ОВЗ) and risk-group status: special-category data, kept apart from the person
    so that no list or export reads it unless it asks for it, and only with a consent."""

    person = models.OneToOneField(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="special_status",
    )
    has_disabilities = models.BooleanField(_("student with disabilities (ОВЗ)"), default=False)
    in_risk_group = models.BooleanField(_("risk group"), default=False)
    consent = models.ForeignKey(
        Consent,
        verbose_name=_("consent"),
        on_delete=models.PROTECT,
        related_name="special_statuses",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SpecialCategoryStatusQuerySet.as_manager()

    class Meta:
        verbose_name = _("health and risk-group status")
        verbose_name_plural = _("health and risk-group statuses")
        constraints = [
            models.CheckConstraint(
                condition=Q(has_disabilities=True) | Q(in_risk_group=True),
                name="special_status_records_something",
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)


# --- Incentives for mentors (section 6 of the Положение) -----------------------------------


class IncentiveKind(models.TextChoices):
    DIRECTOR_BONUS = "director_bonus", _("director's bonus")
    ALLOWANCE = "allowance", _("incentive allowance")
    GRATITUDE = "gratitude", _("expression of gratitude")
    CERTIFICATE = "certificate", _("certificate of honour")
    PARENTS_LETTER = "parents_letter", _("letter of thanks to the parents")
    HONOUR_BOARD = "honour_board", _("photo on the honour board")


MATERIAL_INCENTIVES = {IncentiveKind.DIRECTOR_BONUS, IncentiveKind.ALLOWANCE}
# Item 6.3: these two are for mentors who are students.
STUDENT_MENTOR_INCENTIVES = {IncentiveKind.PARENTS_LETTER, IncentiveKind.HONOUR_BOARD}


class Incentive(models.Model):
    """A поощрение of a mentor, on the basis of an order (приказ)."""

    mentor = models.ForeignKey(
        Person, verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="incentives"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=IncentiveKind.choices)
    awarded_on = models.DateField(_("date"))
    basis_number = models.CharField(_("order number"), max_length=50)
    basis_date = models.DateField(_("order date"))
    reason = models.TextField(_("reason"))
    photo = models.ImageField(_("photo"), upload_to="honour-board/", blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("incentive")
        verbose_name_plural = _("incentives")
        ordering = ["-awarded_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(basis_date__lte=F("awarded_on")),
                name="incentive_order_not_after_award",
                violation_error_message=_(
                    "The order cannot come after the incentive: the incentive is given on "
                    "the basis of the order."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind=IncentiveKind.HONOUR_BOARD) | Q(photo=""),
                name="incentive_photo_only_for_honour_board",
                violation_error_message=_("A photo is kept only for the honour board."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.mentor}"

    @property
    def is_material(self) -> bool:
        return self.kind in MATERIAL_INCENTIVES


# --- The access log of special-category data and whole bases (152-ФЗ) ----------------------


class AppendOnlyError(Exception):
    """An access log row cannot be changed or deleted."""


class AccessAction(models.TextChoices):
    VIEW = "view", _("viewed")
    EXPORT = "export", _("exported")
    PRINT = "print", _("printed")


class AccessLogQuerySet(models.QuerySet["AccessLogEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(_("The access log is append-only: its rows are never changed."))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(_("The access log is append-only: its rows are never deleted."))


class AccessLogEntry(models.Model):
    """Who viewed, exported or printed special-category data (ОВЗ, risk group) or a whole
    base of people, and when. Written by `registry.accesslog.record_access` only, never
    changed or deleted: it holds no special data itself, only who, what and whose."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    user_name = models.CharField(_("user"), max_length=300)
    action = models.CharField(_("action"), max_length=10, choices=AccessAction.choices)
    what = models.CharField(_("page or document"), max_length=200)
    people: models.ManyToManyField[Person, AccessLogPerson] = models.ManyToManyField(
        Person,
        verbose_name=_("people"),
        through="AccessLogPerson",
        related_name="+",
        blank=True,
    )
    # How many people the page or file held; the people are listed when it showed their
    # special-category data, a whole base is only counted.
    people_count = models.PositiveIntegerField(_("number of people"), default=0)
    path = models.CharField(_("address"), max_length=2000, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        # Nobody may add, change or delete a row through the app: only view it.
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.user_name}: {self.get_action_display()} {self.what}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(_("The access log is append-only: its rows are never changed."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(_("The access log is append-only: its rows are never deleted."))


class AccessLogPerson(models.Model):
    """A person of an access log entry, with their name as it was then."""

    entry = models.ForeignKey(AccessLogEntry, on_delete=models.CASCADE, related_name="rows")
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    name = models.CharField(max_length=300)
    search_name = models.CharField(max_length=310, db_index=True)

    class Meta:
        default_permissions = ()
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class DestructionAct(models.Model):
    """An act of destruction of personal data (акт об уничтожении персональных данных): whose
    data were destroyed, on what grounds, by whom; its PDF is kept as it was signed."""

    number = models.CharField(_("number"), max_length=50)
    acted_on = models.DateField(_("date"))
    grounds = models.TextField(_("grounds"))
    # What was destroyed, person by person, as the act prints it (name, kind, what records).
    entries = models.JSONField(_("what was destroyed"), default=list)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("performed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    document = models.FileField(_("act"), upload_to="destruction-acts/%Y/", blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("act of destruction of personal data")
        verbose_name_plural = _("acts of destruction of personal data")
        ordering = ["-acted_on", "-id"]

    def __str__(self) -> str:
        return f"№ {self.number} {format_day(self.acted_on)}"


class OneTimePassword(models.Model):
    """A login whose password was set by the curator (a new login, a reset): its user must
    choose their own password before doing anything else. Deleted when they have."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.CASCADE,
        related_name="one_time_password",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)

    class Meta:
        verbose_name = _("one-time password")
        verbose_name_plural = _("one-time passwords")

    def __str__(self) -> str:
        return str(self.user)
