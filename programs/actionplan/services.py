"""Workflows of the action plan: which runs an item should have, creating them, recording one.

The rules of `planned_runs` are copied into the data migration that loads the plan
2020 – 2024 (migrations may not import app code); a test keeps the two equal.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import AcademicYear, format_day
from programs.models import (
    ActionPlan,
    DeadlineKind,
    Indicator,
    IndicatorTarget,
    PlanItem,
    PlanRun,
    RunEvidence,
    RunStatus,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import Model


def _last_day_of(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def planned_runs(item: PlanItem) -> list[tuple[int, dt.date | None]]:
    """The (academic year, due date) of every run the item's deadline calls for, in order.

    - fixed month: one run, due the last day of that month;
    - yearly month: one run per academic year whose occurrence of the month is due within the
      plan's period, and not in a calendar year before `deadline_year` when it is set
      (months from September on belong to the academic year starting that calendar year);
    - by schedule or agreement: one run per academic year overlapping the period, due on
      31 August or the plan's end, whichever is earlier (the schedule's own date may be set
      on the run later);
    - whole period: one run due the plan's end;
    - on demand, or no deadline: none — people record on-demand runs when they happen.
    """
    plan = item.plan
    first_year = AcademicYear.of(plan.starts_on).start_year
    last_year = AcademicYear.of(plan.ends_on).start_year
    kind = item.deadline_kind
    if kind == DeadlineKind.FIXED_MONTH:
        if item.deadline_month is None or item.deadline_year is None:
            return []
        due = _last_day_of(item.deadline_year, item.deadline_month)
        return [(AcademicYear.of(due).start_year, due)]
    if kind == DeadlineKind.YEARLY_MONTH:
        month = item.deadline_month
        if month is None:
            return []
        runs: list[tuple[int, dt.date | None]] = []
        for start_year in range(first_year, last_year + 1):
            calendar_year = start_year if month >= 9 else start_year + 1
            due = _last_day_of(calendar_year, month)
            if item.deadline_year is not None and calendar_year < item.deadline_year:
                continue
            if plan.starts_on <= due <= plan.ends_on:
                runs.append((start_year, due))
        return runs
    if kind == DeadlineKind.BY_SCHEDULE:
        return [
            (start_year, min(AcademicYear(start_year).last_day, plan.ends_on))
            for start_year in range(first_year, last_year + 1)
        ]
    if kind == DeadlineKind.WHOLE_PERIOD:
        return [(first_year, plan.ends_on)]
    return []


@transaction.atomic
def create_runs(item: PlanItem) -> int:
    """Creates the planned runs the item does not have yet; returns how many were created.

    Runs already there (matched by academic year and due date) are left as they are, so
    calling it again, or after the deadline was edited, never duplicates a run.
    """
    existing = set(item.runs.values_list("academic_year", "due_on"))
    missing = [run for run in planned_runs(item) if run not in existing]
    for academic_year, due_on in missing:
        run = PlanRun(item=item, academic_year=academic_year, due_on=due_on)
        run.full_clean()
        run.save()
    return len(missing)


@transaction.atomic
def record_run(
    *,
    item: PlanItem,
    due_on: dt.date | None,
    responsible: User | None,
    comment: str = "",
) -> PlanRun:
    """Records a run of an on-demand item («по мере необходимости», «при вступлении в должность»).

    The academic year is that of the due date, or of today when there is none. Items with
    any other deadline get their runs from `create_runs` and are refused.
    """
    if item.deadline_kind != DeadlineKind.ON_DEMAND:
        raise ValidationError(
            _(
                "Runs are recorded by hand only for measures taken as needed; "
                "the runs of this measure follow its deadline."
            ),
            code="not_on_demand",
        )
    plan = item.plan
    day = due_on or timezone.localdate()
    if not plan.starts_on <= day <= plan.ends_on:
        raise ValidationError(
            _("The plan covers %(start)s – %(end)s; a run of it is due within that period.")
            % {
                "start": format_day(plan.starts_on),
                "end": format_day(plan.ends_on),
            },
            code="outside_period",
        )
    academic_year = AcademicYear.of(day).start_year
    run = PlanRun(
        item=item,
        academic_year=academic_year,
        due_on=due_on,
        status=RunStatus.PLANNED,
        responsible=responsible,
        comment=comment,
    )
    run.full_clean()
    run.save()
    return run


@transaction.atomic
def attach_record(
    *, run: PlanRun, record: Model, user: User, done_on: dt.date | None = None
) -> RunEvidence:
    """Makes a record of this site (a training session, a publication …) the evidence of a
    run, once; with `done_on`, a run not yet done is marked done on that day.

    Refused, changing nothing, if the user may not update the run (`updatable_by`) or the
    run is cancelled.
    """
    locked = PlanRun.objects.select_for_update().filter(pk=run.pk).first()
    if locked is None or not PlanRun.objects.updatable_by(user).filter(pk=run.pk).exists():
        raise ValidationError(
            _("You do not answer for this run of the plan; ask the curator to attach it."),
            code="not_yours",
        )
    if locked.status == RunStatus.CANCELLED:
        raise ValidationError(_("This run of the plan is cancelled."), code="cancelled")
    evidence, _created = RunEvidence.objects.get_or_create(
        run=locked,
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        defaults={"title": str(record)[:300], "created_by": user},
    )
    if done_on is not None and locked.status != RunStatus.DONE:
        locked.status = RunStatus.DONE
        locked.done_on = done_on
        locked.full_clean()
        locked.save(update_fields=["status", "done_on", "updated_at"])
    return evidence


def plan_years(plan: ActionPlan) -> list[AcademicYear]:
    """The academic years a plan's period touches, in order."""
    first, last = AcademicYear.of(plan.starts_on), AcademicYear.of(plan.ends_on)
    return [AcademicYear(year) for year in range(first.start_year, last.start_year + 1)]


@transaction.atomic
def create_default_targets(plan: ActionPlan) -> int:
    """Gives every indicator with a default target that target in each academic year of the
    plan where it has none yet (the data migration 0010 did the same for the plans it found);
    returns how many were created. The curator edits them afterwards."""
    defaults = {
        indicator: indicator.default_target
        for indicator in Indicator.objects.filter(default_target__isnull=False)
        if indicator.default_target is not None
    }
    existing = set(
        IndicatorTarget.objects.filter(plan=plan).values_list("indicator_id", "academic_year")
    )
    targets = [
        IndicatorTarget(
            indicator=indicator,
            plan=plan,
            academic_year=year.start_year,
            value=value,
        )
        for year in plan_years(plan)
        for indicator, value in defaults.items()
        if (indicator.pk, year.start_year) not in existing
    ]
    IndicatorTarget.objects.bulk_create(targets)
    return len(targets)
