"""The demo's running mentorships: decisions with their scans, meetings (and a few silent
pairs), personal and adaptation plans, the results of closed pairs, drafts waiting for a
decision, and a mentee who has left the college.

Like the rest of the demo, every row is looked up before it is made, so loading twice adds
nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from core.dates import AcademicYear, format_day
from core.pdf import html_to_pdf
from pairs.drafting.suggestions import mentees_to_match, suggest_mentors
from pairs.mentorships.services import draft_mentorship, record_change
from pairs.models import (
    ChangeAction,
    Decision,
    Meeting,
    MeetingFormat,
    Mentorship,
    MentorshipChange,
    MentorshipResult,
    MentorshipStatus,
    PersonalPlan,
    PlanTask,
    ResultAchievement,
    TerminationReason,
)
from pairs.personal_plans.services import plan_source
from pairs.work.services import expected_result_items
from programs.models import FormatCode, MentoringFormat
from registry.models import Student, StudentStatus

MEETING_TOPICS: dict[str, list[str]] = {
    FormatCode.STUDENT_STUDENT: [
        "Знакомство, ожидания от наставничества",
        "Расписание, электронный журнал, правила техникума",
        "Подготовка к контрольной неделе",
        "Студенческий совет и волонтёрские проекты",
        "Итоги месяца, трудности с учёбой",
    ],
    FormatCode.TEACHER_TEACHER: [
        "Рабочая программа и календарно-тематический план",
        "Посещение урока наставника, разбор",
        "Посещение урока молодого педагога, обратная связь",
        "Работа с электронным журналом и отчётностью",
        "Классное руководство: работа с родителями",
    ],
    FormatCode.TEACHER_STUDENT: [
        "Индивидуальная траектория, цели на семестр",
        "Подготовка к олимпиаде (конкурсу)",
        "Разбор задолженностей и план их закрытия",
        "Проектная работа",
    ],
    FormatCode.STUDENT_PUPIL: [
        "Экскурсия по мастерским техникума",
        "Профессиональная проба",
        "Школа юных горняков: подготовка",
    ],
    FormatCode.EMPLOYER_STUDENT: [
        "Инструктаж по охране труда на предприятии",
        "Производственная практика: рабочее место",
        "Разбор практического задания",
        "Подготовка отчёта по практике",
    ],
}
# Every seventh active pair stopped meeting two months ago: the curator's pages flag it.
SILENT_EVERY = 7


def attach_demo_scan(decision: Decision) -> None:
    """A printed extract of the protocol stands in for the signed scan a college would attach."""
    html = (
        "<html><body style='font-family: DejaVu Serif; font-size: 12pt'>"
        f"<h1 style='font-size: 14pt'>Выписка из протокола № {decision.number} "
        f"от {format_day(decision.decided_on)}</h1>"
        f"<p>{decision.get_body_display()}</p>"
        "<p>Демонстрационная копия: подписи и печать — в подлиннике.</p>"
        "</body></html>"
    )
    name = f"protocol-{decision.body}-{decision.number}-{decision.decided_on:%Y%m%d}.pdf"
    decision.scan.save(name, ContentFile(html_to_pdf(html)), save=True)


def close_demo_mentorship(mentorship: Mentorship, ended_on: dt.date, user: User) -> None:
    """Closes a demo pair as its people would have: completed on the planned end with results
    against the expected ones, or ended early with a reason."""
    if ended_on >= mentorship.planned_end_on:
        mentorship.status = MentorshipStatus.COMPLETED
        mentorship.results = (
            "Наставляемый адаптировался, задачи персонализированной программы выполнены."
        )
        action = ChangeAction.COMPLETED
    else:
        mentorship.status = MentorshipStatus.TERMINATED
        mentorship.termination_reason = TerminationReason.MENTEE_LEFT
        mentorship.termination_comment = "Перевод в другую образовательную организацию."
        action = ChangeAction.TERMINATED
    mentorship.ended_on = ended_on
    mentorship.version += 1
    mentorship.full_clean()
    mentorship.save()
    if mentorship.status == MentorshipStatus.COMPLETED:
        for position, expected in enumerate(expected_result_items(mentorship.expected_results)):
            MentorshipResult.objects.create(
                mentorship=mentorship,
                position=position,
                expected=expected,
                achievement=(
                    ResultAchievement.PARTLY if position % 3 == 2 else ResultAchievement.ACHIEVED
                ),
            )
    record_change(
        mentorship,
        action=action,
        user=user,
        details=[{"field": "status", "old": "", "new": mentorship.get_status_display()}],
    )


def load_running(year: AcademicYear, users: dict[str, User]) -> None:
    today = min(timezone.localdate(), year.last_day)
    active = list(
        Mentorship.objects.active()
        .in_academic_year(year)
        .select_related("format")
        .prefetch_related("mentors")
        .order_by("pk")
    )
    for index, mentorship in enumerate(active):
        _load_meetings(mentorship, index, today, users["curator"])
        if mentorship.format.code == FormatCode.TEACHER_TEACHER or index % 4 == 0:
            _load_plan(mentorship, today)
    _load_drafts(year, users["curator"])
    _load_departure(year)
    date_the_histories(today)


def _entered_by(mentorship: Mentorship, curator: User) -> User:
    """Who enters a pair's meetings: its mentor, when the mentor has a login; otherwise the
    format's lead, who keeps the pairs of mentors without one (the curator for a format
    without a lead)."""
    mentor_user = next((m.user for m in mentorship.mentors.all() if m.user_id), None)
    if mentor_user is not None:
        return mentor_user
    lead = mentorship.format.leads.order_by("pk").first()
    return lead if lead is not None else curator


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def date_the_histories(today: dt.date) -> None:
    """The demo's pairs were made in one go today; their histories carry the dates they
    describe instead: a draft a few days before its decision, the confirmation on the
    decision's day, the closing on the day the pair ended; a meeting is entered on the day
    it was held. Deterministic, so loading again changes nothing."""
    changes = []
    mentorships = Mentorship.objects.select_related("decision").prefetch_related("changes")
    for mentorship in mentorships:
        decided_on = mentorship.decision.decided_on if mentorship.decision else None
        if decided_on is not None:
            drafted = decided_on - dt.timedelta(days=2 + mentorship.pk % 4)
        else:  # a draft still waiting for its decision
            drafted = today - dt.timedelta(days=1 + mentorship.pk % 3)
        days = {
            ChangeAction.DRAFTED: _at(drafted, 10 + mentorship.pk % 5, mentorship.pk * 7 % 60),
            ChangeAction.CONFIRMED: _at(decided_on, 15) if decided_on else None,
        }
        if mentorship.ended_on is not None:
            for action in (ChangeAction.COMPLETED, ChangeAction.TERMINATED):
                days[action] = _at(mentorship.ended_on, 16, 30)
        for change in mentorship.changes.all():
            at = days.get(ChangeAction(change.action))
            if at is not None and at.date() <= today and change.changed_at != at:
                change.changed_at = at
                changes.append(change)
        if days[ChangeAction.DRAFTED] != mentorship.created_at:
            Mentorship.objects.filter(pk=mentorship.pk).update(
                created_at=days[ChangeAction.DRAFTED]
            )
    MentorshipChange.objects.bulk_update(changes, ["changed_at"])
    meetings = [
        meeting
        for meeting in Meeting.objects.all()
        if meeting.created_at != _at(meeting.held_on, 17, meeting.pk * 13 % 60)
    ]
    for meeting in meetings:
        meeting.created_at = _at(meeting.held_on, 17, meeting.pk * 13 % 60)
    Meeting.objects.bulk_update(meetings, ["created_at"])


def _load_meetings(mentorship: Mentorship, index: int, today: dt.date, curator: User) -> None:
    if mentorship.meetings.exists():
        return
    # Seeded by the pair's start and place, not its id: the same meetings on any database.
    rng = random.Random(f"meetings {mentorship.started_on} {index}")  # noqa: S311 - demo picks
    topics = MEETING_TOPICS[mentorship.format.code]
    last = today - dt.timedelta(weeks=9) if index % SILENT_EVERY == 3 else today
    entered_by = _entered_by(mentorship, curator)
    held_on = mentorship.started_on + dt.timedelta(days=rng.randint(3, 8))
    one_to_one = [MeetingFormat.IN_PERSON, MeetingFormat.IN_PERSON, MeetingFormat.ONLINE]
    group = len(mentorship.mentees.all()) > 1
    number = 0
    while held_on <= last:
        Meeting.objects.create(
            mentorship=mentorship,
            held_on=held_on,
            duration_minutes=rng.choice([30, 45, 45, 60, 90]),
            format=MeetingFormat.GROUP if group else rng.choice(one_to_one),
            topic=topics[number % len(topics)],
            notes="Договорились о следующих шагах." if number % 2 else "",
            logged_by=entered_by,
        )
        number += 1
        held_on += dt.timedelta(days=rng.randint(10, 18))


def _load_plan(mentorship: Mentorship, today: dt.date) -> None:
    if PersonalPlan.objects.filter(mentorship=mentorship).exists():
        return
    # As «Заполнить из формы» does: never the texts of an ОВЗ or risk-group variant.
    goal, tasks = plan_source(mentorship)
    tasks = tasks[:5]
    plan = PersonalPlan.objects.create(mentorship=mentorship, goal=goal)
    start, end = mentorship.started_on, mentorship.planned_end_on
    step = (end - start) / max(len(tasks), 1)
    for position, title in enumerate(tasks):
        due_on = start + step * (position + 1)
        task_start = start + step * position
        elapsed = (today - task_start) / (due_on - task_start) if due_on > task_start else 1
        progress = max(0, min(100, round(elapsed * 100 / 10) * 10))
        PlanTask.objects.create(
            plan=plan,
            position=position,
            title=title,
            activities="Встречи с наставником, посещение занятий, разбор результатов.",
            starts_on=task_start,
            due_on=due_on,
            progress=progress,
            note="Выполнено." if progress == 100 else "",
        )


def _load_drafts(year: AcademicYear, curator: User) -> None:
    """Drafts for the first waiting mentees of each format, with the best suggested mentor:
    what the curator confirms by the next decision."""
    if Mentorship.objects.drafts().exists():
        return
    started_on = max(timezone.localdate(), year.first_day)
    planned_end_on = dt.date(year.start_year + 1, 6, 30)
    if planned_end_on <= started_on:
        return
    drafted: set[int] = set()
    for format in MentoringFormat.objects.order_by("position"):
        for entry in list(mentees_to_match(format, year)[:2]):
            suggestions = suggest_mentors(
                format=format,
                variant=entry.variant,
                mentees=[entry.person],
                started_on=started_on,
                academic_year=year,
            )
            mentor = next((s.person for s in suggestions if s.person.pk not in drafted), None)
            if mentor is None:
                continue
            drafted.add(mentor.pk)
            try:
                draft_mentorship(
                    format=format,
                    variant=entry.variant,
                    mentors=[mentor],
                    mentees=[entry.person],
                    started_on=started_on,
                    planned_end_on=planned_end_on,
                    created_by=curator,
                )
            except ValidationError:
                continue  # another draft of this run took the mentor's last seat


def _load_departure(year: AcademicYear) -> None:
    """A mentee transferred to another college mid-year: their pair waits for the curator."""
    if Mentorship.objects.with_departed_mentees().exists():
        return
    mentorship = (
        Mentorship.objects.active()
        .in_academic_year(year)
        .filter(format__code=FormatCode.TEACHER_STUDENT, variant__code="gifted")
        .order_by("pk")
        .first()
    )
    student = Student.objects.filter(mentorships_as_mentee=mentorship).first()
    if student is not None:
        student.status = StudentStatus.TRANSFERRED
        student.save()
