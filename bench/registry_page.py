"""Registry page: time and query count as the number of mentorships grows.

Run: DEBUG=1 .venv/bin/python bench/registry_page.py [rows ...]   (default: 100 1000 5000)
Works on a throw-away test database (SQLite, or DATABASE_URL's server with a test_ prefix).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
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

from pairs.models import Decision, DecisionBody, Mentorship, MentorshipStatus  # noqa: E402
from programs.models import MentoringFormat  # noqa: E402
from registry.models import Teacher  # noqa: E402

settings.ALLOWED_HOSTS = ["testserver"]
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def grow_to(rows: int) -> None:
    """Adds teacher_teacher mentorships (one mentor, two mentees) up to `rows` in all."""
    have = Mentorship.objects.count()
    if have >= rows:
        return
    mentoring_format = MentoringFormat.objects.get(code="teacher_teacher")
    decision, _ = Decision.objects.get_or_create(
        body=DecisionBody.PEDAGOGICAL_COUNCIL, number="1", decided_on=dt.date(2025, 9, 1)
    )
    for index in range(have, rows):
        people = [
            Teacher.objects.create(
                last_name=f"Педагогов{index}-{k}", first_name="Иван", position="teacher"
            )
            for k in range(3)
        ]
        mentorship = Mentorship.objects.create(
            format=mentoring_format,
            decision=decision,
            started_on=dt.date(2025, 10, 1),
            planned_end_on=dt.date(2026, 6, 30),
            status=MentorshipStatus.ACTIVE,
        )
        mentorship.mentors.add(people[0])
        mentorship.mentees.add(*people[1:])


def measure(client: Client, repeat: int = 5) -> tuple[float, int]:
    timings = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get("/pairs/", {"sort": "-started_on"})
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200
        queries = len(captured)
    return statistics.median(timings), queries


def main(sizes: list[int]) -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        curator = User.objects.create_user("bench-curator")
        curator.groups.add(Group.objects.get(name="curator"))
        client = Client()
        client.force_login(curator)
        print(f"database: {connection.vendor}")
        print(f"{'mentorships':>12} {'median ms':>10} {'queries':>8}")
        for size in sizes:
            grow_to(size)
            client.get("/pairs/")
            median, queries = measure(client)
            print(f"{size:>12} {median * 1000:>10.1f} {queries:>8}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [100, 1000, 5000])
