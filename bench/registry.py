"""Pair registry: the page, its XLSX and its PDF as the number of mentorships grows.

Run: DEBUG=1 .venv/bin/python bench/registry.py [--pdf N ...] [--page N ...] [--floor N]
     (default: PDF and XLSX at 100 1000 5000 mentorships, the page at those and 10000, and
     the page against its floor at 1000; under `make bench` (BENCH_TABLE=1) the floor only)
Works on a throw-away test database (SQLite, or DATABASE_URL's server with a test_ prefix).
Rows are inserted in bulk (a mentor and two mentees each, a third of them «педагог – студент»
pairs of students with a variant), so 10 000 mentorships take seconds to make; on PostgreSQL
the tables are then ANALYZEd, as autovacuum would have them.

Page and XLSX times are medians of 5 and 3 requests; the PDF's is the median of 3 (1 from 2000
rows up). «py peak» is tracemalloc's peak of Python allocations during one more PDF request
(Pango's and cairo's own memory is not in it); «max RSS» is the process's resident
high-water mark so far, so it only grows from one size to the next.

«Floor»: the page of 50 rows (newest first) against the same view with its table written by
hand in a plain template (bench/_registry_by_hand.py), requested in turns, 15 each; the
medians and their ratio make the bench table's row (target 1.3×).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import resource
import statistics
import subprocess  # noqa: S404 - pdfinfo counts the pages
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_site.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench._table import ratio_row  # noqa: E402
from pairs.models import Decision, DecisionBody, Mentorship, MentorshipStatus  # noqa: E402
from programs.models import FormatVariant, MentoringFormat, Organization  # noqa: E402
from registry.models import Person, Specialty, Student, StudyGroup, Teacher  # noqa: E402

settings.ALLOWED_HOSTS = ["testserver"]
# The site's URLs and the hand-written floor of the registry page; its template.
settings.ROOT_URLCONF = "bench._registry_by_hand"
settings.TEMPLATES[0]["DIRS"] = [
    *settings.TEMPLATES[0]["DIRS"],
    Path(__file__).resolve().parent / "templates",
]
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The documents are measured as rendered while the user waits, at every size (the site sends
# a selection over DOCUMENTS_AT_ONCE_MAX_ROWS to the background, reports/background/).
settings.DOCUMENTS_AT_ONCE_MAX_ROWS = 10**9
# Plain static storage: the bench needs no collectstatic manifest.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LAST_NAMES = ["Иванов", "Ёлкин", "Смирнов", "Кузнецов", "Попов", "Яковлев", "Соколов", "Лебедев"]
FIRST_NAMES = ["Андрей", "Пётр", "Илья", "Сергей", "Алексей", "Дмитрий"]


def insert_people(model: type[Person], people: list[Person]) -> list[int]:
    """Inserts people of one kind in bulk. `bulk_create` refuses a multi-table model, so the
    Person rows go through it and the kind's own rows through one executemany."""
    parents = Person.objects.bulk_create(
        [
            Person(
                kind=model.KIND,
                last_name=person.last_name,
                first_name=person.first_name,
                patronymic=person.patronymic,
                search_name=" ".join(person.full_name.lower().replace("ё", "е").split()),
            )
            for person in people
        ],
        batch_size=500,
    )
    fields = model._meta.local_concrete_fields
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    rows = []
    for parent, person in zip(parents, people, strict=True):
        person.person_ptr_id = parent.pk  # type: ignore[attr-defined]
        rows.append(
            [field.get_db_prep_save(getattr(person, field.attname), connection) for field in fields]
        )
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608 - names from the model
    return [parent.pk for parent in parents]


def grow_to(rows: int) -> None:
    """Adds mentorships up to `rows` in all: two thirds «педагог – педагог» (teachers), one
    third «педагог – студент» with a variant (a teacher and two students); a fifth completed."""
    have = Mentorship.objects.count()
    if have >= rows:
        return
    teacher_teacher = MentoringFormat.objects.get(code="teacher_teacher")
    teacher_student = MentoringFormat.objects.get(code="teacher_student")
    variants = list(FormatVariant.objects.filter(format=teacher_student).order_by("position"))
    decision, _ = Decision.objects.get_or_create(
        body=DecisionBody.PEDAGOGICAL_COUNCIL, number="1", decided_on=dt.date(2025, 9, 1)
    )
    specialty, _ = Specialty.objects.get_or_create(code="21.02.15", defaults={"title": "ОГР"})
    groups = [
        StudyGroup.objects.get_or_create(
            name=f"ГР-{number}", defaults={"specialty": specialty, "course": number % 4 + 1}
        )[0]
        for number in range(20)
    ]

    def name(index: int, k: int) -> dict[str, str]:
        return {
            "last_name": f"{LAST_NAMES[(index + k) % len(LAST_NAMES)]}{index}",
            "first_name": FIRST_NAMES[(index * 3 + k) % len(FIRST_NAMES)],
            "patronymic": "Сергеевич",
        }

    indexes = range(have, rows)
    mentor_ids = insert_people(
        Teacher, [Teacher(position="teacher", **name(index, 0)) for index in indexes]
    )
    student_pairs = [index % 3 == 2 for index in indexes]
    mentee_people: list[tuple[type[Person], Person]] = []
    for index, of_students in zip(indexes, student_pairs, strict=True):
        for k in (1, 2):
            if of_students:
                group = groups[(index + k) % len(groups)]
                mentee_people.append((Student, Student(group=group, **name(index, k))))
            else:
                mentee_people.append((Teacher, Teacher(position="teacher", **name(index, k))))
    mentee_ids: list[int] = [0] * len(mentee_people)
    for model in (Teacher, Student):
        positions = [i for i, (kind, _) in enumerate(mentee_people) if kind is model]
        ids = insert_people(model, [mentee_people[i][1] for i in positions])
        for position, pk in zip(positions, ids, strict=True):
            mentee_ids[position] = pk

    mentorships = []
    for index, of_students in zip(indexes, student_pairs, strict=True):
        completed = index % 5 == 4
        mentorships.append(
            Mentorship(
                format=teacher_student if of_students else teacher_teacher,
                variant=variants[index % len(variants)] if of_students else None,
                decision=decision,
                started_on=dt.date(2024 + index % 2, 10, 1),
                planned_end_on=dt.date(2025 + index % 2, 6, 30),
                ended_on=dt.date(2025 + index % 2, 5, 15) if completed else None,
                status=MentorshipStatus.COMPLETED if completed else MentorshipStatus.ACTIVE,
            )
        )
    created = Mentorship.objects.bulk_create(mentorships, batch_size=500)
    mentor_links = Mentorship.mentors.through
    mentee_links = Mentorship.mentees.through
    mentor_links.objects.bulk_create(
        [
            mentor_links(mentorship_id=mentorship.pk, person_id=mentor)
            for mentorship, mentor in zip(created, mentor_ids, strict=True)
        ],
        batch_size=1000,
    )
    mentee_links.objects.bulk_create(
        [
            mentee_links(mentorship_id=mentorship.pk, person_id=mentee_ids[2 * n + k])
            for n, mentorship in enumerate(created)
            for k in (0, 1)
        ],
        batch_size=1000,
    )


def timed(request: Callable[[], HttpResponse], repeat: int) -> tuple[float, int, HttpResponse]:
    """Median seconds and the queries of the last request."""
    timings = []
    queries = 0
    response = HttpResponse()
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = request()
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
    return statistics.median(timings), queries, response


def page_count(pdf: bytes) -> str:
    """The PDF's number of pages as poppler's pdfinfo reads it ("?" without poppler-utils)."""
    try:
        info = subprocess.run(
            ["pdfinfo", "-"],  # noqa: S607 - poppler-utils, as the tests use it
            input=pdf,
            capture_output=True,
            check=True,
        ).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    return match.group(1) if match else "?"


def max_rss_mib() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def page_figures(client: Client, size: int) -> None:
    for label, query in [
        ("newest first", {}),
        ("by mentor", {"sort": "mentors"}),
        ("by mentee, desc", {"sort": "-mentees"}),
        ("year + search", {"year": "2025", "q": "иванов"}),
    ]:
        client.get("/pairs/", query)
        median, queries, _ = timed(lambda q=query: client.get("/pairs/", q), 5)  # type: ignore[misc]
        print(f"{'page':>6} {size:>7} {label:>16} {median * 1000:>10.1f} {queries:>8}")


FLOOR_ROWS = 50
FLOOR_TARGET = 1.3


def floor_figures(client: Client, size: int) -> None:
    """The page against the same rows by hand, in turns so that the load of the machine
    weighs on both alike; one row of the bench table."""
    query = {"per_page": str(FLOOR_ROWS)}
    page, by_hand = [], []
    for _ in range(3):  # warm-up
        client.get("/pairs/", query)
        client.get("/bench/registry-by-hand/", query)
    for _ in range(15):
        page.append(timed(lambda: client.get("/pairs/", query), 1)[0] * 1000)
        by_hand.append(timed(lambda: client.get("/bench/registry-by-hand/", query), 1)[0] * 1000)
    ratio_row(
        f"registry page, {FLOOR_ROWS} of {size} rows, {connection.vendor}",
        statistics.median(page),
        statistics.median(by_hand),
        FLOOR_TARGET,
        baseline_name="hand-written template",
    )


def document_figures(client: Client, size: int) -> None:
    xlsx = reverse("documents:registry-xlsx")
    pdf = reverse("documents:registry-pdf")
    median, queries, response = timed(lambda: client.get(xlsx), 3)
    kib = len(response.content) / 1024
    print(f"{'xlsx':>6} {size:>7} {'all':>16} {median * 1000:>10.1f} {queries:>8} {kib:>8.0f}")
    median, queries, response = timed(lambda: client.get(pdf), 1 if size >= 2000 else 3)
    tracemalloc.start()
    client.get(pdf)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    pages = page_count(response.content)
    print(
        f"{'pdf':>6} {size:>7} {'all':>16} {median * 1000:>10.1f} {queries:>8} "
        f"{len(response.content) / 1024:>8.0f} {pages:>6} {peak / 2**20:>11.1f} "
        f"{max_rss_mib():>11.0f}"
    )


def main(pdf_sizes: list[int], page_sizes: list[int], floor_sizes: list[int]) -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        organization = Organization.load()
        organization.full_name = (
            "Краевое государственное бюджетное профессиональное образовательное учреждение "
            "«Чегдомынский горно-технологический техникум»"
        )
        organization.short_name = "КГБПОУ ЧГТТ"
        organization.director_name = "Соколова Елена Викторовна"
        organization.curator_name = "Васильев Андрей Сергеевич"
        organization.save()
        # The methodist sees every mentorship with the special variants masked: the costlier
        # path of the two.
        methodist = User.objects.create_user("bench-methodist")
        methodist.groups.add(Group.objects.get(name="methodist"))
        client = Client()
        client.force_login(methodist)
        print(f"database: {connection.vendor}; rss before: {max_rss_mib():.0f} MiB")
        print(
            f"{'what':>6} {'rows':>7} {'how':>16} {'median ms':>10} {'queries':>8} "
            f"{'KiB':>8} {'pages':>6} {'py peak MiB':>11} {'max RSS MiB':>11}"
        )
        for size in sorted(set(pdf_sizes) | set(page_sizes) | set(floor_sizes)):
            started = time.perf_counter()
            grow_to(size)
            if connection.vendor == "postgresql":
                # Statistics as autovacuum keeps them: without them, right after a bulk insert,
                # PostgreSQL plans the name-sort subquery with a scan of every person per row.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            print(f"# {size} mentorships made in {time.perf_counter() - started:.1f} s")
            if size in page_sizes:
                page_figures(client, size)
            if size in floor_sizes:
                floor_figures(client, size)
            if size in pdf_sizes:
                # Warm-up (fonts, templates, the CSS): an empty selection.
                client.get(reverse("documents:registry-pdf"), {"status": "terminated"})
                document_figures(client, size)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def parse(argv: list[str]) -> Any:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=int, nargs="*", default=[100, 1000, 5000])
    parser.add_argument("--page", type=int, nargs="*", default=[100, 1000, 5000, 10000])
    parser.add_argument("--floor", type=int, nargs="*", default=[1000])
    if os.environ.get("BENCH_TABLE"):
        # `make bench`: the bench table's row only (the PDF has bench/registry_pdf.py).
        parser.set_defaults(pdf=[], page=[])
    return parser.parse_args(argv)


if __name__ == "__main__":
    arguments = parse(sys.argv[1:])
    main(arguments.pdf, arguments.page, arguments.floor)
