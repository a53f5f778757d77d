"""Drafting from the pool: the suggested mentors for a mentee as the mentor pool grows.

Run: DEBUG=1 .venv/bin/python bench/drafting.py [candidates ...]   (default: 3 30 300)
Works on a throw-away test database (SQLite, or DATABASE_URL's server with a test_ prefix).
The pool of «студент – студент» gets N mentors (students, a tenth of them on the mentee's
course and so not offered), each with a mentor profile, a third of them with an active pair
and a fifth with a completed mentor training. Prints, for each size, the median of 5
rankings (`rank_mentors`), of 5 requests of the page's suggestions (htmx) and their queries.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_site.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench._table import median_ms, row  # noqa: E402
from core.dates import AcademicYear  # noqa: E402
from pairs.drafting.suggestions import rank_mentors  # noqa: E402
from pairs.models import Mentorship, ParticipantRole  # noqa: E402
from registry.models import Person  # noqa: E402
from tests.factories import (  # noqa: E402
    DecisionFactory,
    MentorProfileFactory,
    MentorshipFactory,
    PoolEntryFactory,
    QualificationCourseFactory,
    StudentFactory,
    StudyGroupFactory,
    format_of,
    variant_of,
)

settings.ALLOWED_HOSTS = ["testserver"]
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

YEAR = AcademicYear(2025)
START = dt.date(2025, 10, 1)
TARGET_MS = 200
INTERESTS = ["математика, физика", "программирование на Python", "горное дело, геология"]


def grow_pool(candidates: int, mentee: Person) -> None:
    """Adds mentors to the pool up to `candidates` in all."""
    fmt = format_of("student_student")
    have = Person.objects.filter(pool_entries__role=ParticipantRole.MENTOR).count()
    decision = DecisionFactory()
    senior, same = StudyGroupFactory(name="ГР-3", course=3), StudyGroupFactory(name="ГР-1")
    for index in range(have, candidates):
        mentor = StudentFactory(group=same if index % 10 == 9 else senior)
        PoolEntryFactory(person=mentor, role=ParticipantRole.MENTOR, decision=decision)
        # Each profile its own text, so that no cache of words flatters the ranking.
        competencies = f"{INTERESTS[index % 3]}, проект{index}"
        MentorProfileFactory(person=mentor, competencies=competencies, capacity=3)
        if index % 3 == 0:
            MentorshipFactory(format=fmt, mentors=[mentor], mentees=[StudentFactory()])
        if index % 5 == 0:
            QualificationCourseFactory(
                person=mentor, is_mentor_training=True, covers_disabilities=False
            )


def measure(candidates: int, mentee: Person, client: Client) -> tuple[float, int, float]:
    """Median ms of the ranking and of the page's suggestions, and the page's queries."""

    def rank() -> None:
        ranking = rank_mentors(
            format=format_of("student_student"),
            variant=variant_of("student_student", "achiever_underachiever"),
            mentees=[mentee],
            started_on=START,
            academic_year=YEAR,
        )
        assert len(ranking.suggestions) + len(ranking.not_offered) == candidates

    query = {
        "format": "student_student",
        "year": str(YEAR.start_year),
        "mentees": str(mentee.pk),
        "started_on": START.isoformat(),
    }
    url = reverse("drafting:drafting")

    offered = candidates - candidates // 10

    def page() -> None:
        response = client.get(url, query, headers={"HX-Request": "true"})
        assert response.status_code == 200, response.status_code
        assert response.content.count(b'name="mentors"') == offered

    rank()
    page()
    with CaptureQueriesContext(connection) as captured:
        page()
    return median_ms(rank, 5), len(captured), median_ms(page, 5)


def main(sizes: list[int]) -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        curator = User.objects.create_user("bench-curator")
        curator.groups.add(Group.objects.get(name="curator"))
        client = Client()
        client.force_login(curator)
        mentee = StudentFactory(group=StudyGroupFactory(name="ГР-1", course=1))
        PoolEntryFactory(
            person=mentee,
            variant=variant_of("student_student", "achiever_underachiever"),
            request="Помощь с математикой и программированием",
        )
        print(f"database: {connection.vendor}")
        print(f"{'candidates':>10} {'ranking ms':>11} {'page ms':>9} {'page queries':>13}")
        figures = {}
        for size in sorted(sizes):
            grow_pool(size, mentee)
            figures[size] = measure(size, mentee, client)
            ranking_ms, queries, page_ms = figures[size]
            print(f"{size:>10} {ranking_ms:>11.1f} {page_ms:>9.1f} {queries:>13}")
        assert Mentorship.objects.exists()
        smallest, largest = min(figures), max(figures)
        small_queries, large_queries = figures[smallest][1], figures[largest][1]
        row(
            f"drafting: page queries, {largest} vs {smallest} candidates",
            f"{large_queries} queries",
            f"{small_queries} queries",
            f"{large_queries / small_queries:.2f}×",
            "≤ 1.0× (constant)",
            large_queries <= small_queries,
        )
        page_ms = figures[largest][2]
        row(
            f"drafting: suggestions page, {largest} candidates",
            f"{page_ms:.0f} ms",
            "—",
            "—",
            f"< {TARGET_MS} ms",
            page_ms < TARGET_MS,
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [3, 30, 300])
