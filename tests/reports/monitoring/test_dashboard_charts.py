"""The trend charts (reports/monitoring/charts.py): valid SVG with the title and the points,
the target dashed, safe inline under the Content-Security-Policy, cached by their data."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from reports.monitoring import charts
from reports.monitoring.charts import SVG_NS, trend_chart_svg

POINTS = [("2023/2024", Decimal("52.5")), ("2024/2025", None), ("2025/2026", Decimal(65))]


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 (our own output)


def texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{{{SVG_NS}}}text")]


def test_the_chart_is_svg_with_its_title_and_points() -> None:
    root = parsed(trend_chart_svg(POINTS, Decimal(70), "percent", "Доля студентов-наставников"))

    assert root.tag == f"{{{SVG_NS}}}svg"
    drawn = texts(root)
    assert "Доля студентов-наставников" in drawn
    assert {"2023/2024", "2024/2025", "2025/2026", "52,5 %", "65,0 %"} <= set(drawn)


def test_the_target_is_a_dashed_line() -> None:
    with_target = trend_chart_svg(POINTS, Decimal(70), "percent", "С целью")
    without = trend_chart_svg(POINTS, None, "percent", "Без цели")

    assert "stroke-dasharray" in with_target
    assert "stroke-dasharray" not in without


def test_the_chart_has_no_inline_style_and_an_accessible_name() -> None:
    root = parsed(trend_chart_svg(POINTS, Decimal(70), "mean_of_10", "Удовлетворённость"))

    assert all("style" not in element.attrib for element in root.iter())
    assert not list(root.iter(f"{{{SVG_NS}}}style"))
    assert not list(root.iter(f"{{{SVG_NS}}}script"))
    assert root.get("role") == "img"
    title = root.find(f"{{{SVG_NS}}}title")
    assert title is not None and title.get("id") == root.get("aria-labelledby")
    assert "2023/2024: 52,5" in (title.text or "")


def test_two_charts_share_no_id() -> None:
    first = parsed(trend_chart_svg(POINTS, Decimal(70), "percent", "Первый"))
    second = parsed(trend_chart_svg(POINTS, Decimal(70), "percent", "Второй"))

    ids = [e.get("id") for root in (first, second) for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))


def test_a_count_without_data_still_draws() -> None:
    root = parsed(trend_chart_svg([("2025/2026", None)], None, "count", "Пары"))

    assert "2025/2026" in texts(root)


def test_the_same_data_is_drawn_once(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[str] = []
    draw = charts._draw

    def counting(*args: object) -> str:
        drawn.append("once")
        return draw(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(charts, "_draw", counting)
    points = [("2025/2026", Decimal("12.3"))]

    first = trend_chart_svg(points, None, "count", "Кэш")
    second = trend_chart_svg(points, None, "count", "Кэш")
    trend_chart_svg([("2025/2026", Decimal("12.4"))], None, "count", "Кэш")

    assert first == second
    assert len(drawn) == 2


def test_a_title_is_text_not_markup_or_mathematics() -> None:
    title = "Доля <b>пар</b> с $x$ & прочим"

    svg = trend_chart_svg(POINTS, None, "percent", title)

    assert "<b>" not in svg
    assert title in texts(parsed(svg))


def test_the_svg_is_unprefixed_whatever_prefix_others_registered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ET, "_namespace_map", dict(ET._namespace_map))  # type: ignore[attr-defined]
    ET.register_namespace("svg", SVG_NS)

    svg = trend_chart_svg(POINTS, Decimal(70), "percent", "Пространство имён")

    assert svg.startswith("<svg ")
    assert "svg:" not in svg
    assert "xlink" not in svg
