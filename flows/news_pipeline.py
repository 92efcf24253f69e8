"""The newsflow DAG: discover -> (ingest -> extract -> land) per batch -> topics -> views -> finish."""
from __future__ import annotations

import gc
from collections import deque
from contextlib import ExitStack
from datetime import date
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from newsflow.tasks.run import stages
from newsflow.tasks.errors import LakeBusy
from newsflow.tasks.storage.lake import Lake
from newsflow.tasks.run.readahead import take_pool
from newsflow.tasks.run.pipeline import finish_run, import_topics_in_background, new_run_id
from newsflow.flows.progress import report
from newsflow.tasks.settings import Settings


# The task runner is chosen from the NEWSFLOW_DASK_* settings when this module is imported: threads
# (and the local NLP worker pool) by default, else a Dask cluster (see stages.task_runner).
@flow(name="newsflow", log_prints=True, task_runner=stages.task_runner())
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
        lake: Lake directory (or s3://bucket/prefix) for the Parquet tables. Default: NEWSFLOW_LAKE or data/lake.
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
                if plan.batches:
                    _read_analyse_land(plan, lake, settings, stats, run_id)
                total = sum(map(len, plan.batches))
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


def _read_analyse_land(plan, lake: Lake, settings: Settings, stats, run_id: str) -> None:
    """Batches stream from the input files to the lake: while the NLP workers analyse the batches
    in flight, this process reads the next one and lands the oldest, in order. Memory holds the
    batches in flight, whatever the size of the corpus.

    Large arguments are quoted: Prefect would otherwise walk every string of them looking for
    futures, which costs seconds per batch.
    """
    # The local pool is closed before the topic stage, so its memory is free for the topic model.
    with ExitStack() as nlp:
        pool = None if settings.uses_dask else nlp.enter_context(
            take_pool(list(settings.languages.values()), settings.n_process))
        known_ids = lake.article_ids()
        in_flight: deque = deque()
        ahead = stages.batches_in_flight(settings)
        total, done = sum(map(len, plan.batches)), 0
        # A finished task's future and its state form a reference cycle that holds the task's result
        # (a batch's analysis) until the interpreter's occasional full collection: collect after each
        # batch. Freezing what exists now (Prefect, the libraries) keeps those collections cheap.
        gc.freeze()

        def land_oldest() -> int:
            batch, futures = in_flight.popleft()
            analysis = stages.wait_for_nlp(futures, batch.batch_id, stats)
            stages.land(lake, quote(batch), quote(analysis), stats)
            del futures, analysis
            gc.collect()
            return len(batch.reads)

        for n, files in enumerate(plan.batches):
            report("Reading and analysing articles", done, total)
            batch = stages.ingest(quote(files), settings, quote(known_ids), f"{run_id}-{n:05d}", stats)
            last = n == len(plan.batches) - 1
            # (jobs are not quoted: a Dask worker would get the quote, not the jobs; they are small)
            in_flight.append((batch, [stages.extract.submit(batch.batch_id, jobs, pool, last)
                                      for jobs in stages.nlp_parts(batch, settings)]))
            if n == 0:
                import_topics_in_background()
            while len(in_flight) > ahead:
                done += land_oldest()
        while in_flight:
            report("Reading and analysing articles", done, total)
            done += land_oldest()


def _lock_lake(held: ExitStack, settings: Settings) -> None:
    """Hold the lake for this run. A second run on the same lake waits up to lock_wait_seconds
    (saying so in the log), then stops with LakeBusy: two runs never interleave their writes."""
    lake = Lake(settings.lake, settings.lake_options)
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
