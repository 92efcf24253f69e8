"""Topic rows of the lake: the topics of a model, and each article's topics and keyphrases."""
from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np
import pyarrow as pa
from scipy import sparse

from newsflow.tasks.storage import schemas
from newsflow.tasks.topics.model import _BATCH, DEFAULT_MAX_FEATURES, DEFAULT_N_TOPICS, TopicModel, _fit
from newsflow.tasks.topics.terms import select_terms

# The columns a topic stage builds; the lake writer adds batch_id (tasks/storage/schemas.py).
TOPICS_SCHEMA = schemas.payload("topics")
ARTICLE_TOPICS_SCHEMA = schemas.payload("article_topics")
KEYPHRASES_SCHEMA = schemas.payload("keyphrases")



def topics_table(model: TopicModel) -> pa.Table:
    n = model.n_topics
    return pa.table({"topic_id": pa.array(range(n), pa.int32()),
                     "topic_label": pa.array(model.labels, pa.string()),
                     "top_terms": pa.array(model.top_terms, pa.list_(pa.string())),
                     "model_version": pa.array([model.version] * n, pa.string())},
                    schema=TOPICS_SCHEMA)


def _check_lengths(article_ids: Sequence[str], texts: Sequence[str]) -> None:
    if len(article_ids) != len(texts):
        raise ValueError(f"{len(article_ids)} article ids but {len(texts)} texts")


def assign_topics(model: TopicModel, article_ids: list[str], texts: list[str],
                  max_topics: int = 3, min_weight: float = 0.1) -> pa.Table:
    """article_topics rows: the dominant topic (rank 1) of every article with a known term, then
    up to ``max_topics - 1`` more with weight >= ``min_weight``. Articles with no known term get
    no row."""
    return annotate(model, article_ids, texts, max_topics=max_topics, min_weight=min_weight)[0]


def extract_keyphrases(model: TopicModel, article_ids: list[str], texts: list[str],
                       top_k: int = 10) -> pa.Table:
    """keyphrases rows: per article up to ``top_k`` terms of the model's vocabulary, best first."""
    return annotate(model, article_ids, texts, top_k=top_k)[1]


def annotate(model: TopicModel, article_ids: list[str], texts: list[str], max_topics: int = 3,
             min_weight: float = 0.1, top_k: int = 10, label_terms: int = 0) -> tuple[pa.Table, pa.Table]:
    """(article_topics, keyphrases) rows of the articles (see assign_topics and extract_keyphrases).

    Both come from one tf-idf vectorization of each text, the costly step (the term analyzer).
    ``label_terms``: a topic is given only to an article that uses at least this many of the terms of
    the topic's label; an article that uses too few of any topic's gets no topic (it abstains).
    """
    _check_lengths(article_ids, texts)
    matrices = (model.vectorize(texts[start:start + _BATCH]) for start in range(0, len(texts), _BATCH))
    return _annotate_matrices(model, article_ids, matrices, max_topics, min_weight, top_k, label_terms)


def _annotate_matrices(model: TopicModel, article_ids: list[str], matrices: Iterable[sparse.csr_matrix],
                       max_topics: int = 3, min_weight: float = 0.1, top_k: int = 10,
                       label_terms: int = 0) -> tuple[pa.Table, pa.Table]:
    """annotate() over the articles' tf-idf rows, given in consecutive blocks."""
    topic_rows: dict[str, list] = {"article_id": [], "topic_id": [], "weight": [], "rank": []}
    phrase_rows: dict[str, list] = {"article_id": [], "phrase": [], "score": [], "rank": []}
    start = 0
    for X in matrices:
        ids = article_ids[start:start + X.shape[0]]
        start += X.shape[0]
        W = model._weights(X)
        if label_terms:
            known = W.sum(axis=1) > 0
            W = W * _discusses_labels(model, X, label_terms)
            _abstentions(ids, known & (W.sum(axis=1) <= 0), topic_rows)
        _topic_rows(ids, W, max_topics, min_weight, topic_rows)
        _keyphrase_rows(ids, X, model.terms(), top_k, phrase_rows)
    return (_rows_table(topic_rows, model.version, ARTICLE_TOPICS_SCHEMA),
            _rows_table(phrase_rows, model.version, KEYPHRASES_SCHEMA))


UNASSIGNED = -1   # topic_id of an article that abstains: it fits no topic of the model (no topics row)


def _abstentions(article_ids: list[str], abstains: np.ndarray, out: dict) -> None:
    """One row (topic UNASSIGNED, weight 0, rank 1) per abstaining article, so the topic stage
    knows it was assigned and its keyphrases commit with it; views join topics and skip it."""
    for aid in np.asarray(article_ids, dtype=object)[abstains]:
        out["article_id"].append(aid)
        out["topic_id"].append(UNASSIGNED)
        out["weight"].append(0.0)
        out["rank"].append(1)


def _discusses_labels(model: TopicModel, X: sparse.csr_matrix, at_least: int) -> np.ndarray:
    """(articles x topics) 1 where the article uses at least `at_least` of the topic's label terms."""
    index = {term: i for i, term in enumerate(model.terms())}
    present = (X > 0).astype(np.int32).tocsc()
    out = np.zeros((X.shape[0], model.n_topics))
    for k, label in enumerate(model.labels):
        cols = [index[t] for t in label.split(", ") if t in index]
        used = np.asarray(present[:, cols].sum(axis=1)).ravel() if cols else np.zeros(X.shape[0])
        out[:, k] = used >= min(at_least, len(cols) or at_least)
    return out


def _rows_table(rows: dict[str, list], model_version: str, schema: pa.Schema) -> pa.Table:
    """Columns of rows as a table of `schema`, each row tagged with the model version."""
    return pa.table({**rows, "model_version": [model_version] * len(rows["article_id"])}, schema=schema)


def _topic_rows(article_ids: list[str], W: np.ndarray, max_topics: int, min_weight: float, out: dict) -> None:
    for aid, row in zip(article_ids, W):
        if row.sum() <= 0:
            continue
        order = np.argsort(-row, kind="stable")
        for rank, k in enumerate(order[:max(1, max_topics)], start=1):
            if rank > 1 and row[k] < min_weight:
                break
            out["article_id"].append(aid)
            out["topic_id"].append(int(k))
            out["weight"].append(float(row[k]))
            out["rank"].append(rank)


def _keyphrase_rows(article_ids: list[str], X: sparse.csr_matrix, terms: np.ndarray, top_k: int, out: dict) -> None:
    for i, aid in enumerate(article_ids):
        lo, hi = X.indptr[i], X.indptr[i + 1]
        if lo == hi:
            continue
        cols, vals = X.indices[lo:hi], X.data[lo:hi].astype(np.float64)
        cands = sorted(((str(terms[c]), float(v)) for c, v in zip(cols, vals)), key=lambda tv: (-tv[1], tv[0]))
        for rank, (phrase, score) in enumerate(select_terms(cands, top_k), start=1):
            out["article_id"].append(aid)
            out["phrase"].append(phrase)
            out["score"].append(score)
            out["rank"].append(rank)


def fit_and_annotate(article_ids: list[str], texts: list[str], n_topics: int = DEFAULT_N_TOPICS,
                     seed: int = 0) -> tuple[TopicModel, pa.Table, pa.Table]:
    """The model of ``fit_topic_model``, with the (article_topics, keyphrases) rows ``annotate``
    gives the same articles, from the tf-idf matrix of the fit: the texts are analysed once."""
    _check_lengths(article_ids, texts)
    model, X = _fit(texts, n_topics, seed, DEFAULT_MAX_FEATURES, None, "t1")
    return (model, *_annotate_matrices(model, article_ids,
                                       (X[start:start + _BATCH] for start in range(0, X.shape[0], _BATCH))))
