"""Factories for tests. Mentorships made here skip the rules on purpose: tests of views
need arbitrary rows; tests of the rules go through pairs.rules."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth.models import Group, User

from pairs.models import (
    Decision,
    DecisionBody,
    EventParticipation,
    Mentorship,
    MentorshipStatus,
    ParticipantRole,
    PoolEntry,
    PoolStatus,
    Proposal,
    ProposalStatus,
    TerminationReason,
)
from programs.models import (
    ActionPlan,
    ContestEntry,
    ContestResult,
    DeadlineKind,
    Event,
    EventKind,
    EventLevel,
    FormatVariant,
    MentoringFormat,
    PlanItem,
    PlanRun,
    PlanSection,
    Publication,
    PublicationKind,
    TrainingAudience,
    TrainingSession,
)
from registry.models import (
    Agreement,
    Consent,
    ConsentGiver,
    ConsentPurpose,
    Incentive,
    IncentiveKind,
    MentorProfile,
    PartnerCurator,
    PartnerEmployee,
    PartnerKind,
    PartnerOrganization,
    Person,
    Pupil,
    QualificationCourse,
    SpecialCategoryStatus,
    Specialty,
    Student,
    StudyGroup,
    Teacher,
    TeacherPosition,
)


def program_consent(
    person: Person, *, create: bool, wanted: bool | None, given_by: ConsentGiver
) -> None:
    """A person's consent to taking part in the program since 2000, open-ended; a
    parent's for students and pupils, who may be minors."""
    if not create or wanted is False:
        return
    Consent.objects.create(
        person=person,
        purpose=ConsentPurpose.PROGRAM,
        given_by=given_by,
        representative_name="" if given_by == ConsentGiver.SELF else "Родителева Анна Петровна",
        document="Согласие на обработку персональных данных",
        given_on=dt.date(2000, 1, 1),
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Ирина"
    last_name = factory.Sequence(lambda n: f"Пользователева{n}")
    password = factory.django.Password("secret")

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))


class SpecialtyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specialty
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"21.02.{n:02d}")
    title = "Подземная разработка месторождений полезных ископаемых"


class StudyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyGroup
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"ГР-{n}")
    specialty = factory.SubFactory(SpecialtyFactory)
    course = 1


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student
        skip_postgeneration_save = True

    last_name = factory.Sequence(lambda n: f"Студентов{n}")
    first_name = "Иван"
    patronymic = "Петрович"
    birth_date = dt.date(2007, 5, 1)
    group = factory.SubFactory(StudyGroupFactory)

    # A valid consent to taking part in the program (one INSERT), so that mentorships of the
    # person may be confirmed; `consent=False` leaves the person without one.
    consent = factory.PostGeneration(
        lambda person, create, extracted, **kwargs: program_consent(
            person, create=create, wanted=extracted, given_by=ConsentGiver.PARENT
        )
    )


class TeacherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Teacher
        skip_postgeneration_save = True

    last_name = factory.Sequence(lambda n: f"Педагогова{n}")
    first_name = "Мария"
    patronymic = "Ивановна"
    position = TeacherPosition.TEACHER
    hired_on = dt.date(2010, 9, 1)

    # A valid consent to taking part in the program (one INSERT), so that mentorships of the
    # person may be confirmed; `consent=False` leaves the person without one.
    consent = factory.PostGeneration(
        lambda person, create, extracted, **kwargs: program_consent(
            person, create=create, wanted=extracted, given_by=ConsentGiver.SELF
        )
    )


class QualificationCourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QualificationCourse

    person = factory.SubFactory(TeacherFactory)
    title = "Инклюзивное образование обучающихся с ОВЗ в СПО"
    hours = 72
    completed_on = dt.date(2020, 3, 1)
    covers_disabilities = True


class PartnerOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganization

    kind = PartnerKind.ENTERPRISE
    name = factory.Sequence(lambda n: f"Общество с ограниченной ответственностью «Партнёр {n}»")
    short_name = factory.Sequence(lambda n: f"ООО «Партнёр {n}»")


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    organization = factory.SubFactory(PartnerOrganizationFactory)
    number = factory.Sequence(lambda n: f"{n}/Д")
    signed_on = dt.date(2020, 1, 10)
    valid_from = dt.date(2020, 1, 10)
    valid_to = None


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pupil
        skip_postgeneration_save = True

    last_name = factory.Sequence(lambda n: f"Школьников{n}")
    first_name = "Артём"
    school = factory.SubFactory(PartnerOrganizationFactory, kind=PartnerKind.SCHOOL)
    grade = 9
    class_letter = "А"

    # A valid consent to taking part in the program (one INSERT), so that mentorships of the
    # person may be confirmed; `consent=False` leaves the person without one.
    consent = factory.PostGeneration(
        lambda person, create, extracted, **kwargs: program_consent(
            person, create=create, wanted=extracted, given_by=ConsentGiver.PARENT
        )
    )


class PartnerEmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerEmployee
        skip_postgeneration_save = True

    last_name = factory.Sequence(lambda n: f"Работников{n}")
    first_name = "Сергей"
    organization = factory.SubFactory(PartnerOrganizationFactory)
    position = "горный мастер"

    # A valid consent to taking part in the program (one INSERT), so that mentorships of the
    # person may be confirmed; `consent=False` leaves the person without one.
    consent = factory.PostGeneration(
        lambda person, create, extracted, **kwargs: program_consent(
            person, create=create, wanted=extracted, given_by=ConsentGiver.SELF
        )
    )


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    body = DecisionBody.PEDAGOGICAL_COUNCIL
    number = factory.Sequence(lambda n: str(n + 1))
    decided_on = dt.date(2025, 9, 15)
    student_council_opinion = "Студенческий совет поддерживает (протокол № 2 от 12.09.2025)."
    # A decision confirms mentorships only with its scan attached.
    scan = factory.django.FileField(filename="protocol.pdf", data=b"%PDF-1.4\n%%EOF\n")


def format_of(code: str) -> MentoringFormat:
    return MentoringFormat.objects.get(code=code)


def variant_of(format_code: str, variant_code: str) -> FormatVariant:
    return FormatVariant.objects.get(format__code=format_code, code=variant_code)


class MentorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentorship
        skip_postgeneration_save = True

    format = factory.LazyFunction(lambda: format_of("teacher_teacher"))
    variant = None
    decision = factory.SubFactory(DecisionFactory)
    started_on = dt.date(2025, 10, 1)
    planned_end_on = dt.date(2026, 6, 30)
    status = MentorshipStatus.ACTIVE
    # An ended-early mentorship carries its reason and comment (a constraint).
    termination_reason = factory.LazyAttribute(
        lambda o: (
            TerminationReason.MENTEE_REQUEST if o.status == MentorshipStatus.TERMINATED else ""
        )
    )
    termination_comment = factory.LazyAttribute(
        lambda o: (
            "Наставляемый попросил завершить." if o.status == MentorshipStatus.TERMINATED else ""
        )
    )

    @factory.post_generation
    def mentors(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create:
            self.mentors.set(extracted if extracted is not None else [TeacherFactory()])

    @factory.post_generation
    def mentees(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create:
            self.mentees.set(extracted if extracted is not None else [TeacherFactory()])


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    title = "Комплекс мер по совершенствованию наставничества на период 2025 – 2030 гг."
    starts_on = dt.date(2025, 9, 1)
    ends_on = dt.date(2030, 8, 31)


class PlanSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanSection

    plan = factory.SubFactory(ActionPlanFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    title = "Формирование базы наставников и наставляемых"


class PlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanItem

    section = factory.SubFactory(PlanSectionFactory)
    plan = factory.LazyAttribute(lambda item: item.section.plan)
    number = factory.Sequence(lambda n: f"9.{n + 1}")
    wording = "Анализ базы наставников и наставляемых"
    deadline_kind = DeadlineKind.YEARLY_MONTH
    deadline_month = 4
    deadline_text = "апрель (ежегодно)"
    responsible_text = "куратор программы"


class PlanRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanRun

    item = factory.SubFactory(PlanItemFactory)
    academic_year = 2025
    due_on = dt.date(2026, 4, 30)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = "Профориентационный фестиваль «Профи-трек»"
    kind = EventKind.FESTIVAL
    starts_on = dt.date(2025, 11, 20)
    ends_on = dt.date(2025, 11, 21)


class EventParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventParticipation

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(StudentFactory)
    role = ParticipantRole.MENTEE


class IncentiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incentive

    mentor = factory.SubFactory(TeacherFactory)
    kind = IncentiveKind.GRATITUDE
    awarded_on = dt.date(2026, 6, 20)
    basis_number = factory.Sequence(lambda n: f"{n + 100}-о")
    basis_date = dt.date(2026, 6, 18)
    reason = "За успешное наставничество молодого педагога в 2025/2026 учебном году."


class PartnerCuratorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerCurator

    organization = factory.SubFactory(PartnerOrganizationFactory, kind=PartnerKind.SCHOOL)
    full_name = factory.Sequence(lambda n: f"Кураторова{n} Марина Петровна")
    position = "заместитель директора по воспитательной работе"


class ProposalFactory(factory.django.DjangoModelFactory):
    """A pending proposal of a student for «студент – студент», «успевающий – неуспевающий»."""

    class Meta:
        model = Proposal

    person = factory.SubFactory(StudentFactory)
    format = factory.LazyFunction(lambda: format_of("student_student"))
    variant = factory.LazyAttribute(lambda o: FormatVariant.objects.filter(format=o.format).first())
    request = "Подтянуть математику к сессии"
    academic_year = 2025
    status = ProposalStatus.PENDING
    proposed_by = factory.SubFactory(UserFactory, roles=["teacher"])


class PoolEntryFactory(factory.django.DjangoModelFactory):
    """An entry of the mentee pool of «студент – студент», included by a decision."""

    class Meta:
        model = PoolEntry

    person = factory.SubFactory(StudentFactory)
    role = ParticipantRole.MENTEE
    format = factory.LazyFunction(lambda: format_of("student_student"))
    variant = None
    academic_year = 2025
    status = PoolStatus.INCLUDED
    decision = factory.SubFactory(DecisionFactory)
    included_on = dt.date(2025, 9, 15)


class MentorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorProfile

    person = factory.SubFactory(TeacherFactory)
    competencies = "Подготовка к демонстрационному экзамену"
    capacity = 2


class ConsentFactory(factory.django.DjangoModelFactory):
    """An adult's own consent to taking part in the program, open-ended."""

    class Meta:
        model = Consent

    person = factory.SubFactory(StudentFactory, birth_date=dt.date(2005, 3, 1), consent=False)
    purpose = ConsentPurpose.PROGRAM
    given_by = ConsentGiver.SELF
    document = "Согласие на обработку персональных данных"
    given_on = dt.date(2025, 9, 1)


class SpecialCategoryStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecialCategoryStatus

    consent = factory.SubFactory(ConsentFactory, purpose=ConsentPurpose.SPECIAL_CATEGORIES)
    person = factory.LazyAttribute(lambda o: o.consent.person)
    has_disabilities = True


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    title = factory.Sequence(lambda n: f"Школа наставников, занятие {n + 1}")
    audience = TrainingAudience.STUDENTS
    held_on = dt.date(2025, 3, 14)
    hours = 4
    led_by = "Белова Наталья Сергеевна, методист"
    programme = "Роль наставника. Этапы работы пары. Обратная связь."


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    published_on = dt.date(2025, 4, 1)
    title = factory.Sequence(lambda n: f"Лучший наставник месяца № {n + 1}")
    url = factory.Sequence(lambda n: f"https://college.example/news/{n + 1}")
    kind = PublicationKind.NEWS


class ContestEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContestEntry

    contest = factory.Sequence(lambda n: f"Региональный конкурс практик наставничества {n + 1}")
    level = EventLevel.REGIONAL
    nomination = "Наставничество в СПО"
    practice = "Студенческое наставничество в горном техникуме"
    submitted_on = dt.date(2024, 3, 1)
    result = ContestResult.PENDING
