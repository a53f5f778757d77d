"""The monitoring report of a year with a region's data: freezing the snapshots, gathering
the sections, rendering the PDF (with its trend charts) and the region's XLSX.

Run: DEBUG=1 .venv/bin/python bench/monitoring_report.py [--pairs N] [--answers M]
     (default 10 000 pairs and 50 000 answers, the data of bench/indicators.py and
     bench/monitoring_results.py)
Works on a throw-away test database (SQLite, or DATABASE_URL's server with a test_ prefix).
Two past years of snapshots are added so that every trend chart has three points.

Prints the time and queries of each step once (the PDF twice: with the charts drawn, then
with them from the cache, as a second print of the same data has them).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from bench.indicators import DAY, YEAR  # noqa: E402  # sets Django up
from bench.indicators import build as build_pairs  # noqa: E402
from bench.monitoring_results import build as build_answers  # noqa: E402
from demo.monitoring_history import load_monitoring_history  # noqa: E402
from programs.models import Organization  # noqa: E402
from reports.documents.monitoring_regional import monitoring_regional_xlsx  # noqa: E402
from reports.documents.monitoring_report import monitoring_report_pdf  # noqa: E402
from reports.models import MonitoringReport  # noqa: E402
from reports.monitoring.report.content import report_content  # noqa: E402
from reports.monitoring.report.snapshots import freeze_snapshots  # noqa: E402


def step(label: str, work: Callable[[], Any]) -> Any:
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        result = work()
        elapsed = time.perf_counter() - started
    size = f"{len(result) / 1024:>8.0f}" if isinstance(result, bytes) else f"{'':>8}"
    print(f"{label:<34} {elapsed * 1000:>10.0f} {len(captured):>8} {size}")
    return result


def main(pairs: int, answers: int) -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        organization = Organization.load()
        organization.full_name = "КГБПОУ «Чегдомынский горно-технологический техникум»"
        organization.curator_name = "Васильев Андрей Сергеевич"
        organization.director_name = "Соколова Елена Викторовна"
        organization.save()
        started = time.perf_counter()
        rows = build_pairs(pairs)
        made = build_answers(answers)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(
            f"{connection.vendor}: {pairs} pairs, {rows} rows, {made} answers "
            f"(built in {time.perf_counter() - started:.1f} s)"
        )
        load_monitoring_history(YEAR, None, None, years=2)
        report = MonitoringReport.objects.create(
            academic_year=YEAR.start_year,
            reference_date=DAY,
            conclusions="Выводы.",
            recommendations="Рекомендации.",
        )
        print(f"{'step':<34} {'ms':>10} {'queries':>8} {'KiB':>8}")
        snapshots = step("freeze the snapshots", lambda: freeze_snapshots(report))
        content = step("gather the sections", lambda: report_content(report))
        cache.clear()
        step("PDF (charts drawn)", lambda: monitoring_report_pdf(report, content=content))
        step("PDF (charts cached)", lambda: monitoring_report_pdf(report, content=content))
        step("XLSX", lambda: monitoring_regional_xlsx(report, content=content))
        total_started = time.perf_counter()
        cache.clear()
        monitoring_report_pdf(report)
        monitoring_regional_xlsx(report)
        print(
            f"{len(snapshots)} snapshots; the whole approval's documents from scratch "
            f"(sections twice, charts drawn): {time.perf_counter() - total_started:.1f} s"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--answers", type=int, default=50_000)
    arguments = parser.parse_args()
    main(arguments.pairs, arguments.answers)
