"""`{% status_badge record %}`: a record's status as a badge of the status's one colour
(core.badges.STATUS_BADGES); `{% status_badge "planned" label %}` for a status by name."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from core.badges import status_badge as badge

register = template.Library()


@register.simple_tag(name="status_badge")
def status_badge(record_or_status: Any, label: object = None, testid: str = "") -> SafeString:
    if isinstance(record_or_status, str):
        return badge(record_or_status, label, testid=testid)
    record = record_or_status
    return badge(record.status, record.get_status_display(), testid=testid)
