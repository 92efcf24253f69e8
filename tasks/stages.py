"""The pipeline's stages as Prefect tasks: thin wrappers that log, time and retry.

The only module in tasks/ that imports prefect. Each task handles a batch of articles.
"""
from __future__ import annotations

import time
from contextlib import contextmanager

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from . import pipeline, warehouse
from .ingest import InputFile
from .lake import Lake
from .nlp import NlpPool
from .pipeline import Batch, Plan, RunStats
from .settings import Settings


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


@contextmanager
def _timed(stats: RunStats, stage: str):
    start = time.perf_counter()
    try:
        yield
    finally:
        stats.timings[stage] = stats.timings.get(stage, 0.0) + time.perf_counter() - start


@task(name="start-run", **_IO)
def start_run(settings: Settings, run_id: str) -> tuple[Lake, RunStats]:
    lake, stats, removed = pipeline.start_run(settings, run_id)
    logger = get_run_logger()
    if removed:
        logger.warning("Removed %d files a killed run left unfinished", len(removed))
    logger.info("Run %s: input %s -> lake %s", run_id, settings.input_dir, lake.root)
    return lake, stats


@task(name="discover", **_IO)
def discover(settings: Settings, lake: Lake, stats: RunStats) -> Plan:
    with _timed(stats, "discover"):
        plan = pipeline.plan_inputs(settings, stats)
        pipeline.write_discovery_rejects(lake, plan, stats)
    get_run_logger().info("Discovered %d files in %d batches (%d unreadable entries)",
                          plan.files_seen, len(plan.batches), len(plan.discovery_rejects))
    return plan


@task(name="ingest", **_IO)
def ingest(files: list[InputFile], settings: Settings, known_ids: set[str], batch_id: str, stats: RunStats) -> Batch:
    with _timed(stats, "ingest"):
        batch = pipeline.ingest_batch(files, settings, known_ids, batch_id)
    get_run_logger().info("Batch %s: %d files -> %d new articles, %d duplicates, %d rejected",
                          batch_id, len(files), len(batch.articles), batch.duplicates, len(batch.rejects))
    return batch


@task(name="extract", **_CPU)
def extract(batch: Batch, settings: Settings, pool: NlpPool, stats: RunStats):
    with _timed(stats, "nlp"):
        analysis = pipeline.extract_batch(batch, settings, pool)
    get_run_logger().info("Batch %s: %d sentences, %d entity mentions", batch.batch_id,
                          len(analysis.sentences["article_id"]), len(analysis.entities["article_id"]))
    return analysis


@task(name="land", **_IO)
def land(lake: Lake, batch: Batch, analysis, stats: RunStats) -> None:
    with _timed(stats, "land"):
        pipeline.land_batch(lake, batch, analysis, stats)


@task(name="topics", **_IO)
def topics(lake: Lake, settings: Settings, stats: RunStats) -> str:
    with _timed(stats, "topics"):
        version = pipeline.topic_stage(lake, settings, stats)
    get_run_logger().info("Topic model %s: %d article topics, %d keyphrases", version,
                          stats.rows.get("article_topics", 0), stats.rows.get("keyphrases", 0))
    return version


@task(name="build-views", **_IO)
def build_views(lake: Lake, settings: Settings, stats: RunStats) -> list[str]:
    with _timed(stats, "views"):
        views = warehouse.build_database(lake, settings.db, {"model_version": stats.model_version or ""})
    get_run_logger().info("Built %d views in %s", len(views), settings.db)
    return views


@task(name="finish-run", **_IO)
def finish_run(lake: Lake, settings: Settings, stats: RunStats) -> dict:
    row = pipeline.finish_run(lake, settings, stats)
    get_run_logger().info("Run %s %s: %d items seen = %d landed + %d duplicates + %d unchanged + %d rejected",
                          stats.run_id, row["status"], stats.items_seen, stats.articles_landed,
                          stats.duplicates, stats.unchanged, stats.rejected)
    return row
