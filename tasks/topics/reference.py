"""The bundled reference topic model: what it is fitted on, and how to rebuild it
(`python -m newsflow.tasks.topics.reference build-reference`).

Fitted on broader news than one outlet: the 1,676 BBC News bodies of ``shared/corpus/bbc`` (five
sections, 2004-05) plus part of ECB+ (``shared/corpus/events/ecbplus``: web news of many outlets,
2004-13, grouped into 43 topics of two real-world events each):

* **Split by ECB+ topic.** Only articles of odd-numbered ECB+ topics are fitted on; the even-numbered
  topics are held out for measuring (``tasks/evaluation/reference_topics.py``). A topic's two events
  are the same kind of story with the same vocabulary (two celebrities entering rehab), so splitting
  by event or by article would put near-copies of the held-out stories into the fit.
* **At most seven articles per event** (the lowest-numbered documents of each fitted event: 290 of
  the 496). An event has up to 22 articles retelling one story, and such a tight cluster becomes a
  topic of its own ("bible church, sarah palin, wasilla" with no cap) that means nothing to any other
  news. Seven is the largest cap at which no topic draws more than 15 % of its fitted articles from
  one ECB+ event (8 % at seven, 31 % at eight; measured on the fitted part only).

``DEFAULT_N_TOPICS`` (10) topics, seed 0, at most 30,000 terms: the fit is deterministic, and
``fit_reference_model(ecbplus=None)`` gives the previous BBC-only model (``ref-3361d450``) again.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path


from newsflow.tasks.topics.model import DEFAULT_N_TOPICS, TopicModel, fit_topic_model
from newsflow.tasks.topics.persist import MODEL_FILE, load_model, save_model

REFERENCE_DIR = Path(__file__).resolve().parent / "models" / "reference_topics"
SHARED_CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
REFERENCE_CORPUS = SHARED_CORPUS / "bbc"
REFERENCE_ECBPLUS = SHARED_CORPUS / "events" / "ecbplus" / "articles.jsonl"
REFERENCE_MAX_FEATURES = 30_000   # BBC + ECB+ have ~19k terms at min_df=3; the cap keeps the file small anyway
ECBPLUS_PER_EVENT = 7             # fitted ECB+ articles per event (see the module docstring)


def ecbplus_fitted(topic_id: int) -> bool:
    """Whether ECB+ topic ``topic_id`` belongs to the part the reference model is fitted on (odd
    topics); the even topics are held out, the model never saw them."""
    return int(topic_id) % 2 == 1


@lru_cache(maxsize=1)
def load_reference_model() -> TopicModel:
    """The bundled reference model (fitted on BBC News + part of ECB+); treat it as read-only."""
    model = load_model(REFERENCE_DIR)
    if model is None:
        raise FileNotFoundError(f"no reference topic model in {REFERENCE_DIR}; build it with "
                                "`python -m newsflow.tasks.topics.reference build-reference`")
    return model




def read_labelled_corpus(corpus_dir: Path, body_only: bool = False) -> tuple[list[str], list[str], list[str]]:
    """(ids, texts, labels) of ``corpus_dir/<label>/*.txt``, sorted. ``body_only`` drops the
    title line (first line followed by a blank line), as the pipeline's ``text`` column does."""
    corpus_dir = Path(corpus_dir)
    ids, texts, labels = [], [], []
    for section in sorted(p for p in corpus_dir.iterdir() if p.is_dir()):
        for f in sorted(section.glob("*.txt")):
            text = f.read_text(encoding="utf-8", errors="replace")
            if body_only:
                lines = text.split("\n", 2)
                if len(lines) == 3 and not lines[1].strip():
                    text = lines[2]
            ids.append(f"{section.name}/{f.stem}")
            texts.append(text)
            labels.append(section.name)
    return ids, texts, labels


def read_ecbplus(path: Path = REFERENCE_ECBPLUS) -> list[dict]:
    """The ECB+ articles (``articles.jsonl`` rows), in file order."""
    with Path(path).open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _doc_number(article_id: str) -> int:
    match = re.match(r"\d+_(\d+)", article_id)
    return int(match.group(1)) if match else 0


def ecbplus_fit_articles(articles: list[dict], per_event: int = ECBPLUS_PER_EVENT) -> list[dict]:
    """The ECB+ articles the reference model is fitted on: of each event of a fitted (odd) topic,
    the ``per_event`` lowest-numbered documents; ordered by topic, event and document number."""
    by_event: dict[str, list[dict]] = defaultdict(list)
    for a in articles:
        if ecbplus_fitted(a["topic_id"]):
            by_event[a["event_id"]].append(a)
    out = []
    for event in sorted(by_event, key=lambda e: (int(e.split("_")[0]), e)):
        out += sorted(by_event[event], key=lambda a: _doc_number(a["id"]))[:per_event]
    return out


def reference_texts(corpus_dir: Path = REFERENCE_CORPUS, ecbplus: Path | None = REFERENCE_ECBPLUS,
                    per_event: int = ECBPLUS_PER_EVENT) -> list[str]:
    """The texts the reference model is fitted on: BBC bodies, then the fitted ECB+ articles."""
    _, texts, _ = read_labelled_corpus(Path(corpus_dir), body_only=True)
    if ecbplus is not None:
        texts += [a["text"] for a in ecbplus_fit_articles(read_ecbplus(ecbplus), per_event)]
    return texts


def fit_reference_model(corpus_dir: Path = REFERENCE_CORPUS, n_topics: int = DEFAULT_N_TOPICS,
                        ecbplus: Path | None = REFERENCE_ECBPLUS, per_event: int = ECBPLUS_PER_EVENT) -> TopicModel:
    """The reference model fitted in memory (not saved); ``ecbplus=None`` gives the previous,
    BBC-only reference model (``ref-3361d450``)."""
    return fit_topic_model(reference_texts(corpus_dir, ecbplus, per_event), n_topics=n_topics, seed=0,
                           max_features=REFERENCE_MAX_FEATURES, version_prefix="ref")


def build_reference_model(corpus_dir: Path = REFERENCE_CORPUS, directory: Path = REFERENCE_DIR,
                          n_topics: int = DEFAULT_N_TOPICS, ecbplus: Path | None = REFERENCE_ECBPLUS,
                          per_event: int = ECBPLUS_PER_EVENT) -> TopicModel:
    """Fit the reference model on the BBC bodies plus the fitted part of ECB+ (``ecbplus=None``:
    BBC only) and save it to ``directory``. Deterministic (seed 0)."""
    model = fit_reference_model(corpus_dir, n_topics, ecbplus, per_event)
    save_model(model, Path(directory))
    load_reference_model.cache_clear()
    return model



def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m newsflow.tasks.topics.reference")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build-reference", help="fit and save the bundled reference model")
    build.add_argument("corpus", nargs="?", type=Path, default=REFERENCE_CORPUS, help="the BBC folder")
    build.add_argument("--ecbplus", type=Path, default=REFERENCE_ECBPLUS, help="ECB+ articles.jsonl")
    build.add_argument("--no-ecbplus", action="store_true", help="fit on the BBC folder only")
    build.add_argument("--per-event", type=int, default=ECBPLUS_PER_EVENT)
    build.add_argument("--topics", type=int, default=DEFAULT_N_TOPICS)
    args = parser.parse_args(argv)
    if args.command == "build-reference":
        ecbplus = None if args.no_ecbplus else args.ecbplus
        model = build_reference_model(args.corpus, REFERENCE_DIR, args.topics, ecbplus, args.per_event)
        path = REFERENCE_DIR / MODEL_FILE
        print(f"{model.version}: {model.n_topics} topics, {len(model.terms())} terms, {model.n_docs} documents, "
              f"{path.stat().st_size / 1e6:.2f} MB -> {path}")
        for k, (label, size) in enumerate(zip(model.labels, model.topic_sizes)):
            print(f"  {k:2d} {size:5d}  {label}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
