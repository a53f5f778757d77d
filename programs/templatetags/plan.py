from __future__ import annotations

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.template import Context
from django.utils import timezone
from django.utils.safestring import SafeString

from core.badges import status_badge
from programs.actionplan.evidence import kind_of
from programs.actionplan.forms import CountForRunForm
from programs.actionplan.selectors import runs_of_record, runs_to_count
from programs.models import DISPLAY_STATUS_LABELS, PlanRun

register = template.Library()


@register.simple_tag
def run_badge(run: PlanRun) -> SafeString:
    """A coloured badge with the run's status, «overdue» included."""
    status = run.display_status()
    return status_badge(status, DISPLAY_STATUS_LABELS[status])


@register.inclusion_tag("programs/actionplan/_record_runs.html", takes_context=True)
def record_runs(context: Context, record: Model) -> dict[str, object]:
    """On a record's page (a training, a publication …): the runs of the plan it is the
    evidence of, and a form counting it for one more, for those who may."""
    user = context["request"].user
    kind = kind_of(type(record))
    form = None
    if kind is not None and user.has_perm("programs.add_runevidence"):
        day = kind.on(record) if kind.on is not None else timezone.localdate()
        runs = runs_to_count(user, day)
        if runs.exists():
            form = CountForRunForm(runs=runs)
    return {
        "record": record,
        "content_type": ContentType.objects.get_for_model(record),
        "runs": runs_of_record(record) if user.has_perm("programs.view_planrun") else [],
        "form": form,
    }
