"""The pipeline's stages as plain functions over data; `stages.py` wraps them as Prefect tasks."""
from __future__ import annotations

import hashlib
import itertools
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import pyarrow as pa

from newsflow.tasks import killpoints

from newsflow.tasks.ingest import manifest

from newsflow.tasks.run import readahead

from newsflow.tasks.storage import schemas
from newsflow.tasks.errors import ConfigError, TooManyRejects
from newsflow.tasks.ingest.files import Article, FileRead, InputFile, Reject, discover, ingest_files
from newsflow.tasks.storage.lake import Lake
from newsflow.tasks.nlp.pool import FALLBACK_LANGUAGE, Analysis, NlpPool, analyse_jobs
from newsflow.tasks.settings import Settings


def code_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsflow")
    except PackageNotFoundError:
        return "dev"


def new_run_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:8]


@dataclass
class RunStats:
    """How every input of a run was accounted for: items_seen = landed + duplicates + unchanged + rejected."""

    run_id: str
    started_at: datetime
    ingest_date: date
    files_seen: int = 0
    items_seen: int = 0
    articles_landed: int = 0
    duplicates: int = 0
    unchanged: int = 0
    rejected: int = 0
    removed: int = 0
    without_ner: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    reject_reasons: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    model_version: str | None = None
    batches: int = 0

    def add_rows(self, table: str, n: int) -> None:
        self.rows[table] = self.rows.get(table, 0) + n

    def add_rejects(self, rejects: list[Reject]) -> None:
        self.rejected += len(rejects)
        for r in rejects:
            self.reject_reasons[r.reason] = self.reject_reasons.get(r.reason, 0) + 1

    @property
    def reconciles(self) -> bool:
        return self.items_seen == self.articles_landed + self.duplicates + self.unchanged + self.rejected


@dataclass
class Plan:
    """The inputs a run will read, in batches; new entries rejected at discovery; files gone since."""

    batches: list[list[InputFile]]
    discovery_rejects: list[Reject]
    files_seen: int
    unchanged: int = 0
    removed: list[manifest.Entry] = field(default_factory=list)
    input_dir: str = ""


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
    # for the manifest: each file read, what reading it gave and the articles it yields (new or not)
    reads: list[tuple[InputFile, FileRead, tuple[str, ...]]] = field(default_factory=list)


# -- stages ----------------------------------------------------------------------------------
def start_run(settings: Settings, run_id: str) -> tuple[Lake, RunStats, list[Path]]:
    """Open the lake, clean up after any killed run, and record this run as running."""
    lake = Lake(settings.lake, settings.lake_options)
    removed = lake.recover()
    _close_crashed_runs(lake)
    stats = RunStats(run_id=run_id, started_at=datetime.now(timezone.utc), ingest_date=settings.run_date)
    lake.write("runs", schemas.from_rows("runs", [_run_row(settings, stats, "running", None)]),
               stats.ingest_date, run_id)
    return lake, stats, removed


def _close_crashed_runs(lake: Lake) -> None:
    """A run's final row replaces its 'running' row (same file); one still running under the lock
    belongs to a run that was killed."""
    for f in lake.files("runs"):
        rows = lake.read_file(f).to_pylist()
        if rows and rows[0]["status"] == "running":
            rows[0].update(status="crashed", message="killed before it finished; a later run cleaned up after it")
            lake.write("runs", schemas.from_rows("runs", rows), date.fromisoformat(f.ingest_date), f.batch_id)


def input_key(settings: Settings) -> str:
    """The input folder as the manifest knows it: absolute, symlinks resolved."""
    return str(Path(settings.input_dir).resolve())


def plan_inputs(settings: Settings, stats: RunStats, lake: Lake | None = None) -> Plan:
    """List the input folder and keep what the manifest has not seen as it is now (all with full_refresh)."""
    input_dir = Path(settings.input_dir)
    if not input_dir.is_dir():
        raise ConfigError(f"input directory {input_dir} does not exist or is not a folder")
    found = discover(input_dir)
    known = manifest.latest(lake or Lake(settings.lake, settings.lake_options), input_key(settings))
    inv = manifest.inventory(found.files, found.rejects, known, settings.full_refresh)
    files_seen = len(found.files) + len(found.rejects)
    batches = batched(inv.to_read, settings.batch_size)
    stats.files_seen = files_seen
    stats.items_seen += len(inv.new_rejects) + inv.unchanged_items
    stats.unchanged += inv.unchanged_items
    stats.removed = len(inv.removed)
    stats.add_rejects(inv.new_rejects)
    return Plan(batches=batches, discovery_rejects=inv.new_rejects, files_seen=files_seen,
                unchanged=inv.unchanged_items, removed=inv.removed, input_dir=input_key(settings))


FIRST_BATCH = 128   # files: a small first batch gets the NLP workers going while the next is read


def batched(files: list[InputFile], size: int) -> list[list[InputFile]]:
    """Batches of `size` files, the first at most FIRST_BATCH."""
    first = min(size, FIRST_BATCH)
    return [files[:first]] * bool(files) + [files[i:i + size] for i in range(first, len(files), size)]


def max_bytes(settings: Settings) -> int:
    return int(settings.max_file_mb * 1024 * 1024)


def ingest_batch(files: list[InputFile], settings: Settings, known_ids: set[str], batch_id: str) -> Batch:
    """Read and clean a batch of files; drop articles already in the lake or earlier in the run."""
    got = readahead.take_read(files) or ingest_files(files, max_bytes(settings))
    yields: dict[str, list[str]] = {}
    for article in got.articles:
        yields.setdefault(article.source_path, []).append(article.article_id)
    reads = [(f, got.files[f.rel], f.previous.article_ids if got.files[f.rel].unchanged and f.previous
              else tuple(yields.get(f.rel, ()))) for f in files]
    fresh, duplicates = fresh_articles(got.articles, known_ids)
    without_ner = sum(1 for a in fresh if a.language not in settings.languages)
    killpoints.check("ingest")
    return Batch(batch_id, fresh, got.rejects, got.items_seen, duplicates, without_ner, got.unchanged,
                 input_key(settings), reads)


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


def import_topics_in_background() -> None:
    """scikit-learn takes about a second to import: importing the topic module while this process
    waits for the NLP workers takes that second off the run's critical path."""
    import importlib
    import threading

    threading.Thread(target=importlib.import_module, args=(f"{__package__}.topics",), name="import-topics",
                     daemon=True).start()


def extract_jobs(jobs: list[tuple[str, list[str], list[str], bool]], pool: NlpPool | None,
                 last: bool = False) -> Analysis:
    """Analyse jobs on the pool, or in this process (a Dask worker) when there is none."""
    if pool is None:
        return analyse_jobs(jobs)
    # The crash tests' `nlp` kill point: half of the batch's chunks analysed, workers busy with the rest.
    return pool.submit(jobs, last).result(on_half=lambda: killpoints.check("nlp"))


def land_batch(lake: Lake, batch: Batch, analysis: Analysis, stats: RunStats) -> None:
    """Write a batch's tables, its manifest last: the manifest file commits the batch (schemas.COMMIT_TABLE)."""
    day = stats.ingest_date
    tables = {
        "rejects": schemas.from_rows("rejects", [
            {"source_path": r.source_path, "reason": r.reason, "detail": r.detail, "run_id": stats.run_id}
            for r in batch.rejects]),
        "sentences": pa.table(analysis.sentences).append_column(
            "batch_id", pa.array([batch.batch_id] * len(analysis.sentences["article_id"]), pa.string())),
        "entities": pa.table(analysis.entities).append_column(
            "batch_id", pa.array([batch.batch_id] * len(analysis.entities["article_id"]), pa.string())),
        "articles": articles_table(batch.articles, stats.run_id, batch.batch_id),
    }
    for name, table in tables.items():
        if name in ("sentences", "entities"):
            table = table.cast(schemas.TABLES[name]) if table.num_rows else schemas.empty(name)
        lake.write(name, table, day, batch.batch_id)
        stats.add_rows(name, table.num_rows)
    killpoints.check("commit")
    rows = [manifest.row(batch.input_dir, f.rel, status=manifest.RETRY if read.retry else manifest.PROCESSED,
                         items=read.items, run_id=stats.run_id, batch_id=batch.batch_id, size=f.size,
                         mtime_ns=f.mtime_ns, content_hash=read.content_hash, article_ids=ids)
            for f, read, ids in batch.reads]
    lake.write("manifest", manifest.table(rows), day, batch.batch_id)
    stats.add_rows("manifest", len(rows))
    stats.items_seen += batch.items_seen
    stats.unchanged += batch.unchanged
    stats.articles_landed += len(batch.articles)
    stats.duplicates += batch.duplicates
    stats.without_ner += batch.without_ner
    stats.add_rejects(batch.rejects)
    stats.batches += 1


def articles_table(articles: list[Article], run_id: str, batch_id: str) -> pa.Table:
    rows = [{**a.__dict__, "run_id": run_id, "batch_id": batch_id} for a in articles]
    return schemas.from_rows("articles", rows)


def write_discovery_rejects(lake: Lake, plan: Plan, stats: RunStats) -> None:
    """Record entries rejected at discovery and files removed since the last run, with their manifest rows."""
    input_dir = plan.input_dir
    batch_id = f"{stats.run_id}-discovery"
    rows = [{"source_path": r.source_path, "reason": r.reason, "detail": r.detail, "run_id": stats.run_id}
            for r in plan.discovery_rejects]
    lake.write("rejects", schemas.from_rows("rejects", rows), stats.ingest_date, batch_id)
    stats.add_rows("rejects", len(rows))
    entries = [manifest.row(input_dir, r.source_path, items=1, run_id=stats.run_id, batch_id=batch_id,
                            status=manifest.RETRY if r.reason == "unreadable" else manifest.PROCESSED)
               for r in plan.discovery_rejects]
    entries += manifest.removed_rows(input_dir, plan.removed, stats.run_id, batch_id)
    lake.write("manifest", manifest.table(entries), stats.ingest_date, batch_id)
    stats.add_rows("manifest", len(entries))


def finish_run(lake: Lake, settings: Settings, stats: RunStats, status: str = "completed",
               message: str | None = None) -> dict:
    """Record the run's final row; fail it when the share of rejected inputs says the feed is broken."""
    if status == "completed":
        killpoints.check("finish")
    share = stats.rejected / stats.items_seen if stats.items_seen else 0.0
    failed_on_rejects = status == "completed" and stats.items_seen > 0 and share > settings.max_reject_share
    if failed_on_rejects:
        status = "failed"
        message = (f"{stats.rejected} of {stats.items_seen} inputs rejected ({share:.0%}), more than "
                   f"NEWSFLOW_MAX_REJECT_SHARE={settings.max_reject_share:.0%}: is the feed broken?")
    row = _run_row(settings, stats, status, message)
    # Same file as the 'running' row: the final row replaces it atomically.
    lake.write("runs", schemas.from_rows("runs", [row]), stats.ingest_date, stats.run_id)
    stats.add_rows("runs", 1)
    if failed_on_rejects:
        raise TooManyRejects(message)
    return row


def _run_row(settings: Settings, stats: RunStats, status: str, message: str | None) -> dict:
    return {
        "run_id": stats.run_id, "started_at": stats.started_at,
        "finished_at": None if status == "running" else datetime.now(timezone.utc),
        "status": status, "message": message, "input_dir": str(settings.input_dir),
        "files_seen": stats.files_seen, "items_seen": stats.items_seen,
        "articles_landed": stats.articles_landed, "duplicates": stats.duplicates,
        "unchanged": stats.unchanged, "rejected": stats.rejected, "removed": stats.removed,
        "without_ner": stats.without_ner,
        "spacy_model": ",".join(f"{k}={v}" for k, v in settings.languages.items()),
        "model_version": stats.model_version, "code_version": code_version(),
    }


def short_hash(*parts: str) -> str:
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=4).hexdigest()


# -- topics ----------------------------------------------------------------------------------
TOPIC_LANGUAGE = "en"   # the topic model's vocabulary is English
_FIT_SAMPLE = 20_000    # at most this many articles are held in memory to fit a model
MODEL_BLOB = "_models/topics/topic_model.joblib"


def topic_stage(lake: Lake, settings: Settings, stats: RunStats) -> str:
    """Fit or load the topic model, then give every article that lacks them topics and keyphrases.

    Policy: until the lake holds `topic_min_articles` English articles, the bundled reference
    model (fitted on BBC News) assigns topics; the first run past that fits a model on the lake,
    and from then on the model changes only with `refit_topics`. Articles are picked by what they
    lack, so a run killed mid-stage is completed by the next one. A run that landed nothing right
    after a completed run has nothing to assign and skips the stage (and scikit-learn's import).
    """
    if stats.articles_landed == 0 and not settings.refit_topics and (settled := _settled_model(lake, stats.run_id)):
        stats.model_version = settled
        return settled
    from newsflow.tasks.topics import model as topics

    saved = lake.get_blob(MODEL_BLOB)
    model = topics.loads(saved, f"{lake.url}/{MODEL_BLOB}") if saved is not None else None
    english = _english_articles(lake)
    fit = settings.refit_topics or (
        (model is None or model.version.startswith("ref-")) and len(english) >= settings.topic_min_articles)
    fitted, sample = None, set()   # the fit computes its sample's annotations for little more
    if fit and len(english) >= max(2 * settings.n_topics, 10):
        sample = set(_sample(sorted(english), _FIT_SAMPLE))
        texts = _texts(lake, sample)
        model, *fitted = topics.fit_and_annotate(list(texts), list(texts.values()), n_topics=settings.n_topics)
        del texts
        lake.put_blob(MODEL_BLOB, topics.dumps(model))
    elif model is None:
        model = topics.load_reference_model()
        lake.put_blob(MODEL_BLOB, topics.dumps(model))
    stats.model_version = model.version
    known_versions = set(lake.read("topics", ["model_version"]).column(0).to_pylist())
    if model.version not in known_versions:
        lake.write("topics", topics.topics_table(model).append_column(
            "batch_id", pa.array([stats.run_id] * len(model.labels), pa.string())),
            stats.ingest_date, f"{stats.run_id}-topics")
        stats.add_rows("topics", len(model.labels))
    assigned = lake.read("article_topics", ["article_id", "model_version"])
    done = {aid for aid, version in zip(assigned.column(0).to_pylist(), assigned.column(1).to_pylist())
            if version == model.version}
    todo = english - done
    annotated: Iterator[tuple[pa.Table, pa.Table]] = iter(())
    if fitted:
        annotated = _split_annotations(*fitted, todo, settings.batch_size)
        todo = todo - sample
    annotated = itertools.chain(annotated, (topics.annotate(model, ids, bodies)
                                            for ids, bodies in _text_batches(lake, todo, settings.batch_size)))
    for n, (article_topics, keyphrases) in enumerate(annotated):
        batch_id = f"{stats.run_id}-t{n:05d}"
        # keyphrases first: the article_topics file commits the batch (schemas.COMMIT_TABLE)
        for name, table in (("keyphrases", keyphrases), ("article_topics", article_topics)):
            table = table.append_column("batch_id", pa.array([batch_id] * table.num_rows, pa.string()))
            lake.write(name, table, stats.ingest_date, batch_id)
            stats.add_rows(name, table.num_rows)
        killpoints.check("topics")
    return model.version


def _split_annotations(article_topics: pa.Table, keyphrases: pa.Table, wanted: set[str],
                       size: int) -> Iterator[tuple[pa.Table, pa.Table]]:
    """The rows of the wanted articles, `size` articles at a time, as the topic batches land them."""
    import pyarrow.compute as pc

    ids = sorted(wanted & (set(article_topics.column("article_id").to_pylist())
                           | set(keyphrases.column("article_id").to_pylist())))
    for start in range(0, len(ids), size):
        chosen = pa.array(ids[start:start + size], pa.string())
        yield (article_topics.filter(pc.is_in(article_topics.column("article_id"), chosen)),
               keyphrases.filter(pc.is_in(keyphrases.column("article_id"), chosen)))


def _settled_model(lake: Lake, run_id: str) -> str | None:
    """The topic model version of the last run, if it completed: its topic stage left nothing to do."""
    runs = [r for r in lake.read("runs", ["run_id", "started_at", "status", "model_version"]).to_pylist()
            if r["run_id"] != run_id]
    last = max(runs, key=lambda r: r["started_at"], default=None)
    return last["model_version"] if last and last["status"] == "completed" else None


def _english_articles(lake: Lake) -> set[str]:
    table = lake.read("articles", ["article_id", "language"])
    return {aid for aid, lang in zip(table.column(0).to_pylist(), table.column(1).to_pylist())
            if lang == TOPIC_LANGUAGE}


def _sample(ids: list[str], limit: int) -> list[str]:
    """A deterministic sample: the same lake always fits on the same articles."""
    if len(ids) <= limit:
        return ids
    return sorted(ids, key=lambda aid: short_hash(aid))[:limit]


def _texts(lake: Lake, wanted: set[str]) -> dict[str, str]:
    """Texts of the wanted articles, read in streaming batches, in article_id order."""
    found: dict[str, str] = {}
    for record_batch in lake.iter_batches("articles", ["article_id", "text"], 5000):
        for aid, text in zip(record_batch.column(0).to_pylist(), record_batch.column(1).to_pylist()):
            if aid in wanted:
                found[aid] = text
    return dict(sorted(found.items()))


def _text_batches(lake: Lake, wanted: set[str], size: int) -> Iterator[tuple[list[str], list[str]]]:
    """(ids, texts) of the wanted articles, `size` at a time (each in article_id order), from one
    streaming pass over the articles table: memory holds one batch, and no file is read twice."""
    batch: dict[str, str] = {}
    for record_batch in lake.iter_batches("articles", ["article_id", "text"], 5000):
        for aid, text in zip(record_batch.column(0).to_pylist(), record_batch.column(1).to_pylist()):
            if aid in wanted:
                batch[aid] = text
                if len(batch) == size:
                    yield list(sorted(batch)), [batch[a] for a in sorted(batch)]
                    batch = {}
    if batch:
        yield list(sorted(batch)), [batch[a] for a in sorted(batch)]
