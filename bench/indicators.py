"""The indicators: all of them on a reference date as the program grows.

Run: DEBUG=1 .venv/bin/python bench/indicators.py [--pairs N] [--answers M]
     (default 10 000 pairs and the 50 000 answers of bench/monitoring_results.py's cycle)
Works on a throw-away test database (SQLite, or DATABASE_URL's server with a test_ prefix).
Rows are inserted in bulk: 2N studying students (a twentieth without a date of birth) paired
as N «студент – студент» mentorships, a tenth of them completed and a twentieth ended early
in the year, a meeting for every other one; N/10 teachers; the answers of
bench/monitoring_results.py. On PostgreSQL the tables are then ANALYZEd.

Prints one line: the rows, then the median time of 5 computations of every indicator
(`indicator_values`) and its number of queries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from bench.monitoring_results import build as build_answers  # noqa: E402  # sets Django up
from core.dates import AcademicYear  # noqa: E402
from pairs.models import (  # noqa: E402
    Decision,
    DecisionBody,
    Meeting,
    Mentorship,
    MentorshipStatus,
    TerminationReason,
)
from programs.models import MentoringFormat  # noqa: E402
from registry.models import Person, PersonKind, Specialty, StudyGroup  # noqa: E402
from reports.monitoring.indicators.selectors import indicator_values  # noqa: E402

DAY = dt.date(2026, 3, 15)
YEAR = AcademicYear(2025)


def _people(kind: str, count: int, prefix: str) -> list[Person]:
    return Person.objects.bulk_create(
        [
            Person(
                kind=kind,
                last_name=f"{prefix}{n}",
                first_name="Иван",
                search_name=f"{prefix.lower()}{n} иван",
                birth_date=None if n % 20 == 0 else dt.date(2004 + n % 8, 1 + n % 12, 1 + n % 28),
            )
            for n in range(count)
        ],
        batch_size=1000,
    )


def build(pairs: int) -> int:
    """`pairs` mentorships of two students each, and teachers; returns the rows made."""
    group = StudyGroup.objects.create(
        name="Б-1", course=2, specialty=Specialty.objects.create(code="00.00.00", title="Б")
    )
    students = _people(PersonKind.STUDENT, 2 * pairs, "Студентов")
    # A student is a person with a row of its own: bulk_create cannot make the child rows.
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO registry_student (person_ptr_id, group_id, status) VALUES (%s, %s, %s)",
            [(person.pk, group.pk, "studying") for person in students],
        )
    teachers = _people(PersonKind.TEACHER, max(pairs // 10, 1), "Педагогов")
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO registry_teacher (person_ptr_id, position, pedagogical_experience_since)"
            " VALUES (%s, %s, %s)",
            [
                (person.pk, "teacher", dt.date(2010 + n % 16, 9, 1))
                for n, person in enumerate(teachers)
            ],
        )
    decision = Decision.objects.create(
        body=DecisionBody.PEDAGOGICAL_COUNCIL, number="И-1", decided_on=dt.date(2025, 9, 15)
    )
    student_student = MentoringFormat.objects.get(code="student_student")
    mentorships = []
    for n in range(pairs):
        status, ended, reason, comment = MentorshipStatus.ACTIVE, None, "", ""
        if n % 10 == 0:
            status, ended = MentorshipStatus.COMPLETED, dt.date(2026, 2, 1)
        elif n % 20 == 1:
            status, ended = MentorshipStatus.TERMINATED, dt.date(2026, 1, 15)
            reason, comment = TerminationReason.MENTEE_REQUEST, "По просьбе."
        mentorships.append(
            Mentorship(
                format=student_student,
                decision=decision,
                started_on=dt.date(2025, 10, 1),
                planned_end_on=dt.date(2026, 6, 30),
                ended_on=ended,
                status=status,
                termination_reason=reason,
                termination_comment=comment,
            )
        )
    Mentorship.objects.bulk_create(mentorships, batch_size=1000)
    through_mentors, through_mentees = Mentorship.mentors.through, Mentorship.mentees.through
    through_mentors.objects.bulk_create(
        [
            through_mentors(mentorship_id=m.pk, person_id=students[2 * n].pk)
            for n, m in enumerate(mentorships)
        ],
        batch_size=1000,
    )
    through_mentees.objects.bulk_create(
        [
            through_mentees(mentorship_id=m.pk, person_id=students[2 * n + 1].pk)
            for n, m in enumerate(mentorships)
        ],
        batch_size=1000,
    )
    Meeting.objects.bulk_create(
        [
            Meeting(
                mentorship=m, held_on=DAY - dt.timedelta(days=n % 60), duration_minutes=45,
                format="in_person", topic="Встреча",
            )
            for n, m in enumerate(mentorships)
            if n % 2 == 0
        ],
        batch_size=1000,
    )  # fmt: skip
    return len(students) + len(teachers) + 3 * len(mentorships) + len(mentorships) // 2


def main(pairs: int, answers: int) -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        rows = build(pairs)
        made = build_answers(answers)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        built = time.perf_counter() - started
        indicator_values(day=DAY, year=YEAR)  # warm-up
        timings = []
        queries = 0
        for _ in range(5):
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                results = indicator_values(day=DAY, year=YEAR)
                timings.append(time.perf_counter() - began)
            queries = len(captured)
        running = next(r for r in results if r.indicator.code == "mentorships_running")
        print(
            f"{connection.vendor}: {pairs} pairs, {rows} rows and {made} answers (built in "
            f"{built:.1f} s); all {len(results)} indicators in "
            f"{statistics.median(timings) * 1000:.0f} ms, {queries} queries "
            f"(running on {DAY:%d.%m.%Y}: {running.computed.numerator})"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--answers", type=int, default=50_000)
    arguments = parser.parse_args()
    main(arguments.pairs, arguments.answers)
