"""One batch of new articles: read and cleaned, split into NLP jobs, landed with its manifest rows."""
from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

from newsflow.tasks import killpoints
from newsflow.tasks.ingest import manifest
from newsflow.tasks.ingest.files import Article, FileRead, Ingested, InputFile, Reject, ingest_files
from newsflow.tasks.nlp.pool import FALLBACK_LANGUAGE, Analysis, NlpPool, analyse_jobs
from newsflow.tasks.run.plan import input_key
from newsflow.tasks.run.records import RunStats
from newsflow.tasks.settings import Settings
from newsflow.tasks.storage import schemas
from newsflow.tasks.storage.lake import Lake


@dataclass
class Batch:
    """One batch of new articles on its way to the lake."""

    batch_id: str
    articles: list[Article]
    rejects: list[Reject]
    items_seen: int
    duplicates: int
    without_ner: int = 0
    unchanged: int = 0
    input_dir: str = ""
    dates_dropped: int = 0   # articles landed undated: their date was implausible (ingest.files.plausible)
    # for the manifest: each file read, what reading it gave and the articles it yields (new or not)
    reads: list[tuple[InputFile, FileRead, tuple[str, ...]]] = field(default_factory=list)


def max_bytes(settings: Settings) -> int:
    return int(settings.max_file_mb * 1024 * 1024)


def ingest_batch(files: list[InputFile], settings: Settings, known_ids: set[str], batch_id: str,
                 read: Ingested | None = None) -> Batch:
    """Read and clean a batch of files (unless `read` is what reading them gave, read ahead); drop
    articles already in the lake or earlier in the run."""
    got = read or ingest_files(files, max_bytes(settings))
    yields: dict[str, list[str]] = {}
    for article in got.articles:
        yields.setdefault(article.source_path, []).append(article.article_id)
    reads = [(f, got.files[f.rel], f.previous.article_ids if got.files[f.rel].unchanged and f.previous
              else tuple(yields.get(f.rel, ()))) for f in files]
    fresh, duplicates = fresh_articles(got.articles, known_ids)
    without_ner = sum(1 for a in fresh if a.language not in settings.languages)
    killpoints.check("ingest")
    return Batch(batch_id, fresh, got.rejects, got.items_seen, duplicates, without_ner, got.unchanged,
                 input_key(settings), got.dates_dropped, reads)


def fresh_articles(articles: list[Article], known_ids: set[str]) -> tuple[list[Article], int]:
    """The articles not in known_ids (which they join), and how many were duplicates."""
    fresh: list[Article] = []
    duplicates = 0
    for article in articles:
        if article.article_id in known_ids:
            duplicates += 1
            continue
        known_ids.add(article.article_id)
        fresh.append(article)
    return fresh, duplicates


def nlp_jobs(articles: list[Article], languages: dict[str, str]) -> list[tuple[str, list[str], list[str], bool]]:
    """Group articles by the pipeline that handles their language; others only get sentences."""
    groups: dict[str, tuple[list[str], list[str]]] = {}
    for a in articles:
        name = languages.get(a.language, FALLBACK_LANGUAGE)
        ids, texts = groups.setdefault(name, ([], []))
        ids.append(a.article_id)
        texts.append(a.text)
    return [(name, ids, texts, name != FALLBACK_LANGUAGE) for name, (ids, texts) in groups.items()]


# Modules that import scikit-learn and SciPy, imported on a thread while the run waits for its NLP
# workers (about a second). The thread imports every module of the run that imports them: two threads
# importing one package at once can meet it half initialised ("cannot import name ... from partially
# initialized module"), so the run's own thread waits for this one before it uses any of them.
_HEAVY_MODULES = ("newsflow.tasks.topics", "newsflow.tasks.stories.clustering",
                  "newsflow.tasks.stories.near_duplicates")
_importing: list = []


def import_in_background() -> None:
    """Start importing the heavy modules; `wait_for_imports` before the first stage that uses them."""
    import importlib
    import threading

    def run():
        for name in _HEAVY_MODULES:
            importlib.import_module(name)

    thread = threading.Thread(target=run, name="import-heavy", daemon=True)
    thread.start()
    _importing.append(thread)


def wait_for_imports() -> None:
    while _importing:
        _importing.pop().join()


def extract_jobs(jobs: list[tuple[str, list[str], list[str], bool]], pool: NlpPool | None,
                 last: bool = False) -> Analysis:
    """Analyse jobs on the pool, or in this process (a Dask worker) when there is none."""
    if pool is None:
        return analyse_jobs(jobs)
    # The crash tests' `nlp` kill point: half of the batch's chunks analysed, workers busy with the rest.
    return pool.submit(jobs, last).result(on_half=lambda: killpoints.check("nlp"))


def set_aside_failed(batch: Batch, analysis: Analysis, languages: dict[str, str]) -> list[Reject]:
    """Articles the NLP failed on (Analysis.failed) leave the batch as rejects, reason `nlp_failed`:
    the rest of the batch lands, and the manifest no longer lists them among their file's articles."""
    if not analysis.failed:
        return []
    failed = [a for a in batch.articles if a.article_id in analysis.failed]
    rejects = [Reject(a.source_path if a.record_index is None else f"{a.source_path}#{a.record_index}",
                      "nlp_failed", analysis.failed[a.article_id]) for a in failed]
    gone = {a.article_id for a in failed}
    batch.articles = [a for a in batch.articles if a.article_id not in gone]
    batch.rejects = [*batch.rejects, *rejects]
    batch.without_ner -= sum(1 for a in failed if a.language not in languages)
    batch.reads = [(f, read, tuple(i for i in ids if i not in gone)) for f, read, ids in batch.reads]
    return rejects


def land_batch(lake: Lake, batch: Batch, analysis: Analysis, stats: RunStats,
               enriched: dict[str, pa.Table] | None = None) -> None:
    """Write a batch's tables, its manifest last: the manifest file commits the batch (schemas.COMMIT_TABLE).

    `enriched`: the batch's tables from the enrich stage (its sentences and entities with tone and
    place keys, places, focus and article tone), which replace the analysis' own."""
    day = stats.ingest_date
    tables = {
        "rejects": schemas.from_rows("rejects", [
            {"source_path": r.source_path, "reason": r.reason, "detail": r.detail, "run_id": stats.run_id}
            for r in batch.rejects]),
        "sentences": pa.table(analysis.sentences),
        "entities": pa.table(analysis.entities),
        "articles": articles_table(batch.articles, stats.run_id, batch.batch_id),
        **(enriched or {}),
    }
    written: dict[str, int] = {}
    for name, table in tables.items():
        lake.write(name, table, day, batch.batch_id)   # the writer stamps batch_id and casts to the schema
        written[name] = table.num_rows
    killpoints.check("commit")
    rows = [manifest.row(batch.input_dir, f.rel, status=manifest.RETRY if read.retry else manifest.PROCESSED,
                         items=read.items, run_id=stats.run_id, batch_id=batch.batch_id, size=f.size,
                         mtime_ns=f.mtime_ns, content_hash=read.content_hash, article_ids=ids)
            for f, read, ids in batch.reads]
    lake.write("manifest", manifest.table(rows), day, batch.batch_id)
    written["manifest"] = len(rows)
    # Counted once every table is written: a task retried after an OSError counts the batch once.
    count_batch(stats, batch, written)


def articles_table(articles: list[Article], run_id: str, batch_id: str) -> pa.Table:
    rows = [{**a.__dict__, "run_id": run_id} for a in articles]
    return schemas.from_rows("articles", rows)


def count_batch(stats: RunStats, batch: Batch, written: dict[str, int]) -> None:
    """Count a landed batch, once all its tables are written."""
    for table, n in written.items():
        stats.add_rows(table, n)
    stats.items_seen += batch.items_seen
    stats.unchanged += batch.unchanged
    stats.articles_landed += len(batch.articles)
    stats.duplicates += batch.duplicates
    stats.without_ner += batch.without_ner
    stats.dates_dropped += batch.dates_dropped
    stats.add_rejects(batch.rejects)
    stats.batches += 1
