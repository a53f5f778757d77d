"""Races on meetings (issue 16, «Meetings overwrite each other»): several people save the
same meeting from the same form at once, and a double click logs one meeting twice at once.

As in tests/pairs/mentorships/test_races.py: threads with their own PostgreSQL connections,
released together; the winner dawdles before its commit, so the others surely run while its
transaction is open.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from core.versions import row_fingerprint
from pairs.models import ChangeAction, Meeting, MeetingFormat
from pairs.work import services
from pairs.work.services import log_meeting, update_meeting
from tests.conftest import rerun_data_migrations
from tests.factories import MentorshipFactory, UserFactory
from tests.pairs.mentorships.test_races import at_once, refusals
from tests.stale import is_stale

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="races need concurrent writers and row locks: run with DATABASE_URL=postgres://…",
    ),
    pytest.mark.django_db(transaction=True),
]

DAWDLE = 0.3


@pytest.fixture(autouse=True)
def formats_and_roles(transactional_db: None) -> None:
    rerun_data_migrations()


@pytest.fixture(autouse=True)
def slow_commits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The meeting services write their history entry last, just before they commit."""
    record_change = services.record_change

    def dawdling(*args: Any, **kwargs: Any) -> Any:
        time.sleep(DAWDLE)
        return record_change(*args, **kwargs)

    monkeypatch.setattr(services, "record_change", dawdling)


def meeting_args(**changes: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "held_on": dt.date(2025, 10, 15),
        "duration_minutes": 45,
        "format": MeetingFormat.IN_PERSON,
        "topic": "Знакомство",
        "notes": "",
    }
    return args | changes


def test_five_edits_of_a_meeting_from_one_form_save_one_and_refuse_the_others() -> None:
    mentorship = MentorshipFactory()
    meeting = log_meeting(mentorship, user=None, **meeting_args())
    seen = row_fingerprint(Meeting.objects.get(pk=meeting.pk))

    def edit(index: int) -> Callable[[], object]:
        user = UserFactory(username=f"editor{index}")
        topic = f"Тема {index}"
        return lambda: update_meeting(meeting, user=user, seen=seen, **meeting_args(topic=topic))

    outcomes = at_once(*(edit(index) for index in range(5)))

    assert len(refusals(outcomes)) == 4
    assert all(is_stale(outcome) for outcome in outcomes if isinstance(outcome, ValidationError))
    (winner,) = [index for index, outcome in enumerate(outcomes) if isinstance(outcome, Meeting)]
    assert Meeting.objects.get(pk=meeting.pk).topic == f"Тема {winner}"
    (entry,) = mentorship.changes.filter(action=ChangeAction.MEETING_CHANGED)
    assert entry.changed_by is not None and entry.changed_by.username == f"editor{winner}"


def test_a_double_click_at_once_logs_one_meeting() -> None:
    mentorship = MentorshipFactory()
    user = UserFactory()

    def click() -> object:
        return log_meeting(mentorship, user=user, **meeting_args())

    outcomes = at_once(click, click)

    assert refusals(outcomes) == []
    assert {outcome.pk for outcome in outcomes if isinstance(outcome, Meeting)} == {
        mentorship.meetings.get().pk
    }
    assert mentorship.changes.filter(action=ChangeAction.MEETING_LOGGED).count() == 1
