"""Results of monitoring: a questionnaire's results page as the answers of a cycle grow.

Run: DEBUG=1 .venv/bin/python bench/monitoring_results.py [--answers N]
     (default 10 000 answers)
Works on a throw-away test database (SQLite, or DATABASE_URL's server with a test_ prefix).
Rows are inserted in bulk: mentorships of «студент – студент», each mentee with the entry and
exit growth questionnaires and the final wave's process questionnaire, every item answered
(a fifth of the open items left empty), a tenth of the assignments declined for lack of
consent. On PostgreSQL the tables are then ANALYZEd, as autovacuum would have them.

Prints one line: the answers in the cycle, then the median time of 5 requests and the
queries of the curator's results page of the process questionnaire (final wave) and of the
growth exit questionnaire (with the entry/exit comparison), all formats.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

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

from pairs.models import Decision, DecisionBody, Mentorship, MentorshipStatus  # noqa: E402
from programs.models import MentoringFormat  # noqa: E402
from registry.models import Person, PersonKind  # noqa: E402
from reports.models import (  # noqa: E402
    Answer,
    AnswerChannel,
    Assignment,
    AssignmentState,
    DeclineReason,
    MonitoringCycle,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
    Wave,
    new_token,
)

settings.ALLOWED_HOSTS = ["testserver"]
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Plain static storage: the bench needs no collectstatic manifest.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

YEAR = 2025
# The questionnaires each mentee answers, in their waves.
ASKED = [
    ("mentee-growth-entry", Wave.ENTRY),
    ("mentee-growth-exit", Wave.EXIT),
    ("mentee-process", Wave.FINAL),
]


def value_of(question: Question, n: int) -> dict[str, Any]:
    """An answer to the question, varied by `n`."""
    kind = question.kind
    if kind == QuestionKind.SCALE:
        return {"number": Decimal(n * 7 % 10 + 1)}
    if kind == QuestionKind.YES_NO:
        return {"number": Decimal(n % 3 != 0)}
    if kind == QuestionKind.SINGLE:
        return {"number": Decimal(n % max(len(question.choices), 1))}
    if kind == QuestionKind.MULTIPLE:
        return {"selected": sorted({n % max(len(question.choices), 1), 0})}
    if kind == QuestionKind.NUMBER:
        return {"number": Decimal(3 + n % 2)}
    return {"text": "" if n % 5 == 0 else f"Ответ № {n}: встречи были полезны."}


def build(answers_wanted: int) -> int:
    """A cycle with about `answers_wanted` answers; returns how many were made."""
    cycle = MonitoringCycle.objects.create(academic_year=YEAR, closes_on=dt.date(YEAR + 1, 8, 31))
    questionnaires = {
        q.code: q for q in Questionnaire.objects.filter(code__in=[c for c, _ in ASKED])
    }
    questions: dict[str, list[Question]] = {}
    versions: dict[str, int] = {}
    for code, questionnaire in questionnaires.items():
        version = questionnaire.versions.get(is_current=True)
        versions[code] = version.pk
        questions[code] = list(version.questions.order_by("position"))
    per_mentee = sum(len(questions[code]) for code, _ in ASKED)
    # A tenth of the mentees are declined and answer nothing.
    mentees = max(round(answers_wanted * 10 / (per_mentee * 9)), 1)

    student_student = MentoringFormat.objects.get(code="student_student")
    decision = Decision.objects.create(
        body=DecisionBody.PEDAGOGICAL_COUNCIL, number="1", decided_on=dt.date(YEAR, 9, 15)
    )
    people = Person.objects.bulk_create(
        [
            Person(
                kind=PersonKind.STUDENT,
                last_name=f"Студентов{n}",
                first_name="Иван",
                search_name=f"студентов{n} иван",
            )
            for n in range(mentees)
        ],
        batch_size=1000,
    )
    mentorships = Mentorship.objects.bulk_create(
        [
            Mentorship(
                format=student_student,
                decision=decision,
                started_on=dt.date(YEAR, 10, 1),
                planned_end_on=dt.date(YEAR + 1, 6, 30),
                status=MentorshipStatus.ACTIVE,
            )
            for _ in range(mentees)
        ],
        batch_size=1000,
    )
    Mentorship.mentees.through.objects.bulk_create(
        [
            Mentorship.mentees.through(mentorship_id=m.pk, person_id=p.pk)
            for m, p in zip(mentorships, people, strict=True)
        ],
        batch_size=1000,
    )
    assignments = []
    for n, (mentorship, person) in enumerate(zip(mentorships, people, strict=True)):
        declined = n % 10 == 9
        for code, wave in ASKED:
            assignments.append(
                Assignment(
                    cycle=cycle,
                    questionnaire=questionnaires[code],
                    wave=wave,
                    mentorship=mentorship,
                    person=person,
                    format=student_student,
                    due_on=cycle.closes_on,
                    state=AssignmentState.DECLINED if declined else AssignmentState.ANSWERED,
                    decline_reason=DeclineReason.NO_CONSENT if declined else "",
                    token=new_token(),
                )
            )
    Assignment.objects.bulk_create(assignments, batch_size=1000)
    answered = [a for a in assignments if a.state == AssignmentState.ANSWERED]
    responses = Response.objects.bulk_create(
        [
            Response(
                assignment=a,
                questionnaire_version_id=versions[a.questionnaire.code],
                channel=AnswerChannel.LINK,
            )
            for a in answered
        ],
        batch_size=1000,
    )
    rows = []
    for n, response in enumerate(responses):
        for question in questions[response.assignment.questionnaire.code]:
            rows.append(Answer(response=response, question=question, **value_of(question, n)))
    Answer.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def measure(client: Client, url: str) -> tuple[float, int]:
    client.get(url)  # warm-up: templates, the CSS
    timings = []
    queries = 0
    for _ in range(5):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
    return statistics.median(timings) * 1000, queries


def main(answers_wanted: int) -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        made = build(answers_wanted)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        built = time.perf_counter() - started
        curator = User.objects.create_user("bench-curator")
        curator.groups.add(Group.objects.get(name="curator"))
        client = Client()
        client.force_login(curator)
        process_ms, process_queries = measure(
            client, reverse("monitoring-results:detail", args=[YEAR, "mentee-process", "final"])
        )
        exit_ms, exit_queries = measure(
            client, reverse("monitoring-results:detail", args=[YEAR, "mentee-growth-exit", "exit"])
        )
        print(
            f"{connection.vendor}: {made} answers (built in {built:.1f} s); results page "
            f"mentee-process/final {process_ms:.0f} ms, {process_queries} queries; "
            f"mentee-growth-exit/exit {exit_ms:.0f} ms, {exit_queries} queries"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=10_000)
    main(parser.parse_args().answers)
