"""The newsflow DAG: discover -> (ingest -> extract -> land) per batch -> topics -> views -> finish."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.runtime import flow_run

from tasks import stages
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
    with Lake(settings.lake).lock(), NlpPool(list(settings.languages.values()), settings.n_process) as pool:
        lake, stats = stages.start_run(settings, run_id)
        try:
            plan = stages.discover(settings, lake, stats)
            known_ids = lake.article_ids()
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
    get_run_logger().info("Lake %s, database %s", lake.root, Path(settings.db).resolve())
    return {**row, "rows": stats.rows, "reject_reasons": stats.reject_reasons, "timings": stats.timings,
            "lake": str(lake.root), "db": str(Path(settings.db).resolve())}
