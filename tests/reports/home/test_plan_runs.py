"""The home page's plan items: none of a plan whose period has ended, and a sub-item named
with its parent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from programs.models import PlanItem
from tests.conftest import client_for
from tests.factories import ActionPlanFactory, PlanItemFactory, PlanRunFactory, PlanSectionFactory

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def item_of(plan_ends_on: dt.date, **fields: object) -> PlanItem:
    plan = ActionPlanFactory(starts_on=plan_ends_on - dt.timedelta(days=1500), ends_on=plan_ends_on)
    return PlanItemFactory(section=PlanSectionFactory(plan=plan), **fields)


def test_overdue_runs_of_a_closed_plan_leave_the_home_page(curator: User) -> None:
    today = timezone.localdate()
    dead = PlanRunFactory(
        item=item_of(today - dt.timedelta(days=1)), due_on=today - dt.timedelta(days=400)
    )
    alive = PlanRunFactory(
        item=item_of(today + dt.timedelta(days=365)), due_on=today - dt.timedelta(days=5)
    )

    response = client_for(curator).get(HOME)

    assert response.context["runs_overdue"] == [alive]
    assert response.context["runs_overdue_count"] == 1
    assert reverse("actionplan:run-detail", args=[dead.pk]) not in response.text
    # The closed plan's page still shows the run.
    plan_page = client_for(curator).get(reverse("actionplan:plan-detail", args=[dead.item.plan_id]))
    assert reverse("actionplan:run-detail", args=[dead.pk]) in plan_page.text


def test_a_plan_ending_today_is_still_on_the_home_page(curator: User) -> None:
    today = timezone.localdate()
    run = PlanRunFactory(item=item_of(today), due_on=today - dt.timedelta(days=3))

    assert client_for(curator).get(HOME).context["runs_overdue"] == [run]


def test_a_sub_item_is_named_with_its_parent_on_the_home_page(methodist: User) -> None:
    today = timezone.localdate()
    parent = item_of(today + dt.timedelta(days=365), number="3.1", wording="Обучение наставников")
    child = PlanItemFactory(
        section=parent.section, parent=parent, number="3.1.1.", wording="студентов"
    )
    child.responsible_roles.set(Group.objects.filter(name="methodist"))
    PlanRunFactory(item=child, due_on=today - dt.timedelta(days=3))

    response = client_for(methodist).get(HOME)

    assert "3.1.1. Обучение наставников: студентов" in response.text
