"""Races: two people confirm or edit at the same moment (issue 4, "Capacity and races").

Each test runs the services in threads, each thread with its own PostgreSQL connection, all
released together by a barrier. The winner dawdles after its checks, before its commit (see
`slow_commits`), so the loser surely runs while the winner's transaction is still open: only
the services' row locks make the loser wait and then see what the winner did. The last test
shows that, without those locks, both would get through.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, cast

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.http import HttpResponse
from django.urls import reverse

from pairs import rules
from pairs.mentorships import services
from pairs.mentorships.services import confirm_mentorships, draft_mentorship, update_mentorship
from pairs.models import ChangeAction, Decision, Mentorship, MentorshipChange, MentorshipStatus
from registry.models import Person
from tests.conftest import client_for, rerun_data_migrations
from tests.factories import MentorProfileFactory, TeacherFactory, UserFactory
from tests.pairs.mentorships.test_drafts_and_confirmation import (
    council,
    draft_args,
    make_draft,
    student,
)
from tests.stale import is_stale

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="races need concurrent writers and row locks: run with DATABASE_URL=postgres://…",
    ),
    # Committed data, so that the threads' own connections see it.
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def formats_and_roles(transactional_db: None) -> None:
    """The data migrations' rows, which an earlier transactional test's flush removed."""
    rerun_data_migrations()


# How long a winner holds its transaction open after its checks.
DAWDLE = 0.3


@pytest.fixture(autouse=True)
def slow_commits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every service here writes its history entry last, just before it commits: waiting
    there keeps its locks (and its not yet visible changes) for a while."""
    record_change = services.record_change

    def dawdling(*args: Any, **kwargs: Any) -> Any:
        time.sleep(DAWDLE)
        return record_change(*args, **kwargs)

    monkeypatch.setattr(services, "record_change", dawdling)


def at_once(*calls: Callable[[], object]) -> list[object]:
    """Runs the calls in threads released together; returns each one's result or exception."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as error:  # noqa: BLE001 - the test asserts on whatever was raised
            outcomes[index] = error
        finally:
            connection.close()  # the thread's own connection

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hangs"
    return outcomes


def refusals(outcomes: list[object]) -> list[list[str]]:
    """The messages of the refused calls; anything else than a refusal or a result fails."""
    for outcome in outcomes:
        if isinstance(outcome, BaseException) and not isinstance(outcome, ValidationError):
            raise outcome
    return [outcome.messages for outcome in outcomes if isinstance(outcome, ValidationError)]


def statuses(*mentorships: Mentorship) -> list[str]:
    return [Mentorship.objects.get(pk=m.pk).status for m in mentorships]


def confirmation_by(user_name: str, drafts: list[Mentorship]) -> Callable[[], object]:
    user, decision = UserFactory(username=user_name), council()
    return lambda: confirm_mentorships(drafts=drafts, decision=decision, user=user)


# ---- (a) one mentor, capacity 1, two drafts, two users ------------------------------------


def test_two_users_confirming_two_drafts_of_one_mentor_cannot_exceed_the_capacity() -> None:
    first = make_draft()
    mentor = first.mentors.get()
    second = make_draft(mentors=[mentor])

    outcomes = at_once(confirmation_by("curator", [first]), confirmation_by("lead", [second]))

    (messages,) = refusals(outcomes)
    assert len(messages) == 1
    assert f"{mentor.full_name}: наибольшее число наставляемых одновременно — 1" in messages[0]
    assert "их уже 1, а с этой парой стало бы 2" in messages[0]
    assert sorted(statuses(first, second)) == [MentorshipStatus.ACTIVE, MentorshipStatus.DRAFT]
    assert len(rules.mentor_load(mentor)) == 1
    assert MentorshipChange.objects.filter(action=ChangeAction.CONFIRMED).count() == 1


# ---- (b) one mentee, one format, two drafts -----------------------------------------------


def test_two_drafts_of_one_mentee_in_one_format_confirmed_at_once_give_one_active() -> None:
    first = make_draft()
    mentee = first.mentees.get()
    second = make_draft(mentees=[mentee])

    outcomes = at_once(confirmation_by("curator", [first]), confirmation_by("lead", [second]))

    (messages,) = refusals(outcomes)
    assert len(messages) == 1
    assert (
        f"{mentee.full_name} уже состоит в действующей наставнической паре формы "
        "«педагог – студент»" in messages[0]
    )
    assert Mentorship.objects.active().filter(mentees=mentee).count() == 1


# ---- (c) the same draft confirmed twice ----------------------------------------------------


def test_the_same_draft_confirmed_twice_at_once_is_confirmed_once() -> None:
    draft = make_draft()

    outcomes = at_once(confirmation_by("curator", [draft]), confirmation_by("lead", [draft]))

    (messages,) = refusals(outcomes)
    assert messages == [f"Наставническая пара № {draft.pk} уже не черновик (статус: действует)."]
    (winner,) = [outcome for outcome in outcomes if isinstance(outcome, list)]
    confirmed = Mentorship.objects.get(pk=draft.pk)
    assert confirmed.status == MentorshipStatus.ACTIVE
    assert confirmed.decision == winner[0].decision
    assert confirmed.version == draft.version + 1
    assert draft.changes.filter(action=ChangeAction.CONFIRMED).count() == 1


# ---- (d) two edits from the same version ----------------------------------------------------


def test_two_edits_from_the_same_version_save_one_and_refuse_the_other() -> None:
    draft = make_draft()
    mentees = list(draft.mentees.all())
    editors = [UserFactory(username="curator"), UserFactory(username="lead")]
    new_mentors = [TeacherFactory(), TeacherFactory()]

    def edit(index: int) -> Callable[[], object]:
        return lambda: update_mentorship(
            draft,
            user=editors[index],
            version=draft.version,
            variant=draft.variant,
            mentors=[new_mentors[index]],
            mentees=mentees,
            started_on=draft.started_on,
            planned_end_on=draft.planned_end_on,
        )

    outcomes = at_once(edit(0), edit(1))

    assert len(refusals(outcomes)) == 1
    (refused,) = [outcome for outcome in outcomes if isinstance(outcome, ValidationError)]
    assert is_stale(refused)
    winner = 0 if isinstance(outcomes[0], Mentorship) else 1
    saved = Mentorship.objects.get(pk=draft.pk)
    assert saved.version == draft.version + 1
    assert [m.pk for m in saved.mentors.all()] == [new_mentors[winner].pk]
    (entry,) = draft.changes.filter(action=ChangeAction.EDITED)
    assert entry.changed_by == editors[winner]
    assert entry.details[0]["new"] == new_mentors[winner].full_name


# ---- no deadlock, no lost update, with many at once ----------------------------------------


def test_confirming_the_same_drafts_in_opposite_orders_does_not_deadlock() -> None:
    first, second = make_draft(), make_draft()

    outcomes = at_once(
        confirmation_by("curator", [first, second]), confirmation_by("lead", [second, first])
    )

    (messages,) = refusals(outcomes)
    assert len(messages) == 2 and all("уже не черновик" in message for message in messages)
    assert statuses(first, second) == [MentorshipStatus.ACTIVE] * 2


def test_an_edit_and_a_confirmation_of_one_draft_at_once_lose_nothing() -> None:
    """Whichever goes first, the registry holds what the edit chose: either the edit came
    first and the decision confirmed the edited draft, or the decision came first and the
    edit (made from the draft) is refused."""
    draft = make_draft()
    new_mentee = student(course=2)
    editor = UserFactory(username="lead")

    outcomes = at_once(
        confirmation_by("curator", [draft]),
        lambda: update_mentorship(
            draft,
            user=editor,
            version=draft.version,
            variant=draft.variant,
            mentors=list(draft.mentors.all()),
            mentees=[new_mentee],
            started_on=draft.started_on,
            planned_end_on=draft.planned_end_on,
        ),
    )

    confirmed = Mentorship.objects.get(pk=draft.pk)
    assert confirmed.status == MentorshipStatus.ACTIVE
    if isinstance(outcomes[1], Mentorship):  # the edit first
        assert refusals(outcomes) == []
        assert [m.pk for m in confirmed.mentees.all()] == [new_mentee.pk]
        assert confirmed.version == draft.version + 2
    else:
        assert len(refusals(outcomes)) == 1
        assert is_stale(cast(ValidationError, outcomes[1]))  # the edit, made from the draft
        assert [m.pk for m in confirmed.mentees.all()] != [new_mentee.pk]


def test_many_confirmations_and_drafts_at_once_keep_every_rule_without_deadlock() -> None:
    """Six users at once over two mentors (capacity 2) and three mentees: each confirms its
    own choice of drafts in its own order, or drafts anew; the locks are always taken in
    the same order, so nobody deadlocks, and no rule is broken in the end."""
    mentors = [TeacherFactory(), TeacherFactory()]
    for mentor in mentors:
        MentorProfileFactory(person=mentor, capacity=2)
    mentees = [student(course=2) for _ in range(3)]
    drafts = [
        make_draft(mentors=[mentor], mentees=[mentee]) for mentor in mentors for mentee in mentees
    ]
    args = draft_args() | {"mentors": mentors[::-1], "mentees": mentees[::-1]}

    outcomes = at_once(
        confirmation_by("u1", drafts[:3]),
        confirmation_by("u2", drafts[3:][::-1]),
        confirmation_by("u3", [drafts[0], drafts[4]]),
        confirmation_by("u4", [drafts[5], drafts[1]]),
        confirmation_by("u5", [drafts[2]]),
        lambda: draft_mentorship(**args),
    )

    refusals(outcomes)  # only refusals, no deadlock or other database error
    active = Mentorship.objects.active()
    assert active.exists()
    for mentor in mentors:
        assert len(rules.mentor_load(mentor)) <= 2
    for mentee in mentees:
        assert active.filter(mentees=mentee).count() <= 1
    assert MentorshipChange.objects.filter(action=ChangeAction.CONFIRMED).count() == (
        active.count()
    )


@transaction.atomic
def attach_scan_and_confirm(*, drafts: list[Mentorship], decision: Decision) -> object:
    """What a view does to confirm by a recorded decision whose scan comes only now (see
    pairs/drafting/services.py): the decision first, then the confirmation."""
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    locked.scan = SimpleUploadedFile("protocol.pdf", b"%PDF-1.4\n%%EOF\n")  # type: ignore[assignment]
    locked.save(update_fields=["scan"])
    time.sleep(DAWDLE)  # the other confirmation meanwhile takes whatever it can
    return confirm_mentorships(drafts=drafts, decision=locked, user=None)


def test_confirming_by_a_decision_while_its_scan_is_being_attached_does_not_deadlock() -> None:
    """One user attaches the scan to a decision and confirms a draft by it; another confirms
    the same draft by the same decision, still without the scan. The first one wins; the
    second is refused for the scan (and, if it came second, for the draft), without a
    deadlock between the decision's lock and the draft's."""
    draft = make_draft()
    decision = council()
    Decision.objects.filter(pk=decision.pk).update(scan="")
    decision.refresh_from_db()

    outcomes = at_once(
        lambda: attach_scan_and_confirm(drafts=[draft], decision=decision),
        lambda: confirm_mentorships(drafts=[draft], decision=decision, user=None),
    )

    (messages,) = refusals(outcomes)
    assert isinstance(outcomes[0], list), outcomes
    assert any("Приложите скан решения" in message for message in messages), messages
    assert Mentorship.objects.get(pk=draft.pk).status == MentorshipStatus.ACTIVE


# ---- (e) the same through the confirmation page ------------------------------------------

CONFIRM = reverse("drafting:drafts-confirm")


def posting(username: str, drafts: list[Mentorship], decision: Decision) -> Callable[[], object]:
    """A curator's POST of the confirmation page: the drafts, by a recorded decision."""
    client = client_for(UserFactory(username=username, roles=["curator"]))
    data = {"drafts": [d.pk for d in drafts], "basis": "existing", "decision": decision.pk}
    return lambda: client.post(CONFIRM, data)


def winner_and_loser(outcomes: list[object]) -> tuple[HttpResponse, HttpResponse]:
    assert refusals(outcomes) == []  # the page shows a refusal; it raises nothing
    responses = [cast(HttpResponse, outcome) for outcome in outcomes]
    codes = sorted(response.status_code for response in responses)
    assert codes == [200, 302], codes
    winner, loser = sorted(responses, key=lambda response: -response.status_code)
    assert winner["Location"] == reverse("mentorships:registry")
    return winner, loser


def test_two_curators_posting_drafts_of_one_mentor_cannot_exceed_the_capacity() -> None:
    first = make_draft()
    mentor = first.mentors.get()
    second = make_draft(mentors=[mentor])
    decision = council()

    outcomes = at_once(
        posting("curator", [first], decision), posting("curator2", [second], decision)
    )

    _winner, loser = winner_and_loser(outcomes)
    assert f"{mentor.full_name}: наибольшее число наставляемых одновременно — 1" in loser.text
    assert sorted(statuses(first, second)) == [MentorshipStatus.ACTIVE, MentorshipStatus.DRAFT]


def test_two_curators_posting_the_same_draft_confirm_it_once() -> None:
    draft = make_draft()
    decision = council()

    outcomes = at_once(
        posting("curator", [draft], decision), posting("curator2", [draft], decision)
    )

    _winner, loser = winner_and_loser(outcomes)
    assert f"Наставническая пара № {draft.pk} уже не черновик (статус: действует)." in loser.text
    assert statuses(draft) == [MentorshipStatus.ACTIVE]
    assert draft.changes.filter(action=ChangeAction.CONFIRMED).count() == 1


# ---- the harness finds a race where there is one -------------------------------------------


@pytest.fixture
def no_person_locks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(services, "_lock_people", lambda people: None)
    yield


@pytest.mark.usefixtures("no_person_locks")
def test_without_the_locks_on_people_both_confirmations_would_get_through() -> None:
    """The control experiment for (a): the threads do overlap, so it is the locks that
    keep the capacity above."""
    first = make_draft()
    mentor: Person = first.mentors.get()
    second = make_draft(mentors=[mentor])

    outcomes = at_once(confirmation_by("curator", [first]), confirmation_by("lead", [second]))

    assert refusals(outcomes) == []
    assert statuses(first, second) == [MentorshipStatus.ACTIVE] * 2
    assert len(rules.mentor_load(mentor)) == 2  # over the capacity of 1
