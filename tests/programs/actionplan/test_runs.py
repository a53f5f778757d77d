"""Runs of plan items: which runs each kind of deadline yields, recording, and «overdue»."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.dates import AcademicYear
from programs.actionplan.services import create_runs, planned_runs, record_run
from programs.models import (
    DISPLAY_STATUS_LABELS,
    ActionPlan,
    DeadlineKind,
    PlanItem,
    PlanRun,
    RunStatus,
)
from tests.factories import ActionPlanFactory, PlanItemFactory, PlanRunFactory, PlanSectionFactory

pytestmark = pytest.mark.django_db

D = dt.date


def _deadline(kind: str, month: int | None = None, year: int | None = None) -> dict[str, object]:
    return {"deadline_kind": kind, "deadline_month": month, "deadline_year": year}


# The deadline fields of each kind as the plan 2020 – 2024 writes them.
FIXED_DECEMBER = _deadline(DeadlineKind.FIXED_MONTH, 12, 2020)
FIXED_JANUARY = _deadline(DeadlineKind.FIXED_MONTH, 1, 2021)
YEARLY_MARCH = _deadline(DeadlineKind.YEARLY_MONTH, 3)
YEARLY_OCTOBER = _deadline(DeadlineKind.YEARLY_MONTH, 10)
YEARLY_FEBRUARY_FROM_2021 = _deadline(DeadlineKind.YEARLY_MONTH, 2, 2021)
BY_SCHEDULE = _deadline(DeadlineKind.BY_SCHEDULE)
WHOLE_PERIOD = _deadline(DeadlineKind.WHOLE_PERIOD)
ON_DEMAND = _deadline(DeadlineKind.ON_DEMAND)
NO_DEADLINE = _deadline("")


@pytest.fixture
def plan(db: None) -> ActionPlan:
    return ActionPlanFactory(starts_on=D(2020, 12, 1), ends_on=D(2024, 12, 31))


def _item(
    plan: ActionPlan, deadline: dict[str, object], roles: list[str] | None = None
) -> PlanItem:
    item = PlanItemFactory(section=PlanSectionFactory(plan=plan), **deadline)
    if roles:
        item.responsible_roles.set(Group.objects.filter(name__in=roles))
    return item


def _runs(item: PlanItem) -> list[tuple[int, dt.date | None]]:
    return list(
        item.runs.order_by("academic_year", "due_on").values_list("academic_year", "due_on")
    )


# --- Which runs each kind of deadline yields --------------------------------------------


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        (FIXED_DECEMBER, [(2020, D(2020, 12, 31))]),
        (FIXED_JANUARY, [(2020, D(2021, 1, 31))]),
        (
            YEARLY_MARCH,
            [
                (2020, D(2021, 3, 31)),
                (2021, D(2022, 3, 31)),
                (2022, D(2023, 3, 31)),
                (2023, D(2024, 3, 31)),
            ],
        ),
        (
            # October 2020 is before the plan starts (1 December 2020).
            YEARLY_OCTOBER,
            [
                (2021, D(2021, 10, 31)),
                (2022, D(2022, 10, 31)),
                (2023, D(2023, 10, 31)),
                (2024, D(2024, 10, 31)),
            ],
        ),
        (
            YEARLY_FEBRUARY_FROM_2021,
            [
                (2020, D(2021, 2, 28)),
                (2021, D(2022, 2, 28)),
                (2022, D(2023, 2, 28)),
                (2023, D(2024, 2, 29)),
            ],
        ),
        (
            BY_SCHEDULE,
            [
                (2020, D(2021, 8, 31)),
                (2021, D(2022, 8, 31)),
                (2022, D(2023, 8, 31)),
                (2023, D(2024, 8, 31)),
                (2024, D(2024, 12, 31)),
            ],
        ),
        (WHOLE_PERIOD, [(2020, D(2024, 12, 31))]),
        (ON_DEMAND, []),
        (NO_DEADLINE, []),
    ],
    ids=[
        "fixed-december",
        "fixed-january",
        "yearly-march",
        "yearly-october",
        "yearly-february-from-2021",
        "by-schedule",
        "whole-period",
        "on-demand",
        "no-deadline",
    ],
)
def test_planned_runs_per_kind(
    plan: ActionPlan, deadline: dict[str, object], expected: list[tuple[int, dt.date]]
) -> None:
    item = _item(plan, deadline)
    assert planned_runs(item) == expected
    assert create_runs(item) == len(expected)
    assert _runs(item) == expected
    assert set(item.runs.values_list("status", flat=True)) <= {RunStatus.PLANNED}


def test_yearly_first_year_skips_earlier_occurrences(plan: ActionPlan) -> None:
    item = _item(plan, {**YEARLY_FEBRUARY_FROM_2021, "deadline_year": 2023})
    assert planned_runs(item) == [(2022, D(2023, 2, 28)), (2023, D(2024, 2, 29))]


def test_yearly_month_at_the_plan_edges(plan: ActionPlan) -> None:
    """December falls in the plan's first and last months, both included."""
    item = _item(plan, {**YEARLY_MARCH, "deadline_month": 12})
    assert [due for _year, due in planned_runs(item)] == [
        D(2020, 12, 31),
        D(2021, 12, 31),
        D(2022, 12, 31),
        D(2023, 12, 31),
        D(2024, 12, 31),
    ]


def test_create_runs_is_idempotent(plan: ActionPlan) -> None:
    item = _item(plan, BY_SCHEDULE)
    assert create_runs(item) == 5
    assert create_runs(item) == 0
    assert item.runs.count() == 5
    item.runs.filter(academic_year=2022).delete()
    assert create_runs(item) == 1
    assert _runs(item) == planned_runs(item)


def test_create_runs_leaves_worked_runs_alone(plan: ActionPlan) -> None:
    item = _item(plan, WHOLE_PERIOD)
    create_runs(item)
    item.runs.update(status=RunStatus.IN_PROGRESS, comment="идёт")
    assert create_runs(item) == 0
    assert list(item.runs.values_list("status", "comment")) == [(RunStatus.IN_PROGRESS, "идёт")]


def test_runs_of_the_loaded_plan_are_the_planned_ones() -> None:
    """The data migration repeats the rules of `planned_runs`; both must agree item by item."""
    seeded = ActionPlan.objects.get(starts_on=D(2020, 12, 1), ends_on=D(2024, 12, 31))
    items = list(seeded.items.all())
    assert len(items) == 30
    for item in items:
        assert _runs(item) == planned_runs(item), item.number or item.wording
        assert create_runs(item) == 0
    assert PlanRun.objects.filter(item__plan=seeded).count() == sum(
        len(planned_runs(item)) for item in items
    )
    march = seeded.items.get(number="3.1.1.")
    assert [due for _year, due in _runs(march)] == [D(year, 3, 31) for year in range(2021, 2025)]


# --- Recording on-demand runs -----------------------------------------------------------


def test_record_run_for_an_on_demand_item(plan: ActionPlan, methodist: User) -> None:
    item = _item(plan, ON_DEMAND)
    assert create_runs(item) == 0
    run = record_run(
        item=item, due_on=D(2022, 10, 15), responsible=methodist, comment="новый педагог"
    )
    assert (run.academic_year, run.due_on, run.status) == (2022, D(2022, 10, 15), "planned")
    assert (run.responsible, run.comment) == (methodist, "новый педагог")
    assert list(item.runs.all()) == [run]


def _plan_of_today() -> ActionPlan:
    today = timezone.localdate()
    return ActionPlanFactory(
        starts_on=today - dt.timedelta(days=400), ends_on=today + dt.timedelta(days=400)
    )


def test_record_run_without_a_due_date_takes_the_current_year() -> None:
    item = _item(_plan_of_today(), ON_DEMAND)
    run = record_run(item=item, due_on=None, responsible=None, comment="")
    assert run.academic_year == AcademicYear.current().start_year
    assert run.due_on is None


@pytest.mark.parametrize("due_on", [None, D(2099, 1, 1), D(2020, 11, 30)])
def test_record_run_refuses_a_day_outside_the_plan(
    plan: ActionPlan, due_on: dt.date | None
) -> None:
    item = _item(plan, ON_DEMAND)
    with pytest.raises(ValidationError) as refusal:
        record_run(item=item, due_on=due_on, responsible=None, comment="")
    assert refusal.value.error_list[0].code == "outside_period"
    assert not item.runs.exists()


@pytest.mark.parametrize(
    "deadline", [FIXED_DECEMBER, YEARLY_MARCH, BY_SCHEDULE, WHOLE_PERIOD, NO_DEADLINE]
)
def test_record_run_refuses_other_kinds(
    plan: ActionPlan, curator: User, deadline: dict[str, object]
) -> None:
    item = _item(plan, deadline)
    with pytest.raises(ValidationError) as refusal:
        record_run(item=item, due_on=D(2022, 1, 10), responsible=curator, comment="")
    assert refusal.value.error_list[0].code == "not_on_demand"
    assert not item.runs.exists()


# --- Overdue ----------------------------------------------------------------------------


def _overdue_in_queryset(run: PlanRun, today: dt.date) -> bool:
    return PlanRun.objects.overdue(today).filter(pk=run.pk).exists()


def _assert_overdue_from(run: PlanRun, first_overdue_day: dt.date) -> None:
    last_day_in_time = first_overdue_day - dt.timedelta(days=1)
    assert not run.is_overdue(last_day_in_time)
    assert not _overdue_in_queryset(run, last_day_in_time)
    assert run.display_status(last_day_in_time) == "planned"
    assert run.is_overdue(first_overdue_day)
    assert _overdue_in_queryset(run, first_overdue_day)
    assert run.display_status(first_overdue_day) == "overdue"


@pytest.mark.parametrize(
    ("deadline", "due", "first_overdue_day"),
    [
        (FIXED_DECEMBER, D(2020, 12, 31), D(2021, 1, 1)),
        (YEARLY_MARCH, D(2022, 3, 31), D(2022, 4, 1)),
        (YEARLY_OCTOBER, D(2021, 10, 31), D(2021, 11, 1)),
        (YEARLY_FEBRUARY_FROM_2021, D(2024, 2, 29), D(2024, 3, 1)),
        (BY_SCHEDULE, D(2021, 8, 31), D(2021, 9, 1)),
        (BY_SCHEDULE, D(2024, 12, 31), D(2025, 1, 1)),
        (WHOLE_PERIOD, D(2024, 12, 31), D(2025, 1, 1)),
    ],
    ids=[
        "fixed-december-into-january",
        "yearly-march",
        "yearly-october",
        "yearly-february-leap-day",
        "by-schedule-into-new-academic-year",
        "by-schedule-last-run-capped-at-plan-end",
        "whole-period-into-2025",
    ],
)
def test_generated_run_turns_overdue_the_day_after_it_is_due(
    plan: ActionPlan, deadline: dict[str, object], due: dt.date, first_overdue_day: dt.date
) -> None:
    item = _item(plan, deadline)
    create_runs(item)
    _assert_overdue_from(item.runs.get(due_on=due), first_overdue_day)


def test_a_late_yearly_run_does_not_make_the_next_year_late(plan: ActionPlan) -> None:
    item = _item(plan, YEARLY_MARCH)
    create_runs(item)
    day = D(2022, 4, 1)
    late = set(PlanRun.objects.overdue(day).filter(item=item).values_list("due_on", flat=True))
    assert late == {D(2021, 3, 31), D(2022, 3, 31)}
    assert not item.runs.get(due_on=D(2023, 3, 31)).is_overdue(day)


def test_a_by_schedule_run_is_late_in_the_next_academic_year_only(plan: ActionPlan) -> None:
    item = _item(plan, BY_SCHEDULE)
    create_runs(item)
    late = PlanRun.objects.overdue(D(2021, 9, 1)).filter(item=item)
    assert list(late.values_list("academic_year", flat=True)) == [2020]


def test_on_demand_run_with_a_due_date_turns_overdue(plan: ActionPlan) -> None:
    run = record_run(item=_item(plan, ON_DEMAND), due_on=D(2021, 12, 31), responsible=None)
    _assert_overdue_from(run, D(2022, 1, 1))


def test_on_demand_run_without_a_due_date_is_never_overdue() -> None:
    run = record_run(item=_item(_plan_of_today(), ON_DEMAND), due_on=None, responsible=None)
    for day in (D(2021, 1, 1), D(2025, 1, 1), D(2099, 12, 31)):
        assert not run.is_overdue(day)
        assert not _overdue_in_queryset(run, day)
        assert run.display_status(day) == "planned"


def test_in_progress_run_past_due_is_overdue(plan: ActionPlan) -> None:
    run = PlanRunFactory(
        item=_item(plan, FIXED_DECEMBER),
        academic_year=2020,
        due_on=D(2020, 12, 31),
        status=RunStatus.IN_PROGRESS,
    )
    assert run.display_status(D(2020, 12, 31)) == "in_progress"
    assert run.display_status(D(2021, 1, 1)) == "overdue"


@pytest.mark.parametrize(
    ("status", "done_on"),
    [(RunStatus.DONE, D(2021, 2, 10)), (RunStatus.CANCELLED, None)],
)
def test_done_and_cancelled_runs_are_never_overdue(
    plan: ActionPlan, status: str, done_on: dt.date | None
) -> None:
    run = PlanRunFactory(
        item=_item(plan, FIXED_DECEMBER),
        academic_year=2020,
        due_on=D(2020, 12, 31),
        status=status,
        done_on=done_on,
    )
    for day in (D(2021, 1, 1), D(2030, 1, 1)):
        assert not run.is_overdue(day)
        assert not _overdue_in_queryset(run, day)
        assert run.display_status(day) == status


def test_overdue_defaults_to_the_local_date(plan: ActionPlan) -> None:
    today = timezone.localdate()
    item = _item(plan, ON_DEMAND)
    yesterday = PlanRunFactory(item=item, due_on=today - dt.timedelta(days=1))
    due_today = PlanRunFactory(item=item, due_on=today)
    assert yesterday.is_overdue()
    assert not due_today.is_overdue()
    assert yesterday.display_status() == "overdue"
    assert due_today.display_status() == "planned"
    assert list(PlanRun.objects.overdue().filter(item=item)) == [yesterday]


def test_display_status_labels_cover_every_status() -> None:
    assert list(DISPLAY_STATUS_LABELS) == ["planned", "in_progress", "done", "overdue", "cancelled"]
    assert {status.value for status in RunStatus} < set(DISPLAY_STATUS_LABELS)
    assert all(str(label) for label in DISPLAY_STATUS_LABELS.values())


# --- Querysets --------------------------------------------------------------------------


def test_open_leaves_out_done_and_cancelled(plan: ActionPlan) -> None:
    item = _item(plan, ON_DEMAND)
    planned = PlanRunFactory(item=item, status=RunStatus.PLANNED)
    in_progress = PlanRunFactory(item=item, status=RunStatus.IN_PROGRESS)
    PlanRunFactory(item=item, status=RunStatus.DONE, done_on=D(2026, 1, 1))
    PlanRunFactory(item=item, status=RunStatus.CANCELLED)
    assert set(PlanRun.objects.filter(item=item).open()) == {planned, in_progress}


def test_due_between_includes_both_ends_and_open_runs_only(plan: ActionPlan) -> None:
    item = _item(plan, ON_DEMAND)
    first = PlanRunFactory(item=item, due_on=D(2022, 12, 1))
    last = PlanRunFactory(item=item, due_on=D(2023, 1, 31))
    PlanRunFactory(item=item, due_on=D(2022, 11, 30))
    PlanRunFactory(item=item, due_on=D(2023, 2, 1))
    PlanRunFactory(item=item, due_on=None)
    PlanRunFactory(
        item=item, due_on=D(2022, 12, 15), status=RunStatus.DONE, done_on=D(2022, 12, 14)
    )
    PlanRunFactory(item=item, due_on=D(2022, 12, 16), status=RunStatus.CANCELLED)
    runs = PlanRun.objects.filter(item=item).due_between(D(2022, 12, 1), D(2023, 1, 31))
    assert set(runs) == {first, last}


def test_for_user_by_role(
    plan: ActionPlan, curator: User, director: User, teacher: User, methodist: User, outsider: User
) -> None:
    curator_run = PlanRunFactory(item=_item(plan, WHOLE_PERIOD, roles=["curator"]))
    shared_run = PlanRunFactory(item=_item(plan, BY_SCHEDULE, roles=["curator", "teacher"]))
    methodist_run = PlanRunFactory(item=_item(plan, ON_DEMAND, roles=["methodist"]))
    PlanRunFactory(item=_item(plan, NO_DEADLINE))

    def visible(user: User) -> set[PlanRun]:
        return set(PlanRun.objects.filter(item__plan=plan).for_user(user))

    assert visible(curator) == {curator_run, shared_run}
    assert visible(teacher) == {shared_run}
    assert visible(methodist) == {methodist_run}
    assert visible(director) == set()
    assert visible(outsider) == set()


def test_for_user_as_the_run_s_own_person(plan: ActionPlan, teacher: User, outsider: User) -> None:
    run = PlanRunFactory(item=_item(plan, WHOLE_PERIOD, roles=["curator"]), responsible=outsider)
    assert list(PlanRun.objects.filter(item__plan=plan).for_user(outsider)) == [run]
    assert not PlanRun.objects.filter(item__plan=plan).for_user(teacher).exists()


def test_for_user_lists_a_run_once_for_several_matching_roles(
    plan: ActionPlan, curator: User
) -> None:
    curator.groups.add(Group.objects.get(name="director"))
    run = PlanRunFactory(
        item=_item(plan, WHOLE_PERIOD, roles=["curator", "director"]), responsible=curator
    )
    assert list(PlanRun.objects.filter(item__plan=plan).for_user(curator)) == [run]


def test_for_user_of_the_loaded_plan(director: User, methodist: User) -> None:
    seeded = PlanRun.objects.filter(item__plan__starts_on=D(2020, 12, 1))
    director_numbers = set(seeded.for_user(director).values_list("item__number", flat=True))
    assert director_numbers == {"1.1", "1.2", "1.3", "1.4"}
    methodist_numbers = set(seeded.for_user(methodist).values_list("item__number", flat=True))
    # 3.1.2 and 3.6 are on demand: no runs until someone records one.
    assert methodist_numbers == {"3.1.1."}
