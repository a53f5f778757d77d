"""A person with every kind of record the app holds, for the subject's data and retention."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.base import ContentFile

from pairs.models import (
    Meeting,
    MeetingFormat,
    Mentorship,
    MentorshipResult,
    MentorshipStatus,
    PersonalPlan,
    PlanTask,
    ProposalStatus,
    ResultAchievement,
)
from registry.models import (
    ConsentPurpose,
    IncentiveKind,
    Student,
    Teacher,
)
from tests.factories import (
    ConsentFactory,
    EventFactory,
    EventParticipationFactory,
    IncentiveFactory,
    MentorProfileFactory,
    MentorshipFactory,
    PoolEntryFactory,
    ProposalFactory,
    PublicationFactory,
    QualificationCourseFactory,
    SpecialCategoryStatusFactory,
    StudentFactory,
    TeacherFactory,
    format_of,
)
from tests.reports.monitoring.builders import make_assignment, make_response, make_version

# A 1×1 PNG: the honour-board photo.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100ffff03000006000557bfabd40000000049454e44ae426082"
)


@dataclass
class Subject:
    person: Student
    mentor: Teacher  # the mentor of the subject's pair: their name is their own data
    mentee: Student  # the mentee of the pair the subject mentors
    as_mentee: Mentorship
    as_mentor: Mentorship


def make_subject(*, ended: bool = False) -> Subject:
    """Субботина Алла Игоревна, a student, with one record of every kind; her mentorships
    are completed (ended on 30.06.2020) when `ended`, else active."""
    person = StudentFactory(
        last_name="Субботина",
        first_name="Алла",
        patronymic="Игоревна",
        birth_date=dt.date(2006, 4, 12),
        record_book="ЗК-4242",
    )
    SpecialCategoryStatusFactory(
        consent__person=person,
        consent__given_by="parent",
        consent__representative_name="Субботина Вера Павловна",
        in_risk_group=True,
    )
    MentorProfileFactory(person=person, competencies="Начертательная геометрия")
    QualificationCourseFactory(person=person, title="Школа наставников", document="Серт-77")
    incentive = IncentiveFactory(
        mentor=person, kind=IncentiveKind.HONOUR_BOARD, reason="Субботина А. И. — лучший наставник"
    )
    incentive.photo.save("subbotina.png", ContentFile(PNG))
    PublicationFactory(title="Наставник месяца: октябрь").people.add(person)
    ProposalFactory(
        person=person,
        request="Подтянуть физику",
        academic_year=2019,
        status=ProposalStatus.ACCEPTED if ended else ProposalStatus.PENDING,
        decided_at=dt.datetime(2019, 9, 10, tzinfo=dt.UTC) if ended else None,
    )
    PoolEntryFactory(person=person, request="Сдать сессию без долгов", academic_year=2019)
    mentor = TeacherFactory(last_name="Наставникова", first_name="Вера")
    mentee = StudentFactory(last_name="Подопечный", first_name="Олег")
    status = MentorshipStatus.COMPLETED if ended else MentorshipStatus.ACTIVE
    ended_on = dt.date(2020, 6, 30) if ended else None
    dates = {"started_on": dt.date(2019, 10, 1), "planned_end_on": dt.date(2020, 6, 30)}
    as_mentee = MentorshipFactory(
        format=format_of("teacher_student"),
        mentors=[mentor],
        mentees=[person],
        status=status,
        ended_on=ended_on,
        **dates,
    )
    as_mentor = MentorshipFactory(
        format=format_of("student_student"),
        mentors=[person],
        mentees=[mentee],
        status=status,
        ended_on=ended_on,
        **dates,
    )
    Meeting.objects.create(
        mentorship=as_mentee,
        held_on=dt.date(2019, 11, 5),
        duration_minutes=45,
        format=MeetingFormat.IN_PERSON,
        topic="Разбор контрольной",
        notes="Субботина Алла разобрала ошибки",
    )
    plan = PersonalPlan.objects.create(mentorship=as_mentee, goal="Закрыть долги")
    PlanTask.objects.create(plan=plan, title="Решить задачник", due_on=dt.date(2019, 12, 1))
    MentorshipResult.objects.create(
        mentorship=as_mentee,
        expected="Успеваемость выросла",
        achievement=ResultAchievement.ACHIEVED,
        comment="Алла Субботина молодец",
    )
    EventParticipationFactory(
        person=person, event=EventFactory(title="Фестиваль «Профи-трек»"), mentorship=as_mentee
    )
    ConsentFactory(
        person=person,
        purpose=ConsentPurpose.PHOTO,
        given_by="parent",
        representative_name="Субботина Вера Павловна",
        document="Согласие на фото № 5",
    )
    version = make_version(questions=None)
    assignment = make_assignment(version, person=person, mentorship=as_mentee)
    make_response(assignment, {"comfort": 9, "valuable": "Я, Субботина, довольна занятиями"})
    return Subject(person, mentor, mentee, as_mentee, as_mentor)
