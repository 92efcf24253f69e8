"""The DuckDB database: views from `sql/` over the lake's committed Parquet files.

The database is rebuilt beside the old one and swapped in with an atomic rename, so a reader
never finds it locked for more than an instant and always sees the last complete run. Each
staging view lists its Parquet files explicitly: a snapshot of what was committed when it was
built, blind to files a later run is still writing.

*A lake that can move.* The views name their files relative to the lake's root, which they read
from the session variable `newsflow_lake` (`getvariable`), and fall back to the lake's absolute
location when the database was built. The database also stores where the lake is relative to the
database file's folder (`lake_location.location`; an object-store lake's URL as is), and
`connect()` resolves that against the folder the database is in now and sets the variable: move
(or copy) the lake and the database together and every view reads the lake beside the database,
never the old one; move only the database and `connect()` says where it looked. Why a variable:
DuckDB resolves a relative path in a view against the process's working directory (before
`file_search_path`), so a relative path would silently read whatever lake the working directory
holds; a path built from a variable is exact. `newsflow views --lake DIR --db FILE`
(`rebuild_views`) rebuilds the views over a lake found anywhere else.

A plain DuckDB reader (the `duckdb` CLI, `duckdb.connect`) of a database in place needs nothing;
after a move it runs `SET VARIABLE newsflow_lake = '/new/place/lake';` first.

*Read-only queries.* `query()` runs exactly one statement and only one that DuckDB's own parser
types as SELECT (which covers WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE and PRAGMAs that only
return information); COPY, ATTACH, INSTALL/LOAD, SET, EXPORT, CALL, EXPLAIN and every statement
that changes something are refused before they run. The connection is read-only (the database
cannot change), does not install extensions, and its configuration is locked. Reading files
(`read_csv(...)`) stays allowed. DuckDB's `enable_external_access = false` is not used: it would
also stop the views reading the lake (or, with `allowed_directories`, let COPY write into it).
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import duckdb
import pyarrow as pa

from newsflow.tasks import killpoints
from newsflow.tasks.errors import ConfigError, DataTestFailed, LakeDamaged
from newsflow.tasks.storage.data_tests import Check, checks
from newsflow.tasks.storage.lake import Lake, is_remote, run_of
from newsflow.tasks.storage.schemas import PARTITION_KEY, TABLES, of_articles
from newsflow.tasks.settings import SQL_DIR

LOCATION_VIEW = "lake_location"   # one row: where the views read the lake, where it is stored, protocol
LAKE_VARIABLE = "newsflow_lake"    # the session variable the views take the lake's root from
RECENT_SCHEMA = "recent"           # the same views over the articles of the last RECENT_DAYS ingest days
RECENT_DAYS = 30
# The tables `recent` reads from the window's partitions: the articles, their rows, and the runs' records
# of input files and rejects (a file's latest manifest row is as new as its articles, or newer). The
# corpus-level ones (aliases, label votes, topics, story versions, runs) are read whole.
RECENT_TABLES = frozenset({"articles", "manifest", "rejects", *(t for t in TABLES if of_articles(t))})
LAYERS = ("staging", "intermediate", "marts")
_SOURCE = re.compile(r"\{\{\s*source\(\s*['\"](\w+)['\"]\s*\)\s*\}\}")
_VAR = re.compile(r"\{\{\s*var\(\s*['\"](\w+)['\"]\s*\)\s*\}\}")
_TABLE_COUNTS = re.compile(r"\{\{\s*table_counts\(\)\s*\}\}")
_COLUMNS = re.compile(r"\{\{\s*columns\(\s*['\"](\w+)['\"]\s*\)\s*\}\}")
_CHECKED = re.compile(r"\{\{\s*checked\(\s*['\"](\w+)['\"]\s*\)\s*\}\}")
DATA_TESTS = "data_tests"   # one row per check of sql/checks: its failing rows in this build
_DATA_TEST_RESULTS = "_data_test_results"   # the table behind it, computed when the database is built
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


class QueryRefused(ConfigError):
    """A statement `query()` does not run: it is not one read-only query."""


def lake_root_sql(lake: Lake) -> str:
    """The lake's root as the views read it: the session variable, else where it was at build."""
    return f"coalesce(getvariable({_quote(LAKE_VARIABLE)}), {_quote(lake.url)})"


def _relative_to_root(lake: Lake, path: Path | str) -> str:
    if lake.remote:
        return str(path)[len(lake.url) + 1:]
    return Path(path).relative_to(lake.root).as_posix()


def source_sql(lake: Lake, table: str, run_id: str | None = None, since: date | None = None) -> str:
    """A table expression over the table's committed files (or an empty typed relation); with
    `run_id`, over that run's batches only; with `since`, over the partitions ingested from that day
    on, for the RECENT_TABLES. Files are named relative to the lake's root,
    which is resolved when the view is read (module docstring)."""
    if run_id is not None:
        paths = [f.path for f in lake.committed_files(table) if run_id in (f.batch_id, run_of(f.batch_id))]
    elif since is not None and table in RECENT_TABLES:
        paths = [f.path for f in lake.committed_files(table) if f.ingest_date >= since.isoformat()]
    else:
        paths = [f.path for f in lake.committed_files(table)] + lake.placeholders(table)
    files = [_relative_to_root(lake, path) for path in paths]
    if files:
        listed = ", ".join(_quote(path) for path in files)
        # union_by_name: files written before a column was added read it as null
        return (f"read_parquet(list_transform([{listed}], f -> {lake_root_sql(lake)} || '/' || f), "
                f"hive_partitioning = true, union_by_name = true, hive_types = {{'{PARTITION_KEY}': date}})")
    columns = [f"cast(null as {duckdb_type(f.type)}) as {f.name}" for f in TABLES[table]]
    columns.append(f"cast(null as date) as {PARTITION_KEY}")
    return f"(select {', '.join(columns)} where false)"


def columns_sql(table: str) -> str:
    """A table's columns as its staging view lists them (the `{{ columns('t') }}` macro): its declared
    columns (schemas.TABLES), then the partition key, then batch_id."""
    names = [f.name for f in TABLES[table] if f.name != "batch_id"]
    return ", ".join([*names, PARTITION_KEY, "batch_id"])


def table_counts_sql() -> str:
    """Row counts of every lake table, in schema order (the `{{ table_counts() }}` macro)."""
    return "\n    union all ".join(f"select {n} as position, '{name}' as table_name, count(*) as rows from {name}"
                                    for n, name in enumerate(TABLES))


def render(model: Model | Check, lake: Lake, variables: dict[str, str], checked_run: str | None = None,
           since: date | None = None) -> str:
    """The model's SQL with its macros filled in. `{{ checked('t') }}` (in checks) is the rows a
    data test checks: the run `checked_run`'s own rows of table t, or all of them. `since`: the
    articles' tables read the partitions from that day on (the RECENT schema)."""
    sql = _TABLE_COUNTS.sub(lambda m: table_counts_sql(), model.sql)
    sql = _COLUMNS.sub(lambda m: columns_sql(m[1]), sql)
    sql = _CHECKED.sub(lambda m: source_sql(lake, m[1], checked_run), sql)
    sql = _SOURCE.sub(lambda m: source_sql(lake, m[1], since=since), sql)
    return _VAR.sub(lambda m: "'" + variables.get(m[1], "").replace("'", "''") + "'", sql)


def stored_location(lake: Lake, db_path: Path) -> str:
    """Where the database records its lake: relative to the database file's folder when the lake
    is local (so the two can move together), else the object store's URL."""
    if lake.remote:
        return lake.url
    return Path(os.path.relpath(lake.root, Path(db_path).parent)).as_posix()


def build_database(lake: Lake, db_path: Path, variables: dict[str, str] | None = None,
                   checked_run: str | None = None) -> list[str]:
    """Create every view in a new database file and swap it in atomically. Returns the view names.

    The data tests check the rows of run `checked_run` only (a nightly run: each row is checked once,
    when it lands, and the night's checks cost the night's rows), or, without it, every row of the
    lake plus the whole-lake audits (`newsflow views`, the test suite).

    First gives every empty table its placeholder file (lake.ensure_placeholders), so readers of
    the lake's folders find every table: call it as a writer, under the lake's lock."""
    db_path = Path(db_path).expanduser().resolve()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    lake.ensure_placeholders(datetime.now(timezone.utc).date())
    _remove_stale_builds(db_path)
    tmp = db_path.with_name(f".{db_path.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    con = _connect(tmp)
    try:
        _register_lake(con, lake)
        con.execute(f"set variable {LAKE_VARIABLE} = ?", [lake.url])
        created = _create_views(con, models(), lake, variables or {})
        # The checks run once, here, into a table; the data_tests view, which run_checks, the report
        # and users read, shows it.
        _run_data_tests(con, lake, (variables or {}).get("run_id", ""), checked_run)
        con.execute(f"create view {DATA_TESTS} as select * from {_DATA_TEST_RESULTS}")
        created.append(DATA_TESTS)
        _create_recent(con, lake, variables or {})
        # Where the views read from (this session), where the lake is kept (see connect()), and what
        # the views were built from (is_current).
        con.execute(f"create view {LOCATION_VIEW} as select {lake_root_sql(lake)} as lake, "
                    f"{_quote(stored_location(lake, db_path))} as location, {_quote(lake.protocol)} as protocol, "
                    f"{_quote(snapshot(lake))} as snapshot")
        con.execute("checkpoint")
    except BaseException as exc:
        con.close()
        for leftover in (tmp, Path(str(tmp) + ".wal")):   # a failed build leaves nothing beside the database
            leftover.unlink(missing_ok=True)
        damaged = re.search(r"File '([^']+)'.*[Pp]arquet", str(exc)) if isinstance(exc, duckdb.Error) else None
        if damaged:
            raise LakeDamaged(damaged[1], str(exc)) from None
        raise
    con.close()
    killpoints.check("views")
    os.replace(tmp, db_path)
    Path(str(tmp) + ".wal").unlink(missing_ok=True)
    return created


def snapshot(lake: Lake) -> str:
    """What a database built now would be built from: the SQL models and the lake's committed files
    (all but the `runs` log, which every run adds to). Listing files, reading none."""
    digest = hashlib.blake2b(digest_size=16)
    for model in models():
        digest.update(f"{model.layer}/{model.name}\n{model.sql}\n".encode())
    for table in TABLES:
        if table != "runs":
            for f in lake.committed_files(table):
                digest.update(f"{table}/{_relative_to_root(lake, f.path)}\n".encode())
    return digest.hexdigest()


def is_current(lake: Lake, db_path: Path, storage_options: dict | None = None) -> bool:
    """Whether the database at db_path was built from this lake as it is now, by these SQL models:
    a run that landed nothing then keeps it (and its report) instead of rebuilding and re-testing."""
    db_path = Path(db_path).expanduser().resolve()
    if not db_path.is_file():
        return False
    try:
        with connect(db_path, storage_options) as con:
            built_over, built_from = con.execute(f"select lake, snapshot from {LOCATION_VIEW}").fetchone()
    except (duckdb.Error, ConfigError):   # no database, an older one without a snapshot, another lake's
        return False
    return built_over == lake.url and built_from == snapshot(lake)


def refresh_runs_view(lake: Lake, db_path: Path) -> None:
    """Point the database's `runs` view at every runs file, the rest kept as built: what a run that
    landed nothing changes (its own runs row). Done on a copy swapped in atomically, like a build."""
    db_path = Path(db_path).expanduser().resolve()
    [runs] = [m for m in models() if m.name == "runs"]
    tmp = db_path.with_name(f".{db_path.name}.tmp-{os.getpid()}")
    shutil.copyfile(db_path, tmp)
    try:
        with _connect(tmp) as con:
            _register_lake(con, lake)
            con.execute(f"set variable {LAKE_VARIABLE} = ?", [lake.url])
            for schema in ("main", RECENT_SCHEMA):
                con.execute(f"create or replace view {schema}.runs as\n{render(runs, lake, {})}")
            con.execute("checkpoint")
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, db_path)


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


def recent_since(lake: Lake) -> date | None:
    """First ingest day of the RECENT schema: RECENT_DAYS days back from the lake's latest ingest day."""
    days = [f.ingest_date for f in lake.committed_files("articles")]
    return date.fromisoformat(max(days)) - timedelta(days=RECENT_DAYS - 1) if days else None


def _create_recent(con, lake: Lake, variables: dict[str, str]) -> None:
    """The RECENT schema: every model again, the RECENT_TABLES reading only the partitions of the
    last RECENT_DAYS ingest days (the lake's other tables whole: aliases, votes, topics, runs). A view
    in it reads its own schema's views first, so each mart counts the window's articles, and costs
    the window's files, whatever the lake's age."""
    since = recent_since(lake) or date.today()
    con.execute(f"create schema {RECENT_SCHEMA}")
    _create_views(con, models(), lake, variables, schema=RECENT_SCHEMA, since=since)
    con.execute(f"create view {RECENT_SCHEMA}.{DATA_TESTS} as select * from main.{_DATA_TEST_RESULTS}")
    con.execute(f"create view {RECENT_SCHEMA}.recent_window as select date {_quote(since.isoformat())} as since, "
                f"{RECENT_DAYS} as days")


def read_recent(con, covering: date | None = None) -> date | None:
    """Point the connection's unqualified view names at the RECENT schema, when the database has it
    (and its window begins on or before `covering`, a day the reader's rows must be in); returns the
    window's first ingest day, or None when the names stay on the whole lake."""
    if not con.execute("select 1 from duckdb_views() where schema_name = ? and view_name = 'recent_window'",
                       [RECENT_SCHEMA]).fetchone():
        return None
    since = con.execute(f"select since from {RECENT_SCHEMA}.recent_window").fetchone()[0]
    if covering is not None and since > covering:
        return None
    con.execute(f"set search_path = '{RECENT_SCHEMA},main'")
    return since


def _create_views(con, pending: list[Model], lake: Lake, variables: dict[str, str], schema: str = "main",
                  since: date | None = None) -> list[str]:
    # Apply in dependency order without a declared graph: retry a model whose inputs are not
    # created yet until a pass makes no progress.
    created: list[str] = []
    while pending:
        failed: list[tuple[Model, Exception]] = []
        for model in pending:
            try:
                con.execute(f"create or replace view {schema}.{model.name} as\n"
                            f"{render(model, lake, variables, since=since)}")
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
    """A read-only connection to the database whose views read the lake where it is now: beside
    the database as it was when built (module docstring), or object storage (credentials: the
    AWS_* variables, or NEWSFLOW_LAKE_OPTIONS via storage_options)."""
    db_path = Path(db_path).expanduser().resolve()
    con = _connect(db_path, read_only=True)
    try:
        location = _stored_lake(con)
        if location is not None:
            lake = Lake(location if is_remote(location) else _local_lake(db_path, location), storage_options)
            _register_lake(con, lake)
            con.execute(f"set variable {LAKE_VARIABLE} = ?", [lake.url])
    except BaseException:
        con.close()
        raise
    return con


# No DuckDB extension is ever installed or loaded on its own: a query must not reach the network
# (opening a SQLite file would otherwise fetch sqlite_scanner), from the first statement on.
NO_EXTENSIONS = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def _connect(path: Path, read_only: bool = False):
    try:
        return duckdb.connect(str(path), read_only=read_only, config=NO_EXTENSIONS)
    except duckdb.Error as exc:   # not a DuckDB file, a folder, no permission: the path is the mistake
        why = str(exc).splitlines()[0]
        if "xtension" in why:   # DuckDB recognised another format (SQLite...) and wanted its extension
            why = "not a DuckDB database (newsflow loads no DuckDB extension to read other formats)"
        raise ConfigError(f"database {path}: {why}") from None


def _stored_lake(con) -> str | None:
    """The lake's location as the database stores it (None: a database without one)."""
    columns = {name for (name,) in con.execute(
        "select column_name from duckdb_columns() where table_name = ?", [LOCATION_VIEW]).fetchall()}
    if "location" in columns:
        return con.execute(f"select location from {LOCATION_VIEW}").fetchone()[0]
    if "lake" in columns:   # built before the lake could move: an absolute path or a URL
        return con.execute(f"select lake from {LOCATION_VIEW}").fetchone()[0]
    return None


def _local_lake(db_path: Path, location: str) -> Path:
    lake = (db_path.parent / location).resolve()
    if not lake.is_dir():
        raise ConfigError(f"the lake of {db_path} is not at {lake} (where it was relative to the database): "
                          "move the lake along with the database, or rebuild the views over it with "
                          f"`newsflow views --lake DIR --db {db_path}`")
    return lake


def rebuild_views(lake: Lake, db_path: Path, lock_wait_seconds: float = 0) -> list[str]:
    """Rebuild the database over the lake as it is, without a run (`newsflow views`): the topic
    model version and run id are the last completed run's, as that run built them."""
    with lake.lock(lock_wait_seconds):
        runs = [r for r in lake.read("runs", ["run_id", "started_at", "status", "model_version"]).to_pylist()
                if r["status"] == "completed"]
        last = max(runs, key=lambda r: r["started_at"], default={})
        return build_database(lake, db_path, {"model_version": last.get("model_version") or "",
                                              "run_id": last.get("run_id") or ""})


def _run_data_tests(con, lake: Lake, run_id: str, checked_run: str | None) -> None:
    """The data tests' results into their table: one row per check, with the rows it finds failing
    and the run that built the database. Computed when the database is built: its views read a
    fixed list of files, so the results hold for as long as the database does.

    A check's top-level `union all` branches (a line that starts with `union all`) are counted one
    query at a time: run as one query, the marts' grain check held every mart's hash tables at
    once, about 600 MB at 6,000 articles, growing with the lake; one mart at a time is ~100 MB."""
    con.execute(f"create table {_DATA_TEST_RESULTS} (check_name varchar, rows_failing bigint, run_id varchar)")
    for check in checks(whole_lake=checked_run is None):
        sql = render(check, lake, {}, checked_run)
        failing = sum(con.execute(f"select count(*) from ({part})").fetchone()[0] for part in _union_parts(sql))
        con.execute(f"insert into {_DATA_TEST_RESULTS} values (?, ?, ?)", [check.name, failing, run_id])


def _union_parts(sql: str) -> list[str]:
    """The branches of a query written as `select ...` lines joined by lines starting `union all`
    (each branch a query of its own; the count of the whole is the sum of theirs)."""
    parts, current = [], []
    for line in sql.strip().rstrip(";").splitlines():
        if line.startswith("union all"):
            parts.append("\n".join(current))
            current = [line[len("union all"):]]
        else:
            current.append(line)
    parts.append("\n".join(current))
    return [p for p in parts if p.strip() and not all(ln.strip().startswith("--") or not ln.strip()
                                                       for ln in p.splitlines())]


def fail_on_data_tests(results: dict[str, int]) -> None:
    """Raise DataTestFailed naming every check that found rows (a run, or `newsflow views`, fails)."""
    failing = {name: n for name, n in results.items() if n}
    if failing:
        raise DataTestFailed("data tests failed: " + ", ".join(f"{name} ({n} rows)" for name, n in failing.items())
                             + f"; see `select * from {DATA_TESTS}` and sql/checks/")


def run_checks(db_path: Path, storage_options: dict | None = None) -> dict[str, int]:
    """Violations per invariant (all zero when the lake is consistent)."""
    with connect(db_path, storage_options) as con:
        return dict(con.execute(f"select check_name, rows_failing from {DATA_TESTS} order by check_name").fetchall())


_REFUSED = {
    "COPY": "COPY writes files", "ATTACH": "ATTACH opens another database", "DETACH": "DETACH changes the session",
    "LOAD": "INSTALL and LOAD change the extensions", "SET": "SET changes the configuration",
    "EXPORT": "EXPORT writes files", "EXPLAIN": "EXPLAIN ANALYZE would run its statement",
}


def check_read_only(sql: str) -> None:
    """Raise QueryRefused unless `sql` is exactly one statement of the kind `query()` runs."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryRefused(str(exc).splitlines()[0]) from None
    if not statements:
        raise QueryRefused("the SQL is empty: give one query, e.g. \"select * from data_quality\"")
    if len(statements) > 1:
        raise QueryRefused(f"one statement at a time: this SQL has {len(statements)}")
    kind = statements[0].type.name
    if kind != "SELECT":
        why = _REFUSED.get(kind, f"{kind} is not a query")
        raise QueryRefused(f"queries are read-only: {why}; run a SELECT (or WITH, FROM, DESCRIBE, SHOW, SUMMARIZE)")


@contextmanager
def open_query(db_path: Path, sql: str, storage_options: dict | None = None) -> Iterator[tuple[list[str], object]]:
    """Run one read-only query (see check_read_only); yields (column names, a cursor to fetch
    the rows from with fetchmany/fetchall). Raises QueryRefused, or duckdb.Error from DuckDB."""
    check_read_only(sql)
    with connect(db_path, storage_options) as con:
        con.execute("set lock_configuration = true")   # extensions were switched off at connect (_connect)
        cursor = con.execute(sql)
        yield [d[0] for d in cursor.description] if cursor.description else [], cursor


def query(db_path: Path, sql: str, storage_options: dict | None = None) -> tuple[list[str], list[tuple]]:
    """Run one read-only query; returns (column names, rows)."""
    with open_query(db_path, sql, storage_options) as (names, cursor):
        return names, cursor.fetchall()
