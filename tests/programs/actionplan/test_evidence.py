"""A record of this site as the evidence of a run (`attach_record`), and links to its page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from programs.actionplan.evidence import record_url
from programs.actionplan.services import attach_record
from programs.models import RunEvidence, RunStatus
from tests.conftest import client_for
from tests.factories import ContestEntryFactory, EventFactory, PlanRunFactory

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
