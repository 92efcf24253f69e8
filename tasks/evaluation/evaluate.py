"""How good is what the pipeline extracts: the evaluation behind `newsflow eval`.

Everything is measured on what the pipeline itself produces, not on a re-implementation:

* **Topics.** The labelled corpus (``<corpus>/<label>/<files>``, the label being the first folder)
  is read with the pipeline's ingest (``discover`` + ``ingest_files``: title line off, cleaning,
  language; exact duplicates once, the first one kept), and topics are fitted and assigned with the
  calls of ``pipeline.topic_stage``: the English articles in ``article_id`` order (the
  same deterministic sample cap), ``fit_topic_model(texts, n_topics=settings.n_topics)`` and the
  dominant topic = the ``rank = 1`` row of ``assign_topics``. Per number of topics: purity, NMI and
  per-section precision/recall (each topic mapped to its majority section), a plain tf-idf + NMF
  baseline, and two later runs in a **separate process** that reads the corpus again:
  - *rerun*: a second run fits on the same corpus; the share of articles with the same dominant
    topic after a one-to-one matching of topic ids (and whether the model version is identical);
  - *later run*: a first run fitted on 80 % of the corpus and saved its model; the later run loads
    it from disk (no refit, as the nightly run does) and assigns the whole corpus. The 80 % must
    keep their first-run topic (the pipeline never reassigns them anyway; this checks that the
    saved model would agree), and the new 20 % are scored like the whole corpus: purity, NMI, and
    accuracy when each topic keeps the section it was mapped to on the 80 %. This is done for the
    five folds of a shuffled 5-fold split, so every article arrives late once; the figures are the
    means over the folds (one fold of ~330 articles moves purity by +-0.01 by chance alone), with
    the range in the JSON. For comparison, not a nightly run: the share of the 80 % whose topic
    survives a refit on the whole corpus (``--refit-topics``), after matching topic ids.
* **Entity keys and sentences.** The gold articles of ``tests/gold`` go through the same ingest and
  the NLP stage (``NlpPool`` over ``pipeline.nlp_jobs``: ``load_pipeline`` + ``analyse``, i.e.
  senter + paragraph rule + ner + ``entity_keys``), and the rows it would land are scored with
  ``newsflow.tasks.evaluation.extraction``: key accuracy, coverage and distinct keys per real-world entity;
  sentence-boundary precision/recall/F1. Baselines: the mention's own text as its key, and spaCy's
  punctuation-rule ``sentencizer``.
"""
from __future__ import annotations

import multiprocessing
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.metrics import normalized_mutual_info_score
from sklearn.model_selection import KFold

from newsflow.tasks.evaluation import extraction as eval_extraction
from newsflow.tasks.evaluation import extractors

from newsflow.tasks import topics
from newsflow.tasks.errors import ConfigError
from newsflow.tasks.evaluation.topics import baseline_scores, matched_agreement, purity, section_scores, topic_to_section
from newsflow.tasks.ingest.files import Article, InputFile, discover, ingest_files
from newsflow.tasks.settings import Settings

FOLDS = 5   # each fold's 20 % "arrive in a later run"

# The targets: (figure, number of topics it applies to, threshold); None = every number.
TARGETS = [
    ("purity", 5, 0.96), ("nmi", 5, 0.87),
    ("new_articles.purity", 5, 0.96), ("new_articles.nmi", 5, 0.87),
    ("purity", "default", 0.93),
    ("stability.rerun", None, 0.95), ("stability.later_run_old_kept", None, 0.95),
]
EXTRACTION_TARGETS = [("entity_keys.accuracy", 0.98), ("sentences.f1", 0.95)]


@dataclass
class LabelledCorpus:
    """The corpus as the pipeline's topic stage sees it, with each article's label."""

    articles: list[Article]     # English, labelled, duplicates dropped, in article_id order
    labels: np.ndarray
    files: int
    duplicates: int
    rejected: int
    unlabelled: int             # articles directly in the corpus folder
    not_english: int            # the topic stage only takes English articles

    @property
    def ids(self) -> list[str]:
        return [a.article_id for a in self.articles]

    @property
    def texts(self) -> list[str]:
        return [a.text for a in self.articles]


def read_corpus(corpus_dir: Path, settings: Settings) -> LabelledCorpus:
    """Read ``corpus_dir/<label>/...`` with the pipeline's ingest."""
    from newsflow.tasks.run.topic_stage import TOPIC_LANGUAGE

    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise ConfigError(f"corpus directory {corpus_dir} does not exist or is not a folder")
    found = discover(corpus_dir)
    got = ingest_files(found.files, max_bytes=int(settings.max_file_mb * 1024 * 1024))
    seen: dict[str, Article] = {}
    duplicates = unlabelled = not_english = 0
    for article in got.articles:
        if article.article_id in seen:   # as ingest_batch: the first copy lands, the others are duplicates
            duplicates += 1
            continue
        seen[article.article_id] = article
    kept = []
    for article in seen.values():
        if len(Path(article.source_path).parts) < 2:
            unlabelled += 1
        elif article.language != TOPIC_LANGUAGE:
            not_english += 1
        else:
            kept.append(article)
    kept.sort(key=lambda a: a.article_id)
    labels = np.array([Path(a.source_path).parts[0] for a in kept])
    return LabelledCorpus(kept, labels, len(found.files) + len(found.rejects), duplicates,
                          len(got.rejects) + len(found.rejects), unlabelled, not_english)


# -- what the topic stage does, on articles in memory instead of the lake -----------------------------
def fit_like_topic_stage(articles: Sequence[Article], settings: Settings) -> topics.TopicModel:
    """The fit of ``pipeline.topic_stage``: its deterministic sample, in article_id order."""
    # The stage's own sampling and cap, so a corpus larger than the cap is fitted on the same articles.
    from newsflow.tasks.run.topic_stage import _FIT_SAMPLE, _sample

    by_id = {a.article_id: a.text for a in articles}
    wanted = sorted(_sample(sorted(by_id), _FIT_SAMPLE))
    return topics.fit_topic_model([by_id[aid] for aid in wanted], n_topics=settings.n_topics)


def dominant_topics(model: topics.TopicModel, articles: Sequence[Article]) -> np.ndarray:
    """The topic of each article's ``rank = 1`` row from ``assign_topics``; -1 when it gets no row."""
    table = topics.assign_topics(model, [a.article_id for a in articles], [a.text for a in articles])
    first = {aid: k for aid, k, rank in zip(table.column("article_id").to_pylist(),
                                            table.column("topic_id").to_pylist(),
                                            table.column("rank").to_pylist()) if rank == 1}
    return np.array([first.get(a.article_id, -1) for a in articles], dtype=np.int64)


def splits(n: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(first run's 80 %, the 20 % that arrive later) for each fold of a shuffled 5-fold split."""
    return list(KFold(FOLDS, shuffle=True, random_state=seed).split(np.zeros(n)))


# The two kinds of run after the first one; each runs in its own process and reads the corpus again.
def rerun(corpus_dir: str, settings: Settings, ks: list[int]) -> dict:
    """Fit the same corpus again, per number of topics: (ids, model version, dominant topics)."""
    corpus = read_corpus(Path(corpus_dir), settings)
    out = {}
    for k in ks:
        model = fit_like_topic_stage(corpus.articles, settings.model_copy(update={"n_topics": k}))
        out[k] = (corpus.ids, model.version, dominant_topics(model, corpus.articles))
    return out


def later_run(corpus_dir: str, settings: Settings, model_dirs: dict[int, list[str]]) -> dict:
    """Assign the whole corpus with each first run's saved model: (ids, versions, dominant topics)."""
    corpus = read_corpus(Path(corpus_dir), settings)
    out = {}
    for k, dirs in model_dirs.items():
        saved = [topics.load_model(Path(d)) for d in dirs]
        out[k] = (corpus.ids, [m.version for m in saved], [dominant_topics(m, corpus.articles) for m in saved])
    return out


# -- the evaluation ------------------------------------------------------------------------------
def evaluate(corpus_dir: Path, n_topics: Sequence[int] | None = None, settings: Settings | None = None,
             seed: int = 0, extraction: bool = True, with_extractors: bool = False) -> dict:
    """Topic agreement and stability on a labelled corpus, plus entity keys and sentences on the
    gold files. ``n_topics`` defaults to 5 and ``settings.n_topics``; ``seed`` shuffles the folds."""
    started = time.perf_counter()
    settings = settings or Settings()
    ks = sorted(set(n_topics or (5, settings.n_topics)))
    if ks[0] < 2:
        raise ConfigError(f"--topics must be at least 2, got {ks[0]}")
    corpus = read_corpus(corpus_dir, settings)
    needed = max(2 * ks[-1], 10)   # the topic stage fits only from this many articles
    if len(corpus.articles) * (FOLDS - 1) // FOLDS < needed:    # the first runs fit on 4/5
        raise ConfigError(f"{corpus_dir} holds {len(corpus.articles)} labelled English articles; "
                          f"{ks[-1]} topics need at least {-(-needed * FOLDS // (FOLDS - 1))} "
                          f"(files go in <corpus>/<label>/)")
    folds = splits(len(corpus.articles), seed)
    result: dict = {
        "corpus": str(corpus_dir), "files": corpus.files, "articles": len(corpus.articles),
        "duplicates": corpus.duplicates, "rejected": corpus.rejected, "unlabelled": corpus.unlabelled,
        "not_english": corpus.not_english, "seed": seed, "default_topics": settings.n_topics,
        "sections": dict(sorted(Counter(corpus.labels.tolist()).items())), "topics": {},
    }
    # spawn: a fresh interpreter, as a separate nightly run would be (and safe beside threads). One
    # worker, so the later runs use one core beside this process.
    with tempfile.TemporaryDirectory(prefix="newsflow-eval-") as tmp, ProcessPoolExecutor(
            1, mp_context=multiprocessing.get_context("spawn")) as pool:
        reran = pool.submit(rerun, str(corpus_dir), settings, ks)
        first_runs: dict[int, list] = {}
        model_dirs: dict[int, list[str]] = {}
        for k in ks:
            for i, (fit_part, _) in enumerate(folds):
                fit_articles = [corpus.articles[j] for j in fit_part]
                model = _fit(fit_articles, settings, k)
                first_runs.setdefault(k, []).append((model, dominant_topics(model, fit_articles)))
                model_dirs.setdefault(k, []).append(str(Path(tmp) / f"k{k}-fold{i}"))
                topics.save_model(model, Path(model_dirs[k][-1]))
        later = pool.submit(later_run, str(corpus_dir), settings, model_dirs)
        full = {k: _topic_scores(corpus, settings, k, seed) for k in ks}
        if extraction:
            result.update(evaluate_extraction(settings))
            if with_extractors:   # places, tone, ...: each against its gold (a few minutes)
                result.update(extractors.measure_all())
        reran, later = reran.result(), later.result()
    for k in ks:
        if reran[k][0] != corpus.ids or later[k][0] != corpus.ids:
            raise RuntimeError("a later run read a different corpus (did files change during the evaluation?)")
        clusters = full[k].pop("_clusters")
        result["topics"][str(k)] = {**full[k], **_later_scores(corpus, k, folds, first_runs[k], reran[k],
                                                                 later[k], clusters, full[k]["model_version"])}
    result["targets"] = targets(result)
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def _fit(articles: Sequence[Article], settings: Settings, k: int) -> topics.TopicModel:
    try:
        return fit_like_topic_stage(articles, settings.model_copy(update={"n_topics": k}))
    except ValueError as exc:   # too few usable documents for k topics
        raise ConfigError(str(exc)) from None


def _topic_scores(corpus: LabelledCorpus, settings: Settings, k: int, seed: int) -> dict:
    labels = corpus.labels
    model = _fit(corpus.articles, settings, k)
    clusters = dominant_topics(model, corpus.articles)
    mapping = topic_to_section(labels, clusters)
    sizes = Counter(clusters.tolist())
    return {
        "model_version": model.version,
        "purity": round(purity(labels, clusters), 4),
        "nmi": round(normalized_mutual_info_score(labels, clusters), 4),
        "baseline": baseline_scores(corpus.texts, labels, k, seed),
        "sections": section_scores(labels, np.array([mapping[c] for c in clusters])),
        "topics": [{"topic_id": t, "label": model.labels[t], "size": sizes.get(t, 0),
                    "section": mapping.get(t),
                    "section_share": round(float((labels[clusters == t] == mapping[t]).mean()), 4)
                    if t in mapping else None}
                   for t in range(model.n_topics)],
        "_clusters": clusters,
    }


def _later_scores(corpus: LabelledCorpus, k: int, folds: list, first_runs: list, reran: tuple, later: tuple,
                  clusters: np.ndarray, version: str) -> dict:
    labels = corpus.labels
    _, rerun_version, rerun_topics = reran
    _, later_versions, later_topics = later
    per_fold = []
    for (fit_part, new_part), (model, first_topics), assigned in zip(folds, first_runs, later_topics):
        old, new = assigned[fit_part], assigned[new_part]
        fit_map = topic_to_section(labels[fit_part], first_topics)
        mapped = np.array([fit_map.get(int(c), "?") for c in new])
        per_fold.append({
            "n_fit": len(fit_part), "n_new": len(new_part),
            "fit_purity": round(purity(labels[fit_part], first_topics), 4),
            "purity": round(purity(labels[new_part], new), 4),
            "nmi": round(normalized_mutual_info_score(labels[new_part], new), 4),
            "accuracy": round(float((mapped == labels[new_part]).mean()), 4),
            "old_kept": round(float((old == first_topics).mean()), 4),
            "refit_old_kept": round(matched_agreement(first_topics, clusters[fit_part], k), 4),
        })
    new_articles = {"folds": len(per_fold)}
    for name in ("purity", "nmi", "accuracy", "fit_purity"):
        values = [f[name] for f in per_fold]
        new_articles[name] = round(float(np.mean(values)), 4)
        new_articles[f"{name}_range"] = [min(values), max(values)]
    new_articles["per_fold"] = per_fold
    return {
        "new_articles": new_articles,
        "stability": {
            "rerun": round(matched_agreement(clusters, rerun_topics, k), 4),
            "rerun_same_version": rerun_version == version,
            "later_run_old_kept": round(float(np.mean([f["old_kept"] for f in per_fold])), 4),
            "later_run_old_kept_min": min(f["old_kept"] for f in per_fold),
            "later_run_same_version": later_versions == [m.version for m, _ in first_runs],
            # not what a nightly run does (the model stays fixed), but what --refit-topics costs
            "refit_old_kept": round(float(np.mean([f["refit_old_kept"] for f in per_fold])), 4),
        },
    }


def evaluate_extraction(settings: Settings) -> dict:
    """Entity keys and sentence boundaries of the gold articles, as the NLP stage lands them."""
    from newsflow.tasks.nlp.pool import NlpPool
    from newsflow.tasks.run.batches import nlp_jobs

    gold = sorted({r["article"] for path in (eval_extraction.ENTITY_GOLD, eval_extraction.SENTENCE_GOLD)
                   for r in eval_extraction.load_jsonl(path)})
    files = []
    for name in gold:
        path = eval_extraction.resolve_article(name)
        if not path.is_file():
            raise ConfigError(f"gold article {path} is missing: the shared corpus belongs beside the repo")
        stat = path.stat()
        files.append(InputFile(path, name, stat.st_size, stat.st_mtime_ns))
    got = ingest_files(files, max_bytes=int(settings.max_file_mb * 1024 * 1024))
    articles = {a.source_path: a for a in got.articles}
    for name in gold:
        # Gold offsets index the gold text; they mean nothing if the pipeline's cleaning moved them.
        if name not in articles or articles[name].text != eval_extraction.gold_article_text(name):
            raise RuntimeError(f"the pipeline's text of {name} differs from the gold text: "
                               "fix the cleaning or re-derive the gold offsets (tests/gold/README.md)")
    unique = list({a.article_id: a for a in articles.values()}.values())
    jobs = nlp_jobs(unique, settings.languages)
    with NlpPool([name for name, *_ in jobs], n_process=1) as pool:
        analysis = pool.run(jobs)
    by_text = {a.text: a.article_id for a in unique}
    mentions: dict[str, list] = {aid: [] for aid in by_text.values()}
    e = analysis.entities
    for aid, start, end, label, key in zip(e["article_id"], e["start_char"], e["end_char"], e["label"],
                                           e["entity_key"]):
        mentions[aid].append((start, end, label, key))
    starts: dict[str, list[int]] = {aid: [] for aid in by_text.values()}
    for aid, start in zip(analysis.sentences["article_id"], analysis.sentences["start_char"]):
        starts[aid].append(start)
    keys = eval_extraction.evaluate_entity_keys(eval_extraction.ENTITY_GOLD, lambda text: mentions[by_text[text]])
    sentences = eval_extraction.evaluate_sentences(eval_extraction.SENTENCE_GOLD,
                                                   lambda text: starts[by_text[text]])
    # Plain baselines: the mention's text as its key (same NER), and a punctuation rule for sentences.
    surface = eval_extraction.evaluate_entity_keys(
        eval_extraction.ENTITY_GOLD, lambda text: [(a, b, lab, text[a:b]) for a, b, lab, _ in mentions[by_text[text]]])
    keys["baseline"] = {"accuracy": surface["accuracy"], "keys_per_entity": surface["keys_per_entity"]}
    sentences["baseline"] = {name: value for name, value in eval_extraction.evaluate_sentences(
        eval_extraction.SENTENCE_GOLD, eval_extraction.make_sentence_starts_fn(_punctuation_splitter())).items()
        if name in ("precision", "recall", "f1")}
    return {"entity_keys": keys, "sentences": sentences}


def _punctuation_splitter():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def targets(result: dict) -> list[dict]:
    """The issue's targets that apply to this result, each with the value reached."""
    out = []
    for figure, k, threshold in TARGETS:
        ks = [int(x) for x in result["topics"]] if k is None else [
            result["default_topics"] if k == "default" else k]
        for kk in ks:
            scores = result["topics"].get(str(kk))
            if scores is not None:
                value = _get(scores, figure)
                out.append({"figure": f"topics[{kk}].{figure}", "target": threshold, "value": value,
                            "met": value >= threshold})
    for figure, threshold in EXTRACTION_TARGETS + extractors.targets():
        if figure.split(".")[0] in result:
            value = _get(result, figure)
            out.append({"figure": figure, "target": threshold, "value": value, "met": value >= threshold})
    return out


def _get(d: dict, dotted: str):
    for part in dotted.split("."):
        d = d[part]
    return d


# -- the report's tables (the CLI prints them) ------------------------------------------------------
def report_tables(result: dict) -> list[tuple[str, list[str], list[tuple]]]:
    """(title, column names, rows) of the tables `newsflow eval` prints."""
    ks = list(result["topics"])
    t = result["topics"]
    target = {(f["figure"].split("]", 1)[0].removeprefix("topics["), f["figure"].split("].", 1)[-1]): f["target"]
              for f in result["targets"] if f["figure"].startswith("topics[")}

    def row(name: str, figure: str, fmt: str = "{:.3f}") -> tuple:
        cells = [fmt.format(_get(t[k], figure)) for k in ks]
        wanted = [f"≥ {target[(k, figure)]:.2f} (k={k})" for k in ks if (k, figure) in target]
        return (name, *cells, ", ".join(wanted))

    def spread(name: str, figure: str) -> tuple:
        return (name, *[f"{lo:.3f}-{hi:.3f}" for lo, hi in (_get(t[k], figure) for k in ks)], "")

    head = ["", *[f"{k} topics" for k in ks], "target"]
    tables = [(
        f"Topics against the sections of {result['corpus']}: {result['articles']} articles "
        f"({result['duplicates']} duplicates counted once)", head, [
            row("purity", "purity"), row("NMI", "nmi"),
            row("  baseline tf-idf + NMF: purity", "baseline.purity"),
            row("  baseline tf-idf + NMF: NMI", "baseline.nmi"),
            row("new 20%, model fitted on the other 80%: purity", "new_articles.purity"),
            spread("  range over the 5 folds", "new_articles.purity_range"),
            row("new 20%: NMI", "new_articles.nmi"),
            spread("  range over the 5 folds", "new_articles.nmi_range"),
            row("new 20%: accuracy, sections mapped on the 80%", "new_articles.accuracy"),
            row("same topic in a rerun (separate process)", "stability.rerun"),
            row("80% keep their topic when 20% arrive later", "stability.later_run_old_kept"),
            row("  ... if refitted on all (--refit-topics), matched", "stability.refit_old_kept"),
            row("model version", "model_version", "{}"),
        ])]
    sections = list(result["sections"])
    tables.append(("Dominant topic as a section (each topic mapped to its majority section)",
                   ["section", "articles", *[f"{m} ({k})" for k in ks for m in ("precision", "recall")]],
                   [(s, result["sections"][s], *[f"{t[k]['sections'][s][m]:.3f}" for k in ks
                                                   for m in ("precision", "recall")]) for s in sections]))
    tables.append(("Topic labels", ["topics", "id", "articles", "section", "share", "label"],
                   [(k, x["topic_id"], x["size"], x["section"] or "",
                     "" if x["section_share"] is None else f"{x['section_share']:.3f}", x["label"])
                    for k in ks for x in t[k]["topics"]]))
    if "entity_keys" in result:
        e, s = result["entity_keys"], result["sentences"]
        tables.append((
            "Extraction against the hand-checked gold (tests/gold)", ["", "value", "target"], [
                (f"entity keys right ({e['covered']} of {e['gold_mentions']} gold mentions found by NER, "
                 f"{e['articles']} articles)", f"{e['accuracy']:.3f}", "≥ 0.95"),
                ("NER coverage of the gold mentions (exact offsets)", f"{e['coverage']:.3f}", ""),
                ("  baseline: the mention's text as its key", f"{e['baseline']['accuracy']:.3f}", ""),
                ("distinct keys per real-world entity (gold floor)",
                 f"{e['keys_per_entity']:.3f} ({e['gold_keys_per_entity']:.3f})", ""),
                ("  baseline: the mention's text as its key", f"{e['baseline']['keys_per_entity']:.3f}", ""),
                (f"sentence boundaries: precision ({s['articles']} articles, {s['gold_boundaries']} boundaries)",
                 f"{s['precision']:.3f}", ""),
                ("sentence boundaries: recall", f"{s['recall']:.3f}", ""),
                ("sentence boundaries: F1", f"{s['f1']:.3f}", "≥ 0.95"),
                ("  baseline: punctuation rule (spaCy sentencizer): F1", f"{s['baseline']['f1']:.3f}", ""),
            ]))
    if any(e.name in result for e in extractors.EXTRACTORS):
        tables.append(extractors.table(result))
    missed = [f["figure"] for f in result["targets"] if not f["met"]]
    tables.append(("Targets", ["", "value"], [
        ("met", f"{len(result['targets']) - len(missed)} of {len(result['targets'])}"),
        ("not met", ", ".join(missed) or "none"),
        ("seconds", f"{result['seconds']}")]))
    return tables
