"""Reading the views: a read-only connection, which views exist, the `--days` window, and each
shown table as the view's own rows with the SQL that selected them (the page carries that SQL,
so anyone can re-run it and check the page's numbers)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa

from .schema import DAILY_VIEWS, VIEWS


@dataclass(frozen=True)
class Shown:
    """One table on the page: rows of `view` exactly as `sql` returns them."""
    view: str
    sql: str
    table: pa.Table
    caption: str = ""


def open_db(db_path: Path) -> duckdb.DuckDBPyConnection:
    """Read-only: a report never blocks (or changes) the database a run is about to swap."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise FileNotFoundError(f"no newsflow database at {db_path} (make one with `newsflow run`)")
    from newsflow.tasks.storage.warehouse import NO_EXTENSIONS

    con = duckdb.connect(str(db_path), read_only=True, config=NO_EXTENSIONS)
    con.execute("set enable_progress_bar = false")   # a library does not draw on the terminal
    return con


def view_names(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """Views and tables by name (unit tests and older builds may hold tables named like views)."""
    rows = con.execute("select view_name from duckdb_views() where not internal "
                       "union select table_name from duckdb_tables()").fetchall()
    return frozenset(name for (name,) in rows)


def window_start(con: duckdb.DuckDBPyConnection, views: frozenset[str], days: int | None) -> date | None:
    """First day of the last `days` days of data (the latest day in any daily view counts
    back), or None for no limit. Relative to the data, not to today: a backfill of old news
    still shows its last N days."""
    if days is None:
        return None
    if days < 1:
        raise ValueError(f"days must be at least 1, not {days}")
    daily = [v for v in DAILY_VIEWS if v in views]
    if not daily:
        return None
    latest = con.execute("select max(d) from (" + " union all ".join(
        f"select max(day) as d from {v}" for v in daily) + ")").fetchone()[0]
    return None if latest is None else latest - timedelta(days=days - 1)


def day_filter(start: date | None, column: str = "day") -> str:
    """A SQL condition (literal date, so the SQL on the page runs as is)."""
    return "true" if start is None else f"{column} >= date '{start.isoformat()}'"


def select(view: str, where: str = "true", order: str = "", limit: int | None = None) -> str:
    """The SQL of one shown table: the view's declared columns, some of its rows."""
    sql = f"select {', '.join(VIEWS[view].names)} from {view} where {where}"
    if order:
        sql += f" order by {order}"
    if limit is not None:
        sql += f" limit {int(limit)}"
    return sql


def read(con: duckdb.DuckDBPyConnection, view: str, sql: str, caption: str = "") -> Shown:
    return Shown(view, sql, conform(con.execute(sql).to_arrow_table(), VIEWS[view]), caption)


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """The declared columns in declared order and types; a column whose values the declared type
    cannot hold exactly (a view another stage defines differently) keeps the view's own type."""
    columns = []
    for field in schema:
        column = table.column(field.name)
        try:
            column = column.cast(field.type, safe=True)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
        columns.append(column)
    return pa.table(columns, names=schema.names)


def top_keys(view: str, key: str, measure: str, where: str, n: int) -> str:
    """`key in (...)`: the n keys with the most `measure` in the window (ties: by key)."""
    return (f"{key} in (select {key} from {view} where {where} group by {key} "
            f"order by sum({measure}) desc, {key} limit {int(n)})")
