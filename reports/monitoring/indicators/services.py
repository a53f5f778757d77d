"""Writing the targets of the indicators: the curator's table of a plan's targets by year."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from core.versions import fingerprint, lock_at_version
from programs.models import ActionPlan, IndicatorTarget

# (indicator id, academic year) → the target, or None for none.
Targets = dict[tuple[int, int], Decimal | None]


def targets_token(plan: ActionPlan) -> str:
    """The token of a plan's targets as stored now: an edit made from an older one is
    refused (core.versions)."""
    rows = IndicatorTarget.objects.filter(plan=plan).order_by("indicator_id", "academic_year")
    return fingerprint(
        *((row.indicator_id, row.academic_year, str(row.value), row.version) for row in rows)
    )


@transaction.atomic
def save_targets(plan: ActionPlan, *, targets: Targets, seen: str) -> int:
    """Sets the plan's targets by indicator and year, removes those left empty, and returns
    how many changed. Refused as a stale write when the plan's targets changed since the
    form was made (`seen`); the plan's row is locked meanwhile, so two saves queue."""
    lock_at_version(
        ActionPlan.objects.all(),
        plan.pk,
        seen=seen,
        what=_("the targets of the plan"),
        token=targets_token,
    )
    existing = {
        (row.indicator_id, row.academic_year): row
        for row in IndicatorTarget.objects.filter(plan=plan)
    }
    changed = 0
    for (indicator_id, year), value in targets.items():
        row = existing.get((indicator_id, year))
        if value is None:
            if row is not None:
                row.delete()
                changed += 1
        elif row is None:
            IndicatorTarget.objects.create(
                indicator_id=indicator_id, plan=plan, academic_year=year, value=value
            )
            changed += 1
        elif row.value != value:
            row.value = value
            row.version += 1
            row.full_clean()
            row.save(update_fields=["value", "version"])
            changed += 1
    return changed
