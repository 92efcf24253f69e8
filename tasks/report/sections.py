"""The report's sections: one small function each, registered in page order with the views it
needs. A section whose view is missing says "not available yet"; one whose view is empty says
"no data yet"; one whose view cannot be read says why. The rest of the page is drawn anyway.

Adding a section: write `def f(ctx) -> Drawn` in core.py or added.py under `@section(...)`.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

import duckdb

from .queries import Shown, day_filter, read, select, top_keys

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Context:
    con: duckdb.DuckDBPyConnection
    views: frozenset[str]
    start: date | None          # first day time-series show (None: all days)

    def read(self, view: str, sql: str, caption: str = "") -> Shown:
        return read(self.con, view, sql, caption)

    def read_top_daily(self, view: str, key: str, measure: str, n: int, order: str) -> Shown:
        """A daily view's rows in the period, for the n keys with the most `measure` in it."""
        where = day_filter(self.start)
        return self.read(view, select(view, f"{where} and {top_keys(view, key, measure, where, n)}", order))


@dataclass(frozen=True)
class Drawn:
    tables: list[Shown]
    chart: dict | None = None   # a Vega-Lite spec
    summary: str = ""           # one line above the chart


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    intro: str
    needs: tuple[str, ...]
    daily: bool                 # limited by --days
    draw: Callable[[Context], Drawn]


@dataclass(frozen=True)
class Rendered:
    section: Section
    drawn: Drawn = field(default_factory=lambda: Drawn([]))
    note: str = ""              # why there is no chart


SECTIONS: list[Section] = []
# Page order: what the news says first, then how the pipeline did. Unlisted sections go before
# the pipeline ones, in registration order.
PAGE = ("since-last-run", "top-entities", "entity-trends", "topic-mix", "co-mentions", "top-stories", "story-trends",
        "countries", "places", "tone-trends", "entity-tone", "speakers")
PIPELINE = ("rejects", "data-tests", "data-quality")


def section(key: str, title: str, needs: tuple[str, ...], intro: str, daily: bool = False):
    """Register a section function (page order: registration order)."""
    def register(draw: Callable[[Context], Drawn]) -> Callable[[Context], Drawn]:
        SECTIONS.append(Section(key, title, intro, needs, daily, draw))
        return draw
    return register


def render(sec: Section, ctx: Context) -> Rendered:
    missing = [v for v in sec.needs if v not in ctx.views]
    if missing:
        return Rendered(sec, note=f"Not available yet: this database has no {', '.join(missing)} view.")
    try:
        drawn = sec.draw(ctx)
    except duckdb.Error as exc:   # a view another stage changed: say so, draw the rest of the page
        log.warning("report section %s could not be drawn: %s", sec.key, exc)
        return Rendered(sec, note=f"Could not be drawn: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    if all(shown.table.num_rows == 0 for shown in drawn.tables):
        return Rendered(sec, Drawn(drawn.tables, None, drawn.summary), note="No data yet.")
    return Rendered(sec, drawn)


def render_all(ctx: Context, sections: list[Section] | None = None) -> list[Rendered]:
    """Render the given sections, or every registered one in page order (build.py imports the
    modules that register them: core and added)."""
    if sections is None:
        sections = sorted(SECTIONS, key=_position)
    return [render(sec, ctx) for sec in sections]


def _position(sec: Section) -> int:
    if sec.key in PAGE:
        return PAGE.index(sec.key)
    return len(PAGE) + 1 + PIPELINE.index(sec.key) if sec.key in PIPELINE else len(PAGE)
