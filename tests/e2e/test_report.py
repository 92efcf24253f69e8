"""The report in a real browser: a database built by `newsflow run` on the seeds, the page opened
in headless Chromium with every request off the machine recorded (and refused), the charts drawn
by vega-embed, and every number in the page's tables equal to the views'.

A screenshot is saved as /tmp/newsflow-report-e2e.png (outside the repository) for a look.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from newsflow.tasks.report import build_report
from newsflow.tasks.report.schema import VIEWS
from tests.conftest import SEEDS

pytestmark = pytest.mark.e2e

NEWSFLOW = str(Path(sys.executable).with_name("newsflow"))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL = ("file:", "data:", "about:")
SCREENSHOT = Path("/tmp/newsflow-report-e2e.png")
OPTIONAL = {"top_stories": "top-stories", "story_daily": "story-trends", "country_daily": "countries",
            "top_places": "places", "tone_daily": "tone-trends", "entity_tone": "entity-tone",
            "quotes_by_speaker": "speakers"}
# Every table of the page as the DOM holds it: a float cell's exact value is its data-value.
READ_TABLES = """() => [...document.querySelectorAll('table[data-view]')].map(t => ({
    view: t.dataset.view, sql: t.dataset.sql,
    header: [...t.querySelectorAll('thead th')].map(th => th.textContent),
    rows: [...t.querySelectorAll('tbody tr')].map(tr => [...tr.querySelectorAll('td')].map(td =>
        td.dataset.null ? null : (td.dataset.value ?? td.textContent)))}))"""
ALL_DRAWN = """() => [...document.querySelectorAll('[data-chart]')].every(el =>
    el.dataset.rendered === 'error' || (el.dataset.rendered === 'true' && el.querySelector('svg .mark-group')))"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("report")
    lake, db = base / "lake", base / "newsflow.duckdb"
    run = subprocess.run([NEWSFLOW, "run", str(SEEDS), "--lake", str(lake), "--db", str(db)],
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    return db, build_report(db, base / "out")


@pytest.fixture(scope="module")
def browser(built, tmp_path_factory):
    """The page in Chromium once its charts are drawn: (tables, requests, errors, chart states)."""
    from playwright.sync_api import sync_playwright
    _, html = built
    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
            headless=True, viewport={"width": 1200, "height": 900})
        try:
            context.on("request", lambda r: None if r.url.startswith(LOCAL) else requests.append(r.url))
            context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(LOCAL)
                          else route.abort())
            page = context.new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            page.goto(html.as_uri())
            page.wait_for_function(ALL_DRAWN, timeout=60_000)
            states = page.eval_on_selector_all("[data-chart]", "els => els.map(e => [e.dataset.chart, "
                                               "e.dataset.rendered, e.querySelectorAll('svg path, svg text').length])")
            tables = page.evaluate(READ_TABLES)
            statuses = dict(page.eval_on_selector_all("section", "els => els.map(e => [e.id, e.dataset.status])"))
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            context.close()
    return {"tables": tables, "requests": requests, "errors": errors, "states": states, "statuses": statuses}


def as_text(value) -> str | None:
    if value is None:
        return None
    return repr(value) if isinstance(value, float) else value.isoformat() if hasattr(value, "isoformat") else str(value)


def test_the_page_makes_no_request_and_no_error(browser, built):
    assert browser["requests"] == []
    assert browser["errors"] == []
    assert (built[1].parent / "key_chart.png").read_bytes().startswith(b"\x89PNG")


def test_every_chart_is_drawn(browser):
    states = browser["states"]
    assert len(states) >= 7
    assert [key for key, rendered, _ in states if rendered != "true"] == []
    assert all(marks > 10 for _, _, marks in states), states
    drawn = {key for key, _, _ in states}
    assert {"top-entities", "entity-trends", "topic-mix", "co-mentions", "data-quality"} <= drawn


def test_every_table_equals_its_view(browser, built):
    db, _ = built
    tables = browser["tables"]
    with duckdb.connect(str(db), read_only=True) as con:
        for table in tables:
            assert table["header"] == VIEWS[table["view"]].names
            assert table["rows"] == [[as_text(v) for v in row] for row in con.execute(table["sql"]).fetchall()]
        first = {}
        for table in tables:
            first.setdefault(table["view"], table)
        # and independently of the page's SQL: the views as a reader would query them
        top = con.execute("select entity_key, label, mentions, articles from top_entities "
                          "order by mentions desc, articles desc, entity_key limit 20").fetchall()
        assert first["top_entities"]["rows"] == [[as_text(v) for v in row] for row in top]
        for view, order in [("data_quality", ""), ("data_tests", "order by check_name"),
                            ("rejects_by_reason", "order by inputs desc, reason")]:
            columns = ", ".join(f'"{c}"' for c in VIEWS[view].names)
            rows = con.execute(f"select {columns} from {view} {order}").fetchall()
            assert first[view]["rows"] == [[as_text(v) for v in row] for row in rows], view
        [(articles,)] = con.execute("select sum(articles) from topic_daily").fetchall()
        [(with_topic,)] = con.execute("select count(topic_label) from article_overview").fetchall()
        assert sum(int(r[3]) for r in first["topic_daily"]["rows"]) == articles == with_topic


def test_sections_follow_the_views_the_database_has(browser, built):
    db, _ = built
    with duckdb.connect(str(db), read_only=True) as con:
        views = {name for (name,) in con.execute("select view_name from duckdb_views()").fetchall()}
    statuses = browser["statuses"]
    for view, key in OPTIONAL.items():
        assert statuses[key] == ("ok" if view in views else "missing"), key
    assert statuses["rejects"] == "empty" and statuses["data-tests"] == "ok"
