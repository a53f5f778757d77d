"""pairs.decisions: the one way a decision is recorded, for the pools and for drafts alike."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from pairs.decisions import check_decided_on, record_decision
from pairs.models import Decision, DecisionBody

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)


def test_a_decision_of_today_or_before_is_recorded_with_its_text_trimmed() -> None:
    decision = record_decision(
        Decision(
            body=DecisionBody.PEDAGOGICAL_COUNCIL,
            number=" 7 ",
            decided_on=TODAY,
            student_council_opinion="  поддерживает ",
        ),
        today=TODAY,
    )

    decision.refresh_from_db()
    assert (decision.number, decision.student_council_opinion) == ("7", "поддерживает")


def test_a_decision_dated_in_the_future_is_refused_on_its_date_and_not_saved() -> None:
    with pytest.raises(ValidationError) as refused:
        record_decision(
            Decision(
                body=DecisionBody.WORKING_GROUP, number="8", decided_on=TODAY + dt.timedelta(1)
            ),
            today=TODAY,
        )

    assert refused.value.message_dict == {
        "decided_on": ["Дата решения не может быть в будущем: вносится уже принятое решение."]
    }
    assert not Decision.objects.exists()


def test_the_models_own_rules_hold_too() -> None:
    with pytest.raises(ValidationError) as refused:
        record_decision(Decision(body=DecisionBody.EMPLOYER, number="1", decided_on=TODAY))

    assert "partner" in refused.value.message_dict
    assert not Decision.objects.exists()


def test_no_date_is_left_to_the_models_required_field() -> None:
    check_decided_on(None, today=TODAY)
