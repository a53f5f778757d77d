"""The curator's writes on monitoring cycles: opening the cycle of a year ahead of its first
assignment (reports.monitoring.assignments.cycle_for also opens it on demand), and closing
it, after which its personal links stop working and nothing more is issued in it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.dates import AcademicYear
from core.versions import lock_at_version
from reports.models import CycleStatus, MonitoringCycle
from reports.monitoring.assignments import closing_day


@transaction.atomic
def create_cycle(*, academic_year: int) -> MonitoringCycle:
    """Opens the cycle of the academic year starting 1 September `academic_year`."""
    if MonitoringCycle.objects.filter(academic_year=academic_year).exists():
        raise ValidationError(
            _("The monitoring cycle of %(year)s already exists.")
            % {"year": AcademicYear(academic_year).label}
        )
    return MonitoringCycle.objects.create(
        academic_year=academic_year, closes_on=closing_day(academic_year)
    )


@transaction.atomic
def close_cycle(cycle: MonitoringCycle, *, seen: str) -> MonitoringCycle:
    """Closes a cycle. Refused if someone changed it since the confirmation was shown."""
    locked = lock_at_version(
        MonitoringCycle.objects.all(),
        cycle.pk,
        seen=seen,
        what=_("the monitoring cycle %(year)s") % {"year": cycle},
    )
    if locked.status == CycleStatus.CLOSED:
        raise ValidationError(
            _("The monitoring cycle %(year)s is already closed.") % {"year": cycle}
        )
    locked.status = CycleStatus.CLOSED
    locked.version += 1
    locked.save(update_fields=["status", "version"])
    return locked
