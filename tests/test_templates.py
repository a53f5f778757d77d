"""Rules every template of the site keeps."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
SCROLLING_BOX = re.compile(r"<div [^>]*class=\"[^\"]*\btable-responsive\b[^>]*>")


def test_a_table_that_scrolls_sideways_can_be_reached_from_the_keyboard() -> None:
    """On a phone a wide table scrolls inside its `.table-responsive` box; without a tab stop
    a keyboard user cannot scroll it (axe-core's «scrollable-region-focusable», serious)."""
    boxes = [
        f"{path.relative_to(TEMPLATES)}: {box}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for box in SCROLLING_BOX.findall(path.read_text(encoding="utf-8"))
    ]
    assert len(boxes) > 20
    assert [box for box in boxes if 'tabindex="0"' not in box] == []
