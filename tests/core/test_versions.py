"""core.versions: the one refusal of a stale write and the tokens it compares."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from core.versions import STALE, lock_at_version, row_fingerprint, stale_write
from programs.models import Event
from tests.factories import EventFactory


def test_the_refusal_names_the_record_and_has_its_code() -> None:
    refusal = stale_write("встречу 15.10.2025")

    assert refusal.code == STALE
    assert "встречу 15.10.2025" in refusal.messages[0]


@pytest.mark.django_db
def test_the_token_of_a_row_changes_with_any_of_its_fields() -> None:
    event = EventFactory()
    before = row_fingerprint(event)

    Event.objects.filter(pk=event.pk).update(place="Актовый зал")

    assert row_fingerprint(Event.objects.get(pk=event.pk)) != before
    assert row_fingerprint(Event.objects.get(pk=event.pk), ["title"]) == row_fingerprint(
        event, ["title"]
    )


@pytest.mark.django_db
def test_a_row_at_its_token_is_locked_and_returned() -> None:
    event = EventFactory()

    locked = lock_at_version(
        Event.objects.all(), event.pk, seen=row_fingerprint(event), what="мероприятие"
    )

    assert locked == event


@pytest.mark.django_db
@pytest.mark.parametrize("seen", ["", None, "0123456789abcdef"])
def test_a_row_at_another_token_is_refused(seen: str | None) -> None:
    event = EventFactory()

    with pytest.raises(ValidationError) as excinfo:
        lock_at_version(Event.objects.all(), event.pk, seen=seen, what="мероприятие")

    assert excinfo.value.code == STALE


@pytest.mark.django_db
def test_a_row_deleted_meanwhile_is_refused() -> None:
    event = EventFactory()
    seen = row_fingerprint(event)
    Event.objects.filter(pk=event.pk).delete()

    with pytest.raises(ValidationError) as excinfo:
        lock_at_version(Event.objects.all(), event.pk, seen=seen, what="мероприятие")

    assert excinfo.value.code == STALE
