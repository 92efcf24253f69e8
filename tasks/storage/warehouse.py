"""The DuckDB database: views from `sql/` over the lake's committed Parquet files.

The database is rebuilt beside the old one and swapped in with an atomic rename, so a reader
never finds it locked for more than an instant and always sees the last complete run. Each
staging view lists its Parquet files explicitly: a snapshot of what was committed when it was
built, blind to files a later run is still writing.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from newsflow.tasks import killpoints
from newsflow.tasks.storage.lake import Lake
from newsflow.tasks.storage.schemas import PARTITION_KEY, TABLES
from newsflow.tasks.settings import SQL_DIR

LOCATION_VIEW = "lake_location"   # one row: the lake's URL (or path) and protocol
LAYERS = ("staging", "intermediate", "marts")
_SOURCE = re.compile(r"\{\{\s*source\(\s*['\"](\w+)['\"]\s*\)\s*\}\}")
_VAR = re.compile(r"\{\{\s*var\(\s*['\"](\w+)['\"]\s*\)\s*\}\}")
_TABLE_COUNTS = re.compile(r"\{\{\s*table_counts\(\)\s*\}\}")
DATA_TESTS_VIEW = "data_tests"   # one row per check of sql/checks: its failing rows in this build
_DUCKDB_TYPES = {
    pa.string(): "varchar", pa.int16(): "smallint", pa.int32(): "integer", pa.int64(): "bigint",
    pa.float32(): "float", pa.float64(): "double", pa.bool_(): "boolean", pa.binary(): "blob",
    pa.date32(): "date", pa.timestamp("us", tz="UTC"): "timestamptz",
}


def duckdb_type(arrow_type: pa.DataType) -> str:
    """The DuckDB type that reading this Arrow type from Parquet gives (lists of any of the above)."""
    if pa.types.is_list(arrow_type):
        return duckdb_type(arrow_type.value_type) + "[]"
    return _DUCKDB_TYPES[arrow_type]


@dataclass(frozen=True)
class Model:
    name: str
    layer: str
    path: Path

    @property
    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")


def models(sql_dir: Path = SQL_DIR) -> list[Model]:
    """Every model (one view a file, named after the file), staging first."""
    found = []
    for layer in LAYERS:
        for path in sorted((sql_dir / layer).glob("*.sql")):
            found.append(Model(path.stem, layer, path))
    return found


def checks(sql_dir: Path = SQL_DIR) -> list[Model]:
    """Invariant queries: each returns the violating rows, so zero rows is a pass."""
    return [Model(p.stem, "checks", p) for p in sorted((sql_dir / "checks").glob("*.sql"))]


def source_sql(lake: Lake, table: str) -> str:
    """A table expression over the table's committed files (or an empty typed relation)."""
    files = [str(f.path) for f in lake.committed_files(table)]  # local paths or s3://... URLs
    if files:
        listed = ", ".join("'" + path.replace("'", "''") + "'" for path in files)
        # union_by_name: files written before a column was added read it as null
        return (f"read_parquet([{listed}], hive_partitioning = true, union_by_name = true, "
                f"hive_types = {{'{PARTITION_KEY}': date}})")
    columns = [f"cast(null as {duckdb_type(f.type)}) as {f.name}" for f in TABLES[table]]
    columns.append(f"cast(null as date) as {PARTITION_KEY}")
    return f"(select {', '.join(columns)} where false)"


def table_counts_sql() -> str:
    """Row counts of every lake table, in schema order (the `{{ table_counts() }}` macro)."""
    return "\n    union all ".join(f"select {n} as position, '{name}' as table_name, count(*) as rows from {name}"
                                    for n, name in enumerate(TABLES))


def render(model: Model, lake: Lake, variables: dict[str, str]) -> str:
    sql = _TABLE_COUNTS.sub(lambda m: table_counts_sql(), model.sql)
    sql = _SOURCE.sub(lambda m: source_sql(lake, m[1]), sql)
    return _VAR.sub(lambda m: "'" + variables.get(m[1], "").replace("'", "''") + "'", sql)


def build_database(lake: Lake, db_path: Path, variables: dict[str, str] | None = None) -> list[str]:
    """Create every view in a new database file and swap it in atomically. Returns the view names."""
    db_path = Path(db_path).expanduser().resolve()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_builds(db_path)
    tmp = db_path.with_name(f".{db_path.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        _register_lake(con, lake)
        created = _create_views(con, models(), lake, variables or {})
        con.execute(f"create view {DATA_TESTS_VIEW} as\n{data_tests_sql((variables or {}).get('run_id', ''))}")
        created.append(DATA_TESTS_VIEW)
        # Where the views read from, for readers of an object-store lake (see connect()).
        con.execute(f"create view {LOCATION_VIEW} as select {_quote(lake.url)} as lake, "
                    f"{_quote(lake.protocol)} as protocol")
        con.execute("checkpoint")
    finally:
        con.close()
    killpoints.check("views")
    os.replace(tmp, db_path)
    Path(str(tmp) + ".wal").unlink(missing_ok=True)
    return created


def _remove_stale_builds(db_path: Path) -> None:
    """Delete half-built databases left beside this one by killed runs (never a live run's)."""
    for stale in db_path.parent.glob(f".{db_path.name}.tmp-*"):
        pid = stale.name.rsplit("-", 1)[-1].split(".")[0]
        if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
            continue
        stale.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _create_views(con, pending: list[Model], lake: Lake, variables: dict[str, str]) -> list[str]:
    # Apply in dependency order without a declared graph: retry a model whose inputs are not
    # created yet until a pass makes no progress.
    created: list[str] = []
    while pending:
        failed: list[tuple[Model, Exception]] = []
        for model in pending:
            try:
                con.execute(f"create or replace view {model.name} as\n{render(model, lake, variables)}")
                created.append(model.name)
            except duckdb.CatalogException as exc:
                failed.append((model, exc))
        if len(failed) == len(pending):
            model, exc = failed[0]
            raise RuntimeError(f"sql model {model.path.name} does not build: {exc}") from exc
        pending = [m for m, _ in failed]
    return created


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _register_lake(con, lake: Lake) -> None:
    """Let DuckDB read an object-store lake through the lake's own fsspec filesystem (s3fs, with
    the endpoint and credentials the lake was opened with): no DuckDB extension to download."""
    if lake.remote:
        con.register_filesystem(lake.fs)


def connect(db_path: Path, storage_options: dict | None = None):
    """A read-only connection to the database that can also read its lake when that is object
    storage (credentials: the AWS_* variables, or NEWSFLOW_LAKE_OPTIONS via storage_options)."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        [(found,)] = con.execute("select count(*) from duckdb_views() where view_name = ?",
                                 [LOCATION_VIEW]).fetchall()
        if found:
            [(url,)] = con.execute(f"select lake from {LOCATION_VIEW}").fetchall()
            _register_lake(con, Lake(url, storage_options))
    except BaseException:
        con.close()
        raise
    return con


def data_tests_sql(run_id: str) -> str:
    """The `data_tests` view: one row per check, with the rows it finds failing and the run that
    built the database. A view, so it always tells the truth about the views it checks."""
    parts = [f"select {_quote(c.name)} as check_name, (select count(*) from ({c.sql.strip().rstrip(';')})) "
             f"as rows_failing, {_quote(run_id)} as run_id" for c in checks()]
    return "\nunion all\n".join(parts)


def run_checks(db_path: Path, storage_options: dict | None = None) -> dict[str, int]:
    """Violations per invariant (all zero when the lake is consistent)."""
    with connect(db_path, storage_options) as con:
        return dict(con.execute(f"select check_name, rows_failing from {DATA_TESTS_VIEW} order by check_name").fetchall())


def query(db_path: Path, sql: str, storage_options: dict | None = None) -> tuple[list[str], list[tuple]]:
    """Run one read-only query; returns (column names, rows)."""
    with connect(db_path, storage_options) as con:
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description] if cursor.description else []
        return names, cursor.fetchall()
