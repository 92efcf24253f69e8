"""The pipeline's stages as Prefect tasks: thin wrappers that log, time and retry.

The only module in tasks/ that imports prefect. Each task handles a batch of articles.
"""
from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyarrow.compute as pc
from prefect import get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture

from newsflow.tasks.run import artifacts

from newsflow.tasks.storage import warehouse
from newsflow.tasks.ingest.files import Ingested, InputFile
from newsflow.tasks.storage.lake import Lake
from newsflow.tasks.nlp.pool import Analysis, Job, NlpPool
from newsflow.tasks.run import batches, plan as planning, records, topic_stage
from newsflow.tasks import killpoints
from newsflow.tasks.run import entity_stage, stories_stage
from newsflow.tasks.run.enrich import enrich_batch, load_reference_data
from newsflow.tasks.run.entity_stage import EntityState
from newsflow.tasks.run.stories_stage import StoriesState
from newsflow.tasks.run.batches import Batch
from newsflow.tasks.run.plan import Plan
from newsflow.tasks.run.records import RunStats
from newsflow.tasks.settings import Settings


def _is_transient(task, task_run, state) -> bool:
    """Retry I/O stages on OS errors (a full disk, a flaky mount), not on bugs or bad data."""
    try:
        state.result()
    except OSError:
        return True
    except Exception:
        return False
    return False


# Stage inputs are live objects (the lake, the worker pool) and results are never reused across
# runs, so caching is off.
_IO = dict(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2, retry_condition_fn=_is_transient)
_CPU = dict(cache_policy=NO_CACHE)
_DASK_PART = 200   # articles per Dask task: a few seconds of NLP, so Prefect's per-task cost stays small


@contextmanager
def _stage(stage: str, where: str | None = None):
    """Tag an exception with the stage (and batch or file) it escaped from, for the failure report."""
    try:
        yield
    except Exception as exc:
        if not hasattr(exc, "newsflow_stage"):  # the innermost stage knows best
            exc.newsflow_stage = (stage, where)
        raise


@dataclass
class _Took:
    seconds: float = 0.0


@contextmanager
def _timed(stats: RunStats, stage: str, where: str | None = None):
    """Time a stage into stats.timings (summed over batches); yields this call's time, for the log."""
    took, start = _Took(), time.perf_counter()
    try:
        with _stage(stage, where):
            yield took
    finally:
        took.seconds = time.perf_counter() - start
        stats.timings[stage] = stats.timings.get(stage, 0.0) + took.seconds


def _files(files: list[InputFile]) -> str:
    if len(files) == 1:
        return files[0].rel
    return f"{len(files)} files, {files[0].rel} ... {files[-1].rel}"


@task(name="start-run", **_IO)
def start_run(settings: Settings, run_id: str) -> tuple[Lake, RunStats]:
    with _stage("start", str(settings.lake)):
        lake, stats, recovery = records.start_run(settings, run_id)
    logger = get_run_logger()
    if recovery.removed:
        logger.warning("Removed %d files a killed run left unfinished", len(recovery.removed))
    for moved_from, moved_to in recovery.quarantined:
        # on stderr too: a terminal run shows Prefect's log only with -v, and this must be seen
        message = (f"{moved_from} belongs to no committed batch and no run record proves it never committed "
                   f"(a lost manifest partition?): moved to {moved_to}, not deleted")
        logger.warning("%s", message)
        print(f"Warning: {message}", file=sys.stderr, flush=True)
    logger.info("Run %s: input %s -> lake %s", run_id, settings.input_dir, lake.root)
    return lake, stats


@task(name="discover", **_IO)
def discover(settings: Settings, lake: Lake, stats: RunStats) -> Plan:
    with _timed(stats, "discover", str(settings.input_dir)) as took:
        plan = planning.plan_inputs(settings, lake)
        planning.write_discovery(lake, plan, stats)
    to_read = sum(map(len, plan.batches))
    work = (f"{to_read} new or changed to read in {len(plan.batches)} batches" if to_read
            else "nothing new or changed to read")
    get_run_logger().info("Discovered %d files in %s: %s, %d unchanged, %d removed, %d unreadable entries in %.1f s",
                          plan.files_seen, plan.input_dir, work, plan.unchanged, len(plan.removed),
                          len(plan.discovery_rejects), took.seconds)
    return plan


@task(name="ingest", **_IO)
def ingest(files: list[InputFile], settings: Settings, known_ids: set[str], batch_id: str, stats: RunStats,
           read: Ingested | None = None) -> Batch:
    with _timed(stats, "ingest", f"batch {batch_id}: {_files(files)}") as took:
        batch = batches.ingest_batch(files, settings, known_ids, batch_id, read)
    get_run_logger().info("Batch %s: %d files -> %d new articles, %d duplicates, %d rejected in %.1f s",
                          batch_id, len(files), len(batch.articles), batch.duplicates, len(batch.rejects),
                          took.seconds)
    return batch


@task(name="extract", **_CPU)
def extract(batch_id: str, jobs: list[Job], pool: NlpPool | None, last: bool = False) -> Analysis:
    """Sentences and entities of (part of) a batch: on the run's worker pool, or, with no pool (on a
    Dask worker), in this process with its own once-loaded pipelines. Submitted, not called: the
    run reads and lands other batches meanwhile. `last`: the run's last batch."""
    start = time.perf_counter()
    with _stage("nlp", f"batch {batch_id}"):
        analysis = batches.extract_jobs(jobs, pool, last)
    get_run_logger().info("Batch %s: %d articles -> %d sentences, %d entity mentions in %.1f s", batch_id,
                          sum(len(ids) for _, ids, _, _ in jobs), len(analysis.sentences["article_id"]),
                          len(analysis.entities["article_id"]), time.perf_counter() - start)
    return analysis


def nlp_parts(batch: Batch, settings: Settings) -> list[list[Job]]:
    """How a batch is submitted: whole to the local pool (which splits it across its processes), in
    parts to a Dask cluster, so that its scheduler spreads them over the workers."""
    jobs = batches.nlp_jobs(batch.articles, settings.languages)
    if not settings.uses_dask:
        return [jobs]
    return [[(name, ids[i:i + _DASK_PART], texts[i:i + _DASK_PART], ner)]
            for name, ids, texts, ner in jobs for i in range(0, len(ids), _DASK_PART)]


def wait_for_nlp(futures: list[PrefectFuture], batch: Batch, settings: Settings, stats: RunStats) -> Analysis:
    """A batch's analysis, once its parts are done. `nlp` times the wait: the NLP time that reading
    and landing other batches did not hide, so the stage timings still add up to the run. Articles
    the NLP failed on leave the batch as rejects (batches.set_aside_failed)."""
    analysis = Analysis()
    with _timed(stats, "nlp", f"batch {batch.batch_id}"):
        for future in futures:
            analysis.extend(future.result())
    for reject in batches.set_aside_failed(batch, analysis, settings.languages):
        get_run_logger().warning("Batch %s: the NLP failed on %s, rejected (nlp_failed): %s", batch.batch_id,
                                 reject.source_path, reject.detail)
    return analysis


def batches_in_flight(settings: Settings, runner=None) -> int:
    """Batches submitted ahead of the one being landed: enough to keep every NLP worker busy while
    the run reads and lands, few enough that memory holds only these batches."""
    if runner is None:
        return 2
    slots = sum(runner.client.nthreads().values())   # the Dask cluster's worker threads
    return max(2, -(-2 * slots * _DASK_PART // settings.batch_size))


def nlp_runner(settings: Settings):
    """Where the NLP runs, decided from the run's settings when it starts: None for the local worker
    pool (the default), else a Dask task runner (settings dask_address or dask_local_workers) that
    the flow enters for the run and submits `extract` to."""
    if not settings.uses_dask:
        return None
    from prefect_dask import DaskTaskRunner

    if settings.dask_address:
        return DaskTaskRunner(address=settings.dask_address)
    # One thread per worker process: spaCy releases the GIL little, and each process loads it once.
    return DaskTaskRunner(cluster_class="distributed.LocalCluster", cluster_kwargs={
        "n_workers": settings.dask_local_workers, "threads_per_worker": 1, "processes": True,
        "dashboard_address": None})


def submit_extract(runner, batch_id: str, jobs: list[Job], pool: NlpPool | None, last: bool) -> PrefectFuture:
    """Submit a part of a batch to `extract`: on the flow's own task runner (threads; the NLP is then
    done by the local pool), or on the run's Dask runner. Jobs are not quoted: a Dask worker would
    get the quote, not the jobs; they are small."""
    if runner is None:
        return extract.submit(batch_id, jobs, pool, last)
    return runner.submit(extract, {"batch_id": batch_id, "jobs": jobs, "pool": None, "last": last})


@task(name="enrich", **_CPU)
def enrich(batch: Batch, analysis: Analysis, state: EntityState, stats: RunStats, models: dict[str, str]
           ) -> tuple[dict, EntityState]:
    """Labels, corpus keys, places, quotes and tone of an analysed batch (tasks/run/enrich.py);
    `models`: the spaCy pipeline of each language (its parser reads a few quote sentences)."""
    with _timed(stats, "enrich", f"batch {batch.batch_id}") as took:
        tables, state = enrich_batch(batch.articles, analysis, state, stats.run_id, models)
    focus, ents = tables["article_focus"], tables["entities"]
    relabelled = pc.sum(pc.not_equal(ents.column("label"), ents.column("model_label"))).as_py() or 0
    merges = entity_stage.merged_keys(tables["entity_alias_versions"], stats.run_id)
    stats.merged_keys.extend(merges)
    logger = get_run_logger()
    logger.info("Batch %s: %d of %d mentions relabelled, %d places resolved, %d of %d articles with a focus "
                "country in %.1f s", batch.batch_id, relabelled, ents.num_rows, tables["places"].num_rows,
                focus.num_rows - focus.column(1).null_count, focus.num_rows, took.seconds)
    if merges:
        logger.info("Batch %s re-pointed %d existing keys (entity_aliases): %s", batch.batch_id, len(merges),
                    "; ".join(f"{a}: {old} -> {new}" for a, old, new in merges[:5]))
    return tables, state


@task(name="load-entity-state", **_IO)
def load_entities(lake: Lake, stats: RunStats) -> EntityState:
    """The label votes and aliases of the landed batches, and the gazetteer and lexicons every batch
    reads (loaded before the batch window opens: tasks/run/enrich.load_reference_data)."""
    with _timed(stats, "state"):
        load_reference_data()
        return entity_stage.load_state(lake)


@task(name="stories", **_CPU)
def stories(batch: Batch, enriched: dict, state: StoriesState, stats: RunStats) -> tuple[dict, StoriesState]:
    """Near-duplicates, boilerplate sentences and stories of a batch (tasks/run/stories_stage.py)."""
    killpoints.check("stories")
    if not batch.articles:
        return {}, state
    with _timed(stats, "stories", f"batch {batch.batch_id}") as took:
        tables, state = stories_stage.stories_batch(state, batch.batch_id,
                                                    *stories_stage.batch_frames(batch.articles, enriched,
                                                                                stats.ingest_date))
    get_run_logger().info("Batch %s: %d articles in %d stories, %d near-duplicates, %d boilerplate sentences in %.1f s",
                          batch.batch_id, tables["article_stories"].num_rows,
                          len(set(tables["article_stories"].column("story_id").to_pylist())),
                          tables["near_duplicates"].num_rows, tables["boilerplate_sentences"].num_rows, took.seconds)
    return tables, state


@task(name="load-stories-state", **_IO)
def load_stories(lake: Lake, stats: RunStats) -> StoriesState:
    with _timed(stats, "state"):
        return stories_stage.load_state(lake)


@task(name="save-stories-state", **_IO)
def save_stories(lake: Lake, state: StoriesState, stats: RunStats) -> None:
    """After the run's last batch is committed: the state that includes them all (a run killed
    before this is replayed from the lake by the next one)."""
    with _timed(stats, "state"):
        stories_stage.save_state(lake, state)


@task(name="land", **_IO)
def land(lake: Lake, batch: Batch, analysis, stats: RunStats, enriched: dict | None = None) -> None:
    with _timed(stats, "land", f"batch {batch.batch_id}") as took:
        batches.land_batch(lake, batch, analysis, stats, enriched)
    get_run_logger().info("Batch %s landed: %d articles, %d sentences, %d entity mentions, %d rejects in %.1f s",
                          batch.batch_id, len(batch.articles), len(analysis.sentences["article_id"]),
                          len(analysis.entities["article_id"]), len(batch.rejects), took.seconds)


@task(name="topics", **_IO)
def topics(lake: Lake, settings: Settings, stats: RunStats) -> str:
    with _timed(stats, "topics") as took:
        version = topic_stage.topic_stage(lake, settings, stats)
    get_run_logger().info("Topic model %s: %d article topics, %d keyphrases in %.1f s", version,
                          stats.rows.get("article_topics", 0), stats.rows.get("keyphrases", 0), took.seconds)
    return version


@task(name="check-views", **_IO)
def views_current(lake: Lake, settings: Settings, stats: RunStats) -> bool:
    """Whether the database (and its report) already show the lake as it is: a run that landed
    nothing keeps them, with their data tests, instead of rebuilding and re-testing the same rows."""
    if stats.wrote_rows:
        return False
    with _timed(stats, "views", str(settings.db)):
        current = warehouse.is_current(lake, settings.db, settings.lake_options)
    if current:
        from newsflow.tasks.report import REPORT_HTML

        report = Path(settings.db).expanduser().resolve().parent / REPORT_HTML
        stats.report = report if report.is_file() else None
        get_run_logger().info("Nothing landed: %s and its report already show the lake; kept as they are",
                              settings.db)
    return current


@task(name="refresh-runs-view", **_IO)
def refresh_runs_view(lake: Lake, settings: Settings, stats: RunStats) -> None:
    """After a run that kept the database (views_current), its `runs` view shows that run's row too.
    The run is recorded by then: a failure here is a warning (the next build shows the row)."""
    try:
        with _timed(stats, "views", str(settings.db)):
            warehouse.refresh_runs_view(lake, settings.db)
    except Exception as exc:
        get_run_logger().warning("Could not add this run to the runs view of %s (the next build will): %s: %s",
                                 settings.db, type(exc).__name__, exc)


@task(name="build-views", **_IO)
def build_views(lake: Lake, settings: Settings, stats: RunStats) -> list[str]:
    """Build the database, then run its data tests (sql/checks): a failing test fails the run."""
    with _timed(stats, "views", str(settings.db)) as took:
        views = warehouse.build_database(lake, settings.db, {"model_version": stats.model_version or "",
                                                             "run_id": stats.run_id}, checked_run=stats.run_id)
        stats.data_tests = warehouse.run_checks(settings.db, settings.lake_options)
    logger = get_run_logger()
    logger.info("Built %d views in %s in %.1f s", len(views), settings.db, took.seconds)
    passing = sum(1 for n in stats.data_tests.values() if n == 0)
    logger.info("Data tests: %d of %d pass", passing, len(stats.data_tests))
    warehouse.fail_on_data_tests(stats.data_tests)
    return views


@task(name="write-report", **_IO)
def write_report(settings: Settings, stats: RunStats) -> Path:
    """The run's report: one offline HTML page of charts over the views, next to the database."""
    from newsflow.tasks.report import build_report

    db = Path(settings.db).expanduser().resolve()
    with _timed(stats, "report", str(db.parent)) as took:
        stats.report = build_report(db, db.parent, connect=lambda path: warehouse.connect(path, settings.lake_options),
                                    all_time=settings.report_all_time)
    get_run_logger().info("Report %s in %.1f s", stats.report, took.seconds)
    return stats.report


@task(name="finish-run", **_IO)
def finish_run(lake: Lake, settings: Settings, stats: RunStats) -> dict:
    with _stage("finish"):
        row = records.finish_run(lake, settings, stats)
    get_run_logger().info("Run %s %s: %d items seen = %d landed + %d duplicates + %d unchanged + %d rejected",
                          stats.run_id, row["status"], stats.items_seen, stats.articles_landed,
                          stats.duplicates, stats.unchanged, stats.rejected)
    return row


def report(settings: Settings, stats: RunStats | None, failure: BaseException | None = None) -> None:
    """Publish the run's artifacts: rows landed and rejects per reason, and a markdown summary.

    A plain function called from the flow, not a task: the artifacts then belong to the flow run
    itself (listed under "Flow run" in its Artifacts tab).
    """
    lake, db = Lake(settings.lake, settings.lake_options).root, Path(settings.db).expanduser().resolve()
    status = "failed" if failure is not None else "completed"
    if failure is not None:
        stage, where = artifacts.failure_point(failure)
        get_run_logger().error("Stage %s failed%s: %s: %s", stage, f" on {where}" if where else "",
                               type(failure).__name__, failure)
    if stats is not None:
        create_table_artifact(artifacts.counts_table(stats), key="newsflow-counts",
                              description=f"Rows landed per table and inputs rejected per reason (run {status})")
    create_markdown_artifact(artifacts.summary_markdown(stats, lake, db, status, failure, settings.lake_options),
                             key="newsflow-summary",
                             description=f"Run summary ({status}): timings, top entities and topics, paths")
