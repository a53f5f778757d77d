"""The demo's bases: natural keys for the import, the mentor and mentee pools of the year with
the decision that formed them, mentor profiles and training, proposals, partners' curators,
and personal-data consents with the health and risk-group status they allow.

Everything is loaded with get_or_create on natural keys, so a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db.models import Count, Q
from django.utils import timezone

from core.dates import AcademicYear
from pairs.models import (
    Decision,
    DecisionBody,
    Mentorship,
    MentorshipStatus,
    ParticipantRole,
    PoolEntry,
    PoolStatus,
    Proposal,
    ProposalStatus,
)
from pairs.pools.services import PARTNER_KINDS
from pairs.rules import SPECIAL_VARIANT_STATUS, mentor_load
from programs.models import FormatCode, FormatVariant, MentoringFormat
from registry.models import (
    MAX_MENTOR_CAPACITY,
    Consent,
    ConsentGiver,
    ConsentPurpose,
    MentorProfile,
    PartnerCurator,
    PartnerKind,
    PartnerOrganization,
    Person,
    PersonKind,
    QualificationCourse,
    SpecialCategoryStatus,
    Student,
    StudentStatus,
    Teacher,
)

COMPETENCIES = {
    PersonKind.TEACHER: [
        "Методика преподавания профессиональных модулей",
        "Подготовка к демонстрационному экзамену",
        "Классное руководство и работа с родителями",
        "Цифровые образовательные ресурсы",
    ],
    PersonKind.STUDENT: [
        "Помощь с учёбой по общеобразовательным предметам",
        "Студенческое самоуправление и волонтёрство",
        "Спорт и подготовка к соревнованиям",
    ],
    PersonKind.PARTNER_EMPLOYEE: [
        "Технология горных работ и промышленная безопасность",
        "Эксплуатация горного оборудования",
    ],
}

# The key requests of the mentees in the pools, by format and variant («» for a format
# without variants): what a teacher or a curator would write. Those of the ОВЗ and
# risk-group variants say nothing of the health or the risk, which the request's readers
# (every role that sees the pool) may not know of.
MENTEE_REQUESTS: dict[tuple[str, str], list[str]] = {
    (FormatCode.STUDENT_STUDENT, "achiever_underachiever"): [
        "Задолженности по математике после первой сессии, нужна помощь с решением задач",
        "Не успевает по инженерной графике, просит разобрать чертежи вместе",
        "Пропуски по болезни, нужно догнать группу по физике",
        "Трудности с курсовой по основам электротехники",
    ],
    (FormatCode.STUDENT_STUDENT, "leader_passive"): [
        "Трудно освоиться в группе и в общежитии",
        "Не участвует в жизни группы, хочет найти занятие по душе",
        "Стесняется выступать на занятиях, нужна поддержка старшего студента",
    ],
    (FormatCode.STUDENT_STUDENT, "peer_to_peer"): [
        "Подготовка к чемпионату «Профессионалы» в паре со старшекурсником",
        "Хочет вместе разобраться в программировании станков с ЧПУ",
    ],
    (FormatCode.TEACHER_TEACHER, ""): [
        "Первый год в техникуме: планирование занятий и ведение журнала",
        "Освоить практико-ориентированные методики на занятиях МДК",
        "Подготовка к аттестации на первую квалификационную категорию",
    ],
    (FormatCode.TEACHER_STUDENT, "gifted"): [
        "Подготовка научно-исследовательской работы к региональной конференции",
        "Подготовка к региональному этапу чемпионата «Профессионалы»",
    ],
    (FormatCode.TEACHER_STUDENT, "disabilities"): [
        "Спланировать самостоятельную работу по МДК и подготовку к практике",
        "Подготовка к промежуточной аттестации по профессиональному модулю",
    ],
    (FormatCode.TEACHER_STUDENT, "risk_group"): [
        "Выстроить учебный график и закрыть задолженности за семестр",
        "Найти занятие во внеурочное время, записаться в секцию или кружок",
    ],
    (FormatCode.STUDENT_PUPIL, "passive"): [
        "Интерес к технике есть, но ученик не знает, с чего начать",
        "Помочь с выбором профиля обучения после 9 класса",
    ],
    (FormatCode.STUDENT_PUPIL, "active"): [
        "Хочет попробовать себя в проектной работе по робототехнике",
        "Готовится к поступлению в техникум, интересуется горным делом",
    ],
    (FormatCode.EMPLOYER_STUDENT, ""): [
        "Подготовка к производственной практике на предприятии",
        "Тема выпускной квалификационной работы по заказу предприятия",
        "Освоить требования охраны труда на горном участке",
    ],
}


def mentee_request(format: MentoringFormat, variant: FormatVariant | None, person: Person) -> str:
    """A plausible key request of a mentee of this format and variant (chosen by the person,
    so that loading again writes the same)."""
    requests = MENTEE_REQUESTS[(format.code, variant.code if variant else "")]
    return requests[person.pk % len(requests)]


CURATOR_NAMES = [
    "Гусева Ирина Олеговна",
    "Тарасов Игорь Викторович",
    "Лебедева Анна Сергеевна",
    "Мельников Олег Иванович",
    "Сорокина Татьяна Павловна",
]

CURATORS = {
    PartnerKind.SCHOOL: ("заместитель директора по воспитательной работе", "8 (42149) 5-"),
    PartnerKind.ENTERPRISE: ("специалист по обучению персонала", "8 (42149) 9-"),
}


def load_bases(year: AcademicYear, users: dict[str, User]) -> None:
    rng = random.Random(year.start_year)  # noqa: S311 - demo picks, not secrets
    _number_people()
    _load_curators(users["partner"])
    council = _pool_decision(year)
    mentorships = list(
        Mentorship.objects.active()
        .in_academic_year(year)
        .select_related("format", "variant")
        .prefetch_related("mentors", "mentees")
    )
    for mentorship in mentorships:
        for mentor in mentorship.mentors.all():
            _include(mentor, ParticipantRole.MENTOR, mentorship.format, None, year, council)
        for mentee in mentorship.mentees.all():
            _include(
                mentee, ParticipantRole.MENTEE, mentorship.format, mentorship.variant, year, council
            )
    _load_waiting(rng, year, council, users)
    _load_profiles(rng, year)
    _load_training(year)
    _load_consents(year, mentorships)


def _number_people() -> None:
    """Record book and personnel numbers, which an import recognizes people by."""
    for student in Student.objects.filter(record_book__isnull=True).select_related("group"):
        student.record_book = f"{student.group.name}-{student.pk:04d}"
        student.save(update_fields=["record_book"])
    for teacher in Teacher.objects.filter(personnel_number__isnull=True):
        teacher.personnel_number = f"{teacher.pk:05d}"
        teacher.save(update_fields=["personnel_number"])


def _load_curators(partner_user: User) -> None:
    first_school = (
        PartnerOrganization.objects.filter(kind=PartnerKind.SCHOOL).order_by("id").first()
    )
    for index, organization in enumerate(PartnerOrganization.objects.order_by("kind", "id")):
        position, phone = CURATORS[PartnerKind(organization.kind)]
        # The first school's curator has an account: the demo's «partner» login.
        account = partner_user if organization == first_school else None
        PartnerCurator.objects.get_or_create(
            organization=organization,
            full_name="Кравец Марина Петровна" if account else CURATOR_NAMES[index],
            defaults={
                "position": position,
                "phone": f"{phone}{11 + index:02d}-{40 + index:02d}",
                "user": account,
            },
        )


def _pool_decision(year: AcademicYear) -> Decision:
    """Plan items 2.1 and 2.2: the pedagogical council forms the pools with the student
    council's opinion, before the pairs are formed."""
    decision, _created = Decision.objects.get_or_create(
        body=DecisionBody.PEDAGOGICAL_COUNCIL,
        number="1",
        decided_on=dt.date(year.start_year, 8, 30),
        defaults={
            "student_council_opinion": (
                "Студенческий совет согласен с составом баз наставников и наставляемых "
                f"(протокол № 8 от {dt.date(year.start_year, 6, 20).strftime('%d.%m.%Y')})."
            ),
            "notes": "Формирование баз наставников и наставляемых на учебный год.",
        },
    )
    return decision


def _include(
    person: Person,
    role: str,
    format: MentoringFormat,
    variant: FormatVariant | None,
    year: AcademicYear,
    council: Decision,
) -> PoolEntry:
    # Pupils and partners' staff are included by the partner's curator, without a council.
    by_partner = person.kind in PARTNER_KINDS
    is_mentee = role == ParticipantRole.MENTEE
    entry, _created = PoolEntry.objects.get_or_create(
        person=person,
        role=role,
        format=format,
        academic_year=year.start_year,
        defaults={
            "variant": variant if is_mentee else None,
            "status": PoolStatus.INCLUDED,
            "decision": None if by_partner else council,
            "included_on": year.first_day if by_partner else council.decided_on,
            "request": mentee_request(format, variant, person) if is_mentee else "",
        },
    )
    if is_mentee and not entry.request:  # a demo loaded before the requests were written
        entry.request = mentee_request(format, entry.variant, person)
        entry.save(update_fields=["request"])
    return entry


def _load_waiting(
    rng: random.Random, year: AcademicYear, council: Decision, users: dict[str, User]
) -> None:
    """Students in the pools without a pair yet, and the teacher's proposals: some waiting,
    one accepted and waiting for the council, one rejected."""
    student_student = MentoringFormat.objects.get(code=FormatCode.STUDENT_STUDENT)
    variants = list(FormatVariant.objects.filter(format=student_student))
    paired = Person.objects.filter(
        Q(mentorships_as_mentee__status="active") | Q(mentorships_as_mentor__status="active")
    )
    free = list(
        Student.objects.filter(status=StudentStatus.STUDYING, group__course=1)
        .exclude(pk__in=paired.values("pk"))
        .exclude(pool_entries__academic_year=year.start_year)
        .exclude(proposals__academic_year=year.start_year)
        .order_by("pk")[:12]
    )
    if Proposal.objects.filter(academic_year=year.start_year).exists() or len(free) < 12:
        return
    rng.shuffle(free)
    for student in free[:4]:
        _include(student, ParticipantRole.MENTEE, student_student, variants[0], year, council)
    seniors = Student.objects.filter(status=StudentStatus.STUDYING, group__course=3).exclude(
        pk__in=paired.values("pk")
    )
    for student in seniors.order_by("pk")[:2]:
        _include(student, ParticipantRole.MENTOR, student_student, None, year, council)
    # All but the last waiting mentee (in name order) consented to the program: the pools and
    # drafting flag that one, whose pair cannot be confirmed until the consent is recorded.
    waiting = sorted(free[:4], key=lambda student: (student.search_name, student.pk))
    record_program_consents([*waiting[:-1], *seniors.order_by("pk")[:2]], year.first_day)

    teacher, lead = users["teacher"], users["lead"]
    requests = [
        "Пропуски занятий, задолженности по математике и физике",
        "Трудно освоиться в группе и в общежитии",
        "Хочет готовиться к чемпионату «Профессионалы», нужен напарник старшего курса",
        "Не сдал зачёт по инженерной графике, просит помощи",
        "Низкая мотивация к учёбе, пассивен на занятиях",
    ]
    now = timezone.now()
    for index, student in enumerate(free[4:9]):
        proposal = Proposal(
            person=student,
            format=student_student,
            variant=variants[index % len(variants)],
            request=requests[index],
            academic_year=year.start_year,
            proposed_by=teacher,
        )
        if index == 3:
            proposal.status = ProposalStatus.REJECTED
            proposal.rejection_reason = (
                "Зачёт пересдан, задолженности нет; предложите снова, если трудности вернутся."
            )
            proposal.decided_by, proposal.decided_at = lead, now
        elif index == 4:
            proposal.status = ProposalStatus.ACCEPTED
            proposal.decided_by, proposal.decided_at = lead, now
        proposal.full_clean()
        proposal.save()
        if proposal.status == ProposalStatus.ACCEPTED:
            PoolEntry.objects.create(
                person=student,
                role=ParticipantRole.MENTEE,
                format=student_student,
                variant=proposal.variant,
                academic_year=year.start_year,
                request=proposal.request,
                proposal=proposal,
                added_by=lead,
            )


def make_room(mentors: Iterable[Person], mentees: Iterable[Person]) -> None:
    """Gives each mentor a mentor profile with room for these mentees beside those they have:
    the demo forms its pairs first and fills the profiles in later (`_load_profiles`)."""
    for mentor in mentors:
        needed = len(mentor_load(mentor) | {mentee.pk for mentee in mentees})
        profile, _created = MentorProfile.objects.get_or_create(person=mentor)
        if profile.capacity < needed:
            profile.capacity = min(needed, MAX_MENTOR_CAPACITY)
            profile.save(update_fields=["capacity", "updated_at"])


def record_special_status(
    mentees: Iterable[Person], variant: FormatVariant | None, given_on: dt.date
) -> None:
    """The ОВЗ or risk-group status of the mentees of such a variant, under the consent to
    health and risk-group data that it needs (152-ФЗ)."""
    status_field = SPECIAL_VARIANT_STATUS.get(variant.code) if variant else None
    if status_field is None:
        return
    for mentee in mentees:
        consent = _consent(mentee, ConsentPurpose.SPECIAL_CATEGORIES, given_on)
        status, created = SpecialCategoryStatus.objects.get_or_create(
            person=mentee, defaults={"consent": consent, status_field: True}
        )
        if not created and not getattr(status, status_field):
            setattr(status, status_field, True)
            status.save()


def _load_profiles(rng: random.Random, year: AcademicYear) -> None:
    """Capacities that fit what each mentor carries now: the demo keeps the capacity rule
    (pairs.rules.capacity_errors) as the app does."""
    in_pool = PoolEntry.objects.filter(
        role=ParticipantRole.MENTOR, academic_year=year.start_year
    ).values("person")
    # Filtering by a subquery, not a join, so that the count is not multiplied by entries.
    # A profile the pairs' forming made (`make_room`) has no competencies yet.
    mentors = Person.objects.filter(
        Q(mentor_profile__isnull=True) | Q(mentor_profile__competencies=""), pk__in=in_pool
    ).annotate(
        load=Count(
            "mentorships_as_mentor__mentees",
            filter=Q(mentorships_as_mentor__status=MentorshipStatus.ACTIVE),
        )
    )
    for mentor in mentors.order_by("pk"):
        choices = COMPETENCIES.get(PersonKind(mentor.kind), COMPETENCIES[PersonKind.STUDENT])
        wanted = rng.choice([1, 2, 2, 3]) if mentor.kind == PersonKind.TEACHER else 1
        capacity = max(wanted, mentor.load, 1)
        MentorProfile.objects.update_or_create(
            person=mentor,
            defaults={
                "competencies": "\n".join(rng.sample(choices, min(2, len(choices)))),
                "interests": rng.choice(
                    ["туризм", "шахматы", "волейбол", "техническое творчество"]
                ),
                "capacity": min(capacity, MAX_MENTOR_CAPACITY),
            },
        )


def _load_training(year: AcademicYear) -> None:
    """The school of mentors (обучение наставников) before the year starts."""
    mentors = Person.objects.filter(
        pool_entries__role=ParticipantRole.MENTOR,
        pool_entries__academic_year=year.start_year,
        pool_entries__status=PoolStatus.INCLUDED,
    ).distinct()
    for mentor in mentors.order_by("pk")[::2]:
        QualificationCourse.objects.get_or_create(
            person=mentor,
            title="Школа наставника: организация наставнической деятельности",
            completed_on=dt.date(year.start_year, 6, 15),
            defaults={
                "provider": "КГБ ПОУ ЧГТТ, методический кабинет",
                "hours": 16,
                "is_mentor_training": True,
                "document": f"Сертификат № {mentor.pk}",
            },
        )


def _load_consents(year: AcademicYear, mentorships: Iterable[Mentorship]) -> None:
    """Every participant consents to the program; the mentees of the ОВЗ and risk-group
    variants also to their health or risk-group data, which is then recorded."""
    given_on = year.first_day
    for mentorship in mentorships:
        for person in [*mentorship.mentors.all(), *mentorship.mentees.all()]:
            _consent(person, ConsentPurpose.PROGRAM, given_on)
        record_special_status(mentorship.mentees.all(), mentorship.variant, given_on)


def record_program_consents(people: Iterable[Person], given_on: dt.date) -> None:
    """Consents to taking part in the program (152-ФЗ), valid on `given_on`: a pair is
    confirmed only with them. The demo's pairs are not made in date order, so a person's
    consent dates from their earliest pair."""
    for person in people:
        Consent.objects.filter(
            person=person, purpose=ConsentPurpose.PROGRAM, given_on__gt=given_on
        ).delete()
        _consent(person, ConsentPurpose.PROGRAM, given_on)


def record_photo_consent(person: Person, given_on: dt.date) -> None:
    """A consent to publishing the person's photo (the honour board)."""
    _consent(person, ConsentPurpose.PHOTO, given_on)


CONSENT_DOCUMENTS = {
    ConsentPurpose.PROGRAM: "Согласие на обработку персональных данных, хранится в личном деле",
    ConsentPurpose.SPECIAL_CATEGORIES: (
        "Согласие на обработку специальных категорий персональных данных, личное дело"
    ),
    ConsentPurpose.PHOTO: "Согласие на публикацию фотографии, личное дело",
}


def _consent(person: Person, purpose: str, given_on: dt.date) -> Consent:
    existing = Consent.objects.filter(person=person, purpose=purpose).first()
    if existing is not None:
        return existing
    minor = person.is_minor_on(given_on)
    consent = Consent(
        person=person,
        purpose=purpose,
        given_by=ConsentGiver.PARENT if minor else ConsentGiver.SELF,
        representative_name=_mother_of(person) if minor else "",
        document=CONSENT_DOCUMENTS[ConsentPurpose(purpose)],
        given_on=given_on,
    )
    consent.full_clean()
    consent.save()
    return consent


MOTHERS = ["Ирина Владимировна", "Светлана Николаевна", "Ольга Викторовна", "Наталья Юрьевна"]


def _mother_of(person: Person) -> str:
    surname = person.last_name
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        surname += "а"
    elif surname.endswith("ий"):
        surname = surname[:-2] + "ая"
    return f"{surname} {MOTHERS[person.pk % len(MOTHERS)]}"
