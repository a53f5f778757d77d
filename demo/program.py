"""Demo data for the program side: the action plans' progress, events and incentives.

Runs after demo.load has loaded the bases and mentorships; like it, loading twice
changes nothing (rows are found by natural keys, and a plan is filled only when created).
"""

from __future__ import annotations

import datetime as dt
import io

from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from core.dates import AcademicYear
from demo.bases import record_photo_consent
from demo.monitoring_history import load_monitoring_history
from demo.training_and_publicity import load_training_and_publicity
from pairs.models import EventParticipation, Mentorship, MentorshipStatus, ParticipantRole
from programs.actionplan.services import create_default_targets, create_runs, record_run
from programs.models import (
    ActionPlan,
    DeadlineKind,
    Event,
    EventKind,
    EventLevel,
    PlanItem,
    PlanRun,
    PlanSection,
    RunStatus,
)
from registry.models import Incentive, IncentiveKind, Person, PersonKind

PLAN_2025_TITLE = (
    "Комплекс мер по совершенствованию наставничества в краевом государственном бюджетном "
    "профессиональном образовательном учреждении «Чегдомынский горно-технологический "
    "техникум» на период 2025 – 2030 гг."
)
# (number, wording, kind, month, deadline as written, responsible as written, roles)
PLAN_2025_ITEMS: dict[str, list[tuple[str, str, str, int | None, str, str, list[str]]]] = {
    "1|Формирование базы наставников и наставляемых": [
        ("1.1", "Уточнение баз наставляемых и наставников", DeadlineKind.YEARLY_MONTH, 10,
         "октябрь (ежегодно)", "куратор программы", ["curator"]),
        ("1.2", "Анализ базы наставников и наставляемых", DeadlineKind.YEARLY_MONTH, 4,
         "апрель (ежегодно)", "куратор программы", ["curator"]),
        ("1.3", "Формирование наставнических пар или групп, оформление реестра",
         DeadlineKind.YEARLY_MONTH, 10, "октябрь (ежегодно)", "куратор программы",
         ["curator"]),
    ],
    "2|Основные мероприятия реализации программы наставничества": [
        ("2.1", "Обучение наставников из числа студентов", DeadlineKind.YEARLY_MONTH, 3,
         "Ежегодно март", "Куратор, методист", ["curator", "methodist"]),
        ("2.2", "Разработка и реализация планов по адаптации молодого педагога",
         DeadlineKind.ON_DEMAND, None, "При вступлении в должность", "Методист",
         ["methodist"]),
        ("2.3", "Чемпионат по решению инженерных кейсов", DeadlineKind.BY_SCHEDULE, None,
         "В соответствии с графиком проведения",
         "Куратор программы, преподаватели, мастера производственного обучения",
         ["curator", "teacher"]),
        ("2.4", "Освещение хода реализации программы наставничества на сайте техникума",
         DeadlineKind.WHOLE_PERIOD, None, "Весь период", "Куратор программы", ["curator"]),
    ],
}  # fmt: skip

# Runs of the 2020–2024 plan left undone on purpose, so the curator sees overdue items.
LEFT_OVERDUE_2020 = {("2.3", 2023), ("3.1.1.", 2023)}


def load_program(year: AcademicYear, curator: User) -> None:
    today = timezone.localdate()
    _finish_plan_2020(today)
    _load_plan_2025(year, today, curator)
    events = _load_events(year)
    _load_participants(events)
    _load_incentives(year)
    load_training_and_publicity(curator)
    # Approved monitoring reports of the past years, so that the trend charts have points.
    load_monitoring_history(year, curator, User.objects.filter(username="director").first())


def _finish_plan_2020(today: dt.date) -> None:
    """The 2020–2024 plan was carried out, but for two runs nobody closed."""
    plan = ActionPlan.objects.filter(starts_on=dt.date(2020, 12, 1)).first()
    if plan is None:
        return
    runs = PlanRun.objects.filter(item__plan=plan, status=RunStatus.PLANNED, due_on__lt=today)
    for run in runs.select_related("item"):
        if (run.item.number, run.academic_year) in LEFT_OVERDUE_2020:
            continue
        run.status = RunStatus.DONE
        run.done_on = run.due_on - dt.timedelta(days=3) if run.due_on else today
        run.comment = "Выполнено в срок."
        run.save(update_fields=["status", "done_on", "comment", "updated_at"])


def _load_plan_2025(year: AcademicYear, today: dt.date, curator: User) -> None:
    if ActionPlan.objects.filter(title=PLAN_2025_TITLE).exists():
        return
    plan = ActionPlan.objects.create(
        title=PLAN_2025_TITLE,
        starts_on=dt.date(2025, 9, 1),
        ends_on=dt.date(2030, 8, 31),
        approved_by="Приказ директора КГБПОУ ЧГТТ № 95 от 28.08.2025",
    )
    create_default_targets(plan)
    position = 0
    for section_position, (heading, rows) in enumerate(PLAN_2025_ITEMS.items(), start=1):
        number, title = heading.split("|")
        section = PlanSection.objects.create(
            plan=plan, number=number, title=title, position=section_position
        )
        for row_number, wording, kind, month, deadline, responsible, roles in rows:
            position += 1
            item = PlanItem.objects.create(
                plan=plan,
                section=section,
                number=row_number,
                position=position,
                wording=wording,
                deadline_kind=kind,
                deadline_month=month,
                deadline_text=deadline,
                responsible_text=responsible,
            )
            item.responsible_roles.set(Group.objects.filter(name__in=roles))
            create_runs(item)
    runs = PlanRun.objects.filter(item__plan=plan).select_related("item")
    for run in runs:
        if run.due_on and run.due_on < today and run.item.number != "1.3":
            run.status = RunStatus.DONE
            run.done_on = run.due_on - dt.timedelta(days=5)
            run.responsible = curator
            run.comment = "Выполнено."
            run.save()
    # A young teacher came in September: the methodist drew up their adaptation plan.
    adaptation = PlanItem.objects.get(plan=plan, number="2.2")
    adaptation_run = record_run(
        item=adaptation,
        due_on=year.first_day + dt.timedelta(days=30),
        responsible=User.objects.filter(username="methodist").first(),
        comment="План адаптации молодого педагога утверждён, наставник назначен.",
    )
    adaptation_run.status = RunStatus.DONE
    adaptation_run.done_on = year.first_day + dt.timedelta(days=25)
    adaptation_run.save(update_fields=["status", "done_on", "updated_at"])
    # The championship of this year is on the schedule in two weeks.
    championship = runs.filter(item__number="2.3", academic_year=year.start_year).first()
    if championship is not None:
        championship.due_on = today + dt.timedelta(days=14)
        championship.status = RunStatus.IN_PROGRESS
        championship.comment = "Команды сформированы, идёт подготовка."
        championship.save()


EVENTS = [
    # title, kind, level, plan item number (2020–2024 plan), days after 1 September
    ("Профориентационный фестиваль «Профи-трек»", EventKind.FESTIVAL, EventLevel.COLLEGE,
     "3.2.1", 55),
    ("Профильный лагерь «Школа юных горняков»", EventKind.CAMP, EventLevel.MUNICIPAL,
     "3.2.2.", 48),
    ("Чемпионат по решению инженерных кейсов", EventKind.CHAMPIONSHIP, EventLevel.REGIONAL,
     "3.2.3.", 62),
    ("Региональный чемпионат «Профессионалы»", EventKind.CHAMPIONSHIP, EventLevel.REGIONAL,
     "3.4.", 70),
]  # fmt: skip


def _load_events(year: AcademicYear) -> list[Event]:
    events = []
    for title, kind, level, item_number, offset in EVENTS:
        starts_on = year.first_day + dt.timedelta(days=offset)
        item = PlanItem.objects.filter(
            plan__starts_on=dt.date(2020, 12, 1), number=item_number
        ).first()
        event, _created = Event.objects.get_or_create(
            title=title,
            starts_on=starts_on,
            defaults={
                "kind": kind,
                "level": level,
                "plan_item": item,
                "ends_on": starts_on + dt.timedelta(days=1),
                "place": "КГБПОУ ЧГТТ, р.п. Чегдомын",
            },
        )
        events.append(event)
    return events


def _load_participants(events: list[Event]) -> None:
    """Student pairs at the festival and the case championship, with their results."""
    active = Mentorship.objects.filter(status=MentorshipStatus.ACTIVE).prefetch_related(
        "mentors", "mentees"
    )
    picks = [
        (events[0], active.filter(format__code="student_pupil").order_by("id")[:2], None, ""),
        (events[2], active.filter(format__code="student_student").order_by("id")[:1], 2,
         "диплом II степени"),
        (events[3], active.filter(format__code="employer_student").order_by("id")[:1], 1,
         "диплом I степени, компетенция «Горное дело»"),
    ]  # fmt: skip
    for event, mentorships, place, result in picks:
        for mentorship in mentorships:
            for role, people in (
                (ParticipantRole.MENTOR, mentorship.mentors.all()),
                (ParticipantRole.MENTEE, mentorship.mentees.all()),
            ):
                for person in people:
                    EventParticipation.objects.get_or_create(
                        event=event,
                        person=person,
                        defaults={
                            "role": role,
                            "mentorship": mentorship,
                            "place": place if role == ParticipantRole.MENTEE else None,
                            "result": result if role == ParticipantRole.MENTEE else "",
                        },
                    )


def _load_incentives(year: AcademicYear) -> None:
    mentors = Person.objects.filter(mentorships_as_mentor__isnull=False).distinct()
    teacher = mentors.filter(user__username="teacher").first()
    teachers = mentors.filter(kind=PersonKind.TEACHER).exclude(user__username="teacher")
    students = mentors.filter(kind=PersonKind.STUDENT).order_by("last_name", "first_name")
    awarded_on = year.first_day - dt.timedelta(days=70)  # June of the previous year
    order = {"basis_number": "112-о", "basis_date": awarded_on - dt.timedelta(days=2)}
    plans = [
        (teacher, IncentiveKind.GRATITUDE, "За успешное наставничество молодого педагога."),
        (teachers.order_by("last_name").first(), IncentiveKind.CERTIFICATE,
         "За подготовку призёров регионального чемпионата «Профессионалы»."),
        (teachers.order_by("-last_name").first(), IncentiveKind.DIRECTOR_BONUS,
         "За результаты работы наставнической группы «педагог – студент»."),
        (students.first(), IncentiveKind.PARENTS_LETTER,
         "За активную работу наставником первокурсников."),
        (students[1] if students.count() > 1 else None, IncentiveKind.HONOUR_BOARD,
         "Лучший наставник из числа студентов: адаптация группы первого курса."),
        (students[2] if students.count() > 2 else None, IncentiveKind.HONOUR_BOARD,
         "Лучший наставник проекта «Техникум-класс»."),
    ]  # fmt: skip
    for mentor, kind, reason in plans:
        if mentor is None:
            continue
        incentive, created = Incentive.objects.get_or_create(
            mentor=mentor, kind=kind, awarded_on=awarded_on, defaults={"reason": reason, **order}
        )
        if created and kind == IncentiveKind.HONOUR_BOARD:
            incentive.photo.save(f"demo-{mentor.pk}.png", _portrait(mentor), save=True)
    # One of the honour board consented to publishing the photo; the other's is shown to
    # the curator only, until the consent is recorded.
    if students.count() > 1:
        record_photo_consent(students[1], awarded_on - dt.timedelta(days=5))


def _portrait(person: Person) -> ContentFile[bytes]:
    """A plain portrait card with the person's initials, standing in for a photograph."""
    image = Image.new("RGB", (300, 360), (214, 226, 240))
    draw = ImageDraw.Draw(image)
    initials = (person.last_name[:1] + person.first_name[:1]).upper()
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont
    try:
        font = ImageFont.truetype("DejaVuSans-Bold.ttf", 120)
    except OSError:
        font = ImageFont.load_default()
    draw.text((150, 180), initials, fill=(13, 71, 161), font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue())
