"""The newsflow report: one self-contained offline HTML page of charts over the DuckDB views,
and a PNG of its key chart for the run's summary artifact."""
from __future__ import annotations

from .build import KEY_CHART_PNG, REPORT_HTML, build_report, key_chart_png
from .schema import VIEWS
from .sections import SECTIONS, section

__all__ = ["KEY_CHART_PNG", "REPORT_HTML", "SECTIONS", "VIEWS", "build_report", "key_chart_png", "section"]
