from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from programs.models import DISPLAY_STATUS_LABELS, PlanRun

register = template.Library()

BADGE_CLASSES = {
    "planned": "text-bg-light border",
    "in_progress": "text-bg-info",
    "done": "text-bg-success",
    "overdue": "text-bg-danger",
    "cancelled": "text-bg-secondary",
}


@register.simple_tag
def run_badge(run: PlanRun) -> SafeString:
    """A coloured badge with the run's status, «overdue» included."""
    status = run.display_status()
    return format_html(
        '<span class="badge {}" data-status="{}">{}</span>',
        BADGE_CLASSES[status],
        status,
        DISPLAY_STATUS_LABELS[status],
    )
