"""Plan execution report (PDF): time, queries and peak memory for a plan of N items × 5 runs.

Run: DEBUG=1 .venv/bin/python bench/plan_report.py [items ...]   (default: 40)
Works on a throw-away test database (SQLite, or DATABASE_URL's server with a test_ prefix).
Time is the median of 3 requests; «py peak» is tracemalloc's peak of Python allocations
during one more request (Pango's and cairo's own memory is not in it); «max RSS» is the
process's resident high-water mark so far.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import statistics
import sys
import time
import tracemalloc
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

from programs.models import (  # noqa: E402
    ActionPlan,
    DeadlineKind,
    Organization,
    PlanItem,
    PlanRun,
    PlanSection,
    RunEvidence,
    RunStatus,
)

settings.ALLOWED_HOSTS = ["testserver"]
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Plain static storage: the bench needs no collectstatic manifest.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

RUNS_PER_ITEM = 5
ITEMS_PER_SECTION = 8
STATUSES = [RunStatus.DONE, RunStatus.DONE, RunStatus.IN_PROGRESS, RunStatus.PLANNED]


def make_plan(items: int) -> ActionPlan:
    """A 2020–2025 plan with `items` items, each run in five academic years, with evidence."""
    plan = ActionPlan.objects.create(
        title=f"Комплекс мер по совершенствованию наставничества ({items} мероприятий)",
        starts_on=dt.date(2020, 9, 1),
        ends_on=dt.date(2025, 8, 31),
    )
    section = None
    for index in range(items):
        if index % ITEMS_PER_SECTION == 0:
            number = index // ITEMS_PER_SECTION + 1
            section = PlanSection.objects.create(
                plan=plan, number=str(number), position=number, title=f"Раздел плана {number}"
            )
        assert section is not None
        item = PlanItem.objects.create(
            plan=plan,
            section=section,
            number=f"{section.number}.{index % ITEMS_PER_SECTION + 1}",
            position=index,
            wording="Формирование базы наставников: студентов – педагогическим советом, "
            "рабочей группой по представлению кураторов и преподавателей",
            deadline_kind=DeadlineKind.YEARLY_MONTH,
            deadline_month=10,
            deadline_text="октябрь (уточнение ежегодно)",
            responsible_text="куратор программы, методист",
        )
        for year in range(2020, 2020 + RUNS_PER_ITEM):
            status = STATUSES[(index + year) % len(STATUSES)]
            run = PlanRun.objects.create(
                item=item,
                academic_year=year,
                due_on=dt.date(year, 10, 31),
                status=status,
                done_on=dt.date(year, 10, 20) if status == RunStatus.DONE else None,
                comment="Проведено заседание рабочей группы" if year % 2 else "",
            )
            if status == RunStatus.DONE:
                RunEvidence.objects.create(
                    run=run, title=f"Протокол № {index + 1}", url="https://example.org/p"
                )
    return plan


def measure(client: Client, url: str, repeat: int = 3) -> tuple[float, int, int, float]:
    """Median seconds, queries, PDF bytes, and tracemalloc's peak in MiB of one more run."""
    timings = []
    queries = size = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        queries, size = len(captured), len(response.content)
    tracemalloc.start()
    client.get(url)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(timings), queries, size, peak / 2**20


def max_rss_mib() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(sizes: list[int]) -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        organization = Organization.load()
        organization.full_name = (
            "Краевое государственное бюджетное профессиональное образовательное учреждение "
            "«Чегдомынский горно-технологический техникум»"
        )
        organization.short_name = "КГБПОУ ЧГТТ"
        organization.curator_name = "Васильев Андрей Сергеевич"
        organization.save()
        curator = User.objects.create_user("bench-curator")
        curator.groups.add(Group.objects.get(name="curator"))
        client = Client()
        client.force_login(curator)
        print(f"database: {connection.vendor}; rss before: {max_rss_mib():.0f} MiB")
        print(
            f"{'items':>6} {'runs':>6} {'median ms':>10} {'queries':>8} {'PDF KiB':>8} "
            f"{'py peak MiB':>12} {'max RSS MiB':>12}"
        )
        for items in sizes:
            plan = make_plan(items)
            url = reverse("documents:plan-report", args=[plan.pk])
            client.get(url)  # warm-up: fonts, templates, the CSS
            median, queries, size, peak = measure(client, url)
            print(
                f"{items:>6} {items * RUNS_PER_ITEM:>6} {median * 1000:>10.0f} {queries:>8} "
                f"{size / 1024:>8.0f} {peak:>12.1f} {max_rss_mib():>12.0f}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [40])
