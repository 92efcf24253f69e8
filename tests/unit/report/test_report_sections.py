"""Sections: what each reads from its view, the --days window, and the notes for missing,
empty or unreadable views."""
from __future__ import annotations

import functools
from datetime import date

import duckdb
import pytest

from newsflow.tasks.report import SECTIONS
from newsflow.tasks.report.network import circular_layout
from newsflow.tasks.report.queries import conform, day_filter, open_db, view_names, window_start
from newsflow.tasks.report.schema import VIEWS
from newsflow.tasks.report.sections import Context, render, render_all
from tests.unit.report.report_db import DAYS, ENTITIES, make_db


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return make_db(tmp_path_factory.mktemp("report") / "views.duckdb")


@functools.lru_cache(maxsize=None)
def drawn(db, days=None) -> dict:
    """Every section, drawn once per database and window for the whole module."""
    with open_db(db) as con:
        views = view_names(con)
        parts = render_all(Context(con, views, window_start(con, views, days)))
    return {p.section.key: p for p in parts}


def test_window_counts_back_from_the_latest_day_of_data(db):
    with open_db(db) as con:
        views = view_names(con)
        assert window_start(con, views, None) is None
        assert window_start(con, views, 1) == DAYS[-1]
        assert window_start(con, views, 2) == date(2024, 3, 4)
        with pytest.raises(ValueError):
            window_start(con, views, 0)
    assert day_filter(date(2024, 3, 4)) == "day >= date '2024-03-04'"


def test_every_section_is_registered_once_in_page_order():
    keys = [s.key for s in SECTIONS]
    assert len(keys) == len(set(keys)) == 15
    assert all(view in VIEWS for s in SECTIONS for view in s.needs)


def test_missing_views_say_not_available_yet(db):
    parts = drawn(db)
    for key, view in [("top-stories", "top_stories"), ("places", "top_places"), ("speakers", "quotes_by_speaker")]:
        assert parts[key].note == f"Not available yet: this database has no {view} view."
        assert parts[key].drawn.chart is None and parts[key].drawn.tables == []
    assert parts["tone-trends"].note == "" and parts["tone-trends"].drawn.chart is not None


def test_top_entities_and_their_trend_in_the_window(db):
    parts = drawn(db)
    top = parts["top-entities"].drawn.tables[0].table
    assert top.column("entity_key").to_pylist() == ENTITIES[:20]
    trend = parts["entity-trends"].drawn.tables[0].table
    keys = set(trend.column("entity_key").to_pylist())
    assert len(keys) == 10 and "Old Star" in keys and "New Star" in keys   # 500 and 30+31 over all days
    # the last two days: Old Star (day 1 only) drops out, New Star (days 4-5) stays
    recent = drawn(db, days=2)["entity-trends"].drawn.tables[0].table
    assert set(recent.column("day").to_pylist()) == set(DAYS[3:])
    assert "Old Star" not in recent.column("entity_key").to_pylist()
    assert recent.num_rows == 2 * 10
    assert drawn(db, days=2)["top-entities"].drawn.tables[0].table.num_rows == 20   # not a time series


def test_days_limit_every_time_series(db):
    parts = drawn(db, days=3)
    assert set(parts["topic-mix"].drawn.tables[0].table.column("day").to_pylist()) == set(DAYS[2:])
    assert set(parts["tone-trends"].drawn.tables[0].table.column("day").to_pylist()) == set(DAYS[2:])
    assert parts["rejects"].drawn.tables[0].table.num_rows == 2


def test_data_tests_summary_counts_failing_checks(db):
    part = drawn(db)["data-tests"]
    assert part.drawn.summary == "1 of 2 data tests fail."
    assert part.drawn.tables[0].table.column("rows_failing").to_pylist() == [0, 2]


def test_network_edges_join_only_top_entities(db):
    part = drawn(db)["co-mentions"]
    nodes, edges = (s.table for s in part.drawn.tables)
    assert nodes.num_rows == 25 and edges.num_rows == 10          # the Outsider pair is not read
    assert "Outsider" not in edges.column("entity_b").to_pylist()
    assert edges.column("articles").to_pylist()[0] == 9           # strongest first: Entity 00-01
    layers = part.drawn.chart["layer"]
    assert len(layers[0]["data"]["values"]) == 10 and len(layers[1]["data"]["values"]) == 25


def test_circular_layout_is_on_the_unit_circle_from_twelve_o_clock():
    where = circular_layout(["a", "b", "c", "d"])
    assert where == {"a": (0.0, 1.0), "b": (1.0, 0.0), "c": (0.0, -1.0), "d": (-1.0, 0.0)}
    assert circular_layout(["solo"]) == {"solo": (0.0, 0.0)}
    assert circular_layout([]) == {}


def test_empty_views_say_no_data_yet(tmp_path):
    parts = drawn(make_db(tmp_path / "empty.duckdb", empty=True), days=7)
    for key in ("top-entities", "entity-trends", "topic-mix", "co-mentions", "rejects", "tone-trends"):
        assert parts[key].note == "No data yet.", key
        assert parts[key].drawn.chart is None
    assert parts["data-tests"].note == "No data yet."


def test_a_view_with_other_columns_is_reported_not_fatal(tmp_path):
    db = make_db(tmp_path / "odd.duckdb", without=("tone_daily",))
    con = duckdb.connect(str(db))
    con.execute("create table tone_daily (day date, outlet varchar)")   # another shape than declared
    con.close()
    with open_db(db) as con:
        ctx = Context(con, view_names(con), None)
        by_key = {s.key: s for s in SECTIONS}
        tone, top = render(by_key["tone-trends"], ctx), render(by_key["top-entities"], ctx)
    assert tone.note.startswith("Could not be drawn: BinderException") and tone.drawn.tables == []
    assert top.note == "" and top.drawn.chart is not None


def test_conform_casts_to_the_schema_unless_that_loses_values():
    import pyarrow as pa
    table = pa.table({"geonameid": ["not a number"], "name": ["x"], "country_code": ["FR"], "kind": ["city"],
                      "lat": [1], "lon": [2], "mentions": [3], "articles": [1], "extra": [0]})
    out = conform(table, VIEWS["top_places"])
    assert out.column_names == VIEWS["top_places"].names           # declared columns only
    assert out.schema.field("lat").type == pa.float64()             # int -> float: exact
    assert out.schema.field("geonameid").type == pa.string()        # kept: no int holds it


def test_count_series_draw_a_missing_day_as_zero_but_averages_do_not(db):
    parts = drawn(db)
    trend = parts["entity-trends"].drawn.chart
    assert trend["mark"]["type"] == "line" and trend["encoding"]["y"]["impute"] == {"value": 0}
    tone = parts["tone-trends"].drawn.chart
    assert tone["mark"]["type"] == "line" and "impute" not in tone["encoding"]["y"]
    # one day of data: bars per series instead of lone points
    one_day = drawn(db, days=1)["entity-trends"].drawn.chart
    assert one_day["mark"]["type"] == "bar" and len(one_day["data"]["values"]) == 10


def test_speakers_are_bars_by_name_coloured_by_entity_label(tmp_path):
    db = make_db(tmp_path / "quotes.duckdb")
    con = duckdb.connect(str(db))
    con.execute("create table quotes_by_speaker as select * from (values "
                "('Tony Blair', 'PERSON', 5, 3, date '2024-03-01', date '2024-03-05'), "
                "('Gordon Brown', 'PERSON', 2, 2, date '2024-03-02', date '2024-03-02')) "
                "as t(speaker_key, label, quotes, articles, first_day, last_day)")
    con.close()
    with open_db(db) as con:
        [part] = [render(s, Context(con, view_names(con), None)) for s in SECTIONS if s.key == "speakers"]
    assert part.note == "" and part.drawn.tables[0].table.column("speaker_key").to_pylist() == ["Tony Blair",
                                                                                              "Gordon Brown"]
    encoding = part.drawn.chart["encoding"]
    assert encoding["y"]["field"] == "speaker_key" and encoding["color"]["field"] == "label"
