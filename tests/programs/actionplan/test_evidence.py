"""A record of this site as the evidence of a run (`attach_record`), and links to its page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from programs.actionplan.evidence import record_url
from programs.actionplan.selectors import runs_to_count
from programs.actionplan.services import attach_record
from programs.models import DeadlineKind, RunEvidence, RunStatus
from tests.conftest import client_for
from tests.factories import (
    ContestEntryFactory,
    EventFactory,
    PlanItemFactory,
    PlanRunFactory,
    PublicationFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db


def test_a_record_becomes_the_evidence_and_the_run_is_done(curator: User) -> None:
    run = PlanRunFactory()
    entry = ContestEntryFactory()

    evidence = attach_record(run=run, record=entry, user=curator, done_on=dt.date(2026, 3, 1))

    run.refresh_from_db()
    assert (run.status, run.done_on) == (RunStatus.DONE, dt.date(2026, 3, 1))
    assert evidence.content_type == ContentType.objects.get_for_model(entry)
    assert evidence.object_id == entry.pk
    assert evidence.title == entry.contest
    assert evidence.created_by == curator


def test_attaching_twice_keeps_one_evidence_and_the_first_date(curator: User) -> None:
    run = PlanRunFactory()
    entry = ContestEntryFactory()
    attach_record(run=run, record=entry, user=curator, done_on=dt.date(2026, 3, 1))

    attach_record(run=run, record=entry, user=curator, done_on=dt.date(2026, 4, 1))

    run.refresh_from_db()
    assert run.evidence.count() == 1
    assert run.done_on == dt.date(2026, 3, 1)


def test_without_a_date_the_run_keeps_its_status(curator: User) -> None:
    run = PlanRunFactory()

    attach_record(run=run, record=ContestEntryFactory(), user=curator)

    run.refresh_from_db()
    assert run.status == RunStatus.PLANNED


def test_someone_not_answering_for_the_run_is_refused(teacher: User) -> None:
    run = PlanRunFactory()

    with pytest.raises(ValidationError):
        attach_record(run=run, record=ContestEntryFactory(), user=teacher, done_on=None)

    assert not RunEvidence.objects.exists()


def test_a_role_the_item_names_may_attach(methodist: User) -> None:
    run = PlanRunFactory()
    run.item.responsible_roles.add(Group.objects.get(name="methodist"))

    attach_record(run=run, record=ContestEntryFactory(), user=methodist)

    assert run.evidence.count() == 1


def test_a_cancelled_run_is_refused(curator: User) -> None:
    run = PlanRunFactory(status=RunStatus.CANCELLED)

    with pytest.raises(ValidationError):
        attach_record(run=run, record=ContestEntryFactory(), user=curator)

    assert not RunEvidence.objects.exists()
    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED


def test_records_link_to_their_pages(curator: User) -> None:
    event = EventFactory()
    plan = PlanRunFactory()

    assert record_url(event) == f"/events/{event.pk}/"
    assert record_url(plan) is None  # a kind of record that is not evidence


def test_the_run_page_links_the_record_it_points_to(curator: User) -> None:
    run = PlanRunFactory()
    event = EventFactory()
    attach_record(run=run, record=event, user=curator)

    response = client_for(curator).get(f"/program/plan/runs/{run.pk}/")

    assert response.status_code == 200
    record_link = response.context["evidence"][0][2]
    assert record_link == f"/events/{event.pk}/"
    assert f'href="{record_link}"' in response.text


# --- Counting a record for a run from the record's page ---------------------------------------


def _count_url(record: object) -> str:
    content_type = ContentType.objects.get_for_model(record)  # type: ignore[arg-type]
    return f"/program/plan/records/{content_type.pk}/{record.pk}/count/"  # type: ignore[attr-defined]


def _run_of(day: dt.date) -> object:
    year = day.year if day.month >= 9 else day.year - 1
    return PlanRunFactory(academic_year=year, due_on=day + dt.timedelta(days=10))


def test_the_methodist_counts_a_training_for_a_run(methodist: User) -> None:
    session = TrainingSessionFactory(held_on=dt.date(2025, 3, 14))
    run = _run_of(session.held_on)
    run.item.responsible_roles.add(Group.objects.get(name="methodist"))
    client = client_for(methodist)

    page = client.get(f"/program/training/{session.pk}/")
    response = client.post(_count_url(session), {"run": run.pk, "mark_done": "on"})

    assert run.pk in [
        choice.value for choice, _label in page.context["form"]["run"].field.choices if choice
    ]
    assert response.status_code == 302
    assert response["Location"] == f"/program/training/{session.pk}/"
    run.refresh_from_db()
    assert (run.status, run.done_on) == (RunStatus.DONE, session.held_on)
    assert run.evidence.get().object_id == session.pk
    shown = client.get(f"/program/training/{session.pk}/")
    assert f"/program/plan/runs/{run.pk}/" in shown.text


def test_counting_without_marking_done_keeps_the_status(curator: User) -> None:
    entry = ContestEntryFactory(submitted_on=dt.date(2024, 3, 1))
    run = _run_of(entry.submitted_on)

    client_for(curator).post(_count_url(entry), {"run": run.pk})

    run.refresh_from_db()
    assert run.status == RunStatus.PLANNED
    assert run.evidence.count() == 1


def test_a_run_the_user_does_not_answer_for_is_refused(lead: User) -> None:
    publication = PublicationFactory()
    run = _run_of(publication.published_on)

    response = client_for(lead).post(_count_url(publication), {"run": run.pk, "mark_done": "on"})

    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == RunStatus.PLANNED
    assert not RunEvidence.objects.exists()


def test_counting_needs_the_right_to_view_the_record(teacher: User) -> None:
    session = TrainingSessionFactory()
    run = _run_of(session.held_on)

    response = client_for(teacher).post(_count_url(session), {"run": run.pk})

    assert response.status_code == 403
    assert not RunEvidence.objects.exists()


def test_counting_needs_the_right_to_add_evidence(outsider: User) -> None:
    session = TrainingSessionFactory()

    assert client_for(outsider).post(_count_url(session), {}).status_code == 403


def test_counting_a_missing_record_or_a_kind_without_pages(curator: User) -> None:
    session = TrainingSessionFactory()
    content_type = ContentType.objects.get_for_model(session)
    client = client_for(curator)

    assert client.post(f"/program/plan/records/{content_type.pk}/999999/count/").status_code == 404
    run = PlanRunFactory()
    assert client.post(_count_url(run), {"run": run.pk}).status_code == 404
    assert client.post("/program/plan/records/999999/1/count/").status_code == 404


def test_counting_refuses_get(curator: User) -> None:
    assert client_for(curator).get(_count_url(TrainingSessionFactory())).status_code == 405


def test_a_viewer_sees_the_runs_but_no_form(director: User, curator: User) -> None:
    session = TrainingSessionFactory()
    run = _run_of(session.held_on)
    attach_record(run=run, record=session, user=curator)

    page = client_for(director).get(f"/program/training/{session.pk}/")

    assert f"/program/plan/runs/{run.pk}/" in page.text
    assert _count_url(session) not in page.text


def test_a_measure_of_the_whole_period_is_offered_whatever_the_year(curator: User) -> None:
    item = PlanItemFactory(deadline_kind=DeadlineKind.WHOLE_PERIOD, deadline_month=None)
    run = PlanRunFactory(item=item, academic_year=item.plan.starts_on.year, due_on=None)
    later = item.plan.ends_on - dt.timedelta(days=30)

    assert run in runs_to_count(curator, later)
    assert run not in runs_to_count(curator, item.plan.ends_on + dt.timedelta(days=1))
