"""A small DuckDB file with tables named like the views, and a parser for the report's tables."""
from __future__ import annotations

from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import duckdb

DAYS = [date(2024, 3, 1) + timedelta(days=i) for i in range(5)]   # 2024-03-01 .. 2024-03-05
ENTITIES = [f"Entity {i:02d}" for i in range(30)]                  # top_entities: Entity 00 first


def make_db(path: Path, empty: bool = False, without: tuple[str, ...] = ()) -> Path:
    """Tables shaped like the views; `empty` keeps the columns and drops every row."""
    con = duckdb.connect(str(path))
    con.execute("create table top_entities as select * from (values " + ", ".join(
        f"('{e}', '{'PERSON' if i % 2 else 'ORG'}', {100 - i}, {50 - i})" for i, e in enumerate(ENTITIES))
        + ") as t(entity_key, label, mentions, articles)")
    # 'Old Star' dominates day 1 only; 'New Star' days 4-5; twelve steady entities every day.
    daily = [(DAYS[0], "Old Star", "PERSON", 500, 40)]
    daily += [(d, "New Star", "PERSON", 30 + k, 3) for k, d in enumerate(DAYS[3:])]
    daily += [(d, f"Steady {j:02d}", "ORG", 20 - j, 2) for d in DAYS for j in range(12)]
    con.execute("create table entity_daily (day date, entity_key varchar, label varchar, mentions bigint, "
                "articles bigint)")
    con.executemany("insert into entity_daily values (?, ?, ?, ?, ?)", daily)
    con.execute("create table topic_daily (day date, topic_id integer, topic_label varchar, articles bigint, "
                "weight double)")
    con.executemany("insert into topic_daily values (?, ?, ?, ?, ?)",
                    [(d, t, f"topic {t}", 3 + t, 0.1 + t / 3) for d in DAYS for t in range(2)])
    pairs = [(ENTITIES[a], ENTITIES[b], 10 - a - b, 5) for a in range(5) for b in range(a + 1, 5)]
    pairs.append((ENTITIES[0], "Outsider", 99, 9))   # not a top-25 node: no edge drawn
    con.execute("create table entity_cooccurrence (entity_a varchar, entity_b varchar, articles bigint, "
                "sentences bigint)")
    con.executemany("insert into entity_cooccurrence values (?, ?, ?, ?)", pairs)
    con.execute("create table rejects_by_reason as select * from (values ('empty', 3, 'a/empty.txt', 'no text'), "
                "('binary', 1, 'b.bin', 'not text')) as t(reason, inputs, example_path, example_detail)")
    con.execute("create table data_tests as select * from (values ('keys_not_null', 0, 'run-1'), "
                "('rows_unique', 2, 'run-1')) as t(check_name, rows_failing, run_id)")
    con.execute("create table data_quality as select * from (values ('articles', 40), ('entities', 900)) "
                "as t(table_name, \"rows\")")
    con.execute("create table tone_daily (day date, source varchar, articles bigint, avg_tone double)")
    con.executemany("insert into tone_daily values (?, ?, ?, ?)",
                    [(d, s, 2, 0.123456789 * (k + 1) * (-1 if s == 'b' else 1)) for k, d in enumerate(DAYS)
                     for s in ("a", "b")])
    for name in without:
        con.execute(f"drop table {name}")
    if empty:
        for (name,) in con.execute("select table_name from duckdb_tables()").fetchall():
            con.execute(f"delete from {name}")
    con.close()
    return path


class Tables(HTMLParser):
    """Every <table data-view> of a page: view, sql, header and rows (a cell: its exact value)."""

    def __init__(self):
        super().__init__()
        self.tables: list[dict] = []
        self._cell: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-view" in attrs:
            self.tables.append({"view": attrs["data-view"], "sql": attrs["data-sql"], "header": [], "rows": []})
        elif self.tables and tag == "tr":
            self.tables[-1]["rows"].append([])
        elif self.tables and tag in ("td", "th"):
            self._cell = {"tag": tag, "text": "", **attrs}

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            cell, self._cell = self._cell, None
            if cell["tag"] == "th":
                self.tables[-1]["header"].append(cell["text"])
            else:
                value = None if "data-null" in cell else cell.get("data-value", cell["text"])
                self.tables[-1]["rows"][-1].append(value)


def page_tables(html: str) -> list[dict]:
    parser = Tables()
    parser.feed(html)
    for table in parser.tables:
        table["rows"] = [row for row in table["rows"] if row]
    return parser.tables


def as_text(value) -> str | None:
    """A view's value as the page writes it exactly (floats: repr, dates: ISO)."""
    if value is None:
        return None
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
