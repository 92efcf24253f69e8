"""The newsflow DAG: discover -> (ingest -> extract -> land) per batch -> topics -> views -> finish."""
from __future__ import annotations

from contextlib import ExitStack
from datetime import date
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.runtime import flow_run

from tasks import stages
from tasks.errors import LakeBusy
from tasks.lake import Lake
from tasks.nlp import NlpPool
from tasks.pipeline import finish_run, new_run_id
from tasks.progress import report
from tasks.settings import Settings


@flow(name="newsflow", log_prints=True)
def news_pipeline(
    input_dir: str | None = None,
    lake: str | None = None,
    db: str | None = None,
    ingest_date: date | None = None,
    full_refresh: bool = False,
    refit_topics: bool = False,
) -> dict:
    """Turn a folder of article files into lake tables and DuckDB reporting views.

    Args:
        input_dir: Folder of article files (txt, md, json, jsonl, html), walked recursively. Default: the settings' input_dir.
        lake: Lake directory for the Parquet tables. Default: NEWSFLOW_LAKE or data/lake.
        db: DuckDB database file for the views. Default: NEWSFLOW_DB or data/newsflow.duckdb.
        ingest_date: Partition date to land in, for backfills. Default: today.
        full_refresh: Reprocess every input file, even those already processed.
        refit_topics: Refit the topic model on the whole lake and reassign every article.
    """
    overrides = {"input_dir": input_dir, "lake": lake, "db": db, "ingest_date": ingest_date}
    settings = Settings(**{k: v for k, v in overrides.items() if v is not None},
                        full_refresh=full_refresh, refit_topics=refit_topics)
    return run_pipeline(settings)


def run_pipeline(settings: Settings) -> dict:
    run_id = str(flow_run.id or new_run_id())
    stats = None
    try:
        with ExitStack() as held:
            _lock_lake(held, settings)
            lake, stats = stages.start_run(settings, run_id)
            try:
                plan = stages.discover(settings, lake, stats)
                # spaCy and its worker processes start only when there is something to analyse,
                # so a rerun with nothing new costs little more than Prefect's own start-up.
                pool = held.enter_context(NlpPool(list(settings.languages.values()), settings.n_process)) \
                    if plan.batches else None
                known_ids = lake.article_ids() if plan.batches else set()
                total, done = sum(map(len, plan.batches)), 0
                for n, files in enumerate(plan.batches):
                    report("Reading and analysing articles", done, total)
                    batch = stages.ingest(files, settings, known_ids, f"{run_id}-{n:05d}", stats)
                    analysis = stages.extract(batch, settings, pool, stats)
                    stages.land(lake, batch, analysis, stats)
                    done += len(files)
                report("Assigning topics", total, total)
                stages.topics(lake, settings, stats)
                report("Building the database", total, total)
                stages.build_views(lake, settings, stats)
            except BaseException as exc:
                finish_run(lake, settings, stats, status="failed", message=f"{type(exc).__name__}: {exc}")
                raise
            row = stages.finish_run(lake, settings, stats)
    except Exception as exc:
        _report(settings, stats, exc)
        raise
    _report(settings, stats)
    get_run_logger().info("Lake %s, database %s", lake.root, Path(settings.db).resolve())
    return {**row, "rows": stats.rows, "reject_reasons": stats.reject_reasons, "timings": stats.timings,
            "lake": str(lake.root), "db": str(Path(settings.db).resolve())}


def _lock_lake(held: ExitStack, settings: Settings) -> None:
    """Hold the lake for this run. A second run on the same lake waits up to lock_wait_seconds
    (saying so in the log), then stops with LakeBusy: two runs never interleave their writes."""
    lake = Lake(settings.lake)
    try:
        held.enter_context(lake.lock())
    except LakeBusy as busy:
        if not settings.lock_wait_seconds:
            raise
        get_run_logger().warning("%s; waiting up to %.0f s (NEWSFLOW_LOCK_WAIT_SECONDS)",
                                 str(busy).split("; ")[0], settings.lock_wait_seconds)
        held.enter_context(lake.lock(settings.lock_wait_seconds))


def _report(settings: Settings, stats, failure: Exception | None = None) -> None:
    """Publish the run's artifacts. The data is landed by now (or the run failed for its own reason):
    a failure to report is logged, it neither fails the run nor hides its error."""
    try:
        stages.report(settings, stats, failure)
    except Exception as report_error:
        get_run_logger().warning("Could not publish the run's artifacts: %s", report_error)
