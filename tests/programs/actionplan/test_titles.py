"""A run listed outside its plan names a sub-item with its parent's wording."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from programs.models import PlanItem
from tests.conftest import client_for
from tests.factories import PlanItemFactory, PlanRunFactory

pytestmark = pytest.mark.django_db


def sub_item() -> PlanItem:
    parent = PlanItemFactory(number="9.1", wording="Обучение кураторов.")
    child = PlanItemFactory(
        section=parent.section, parent=parent, number="9.1.1.", wording="заочников"
    )
    child.responsible_roles.set(Group.objects.filter(name="methodist"))
    return child


def test_a_sub_item_reads_with_its_parent() -> None:
    assert sub_item().title_in_context() == "9.1.1. Обучение кураторов: заочников"


def test_an_item_without_a_parent_reads_as_itself() -> None:
    item = PlanItemFactory(number="1.3", wording="Формирование пар")

    assert item.title_in_context() == "1.3 Формирование пар"


def test_my_items_name_a_sub_item_with_its_parent(
    methodist: User, django_assert_max_num_queries: object
) -> None:
    for _ in range(3):
        PlanRunFactory(item=sub_item())
    client = client_for(methodist)
    client.get(reverse("actionplan:my-runs"))

    # The parents come with the runs: no query per run.
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        response = client.get(reverse("actionplan:my-runs"))

    assert response.text.count("9.1.1. Обучение кураторов: заочников") == 3


def test_a_runs_page_names_a_sub_item_with_its_parent(methodist: User) -> None:
    run = PlanRunFactory(item=sub_item())

    response = client_for(methodist).get(reverse("actionplan:run-detail", args=[run.pk]))

    assert "9.1.1. Обучение кураторов: заочников" in response.text
