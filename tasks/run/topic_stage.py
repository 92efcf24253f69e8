"""The topic stage: which model assigns topics (reference, fitted on the lake, or refitted), and
the articles that still lack them, read from the lake and annotated in batches."""
from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterator

import pyarrow as pa

from newsflow.tasks import killpoints
from newsflow.tasks.run.records import RunStats
from newsflow.tasks.settings import Settings
from newsflow.tasks.storage.lake import Lake, run_of


def short_hash(*parts: str) -> str:
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=4).hexdigest()


TOPIC_LANGUAGE = "en"   # the topic model's vocabulary is English
# At most this many articles are held in memory to fit a model (a deterministic sample; the rest are
# assigned in batches like any later article). Ten NMF topics are stable long before it (the BBC
# evaluation fits on 1,652 articles), while the fit's memory and time grow with the sample: a first
# run over a backlog of 20,000 articles fitted on all of them and tripled the run's peak memory.
_FIT_SAMPLE = 5_000
MODEL_BLOB = "_models/topics/topic_model.joblib"
REFERENCE_LABEL_TERMS = 1   # of a topic's three label terms, an article must use this many to get it


def topic_stage(lake: Lake, settings: Settings, stats: RunStats) -> str:
    """Fit or load the topic model, then give every article that lacks them topics and keyphrases.

    Policy: until the lake holds `topic_min_articles` English articles, the bundled reference
    model (fitted on BBC News) assigns topics; the first run past that fits a model on the lake,
    and from then on the model changes only with `refit_topics`. Articles are picked by what they
    lack, so a run killed mid-stage is completed by the next one; only the articles of runs that did
    not complete are looked at (all of them when the model changed), so the stage reads the night's
    articles, not the lake's. A run that landed nothing right
    after a completed run has nothing to assign and skips the stage (and scikit-learn's import).
    """
    if stats.articles_landed == 0 and not settings.refit_topics and (settled := _settled_model(lake, stats.run_id)):
        stats.model_version = settled
        return settled
    from newsflow.tasks import topics

    saved = lake.get_blob(MODEL_BLOB)
    model = topics.loads(saved, f"{lake.url}/{MODEL_BLOB}") if saved is not None else None
    may_fit = settings.refit_topics or model is None or model.version.startswith("ref-")
    english = _english_articles(lake) if may_fit else None
    fit = settings.refit_topics or (may_fit and len(english) >= settings.topic_min_articles)
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
    # Which articles may lack this model's topics: all of them when the model is not the one the last
    # completed run left, else only those of runs that did not complete (this one among them).
    files = None if fitted or _last_completed_version(lake, stats.run_id) != model.version else _unsettled(lake)
    if files is not None or english is None:
        english = _english_articles(lake, files)
    assigned = lake.read("article_topics", ["article_id", "model_version"])
    done = {aid for aid, version in zip(assigned.column(0).to_pylist(), assigned.column(1).to_pylist())
            if version == model.version}
    todo = english - done
    annotated: Iterator[tuple[pa.Table, pa.Table]] = iter(())
    if fitted:
        annotated = _split_annotations(*fitted, todo, settings.batch_size)
        todo = todo - sample
    # The bundled reference model was fitted on other news: an article gets one of its topics only
    # when it uses the topic's label terms, else no topic (it abstains) rather than a confident wrong one.
    label_terms = REFERENCE_LABEL_TERMS if model.version.startswith("ref-") else 0
    annotated = itertools.chain(annotated, (topics.annotate(model, ids, bodies, label_terms=label_terms)
                                            for ids, bodies in _text_batches(lake, todo, settings.batch_size, files)))
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


def _last_completed_version(lake: Lake, run_id: str) -> str | None:
    """The topic model version of the last completed run before this one."""
    runs = [r for r in lake.read("runs", ["run_id", "started_at", "status", "model_version"]).to_pylist()
            if r["run_id"] != run_id and r["status"] == "completed"]
    last = max(runs, key=lambda r: r["started_at"], default=None)
    return last["model_version"] if last else None


def _unsettled(lake: Lake) -> list:
    """The articles files of runs that did not complete: a completed run gave each of its articles the
    model's topics, so only these (this run's, a killed or failed run's) may still lack them."""
    completed = {run for run, status in lake.run_statuses().items() if status == "completed"}
    return [f for f in lake.committed_files("articles") if run_of(f.batch_id) not in completed]


def _english_articles(lake: Lake, files: list | None = None) -> set[str]:
    table = lake.read("articles", ["article_id", "language"], files)
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


def _text_batches(lake: Lake, wanted: set[str], size: int, files: list | None = None
                  ) -> Iterator[tuple[list[str], list[str]]]:
    """(ids, texts) of the wanted articles, `size` at a time (each in article_id order), from one
    streaming pass over the articles table: memory holds one batch, and no file is read twice."""
    batch: dict[str, str] = {}
    for record_batch in lake.iter_batches("articles", ["article_id", "text"], 5000, files):
        for aid, text in zip(record_batch.column(0).to_pylist(), record_batch.column(1).to_pylist()):
            if aid in wanted:
                batch[aid] = text
                if len(batch) == size:
                    yield list(sorted(batch)), [batch[a] for a in sorted(batch)]
                    batch = {}
    if batch:
        yield list(sorted(batch)), [batch[a] for a in sorted(batch)]
