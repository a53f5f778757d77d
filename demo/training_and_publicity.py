"""Demo data for the plan rows that record no pairs: mentor training sessions with their
attendees (item 3.1), the site's publications and the college's contest entries, each the
evidence of its run of the 2020–2024 plan.

Like the rest of the demo, loading twice changes nothing (rows are found by their titles).
"""

from __future__ import annotations

import datetime as dt
import io

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db.models import Exists, Model, OuterRef
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from core.dates import AcademicYear
from programs.actionplan.services import attach_record, record_run
from programs.models import (
    ContestEntry,
    ContestResult,
    DeadlineKind,
    EventLevel,
    PlanItem,
    PlanRun,
    Publication,
    PublicationKind,
    RunStatus,
    TrainingAudience,
    TrainingSession,
)
from registry.models import Person, PersonKind, QualificationCourse
from registry.training.services import AUDIENCE_KINDS, add_attendees, create_session

PLAN_2020_START = dt.date(2020, 12, 1)
PUBLICITY_ITEM = "Освещение хода реализации программы наставничества"
CONTEST_ITEM = "Участие техникума в региональных и всероссийских конкурсах"

# published on, title, kind, page of the college's site, kind of person featured (or None)
PUBLICATIONS = [
    (dt.date(2020, 12, 10), "Положение о наставничестве и Комплекс мер на 2020–2024 годы",
     PublicationKind.DOCUMENTS, "https://chgtt.ru/sveden/document/nastavnichestvo", None),
    (dt.date(2021, 10, 20), "В техникуме сформированы первые наставнические пары",
     PublicationKind.NEWS, "https://chgtt.ru/news/2021/10/nastavnicheskie-pary", None),
    (dt.date(2022, 5, 18), "Лучший наставник 2021/2022 учебного года",
     PublicationKind.BEST_MENTOR, "https://chgtt.ru/news/2022/05/luchshij-nastavnik",
     PersonKind.TEACHER),
    (dt.date(2023, 4, 12), "Студенты-наставники помогли первокурсникам закрыть сессию",
     PublicationKind.BEST_MENTOR, "https://chgtt.ru/news/2023/04/studenty-nastavniki",
     PersonKind.STUDENT),
    (dt.date(2024, 6, 3), "Итоги программы наставничества за 2023/2024 учебный год",
     PublicationKind.NEWS, "https://chgtt.ru/news/2024/06/itogi-nastavnichestva", None),
]  # fmt: skip

# contest, level, nomination, practice, submitted on, result
CONTESTS = [
    ("Краевой конкурс «Лучшие практики наставничества в системе СПО Хабаровского края»",
     EventLevel.REGIONAL, "Наставничество «студент – студент»",
     "Адаптация первокурсников с участием студентов-наставников", dt.date(2022, 3, 15),
     ContestResult.LAUREATE),
    ("Всероссийский конкурс программ и практик наставничества",
     EventLevel.FEDERAL, "Наставничество в профессиональных образовательных организациях",
     "Программа наставничества «работодатель – студент» с горнодобывающим предприятием",
     dt.date(2024, 2, 20), ContestResult.PARTICIPANT),
]  # fmt: skip


# title, audience, held on (None: this academic year's March), hours, plan item it counts for
# (the 2020–2024 plan's number, or the 2025–2030 plan's), how many mentors attended
TRAININGS = [
    ("Школа наставников: роль и задачи студента-наставника", TrainingAudience.STUDENTS,
     dt.date(2021, 3, 12), 6, "3.1.1.", 5),
    ("Школа наставников: адаптация первокурсников", TrainingAudience.STUDENTS,
     dt.date(2022, 3, 11), 6, "3.1.1.", 4),
    ("Наставничество в педагогической деятельности", TrainingAudience.TEACHERS,
     dt.date(2022, 11, 15), 8, "3.1.2.", 6),
    ("Наставник на производстве: сопровождение практики студентов",
     TrainingAudience.EMPLOYERS, dt.date(2023, 4, 20), 4, "3.1.3.", 3),
    ("Школа наставников: обратная связь и мотивация наставляемого",
     TrainingAudience.STUDENTS, None, 6, "2.1", 2),
]  # fmt: skip
TRAINING_LEADER = "Белова Наталья Сергеевна, методист"


def load_training_and_publicity(curator: User | None) -> None:
    for session, item_number in _load_trainings():
        _as_evidence(session, item_number, session.held_on, curator, by_number=True)
    for publication in _load_publications():
        _as_evidence(publication, PUBLICITY_ITEM, publication.published_on, curator)
    for entry in _load_contests():
        _as_evidence(entry, CONTEST_ITEM, entry.submitted_on, curator)


def _load_trainings() -> list[tuple[TrainingSession, str]]:
    """Past trainings of mentors with their attendees: mentors of running pairs, a few
    different ones each time, those with a training on record first, so that several
    mentors in the pools are still untrained."""
    today = timezone.localdate()
    this_march = dt.date(today.year if today.month > 3 else today.year - 1, 3, 13)
    taken: dict[str, int] = {}
    loaded = []
    for title, audience, held_on, hours, item_number, count in TRAININGS:
        kind = AUDIENCE_KINDS[audience]
        session = TrainingSession.objects.filter(title=title).first()
        if session is None:
            session = create_session(
                title=title,
                audience=audience,
                held_on=held_on or this_march,
                hours=hours,
                led_by=TRAINING_LEADER,
                programme="Роль наставника. Этапы работы пары. Обратная связь. Разбор случаев.",
            )
            trained = QualificationCourse.objects.filter(
                person=OuterRef("pk"), is_mentor_training=True, session__isnull=True
            )
            mentors = (
                Person.objects.filter(kind=kind, mentorships_as_mentor__isnull=False)
                .distinct()
                .annotate(trained=Exists(trained))
                .order_by("-trained", "last_name", "first_name", "id")
            )
            first = taken.get(kind, 0)
            add_attendees(session=session, people=list(mentors[first : first + count]))
        taken[kind] = taken.get(kind, 0) + count
        loaded.append((session, item_number))
    return loaded


def _load_publications() -> list[Publication]:
    featured = {
        kind: Person.objects.filter(kind=kind, mentorships_as_mentor__isnull=False)
        .order_by("last_name", "first_name", "id")
        .first()
        for kind in (PersonKind.TEACHER, PersonKind.STUDENT)
    }
    publications = []
    for published_on, title, kind, url, person_kind in PUBLICATIONS:
        publication, created = Publication.objects.get_or_create(
            title=title, defaults={"published_on": published_on, "kind": kind, "url": url}
        )
        person = featured.get(person_kind) if person_kind else None
        if created and person is not None:
            publication.people.add(person)
        publications.append(publication)
    return publications


def _load_contests() -> list[ContestEntry]:
    entries = []
    for contest, level, nomination, practice, submitted_on, result in CONTESTS:
        entry, created = ContestEntry.objects.get_or_create(
            contest=contest,
            submitted_on=submitted_on,
            defaults={
                "level": level,
                "nomination": nomination,
                "practice": practice,
                "result": result,
            },
        )
        if created and result != ContestResult.PENDING:
            entry.diploma.save(f"diploma-{submitted_on.year}.png", _diploma(entry), save=True)
        entries.append(entry)
    return entries


def _as_evidence(
    record: Model, wording: str, on: dt.date, curator: User | None, *, by_number: bool = False
) -> None:
    """Counts the record for the run of the plan's row (by its wording, or by its number in
    either plan) of that academic year; a run of a row taken as needed is recorded first."""
    if curator is None:
        return
    year = AcademicYear.of(on)
    if by_number:
        items = PlanItem.objects.filter(number=wording)
    else:
        items = PlanItem.objects.filter(
            plan__starts_on=PLAN_2020_START, wording__startswith=wording
        )
    item = items.filter(plan__starts_on__lte=on, plan__ends_on__gte=on).first()
    if item is None:
        return
    runs = PlanRun.objects.filter(item=item)
    if item.deadline_kind != DeadlineKind.WHOLE_PERIOD:  # one run for all the years
        runs = runs.filter(academic_year=year.start_year)
    run = runs.order_by("academic_year").first()
    if run is None and item.deadline_kind == DeadlineKind.ON_DEMAND:
        run = record_run(item=item, due_on=on, responsible=None)
    if run is None or run.status == RunStatus.CANCELLED:
        return
    attach_record(run=run, record=record, user=curator, done_on=on)


def _diploma(entry: ContestEntry) -> ContentFile[bytes]:
    """A plain diploma card standing in for the scan of the real one."""
    image = Image.new("RGB", (840, 600), (255, 250, 235))
    draw = ImageDraw.Draw(image)
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont
    try:
        font = ImageFont.truetype("DejaVuSans-Bold.ttf", 48)
    except OSError:
        font = ImageFont.load_default()
    draw.rectangle((20, 20, 820, 580), outline=(150, 110, 20), width=8)
    draw.text((420, 240), "ДИПЛОМ", fill=(120, 80, 10), font=font, anchor="mm")
    draw.text((420, 330), entry.get_result_display(), fill=(60, 60, 60), font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue())
