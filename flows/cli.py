"""The `newsflow` command: a thin layer that parses arguments, calls the library and prints."""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Literal, Optional

import typer
from rich.console import Console
from rich.table import Table

from newsflow.tasks.errors import ConfigError, NewsflowError

# Prefect's server would try to send usage telemetry: there is no network at run time.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

app = typer.Typer(
    name="newsflow",
    help="Batch ETL for news articles: files -> sentences, entities, topics -> Parquet lake + DuckDB views.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)
_FULL_WIDTH = 1_000_000   # the console width of a table written to a file or pipe: no value is cut

OutputFormat = Literal["table", "csv", "json"]
EXAMPLE_QUERY = "select entity_key, label, mentions, articles from top_entities limit 10"


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("newsflow")
        except PackageNotFoundError:   # run from a checkout that is not installed
            found = "unknown (not installed)"
        sys.stdout.write(f"newsflow {found}\n")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Options of newsflow itself (the commands have their own)."""


def _settings(**overrides):
    from newsflow.tasks.settings import Settings

    return Settings.for_run(None, **overrides)


def _check_input_dir(given: Optional[str], settings) -> None:
    if given is not None and not settings.input_dir.is_dir():
        raise ConfigError(f"input directory {given} does not exist or is not a folder")


def _parse_date(value: Optional[str]) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2026-11-28", param_hint="--ingest-date") from None


@app.command()
def run(
    input_dir: Annotated[Optional[str], typer.Argument(help="Folder of article files (default: seeds/).")] = None,
    lake: Annotated[Optional[str], typer.Option(help="Lake directory or s3://bucket/prefix (default: data/lake).")] = None,
    db: Annotated[Optional[str], typer.Option(help="DuckDB file (default: data/newsflow.duckdb).")] = None,
    ingest_date: Annotated[Optional[str], typer.Option(help="Partition date YYYY-MM-DD, for backfills.")] = None,
    full_refresh: Annotated[bool, typer.Option(help="Reprocess every input, even unchanged ones.")] = False,
    refit_topics: Annotated[bool, typer.Option(help="Refit the topic model on the whole lake.")] = False,
    workers: Annotated[Optional[int], typer.Option(help="NLP worker processes (default: cores).", min=1)] = None,
    dask_address: Annotated[Optional[str], typer.Option(
        help="Run the NLP on this Dask scheduler, e.g. tcp://10.0.0.5:8786.")] = None,
    dask_local_workers: Annotated[Optional[int], typer.Option(
        help="Run the NLP on a temporary local Dask cluster of N worker processes.", min=1)] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's run logs.")] = False,
) -> None:
    """Run the pipeline once over INPUT_DIR.

    Example: newsflow run ../shared/corpus/bbc --lake data/lake --db data/newsflow.duckdb

    Object storage and Dask: newsflow run in/ --lake s3://bucket/news --dask-address tcp://10.0.0.5:8786
    """
    day = _parse_date(ingest_date)
    settings = _settings(input_dir=input_dir, lake=lake, db=db, ingest_date=day, n_process=workers,
                         full_refresh=full_refresh, refit_topics=refit_topics, dask_address=dask_address,
                         dask_local_workers=dask_local_workers)
    _check_input_dir(input_dir, settings)
    settings.check_places()
    if not verbose:
        # The summary below says what happened; Prefect's run logs are for --verbose and the UI.
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "CRITICAL")
    from newsflow.flows.launcher import run_locally

    with _progress_bar():
        summary = run_locally(settings)
    print_summary(summary, settings.lake_options)


@contextmanager
def _progress_bar():
    """A progress bar over the run's files, on the terminal only (stderr, so stdout stays clean)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from newsflow.flows import progress

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=err, transient=True, disable=not err.is_terminal)
    task_id = bar.add_task("Discovering files", total=None)
    progress.set_reporter(lambda stage, done, total: bar.update(task_id, description=stage, completed=done,
                                                                total=total))
    try:
        with bar:
            yield
    finally:
        progress.set_reporter(None)


def print_summary(summary: dict, storage_options: dict | None = None) -> None:
    from functools import partial

    from newsflow.tasks.storage import warehouse

    query = partial(warehouse.query, storage_options=storage_options)
    db = Path(summary["db"])
    from rich.text import Text

    out.print(Text(f"Run {summary['run_id']} {summary['status']}", style="bold green"), Text(
        f"in {(summary['finished_at'] - summary['started_at']).total_seconds():.1f}s: "
        f"{summary['items_seen']} inputs seen = {summary['articles_landed']} landed + "
        f"{summary['duplicates']} duplicates + {summary['unchanged']} unchanged + {summary['rejected']} rejected"))
    if summary.get("removed"):
        _say(f"{summary['removed']} files gone since the last run: their articles are marked removed")
    if summary.get("without_ner"):
        _say(f"{summary['without_ner']} articles in languages without a spaCy model: sentences only, no entities")
    if summary.get("dates_dropped"):
        _say(f"{summary['dates_dropped']} articles landed undated: their date was before 1900 or more than "
             "a year ahead")
    names, rows = query(db, "select table_name, rows from data_quality")
    _print_table("Rows in the lake", names, rows)
    if summary["rejected"]:   # this run's rejects; the rejects_by_reason view counts the whole lake
        reasons = sorted(summary.get("reject_reasons", {}).items(), key=lambda kv: (-kv[1], kv[0]))
        _print_table("Rejects of this run", ["reason", "inputs"], reasons)
    names, rows = query(db, EXAMPLE_QUERY)
    _print_table("Top entities", names, rows)
    if not summary["items_seen"] and not summary.get("files_seen"):
        from newsflow.tasks.ingest.files import FORMATS

        err.print(f"Warning: no article files in {summary.get('input_dir')} ({FORMATS})")
    share = summary["rejected"] / summary["items_seen"] if summary["items_seen"] else 0
    if share > 0.5:
        top = sorted(summary.get("reject_reasons", {}).items(), key=lambda kv: -kv[1])[:3]
        err.print(f"Warning: {summary['rejected']} of {summary['items_seen']} inputs rejected; top reasons: "
                  + ", ".join(f"{reason} ({n})" for reason, n in top))
    _say(f"Lake:     {summary['lake']}\nDatabase: {db}")
    if summary.get("report") and summary["report"] != "None":
        _say(f"Report:   {summary['report']}")
    from newsflow.tasks.settings import Settings

    with_db = "" if db == Path(Settings.model_fields["db"].default).resolve() else f" --db {db}"
    _say(f'Query:    newsflow query "{EXAMPLE_QUERY}"{with_db}\n          duckdb -readonly {db}')


def _say(text: str) -> None:
    """A line holding paths or values from data: printed as it is, never read as Rich markup
    ("[/]" in a folder name), with its control characters shown (see `visible`)."""
    out.print(visible(text, keep="\n"), markup=False, highlight=False, emoji=False, soft_wrap=True)


# C0 controls, DEL and C1 controls: shown as Unicode's control pictures (ESC as ␛) or as an escape,
# so a hostile value (a file name, an article's text) cannot move the cursor or clear the screen.
_CONTROLS = {**{c: chr(0x2400 + c) for c in range(0x20)}, 0x7F: "\u2421",
             **{c: f"\\x{c:02x}" for c in range(0x80, 0xA0)}}


def visible(text: str, keep: str = "\n\t") -> str:
    """`text` with its control characters visible (those in `keep` stay as they are)."""
    return text.translate({c: v for c, v in _CONTROLS.items() if chr(c) not in keep})


def _print_table(title: str, names: list[str], rows: list[tuple]) -> None:
    """A table of values as they are: cells are Text, never read as markup or emoji codes, not
    highlighted; long values fold instead of being cut, and a table written to a file or pipe
    is as wide as its widest value."""
    from rich.text import Text

    table = Table(title=Text(title) if title else None, title_justify="left")
    for name in names:
        table.add_column(Text(name), overflow="fold")
    for row in rows:
        table.add_row(*(Text("" if v is None else visible(str(v))) for v in row))
    console = out if out.is_terminal else Console(file=sys.stdout, width=_FULL_WIDTH, color_system=None,
                                                  markup=False, emoji=False, highlight=False)
    console.print(table)


TABLE_ROWS = 100   # rows of a query's table by default; exports write every row
_CHUNK = 10_000   # rows fetched at a time when writing or counting a result


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="One SQL query (SELECT, WITH, FROM, DESCRIBE...), run read-only.")],
    db: Annotated[Optional[str], typer.Option(help="DuckDB file (default: data/newsflow.duckdb).")] = None,
    limit: Annotated[Optional[int], typer.Option(
        help=f"Rows to print, 0 for all (default: {TABLE_ROWS} in a table, every row in csv and json).",
        min=0)] = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="table, csv or json (one object a line).")] = "table",
) -> None:
    """Run a read-only SQL query against the database and print the result.

    Only one query runs, and nothing it does can write: COPY, ATTACH, INSTALL, SET... are refused.

    Example: newsflow query "select * from entity_daily" --format csv > daily.csv
    """
    import duckdb

    from newsflow.tasks.storage import warehouse

    warehouse.check_read_only(sql)   # before looking for the database: the SQL may be the mistake
    settings = _settings(db=db)
    if not Path(settings.db).exists():
        raise ConfigError(f"database {settings.db} does not exist yet: run `newsflow run` first")
    cap = (TABLE_ROWS if output == "table" else 0) if limit is None else limit
    try:
        with warehouse.open_query(settings.db, sql, settings.lake_options) as (names, cursor):
            if output == "table":
                _print_query_table(names, cursor, cap)
            else:
                _write_rows(names, cursor, output, cap)
    except duckdb.Error as exc:
        raise ConfigError(str(exc).splitlines()[0]) from None  # the SQL is the bad argument


def _print_query_table(names: list[str], cursor, cap: int) -> None:
    """The first `cap` rows (0: all) as a table; when that cuts the result, one line on stderr
    says how many rows there are and how to see them all."""
    rows = cursor.fetchmany(cap) if cap else cursor.fetchall()
    total = len(rows)
    if cap:
        while chunk := cursor.fetchmany(_CHUNK):
            total += len(chunk)
    _print_table("", names, rows)
    if total > len(rows):
        err.print(f"({total} rows, first {len(rows)} shown: --limit 0 shows all, --format csv writes all)",
                  markup=False, highlight=False, soft_wrap=True)


def _write_rows(names: list[str], cursor, output: str, cap: int = 0) -> None:
    """Every row of the result (or the first `cap`), streamed: csv with a header, or json lines."""
    import csv
    import itertools
    import json

    chunks = iter(lambda: cursor.fetchmany(_CHUNK), [])
    rows = itertools.chain.from_iterable(chunks)
    if cap:
        rows = itertools.islice(rows, cap)
    if output == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(names)
        writer.writerows(rows)
    else:
        for row in rows:
            sys.stdout.write(json.dumps({n: _json_value(v) for n, v in zip(names, row)}, default=str,
                                        ensure_ascii=False, allow_nan=False) + "\n")


def _json_value(value):
    """Strict JSON: numbers as numbers (DECIMAL too), NaN and infinities as null (JSON has none),
    lists, structs and maps walked; other values (dates, times, UUIDs) as their text."""
    import math
    from decimal import Decimal

    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return None if not value.is_finite() else int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return value


@app.command()
def views(
    lake: Annotated[Optional[str], typer.Option(help="Lake directory or s3://bucket/prefix (default: data/lake).")] = None,
    db: Annotated[Optional[str], typer.Option(help="DuckDB file to (re)build (default: data/newsflow.duckdb).")] = None,
    repair: Annotated[bool, typer.Option(help="First move every lake file that is not readable Parquet to "
                                              "<lake>/_quarantine/ (each is named).")] = False,
) -> None:
    """Rebuild the database's views over the lake as it is, without a run, then run every data test
    over every row of the lake, and the whole-lake audits (a nightly run checks only its own rows).

    For a lake that moved without its database, a database that was lost, or new views in sql/.
    A lake moved together with its database needs nothing: the views find it beside the database.

    Example: newsflow views --lake /backup/lake --db /backup/newsflow.duckdb
    """
    from newsflow.tasks.storage import warehouse
    from newsflow.tasks.storage.lake import Lake

    settings = _settings(lake=lake, db=db)
    settings.check_places()
    where = Lake(settings.lake, settings.lake_options)
    if not where.files("runs"):   # every run writes its row first: checked before anything is written
        raise ConfigError(f"{where.url} is not a newsflow lake (no run has written to it): give the lake's folder")
    if repair:
        with where.lock(settings.lock_wait_seconds):
            for moved_from, moved_to in where.quarantine_unreadable():
                _say(f"Moved {moved_from} (not readable Parquet) to {moved_to}")
    created = warehouse.rebuild_views(where, settings.db, settings.lock_wait_seconds)
    checks = warehouse.run_checks(settings.db, settings.lake_options)
    passing = sum(1 for n in checks.values() if n == 0)
    out.print(f"Built {len(created)} views in {Path(settings.db).expanduser().resolve()} over {where.url}; "
              f"data tests: {passing} of {len(checks)} pass", markup=False, highlight=False, soft_wrap=True)
    warehouse.fail_on_data_tests(checks)


@app.command()
def serve(
    input_dir: Annotated[Optional[str], typer.Option(help="Folder the runs read by default (default: seeds/).")] = None,
    lake: Annotated[Optional[str], typer.Option(help="Lake directory or s3://bucket/prefix (default: data/lake).")] = None,
    db: Annotated[Optional[str], typer.Option(help="DuckDB file (default: data/newsflow.duckdb).")] = None,
    cron: Annotated[Optional[str], typer.Option(help="Nightly schedule in cron syntax (default: '0 2 * * *').")] = None,
    timezone: Annotated[Optional[str], typer.Option(help="IANA timezone of --cron, e.g. Europe/London (default: UTC).")] = None,
    workers: Annotated[Optional[int], typer.Option(help="NLP worker processes per run (default: cores).", min=1)] = None,
    lock_wait: Annotated[float, typer.Option(
        help="Seconds a run waits for another run on the same lake before it fails.", min=0,
        envvar="NEWSFLOW_LOCK_WAIT_SECONDS")] = 3600,
) -> None:
    """Serve the `nightly` (cron) and `on-demand` deployments to a Prefect server until Ctrl+C.

    Runs start on the schedule or from the Prefect UI (Run > Custom run) and execute on this machine.

    Talks to PREFECT_API_URL, or to http://127.0.0.1:4200/api (`prefect server start`) when unset.

    Example: newsflow serve --cron "30 1 * * *" --timezone Europe/London
    """
    settings = _settings(input_dir=input_dir, lake=lake, db=db, schedule_cron=cron, schedule_timezone=timezone,
                         n_process=workers, lock_wait_seconds=lock_wait)
    _check_input_dir(input_dir, settings)
    settings.check_places()
    from newsflow.flows.serve import serve as serve_deployments

    serve_deployments(settings)


@app.command()
def report(
    db: Annotated[Optional[str], typer.Option(help="DuckDB file (default: data/newsflow.duckdb).")] = None,
    out_dir: Annotated[Optional[Path], typer.Option("--out", help="Folder to write report.html and key_chart.png "
                                                    "(default: the database's folder).")] = None,
    days: Annotated[Optional[int], typer.Option(help="Time series cover the last N days of data (default: all).",
                                                min=1)] = None,
    all_time: Annotated[bool, typer.Option("--all-time", help="Every article, not only those ingested in the "
                                                             "last 30 days (the `recent` views).")] = False,
) -> None:
    """Write the report: one self-contained offline HTML page of charts over the database's views
    (top entities over time, topics per day, co-mentions, stories, countries, tone, quotes, rejects,
    data tests). Every run writes it next to the database too.

    By default it covers the articles ingested in the last 30 days (the database's `recent` views).

    Example: newsflow report --db data/newsflow.duckdb --out /tmp/report --days 7
    """
    from newsflow.tasks.report import build_report
    from newsflow.tasks.storage import warehouse

    settings = _settings(db=db)
    path = Path(settings.db).expanduser().resolve()
    if not path.is_file():
        raise ConfigError(f"database {path} does not exist yet: run `newsflow run` first")
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        raise ConfigError(f"--out {out_dir} is a file: give a folder for report.html and key_chart.png")
    html = build_report(path, out_dir or path.parent, days,
                        connect=lambda p: warehouse.connect(p, settings.lake_options), all_time=all_time)
    out.print(f"Report: {html}", soft_wrap=True)


@app.command("eval")
def eval_command(
    corpus_dir: Annotated[Optional[Path], typer.Argument(
        help="Labelled corpus: CORPUS_DIR/<label>/<article files> (default: ../shared/corpus/bbc).")] = None,
    topics: Annotated[Optional[list[int]], typer.Option(
        "--topics", min=2, help="Number of topics to evaluate; repeat for several (default: 5 and NEWSFLOW_N_TOPICS).")] = None,
    seed: Annotated[int, typer.Option(help="Shuffles the 5 folds of articles that arrive in a later run.")] = 0,
    topics_only: Annotated[bool, typer.Option("--topics-only", help="Skip the entity-key and sentence gold files.")] = False,
) -> None:
    """Measure what the pipeline extracts: topics against the folders of a labelled corpus, entity keys
    and sentences against the hand-checked gold files in tests/gold. Prints tables, then every
    figure as one JSON line (the last line of stdout). About a minute on the BBC corpus.

    Example: newsflow eval ../shared/corpus/bbc --topics 5 --topics 10
    """
    import json
    from contextlib import nullcontext

    from newsflow.tasks.evaluation.evaluate import evaluate, report_tables
    from newsflow.tasks.topics import REFERENCE_CORPUS

    settings = _settings()
    corpus = corpus_dir if corpus_dir is not None else REFERENCE_CORPUS.resolve()
    with err.status("Evaluating...") if err.is_terminal else nullcontext():
        result = evaluate(corpus, topics, settings, seed=seed, extraction=not topics_only,
                          with_extractors=not topics_only)
    for title, names, rows in report_tables(result):
        _print_table(title, names, rows)
    # written directly: rich would wrap a long line at the terminal width
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> None:
    """Entry point: one-line errors and exit codes instead of tracebacks."""
    exit_code = _skip_teardown()
    try:
        _main(argv)
    except SystemExit as exc:
        exit_code[0] = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
        raise
    except BaseException:   # NEWSFLOW_TRACEBACK: Python prints the traceback; the code is 1
        exit_code[0] = 1
        raise


def _main(argv: list[str] | None) -> None:
    from typer._click import exceptions as click_exceptions  # typer ships its own click

    try:
        result = app(args=argv, standalone_mode=False)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except click_exceptions.NoArgsIsHelpError as exc:
        out.print(exc.ctx.get_help(), highlight=False, markup=False)
        sys.exit(2)
    except click_exceptions.ClickException as exc:  # usage errors: bad option, bad value
        _fail(exc.format_message(), 2)
    except (KeyboardInterrupt, typer.Abort):
        _fail("interrupted", 130)
    except NewsflowError as exc:
        _fail(str(exc), exc.exit_code)
    except Exception as exc:  # a bug or an environment fault: one line, the traceback on request
        if os.environ.get("NEWSFLOW_TRACEBACK"):
            raise
        _fail(f"{type(exc).__name__}: {exc} (NEWSFLOW_TRACEBACK=1 shows the traceback)", 1)
    sys.exit(result if isinstance(result, int) else 0)


def _fail(message: str, code: int) -> None:
    err.print(f"Error: {message}", highlight=False, markup=False, soft_wrap=True)
    sys.exit(code)


def _skip_teardown() -> list[int]:
    """End the process right after the exit hooks, as the last of them: Python's own teardown of
    the libraries a run imports (Prefect, pandas, scikit-learn...) takes over half a second, and
    everything is written, sent and closed by then. The hooks registered later (Prefect sending its
    last events, the temporary server's stop, logging's flush) run first. Returns the holder of the
    exit code to use."""
    import atexit

    exit_code = [0]

    def exit_now() -> None:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):   # a closed pipe: what is left has no reader
                pass
        os._exit(exit_code[0])

    atexit.register(exit_now)
    return exit_code


if __name__ == "__main__":
    main()
