"""`newsflow report`: the page and the key chart from a built database (read-only)."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Callable

import duckdb
import vl_convert as vlc

from . import added, core  # noqa: F401  (importing them registers their sections)
from .bundle import VL_VERSION, javascript_bundle
from .charts import message
from .queries import open_db, view_names, window_start
from .sections import Context, Rendered, render_all
from newsflow.tasks.storage.warehouse import RECENT_DAYS, RECENT_SCHEMA, read_recent

REPORT_HTML = "report.html"
KEY_CHART_PNG = "key_chart.png"
KEY_SECTION = "top-entities"   # the chart the run summary shows: it reads well for a day or a year
# Opens the database read-only. The default reads a local lake; for an object-store lake pass
# one that registers the lake's filesystem (the project's warehouse.connect does).
Connect = Callable[[Path], duckdb.DuckDBPyConnection]


def build_report(db_path: Path, out_dir: Path, days: int | None = None, *, connect: Connect = open_db,
                 all_time: bool = False) -> Path:
    """Write report.html (self-contained, offline) and key_chart.png into out_dir; return the html path.
    It reads the database's `recent` views (the articles of the last 30 ingest days) when it has
    them, unless `all_time`; `days` limits the time series further (the last N days of data)."""
    parts, facts = _draw(Path(db_path), days, connect, all_time)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    from .page import page_html
    html_path = out_dir / REPORT_HTML
    _write(html_path, page_html(parts, facts, javascript_bundle()).encode("utf-8"))
    _write(out_dir / KEY_CHART_PNG, _png(parts))
    return html_path


def key_chart_png(db_path: Path, days: int | None = None, *, connect: Connect = open_db,
                  all_time: bool = False) -> bytes:
    """The key chart (top entities) as PNG bytes, for the run's summary artifact."""
    parts, _ = _draw(Path(db_path), days, connect, all_time)
    return _png(parts)


def _draw(db_path: Path, days: int | None, connect: Connect, all_time: bool) -> tuple[list[Rendered], list[str]]:
    with connect(db_path) as con:
        recent = None if all_time else read_recent(con)
        views = view_names(con)
        start = window_start(con, views, days)
        parts = render_all(Context(con, views, start))
        facts = _facts(con, views, parts, db_path, days, start)
        if recent is not None:
            facts.insert(1, f"Articles ingested from {recent.isoformat()} on (the last {RECENT_DAYS} ingest days: "
                            f"the views of schema `{RECENT_SCHEMA}`; `newsflow report --all-time` for every article)")
    return parts, facts


def _facts(con, views: frozenset[str], parts: list[Rendered], db_path: Path, days: int | None,
           start: date | None) -> list[str]:
    """The header: which database, which period, which run built it (no clock: same data, same page)."""
    facts = [f"Database: {db_path.name}"]
    if "topic_daily" in views:   # one row per topic and day: the cheapest daily view to scan
        first, last = con.execute("select min(day), max(day) from topic_daily").fetchone()
        if first is not None:
            facts.append(f"Articles from {first.isoformat()} to {last.isoformat()}")
    if days is not None:
        shown = f"from {start.isoformat()}" if start else "(no dated data)"
        facts.append(f"Time series: the last {days} day{'s' if days != 1 else ''} of data {shown}")
    runs = {run for p in parts if p.section.key == "data-tests"
            for shown in p.drawn.tables for run in shown.table.column("run_id").to_pylist() if run}
    if runs:
        facts.append(f"Built by run {', '.join(sorted(runs))}")
    return facts


def _png(parts: list[Rendered]) -> bytes:
    [key] = [p for p in parts if p.section.key == KEY_SECTION]
    spec = key.drawn.chart if key.drawn.chart is not None and not key.note else message(
        key.note or "No entities yet.")
    spec = {**spec, "title": key.section.title}
    if spec.get("width") == "container":
        spec["width"] = 640
    return vlc.vegalite_to_png(spec, vl_version=VL_VERSION, scale=1)   # small: it travels base64 in markdown


def _write(path: Path, data: bytes) -> None:
    """Replace atomically: a browser or artifact reading the old file never sees half a new one."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
