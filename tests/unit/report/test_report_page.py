"""The page: every number is a view's (re-running each table's SQL gives its rows), nothing is
fetched from elsewhere, and an empty database still gives a readable page."""
from __future__ import annotations

import json
import re

import duckdb
import pytest

from newsflow.tasks.report import build, build_report, key_chart_png
from newsflow.tasks.report.schema import VIEWS
from tests.unit.report.report_db import ENTITIES, as_text, make_db, page_tables

PNG = b"\x89PNG\r\n\x1a\n"
STUB = "/* vega bundle */ window.vegaEmbed = function () { return Promise.resolve(); };"


@pytest.fixture(autouse=True)
def no_bundle(monkeypatch):
    """The real bundle (900 kB, seconds to make cold) is the e2e test's business."""
    monkeypatch.setattr(build, "javascript_bundle", lambda: STUB)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = make_db(tmp_path_factory.mktemp("page") / "views.duckdb")
    con = duckdb.connect(str(path))
    con.execute("insert into top_entities values ('</script><img src=x>', 'ORG', 1000, 1)")
    con.close()
    return path


@pytest.fixture(scope="module")
def page(db, tmp_path_factory):
    import newsflow.tasks.report.build as module
    saved, module.javascript_bundle = module.javascript_bundle, lambda: STUB
    try:
        out = tmp_path_factory.mktemp("out")
        path = build_report(db, out, days=3)
    finally:
        module.javascript_bundle = saved
    assert path == out / "report.html"
    assert (out / "key_chart.png").read_bytes().startswith(PNG)
    return path.read_text(encoding="utf-8")


def test_every_table_is_its_sql_rerun_on_the_database(page, db):
    tables = page_tables(page)
    assert [t["view"] for t in tables] == [
        "top_entities", "entity_daily", "topic_daily", "top_entities", "entity_cooccurrence", "tone_daily",
        "rejects_by_reason", "data_tests", "data_quality"]
    with duckdb.connect(str(db), read_only=True) as con:
        for table in tables:
            assert table["header"] == VIEWS[table["view"]].names
            expected = [[as_text(v) for v in row] for row in con.execute(table["sql"]).fetchall()]
            assert table["rows"] == expected, table["view"]
            assert table["rows"], table["view"]


def test_numbers_equal_the_views_queried_independently(page, db):
    tables: dict[str, dict] = {}
    for table in page_tables(page):
        tables.setdefault(table["view"], table)                      # network nodes: top_entities again
    with duckdb.connect(str(db), read_only=True) as con:
        top = con.execute("select entity_key, mentions from top_entities order by mentions desc limit 20").fetchall()
        tone = con.execute("select day, source, avg_tone from tone_daily where day >= '2024-03-03' "
                           "order by day, source").fetchall()
    assert [(r[0], int(r[2])) for r in tables["top_entities"]["rows"]] == top
    assert [r[0] for r in tables["top_entities"]["rows"][1:4]] == ENTITIES[:3]
    assert [(r[0], r[1], float(r[3])) for r in tables["tone_daily"]["rows"]] == [
        (d.isoformat(), s, t) for d, s, t in tone]                    # floats exact, not rounded
    assert tables["data_quality"]["rows"] == [["articles", "40"], ["entities", "900"]]


def test_charts_draw_the_rows_of_their_table(page):
    specs = dict(re.findall(r'<script type="application/json" id="spec-([\w-]+)">(.*?)</script>', page))
    assert set(specs) == {"top-entities", "entity-trends", "topic-mix", "co-mentions", "tone-trends",
                          "rejects", "data-quality"}
    assert page.count('data-chart="') == len(specs)
    top = json.loads(specs["top-entities"])
    assert [v["mentions"] for v in top["data"]["values"]][:2] == [1000, 100]
    assert top["data"]["values"][0]["entity_key"] == "</script><img src=x>"   # escaped, still exact


def test_nothing_is_fetched_from_elsewhere(page):
    assert "default-src 'none'" in page and "connect-src 'none'" in page
    assert not re.search(r"<(link|img|iframe)\b", page)
    assert not re.search(r"\b(src|href)\s*=\s*\"(?!#)", page)            # only in-page anchors
    assert "<img src=x>" not in page and page.count("</script>") == page.count("<script")


def test_header_names_the_window_and_the_run(page):
    assert "Time series: the last 3 days of data from 2024-03-03" in page
    assert "Articles from 2024-03-01 to 2024-03-05" in page
    assert "Built by run run-1" in page
    assert 'id="top-stories" data-status="missing"' in page and 'id="rejects" data-status="ok"' in page


def test_an_empty_database_gives_a_readable_page(tmp_path):
    db = make_db(tmp_path / "empty.duckdb", empty=True)
    html = build_report(db, tmp_path / "out").read_text(encoding="utf-8")
    # the unit database has the views every build had before stories: 8 empty, 7 missing (since-last-run too)
    assert html.count("No data yet.") == 8 and html.count("Not available yet") == 7
    assert "data-chart=" not in html
    assert all(t["rows"] == [] for t in page_tables(html))
    assert key_chart_png(db).startswith(PNG)


def test_a_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no newsflow database"):
        build_report(tmp_path / "nope.duckdb", tmp_path / "out")


def test_module_entry_point_writes_the_report(db, tmp_path, capsys):
    from newsflow.tasks.report.__main__ import main
    main(["--db", str(db), "--out", str(tmp_path / "r"), "--days", "2"])
    assert capsys.readouterr().out.strip() == str(tmp_path / "r" / "report.html")
    assert "the last 2 days of data from 2024-03-04" in (tmp_path / "r" / "report.html").read_text()
