"""Trend charts of the indicators, drawn by matplotlib as SVG: for the director's dashboard
(inline in the page) and for the monitoring report's PDF (WeasyPrint).

The SVG is made safe to put inline under the site's Content-Security-Policy (style-src
'self': no `style` attribute, no `<style>` element): matplotlib's inline styles become SVG
presentation attributes, which CSP does not govern and WeasyPrint reads as well. Text stays
text (DejaVu Sans, which has Cyrillic), so it is crisp at any zoom, selectable in the PDF and
read by screen readers; the ids are prefixed per chart, so several charts share a page.
A rendering is cached by its data: the same points, target, unit and title are drawn once.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from decimal import Decimal

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

# Raised whenever the drawing changes, so that no older rendering is served from the cache.
CHART_VERSION = 7
CACHE_SECONDS = 24 * 60 * 60
# Bootstrap's primary blue and a dark grey: both above 4.5:1 on white.
VALUE_COLOUR = "#0b5ed7"
TARGET_COLOUR = "#495057"
FONT_FAMILY = "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif"
# The units of programs.IndicatorUnit and the top of their axis (None: from the data).
AXIS_TOP = {"percent": 100.0, "mean_of_10": 10.0}
# The title's lines: their length in characters of 9 pt DejaVu Sans from the axis to the
# right edge (about 5.4 pt a character over 270 pt), and
# how many at most (the page and the PDF print the full title beside the chart).
TITLE_WIDTH = 50
TITLE_LINES = 2

Point = tuple[str, Decimal | float | int | None]


def _number(value: Decimal | float | int | None) -> float | None:
    return None if value is None else float(value)


def value_label(value: float, unit: str) -> str:
    """A value as the chart writes it beside its point: 72,5 % · 7,8 · 12."""
    if unit == "count":
        return f"{value:.0f}"
    text = f"{value:.1f}".replace(".", ",")
    return f"{text} %" if unit == "percent" else text


def _draw(points: Sequence[Point], target: float | None, unit: str, title: str) -> str:
    """matplotlib's SVG of the chart (with its own styles, not yet safe inline)."""
    # Imported on the first drawing, not with the URLconf: matplotlib and numpy cost every
    # process (gunicorn's workers, each manage.py command) a quarter of a second and tens of
    # megabytes, and most never draw a chart.
    import matplotlib

    matplotlib.use("Agg")  # No display on a server: before pyplot or a backend is touched.
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    labels = [label for label, _value in points]
    values = [_number(value) for _label, value in points]
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    with matplotlib.rc_context(
        {
            "svg.fonttype": "none",
            "font.family": "DejaVu Sans",
            "font.size": 9,
            "svg.hashsalt": "trend",
            # Titles are data: a «$» in one is a dollar sign, not mathematics.
            "text.parse_math": False,
            "axes.edgecolor": "#6c757d",
            # A fixed place for the title: finding one costs a fifth of the drawing.
            "axes.titley": 1.0,
        }
    ):
        # Wrapped by hand: matplotlib's own wrapping (or a constrained layout) costs a
        # second layout pass, several times the drawing.
        lines = textwrap.wrap(title, TITLE_WIDTH) or [""]
        if len(lines) > TITLE_LINES:
            lines = [*lines[: TITLE_LINES - 1], textwrap.shorten(" ".join(lines[1:]), TITLE_WIDTH)]
        figure = Figure(figsize=(4.2, 2.4 + 0.15 * (len(lines) - 1)))
        figure.subplots_adjust(left=0.1, right=0.98, top=0.84 - 0.06 * len(lines), bottom=0.12)
        axes = figure.add_subplot()
        axes.set_title("\n".join(lines), loc="left", fontsize=9, pad=16)
        positions = list(range(len(labels)))
        axes.set_xticks(positions, labels)
        axes.set_xlim(-0.5, max(len(labels) - 0.5, 0.5))
        if known:
            axes.plot(
                [i for i, _v in known],
                [v for _i, v in known],
                color=VALUE_COLOUR,
                marker="o",
                linewidth=2,
                clip_on=False,  # a point at 0 or at the top is drawn whole
            )
            for i, v in known:
                axes.annotate(
                    value_label(v, unit),
                    (i, v),
                    textcoords="offset points",
                    xytext=(0, 6),
                    ha="center",
                    fontsize=8,
                    color="#212529",
                )
        else:
            axes.text(
                0.5, 0.5, _("no data"), transform=axes.transAxes, ha="center", color="#495057"
            )
        if target is not None:
            line = axes.axhline(target, color=TARGET_COLOUR, linestyle="--", linewidth=1.2)
            # Its key sits between the title and the plot, where it covers no point.
            axes.legend(
                [line],
                [f"{_('target')}: {value_label(target, unit)}"],
                loc="lower left",
                bbox_to_anchor=(0, 1.0),
                borderaxespad=0.1,
                fontsize=7,
                frameon=False,
                handlelength=2.5,
            )
        top = AXIS_TOP.get(unit)
        highest = max([v for _i, v in known] + ([target] if target is not None else []) + [0])
        if top is None or highest > top:
            top = max(highest * 1.2, 1.0)
        axes.set_ylim(0, top * 1.08)
        if unit == "count":
            axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.spines[["top", "right"]].set_visible(False)
        axes.grid(axis="y", color="#dee2e6", linewidth=0.6)
        axes.set_axisbelow(True)
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue()


_STYLE_PART = re.compile(r"\s*([a-z-]+)\s*:\s*([^;]+?)\s*(?:;|$)")
_URL_REF = re.compile(r"url\(#([^)]+)\)")


def _sanitize(svg: str, prefix: str, description: str) -> str:
    """The SVG made safe inline under CSP: presentation attributes instead of `style`, no
    `<style>` or metadata, ids prefixed, an accessible name; the rest as matplotlib drew it."""
    root = ET.fromstring(svg)  # noqa: S314 (matplotlib's own output, not untrusted input)
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in {f"{{{SVG_NS}}}style", f"{{{SVG_NS}}}metadata"}:
                parent.remove(child)
    # What matplotlib's <style> element said for every element, now inherited from the root.
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    href = f"{{{XLINK_NS}}}href"
    for element in root.iter():
        style = element.attrib.pop("style", None)
        if style:
            for name, value in _STYLE_PART.findall(style):
                if name == "font-family":
                    value = FONT_FAMILY
                element.set(name, value)
        if "id" in element.attrib:
            element.set("id", f"{prefix}-{element.get('id')}")
        # SVG 2's plain `href` (browsers and WeasyPrint read it): no xlink prefix to keep.
        link = element.attrib.pop(href, None)
        if link is not None:
            element.set("href", f"#{prefix}-{link[1:]}" if link.startswith("#") else link)
        for name in ("clip-path", "mask", "filter", "fill", "stroke"):
            value = element.get(name)
            if value and "url(#" in value:
                element.set(name, _URL_REF.sub(lambda m: f"url(#{prefix}-{m.group(1)})", value))
    root.set("role", "img")
    root.set("aria-labelledby", f"{prefix}-title")
    root.set("class", "trend-chart")
    title = ET.Element(f"{{{SVG_NS}}}title", {"id": f"{prefix}-title"})
    title.text = description
    root.insert(0, title)
    # Written with plain tag names and the namespace as a plain attribute, whatever prefix
    # other code registered with ElementTree (a prefixed <svg:svg> is no SVG in HTML).
    for element in root.iter():
        element.tag = element.tag.removeprefix(f"{{{SVG_NS}}}")
    root.set("xmlns", SVG_NS)
    return ET.tostring(root, encoding="unicode")


def describe(points: Sequence[Point], target: Decimal | float | None, unit: str, title: str) -> str:
    """The chart in words, its text alternative: the title, each year's value, the target."""
    parts = [
        f"{label}: {value_label(v, unit) if (v := _number(value)) is not None else _('no data')}"
        for label, value in points
    ]
    text = f"{title}. " + "; ".join(parts)
    if target is not None:
        text += f". {_('target')}: {value_label(float(target), unit)}"
    return text


def cache_key(
    points: Sequence[Point], target: Decimal | float | None, unit: str, title: str
) -> str:
    data = json.dumps(
        [
            CHART_VERSION,
            get_language(),
            [[label, _number(value)] for label, value in points],
            _number(target),
            unit,
            title,
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(data.encode()).hexdigest()[:24]


def trend_chart_svg(
    points: Sequence[Point],
    target: Decimal | float | None,
    unit: str,
    title: str,
) -> str:
    """A line chart of an indicator over the years as inline-safe SVG markup: `points` are
    (year label, value or None) in order, `target` is drawn as a dashed line, `unit` is one
    of programs.IndicatorUnit ("percent", "mean_of_10", "count"). Cached by its data."""
    key = cache_key(points, target, unit, title)
    cached = cache.get(f"trend-chart:{key}")
    if cached is not None:
        return str(cached)
    svg = _sanitize(
        _draw(points, _number(target), unit, title),
        prefix=f"chart-{key[:12]}",
        description=describe(points, target, unit, title),
    )
    cache.set(f"trend-chart:{key}", svg, CACHE_SECONDS)
    return svg
