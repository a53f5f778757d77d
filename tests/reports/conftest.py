"""Fixtures shared by the reports' tests."""

from __future__ import annotations

import pytest
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reports.monitoring.charts import SVG_NS, describe
from reports.monitoring.report.content import IndicatorRow


@pytest.fixture
def quick_report_charts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The monitoring report's trend charts as a blank SVG with their text alternative, for
    the tests of a print that check no chart: matplotlib's 20 drawings, and WeasyPrint's of
    them, are half of a print's time. The charts themselves are printed for real in
    tests/reports/documents/test_monitoring_report.py and drawn in test_dashboard_charts.py.
    The stand-in bypasses the charts' cache, so no test is served it later. The indicators'
    titles, one a chart, in the order printed."""
    # Imported here: the module brings WeasyPrint, which most tests of reports never load.
    from reports.documents import monitoring_report

    drawn: list[str] = []

    def blank(row: IndicatorRow) -> SafeString:
        drawn.append(row.indicator.title)
        text = describe(row.trend, row.target, row.indicator.unit, row.indicator.title)
        return mark_safe(  # noqa: S308 - escaped text only
            f'<svg xmlns="{SVG_NS}" class="trend-chart" width="420" height="240" '
            f'viewBox="0 0 420 240" role="img"><title>{escape(text)}</title></svg>'
        )

    monkeypatch.setattr(monitoring_report, "indicator_chart", blank)
    return drawn
