"""The newsflow DAG: discover -> (ingest -> extract -> land) per batch -> topics -> views -> finish."""
from __future__ import annotations

import logging
import time
from contextlib import ExitStack
from datetime import date
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.context import FlowRunContext
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from newsflow.tasks.run import stages
from newsflow.tasks.errors import LakeBusy, NewsflowError
from newsflow.tasks.storage.lake import Lake
from newsflow.flows.readahead import take_pool, take_read
from newsflow.tasks.run.batches import import_in_background, wait_for_imports
from newsflow.tasks.run.records import finish_run, new_run_id
from newsflow.flows.batch_window import BatchWindow
from newsflow.flows.progress import report
from newsflow.tasks.settings import Settings


# The flow's own tasks run in this process. Where the NLP runs (the local worker pool or a Dask
# cluster) is decided when the run starts, from its settings (stages.nlp_runner).
@flow(name="newsflow", log_prints=True, task_runner=ThreadPoolTaskRunner(max_workers=4))
def news_pipeline(
    input_dir: str | None = None,
    lake: str | None = None,
    db: str | None = None,
    ingest_date: date | None = None,
    full_refresh: bool = False,
    refit_topics: bool = False,
    settings: Settings | None = None,
) -> dict:
    """Turn a folder of article files into lake tables and DuckDB reporting views.

    Args:
        input_dir: Folder of article files (txt, md, json, jsonl, csv, tsv, RSS/Atom, html), walked
            recursively. Default: the settings' input_dir.
        lake: Lake directory (or s3://bucket/prefix) for the Parquet tables. Default: NEWSFLOW_LAKE or data/lake.
        db: DuckDB database file for the views. Default: NEWSFLOW_DB or data/newsflow.duckdb.
        ingest_date: Partition date to land in, for backfills. Default: today.
        full_refresh: Reprocess every input file, even those already processed.
        refit_topics: Refit the topic model on the whole lake and reassign every article.
        settings: Every other setting (worker counts, batch size, Dask, models...). Default: the
            NEWSFLOW_* environment of the process that runs the flow. The fields above override it.
    """
    _hide_user_error_tracebacks()
    try:
        settings = Settings.for_run(settings, input_dir=input_dir, lake=lake, db=db, ingest_date=ingest_date,
                                    full_refresh=full_refresh or None, refit_topics=refit_topics or None)
        settings.check_places()
    except NewsflowError as exc:
        get_run_logger().error("%s: %s", type(exc).__name__, exc)
        raise
    return run_pipeline(settings)


class _UserErrorFilter(logging.Filter):
    """A user's error (a bad folder, a bad setting, a busy lake: a NewsflowError) is reported in one
    line, the run's own ("Stage discover failed on ...: ConfigError: ..."): Prefect's records of the
    same error (the task run's and the flow run's "Encountered exception", their "Finished in state
    Failed(...)") are dropped. A bug keeps its traceback and Prefect's records."""

    _USER_ERRORS = None

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, NewsflowError):
            return False
        message = str(record.msg)
        return not (message.startswith("Finished in state Failed(") and self._names_a_user_error(record.getMessage()))

    @classmethod
    def _names_a_user_error(cls, message: str) -> bool:
        if cls._USER_ERRORS is None:
            def subclasses(c):
                return {c.__name__} | {n for s in c.__subclasses__() for n in subclasses(s)}
            cls._USER_ERRORS = tuple(f"{name}:" for name in subclasses(NewsflowError))
        return any(name in message for name in cls._USER_ERRORS)


def _hide_user_error_tracebacks() -> None:
    """On the loggers Prefect's engines report a run's exception with (the flow run's and task runs',
    shown in the UI, and the engine's own, on the worker's stderr); once per process."""
    for name in ("prefect.flow_runs", "prefect.task_runs", "prefect.engine"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _UserErrorFilter) for f in logger.filters):
            logger.addFilter(_UserErrorFilter())


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
                wait_for_imports()
                report("Assigning topics", total, total)
                stages.topics(lake, settings, stats)
                report("Building the database", total, total)
                kept = stages.views_current(lake, settings, stats)
                if not kept:
                    stages.build_views(lake, settings, stats)
                    stages.write_report(settings, stats)
            except BaseException as exc:
                finish_run(lake, settings, stats, status="failed", message=f"{type(exc).__name__}: {exc}")
                raise
            row = stages.finish_run(lake, settings, stats)
            if kept:
                stages.refresh_runs_view(lake, settings, stats)
    except Exception as exc:
        _report(settings, stats, exc)
        raise
    _report(settings, stats)
    get_run_logger().info("Lake %s, database %s", lake.root, Path(settings.db).resolve())
    return {**row, "rows": stats.rows, "reject_reasons": stats.reject_reasons, "timings": stats.timings,
            "lake": str(lake.root), "db": str(Path(settings.db).resolve()), "report": str(stats.report),
            "data_tests": stats.data_tests}


def _read_analyse_land(plan, lake: Lake, settings: Settings, stats, run_id: str) -> None:
    """Batches stream from the input files to the lake: while the NLP workers analyse the batches
    in flight, this process reads the next one and lands the oldest, in order. Memory holds the
    batches in flight, whatever the size of the corpus.

    Large arguments are quoted: Prefect would otherwise walk every string of them looking for
    futures, which costs seconds per batch.
    """
    # The local pool is closed before the topic stage, so its memory is free for the topic model.
    with ExitStack() as nlp:
        runner = stages.nlp_runner(settings)
        if runner is not None:
            nlp.enter_context(runner)
        pool = None if runner is not None else nlp.enter_context(
            take_pool(list(settings.languages.values()), settings.n_process))
        known_ids = lake.article_ids()
        stories = stages.load_stories(lake, stats)   # the stories state after the last landed batch
        entities = stages.load_entities(lake, stats)  # label votes and aliases of the landed batches
        window = BatchWindow(stages.batches_in_flight(settings, runner))
        total, done = sum(map(len, plan.batches)), 0

        def land_oldest() -> int:
            nonlocal stories, entities
            batch, futures = window.pop()
            wait_for_imports()   # the stories stage imports SciPy: never on two threads at once
            analysis = stages.wait_for_nlp(futures, batch, settings, stats)
            enriched, entities = stages.enrich(quote(batch), quote(analysis), quote(entities), stats,
                                                settings.languages)
            story_tables, stories = stages.stories(quote(batch), quote(enriched), quote(stories), stats)
            stages.land(lake, quote(batch), quote(analysis), stats, quote({**enriched, **story_tables}))
            _forget_task_results()
            return len(batch.reads)

        for n, files in enumerate(plan.batches):
            report("Reading and analysing articles", done, total)
            batch = stages.ingest(quote(files), settings, quote(known_ids), f"{run_id}-{n:05d}", stats,
                                  quote(take_read(files)))
            last = n == len(plan.batches) - 1
            window.push(batch, [stages.submit_extract(runner, batch.batch_id, jobs, pool, last)
                                for jobs in stages.nlp_parts(batch, settings)])
            if n == 0:
                import_in_background()
            while window.full():
                done += land_oldest()
                window.collect()
        while window:
            report("Reading and analysing articles", done, total)
            done += land_oldest()
            window.collect()
        # Once, when every batch is committed: a run killed before this is replayed by the next one.
        stages.save_stories(lake, quote(stories), stats)


def _forget_task_results() -> None:
    """Prefect keeps the result of every task of a flow run until it ends (`run_results`, for the
    dependency graph): a landed batch's articles, tables and the states it replaced would stay in
    memory, so memory would grow with the corpus. Once a batch is in the lake they go."""
    context = FlowRunContext.get()
    if context is not None:
        context.run_results.clear()


def _lock_lake(held: ExitStack, settings: Settings) -> None:
    """Hold the lake for this run. A second run on the same lake waits up to lock_wait_seconds
    (saying so in the log), then stops with LakeBusy: two runs never interleave their writes."""
    lake = Lake(settings.lake, settings.lake_options)
    try:
        held.enter_context(lake.lock())
    except LakeBusy as busy:
        if not settings.lock_wait_seconds:
            raise
        logger = get_run_logger()
        logger.warning("%s; waiting up to %.0f s (NEWSFLOW_LOCK_WAIT_SECONDS)",
                       str(busy).split("; ")[0], settings.lock_wait_seconds)
        start = time.monotonic()
        held.enter_context(lake.lock(settings.lock_wait_seconds))
        logger.info("Got the lake %s after waiting %.1f s", lake.root, time.monotonic() - start)


def _report(settings: Settings, stats, failure: Exception | None = None) -> None:
    """Publish the run's artifacts. The data is landed by now (or the run failed for its own reason):
    a failure to report is logged, it neither fails the run nor hides its error."""
    try:
        stages.report(settings, stats, failure)
    except Exception as report_error:
        get_run_logger().warning("Could not publish the run's artifacts: %s", report_error)
