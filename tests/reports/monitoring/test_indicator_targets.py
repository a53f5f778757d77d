"""The curator's table of a plan's targets by indicator and year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from programs.actionplan.services import create_default_targets
from programs.models import ActionPlan, Indicator, IndicatorTarget
from tests.conftest import client_for
from tests.factories import ActionPlanFactory
from tests.stale import refused_as_stale, seen_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan() -> ActionPlan:
    plan = ActionPlanFactory(starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2027, 8, 31))
    create_default_targets(plan)
    return plan


def url(plan: ActionPlan) -> str:
    return reverse("indicators:targets", args=[plan.pk])


def name(code: str, year: int) -> str:
    return f"target_{Indicator.objects.get(code=code).pk}_{year}"


def target(plan: ActionPlan, code: str, year: int) -> IndicatorTarget | None:
    return IndicatorTarget.objects.filter(
        plan=plan, indicator__code=code, academic_year=year
    ).first()


def posted(client: Client, plan: ActionPlan, **changes: object) -> dict[str, object]:
    """The form as shown, with `changes` by field name."""
    form = client.get(url(plan)).context["form"]
    data = {field.html_name: field.value() if field.value() is not None else "" for field in form}
    data.update(changes)
    return data


def test_the_curator_sees_every_indicator_for_each_year(curator: User, plan: ActionPlan) -> None:
    response = client_for(curator).get(url(plan))

    assert response.status_code == 200
    form = response.context["form"]
    assert len(form.rows()) == Indicator.objects.count()
    assert form[name("students_15_19", 2026)].value() == Decimal("70.00")
    assert form[name("mentors_encouraged", 2025)].value() is None


def test_the_curator_changes_sets_and_clears_targets(curator: User, plan: ActionPlan) -> None:
    client = client_for(curator)
    data = posted(
        client,
        plan,
        **{
            name("students_15_19", 2025): "75",
            name("mentors_encouraged", 2026): "50.5",
            name("ended_early", 2025): "",
        },
    )

    response = client.post(url(plan), data)

    assert response.status_code == 302
    changed = target(plan, "students_15_19", 2025)
    assert changed is not None
    assert (changed.value, changed.version) == (Decimal(75), 2)
    assert target(plan, "mentors_encouraged", 2026).value == Decimal("50.5")  # type: ignore[union-attr]
    assert target(plan, "ended_early", 2025) is None
    assert target(plan, "students_15_19", 2026).version == 1  # type: ignore[union-attr]


def test_a_share_over_100_percent_is_refused(curator: User, plan: ActionPlan) -> None:
    client = client_for(curator)
    data = posted(client, plan, **{name("students_15_19", 2025): "120"})

    response = client.post(url(plan), data)

    assert response.status_code == 200
    assert response.context["form"].has_error(name("students_15_19", 2025))
    assert target(plan, "students_15_19", 2025).value == Decimal(70)  # type: ignore[union-attr]


def test_a_stale_table_is_refused_and_changes_nothing(curator: User, plan: ActionPlan) -> None:
    client = client_for(curator)
    seen = seen_on(client, url(plan))
    data = posted(client, plan, seen=seen, **{name("students_15_19", 2025): "75"})
    # Someone else saves a target meanwhile.
    IndicatorTarget.objects.filter(
        plan=plan, indicator__code="plan_execution", academic_year=2026
    ).update(value=Decimal(90), version=2)

    response = client.post(url(plan), data)

    assert refused_as_stale(response)
    assert target(plan, "students_15_19", 2025).value == Decimal(70)  # type: ignore[union-attr]


def test_a_table_without_its_token_is_refused(curator: User, plan: ActionPlan) -> None:
    client = client_for(curator)
    data = posted(client, plan, seen="", **{name("students_15_19", 2025): "75"})

    assert refused_as_stale(client.post(url(plan), data))


def test_the_director_may_not_edit_targets(director: User, plan: ActionPlan) -> None:
    assert client_for(director).get(url(plan)).status_code == 403


def test_an_unknown_plan_is_not_found(curator: User) -> None:
    assert client_for(curator).get(reverse("indicators:targets", args=[999])).status_code == 404


def test_the_table_takes_only_get_and_post(curator: User, plan: ActionPlan) -> None:
    assert client_for(curator).put(url(plan)).status_code == 405


def test_a_new_plan_gets_the_default_targets(curator: User) -> None:
    data = {
        "title": "Комплекс мер на 2026 – 2028 гг.",
        "starts_on": "2026-09-01",
        "ends_on": "2028-08-31",
        "approved_by": "",
    }

    response = client_for(curator).post(reverse("actionplan:plan-create"), data)

    assert response.status_code == 302
    plan = ActionPlan.objects.get(title=data["title"])
    assert IndicatorTarget.objects.filter(plan=plan).count() == 14 * 2
