"""Article vectors for story clustering: tf-idf of words and word pairs, plus entity keys.

Why these features: word pairs ("pleaded guilty", "Promises Treatment") tell apart two events of
the same kind better than single words; the pipeline's entity keys (who, where, which
organisation) are the strongest event signal, so they get their own block worth `entity_weight`
of the cosine. A term seen in fewer than `min_df` documents cannot link two articles and only
dilutes the norm, so it is left out of the norm (but kept in the centroids, where it may link a
later article). Document frequencies accumulate over batches in the state.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
ENTITY_PREFIX = "e:"
# Kinds of names that identify an event; dates and numbers are already in the words.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT",
                           "WORK_OF_ART", "LAW"})


@dataclass(frozen=True)
class StoryParams:
    """Clustering settings; defaults picked on the odd ECB+ topics only (even topics held out).

    Time decay is off by default: real events have follow-ups weeks apart (trial, sentencing)
    that readers count as the same story, and the idle window already closes dead stories.
    """

    threshold: float = 0.1875         # average-link cosine needed to share a story
    entity_weight: float = 0.3        # share of the cosine given to entity keys
    min_df: int = 2                   # a word must be in 2 documents to count in a norm
    title_weight: int = 2             # a headline's words count twice
    half_life_days: float | None = None   # optional time decay of similarity (off: see above)
    grace_days: float = 3.0           # no time penalty within this gap (when decay is on)
    window_days: int = 90             # stories idle longer than this take no new articles
    # Terms kept per story centroid in the state: the state's size (and per-batch cost) grows with it.
    # ECB+ nightly B-cubed F1 (tasks/evaluation/stories.py): 600 terms 0.889, 200 0.890, 100 0.885.
    centroid_terms: int = 200


def word_terms(title: str | None, text: str | None, title_weight: int = 1) -> Counter:
    """Unigram and bigram counts of title + text (stop words removed, as scikit-learn does).

    The title is counted `title_weight` times: a headline states the event in a few words.
    """
    def tokens_of(value):
        return [t for t in _TOKEN.findall((value or "").lower()) if t not in ENGLISH_STOP_WORDS]

    head, body = tokens_of(title), tokens_of(text)
    counts = Counter(body)
    counts.update(f"{a} {b}" for a, b in zip(body, body[1:]))
    for _ in range(title_weight):
        counts.update(head)
        counts.update(f"{a} {b}" for a, b in zip(head, head[1:]))
    return counts


def entity_terms(entities: pd.DataFrame) -> dict[str, Counter]:
    """Entity-key counts per article, for the labels that name an event's actors and places."""
    if entities is None or len(entities) == 0:
        return {}
    kept = entities[entities["label"].isin(ENTITY_LABELS) & entities["entity_key"].notna()]
    out: dict[str, Counter] = {}
    for aid, key in zip(kept["article_id"], kept["entity_key"]):
        key = key.strip()       # keys are already normalised (case, dots, possessives) by the pipeline
        if key:
            out.setdefault(aid, Counter())[ENTITY_PREFIX + key] += 1
    return out


def document_terms(articles: pd.DataFrame, entities: pd.DataFrame, title_weight: int = 1
                   ) -> list[tuple[Counter, Counter]]:
    """(word counts, entity counts) per article, in the order of `articles`."""
    ents = entity_terms(entities)
    titles = articles["title"] if "title" in articles else [None] * len(articles)
    return [(word_terms(title, text, title_weight), ents.get(aid, Counter()))
            for aid, title, text in zip(articles["article_id"], titles, articles["text"])]


@dataclass(frozen=True)
class BatchTerms:
    """The terms of a batch's documents, flat: one entry per document, block (0 words, 1 entities)
    and term, with the term's count there; `codes` index `uniq`, the batch's distinct terms."""

    rows: np.ndarray
    blocks: np.ndarray
    counts: np.ndarray
    codes: np.ndarray
    uniq: list
    n_docs: int


def batch_terms(docs: list[tuple[Counter, Counter]]) -> BatchTerms:
    terms, counts, rows, blocks = [], [], [], []
    for r, pair in enumerate(docs):
        for b, block in enumerate(pair):
            terms.extend(block)
            counts.extend(block.values())
            rows.extend([r] * len(block))
            blocks.extend([b] * len(block))
    codes, uniq = (pd.factorize(np.array(terms, dtype=object)) if terms
                   else (np.zeros(0, np.int64), np.array([], dtype=object)))
    return BatchTerms(np.asarray(rows, dtype=np.int64), np.asarray(blocks, dtype=np.int64),
                      np.asarray(counts, dtype=np.float64), codes, uniq.tolist(), len(docs))


def update_df(df: dict[str, int], terms: BatchTerms) -> np.ndarray:
    """Add the batch's documents to the document frequencies (key "" counts documents); returns the
    frequency of each of `terms.uniq` with the batch. A term is once in a document's blocks (entity
    terms carry a prefix no word has), so its entries count the documents that hold it."""
    df[""] = df.get("", 0) + terms.n_docs
    if not terms.uniq:
        return np.zeros(0, dtype=np.int64)
    new = (np.fromiter((df.get(t, 0) for t in terms.uniq), dtype=np.int64, count=len(terms.uniq))
           + np.bincount(terms.codes, minlength=len(terms.uniq)))
    df.update(zip(terms.uniq, new.tolist()))
    return new


def add_terms(vocab: dict[str, int], terms: np.ndarray) -> np.ndarray:
    """Column of each term in `vocab` (ids 0..n-1 in insertion order), adding unseen terms in order of
    first appearance: `[vocab.setdefault(t, len(vocab)) for t in terms]`, without a Python step per term."""
    if not len(terms):
        return np.zeros(0, dtype=np.int64)
    codes, uniq = pd.factorize(terms)
    return _columns(vocab, codes, uniq.tolist())


def _columns(vocab: dict[str, int], codes: np.ndarray, uniq: list) -> np.ndarray:
    """add_terms on factorized terms (`uniq`: the distinct terms in order of first appearance)."""
    ids = np.fromiter((vocab.setdefault(t, len(vocab)) for t in uniq), dtype=np.int64, count=len(uniq))
    return ids[codes]


def vectorise(terms: BatchTerms, freq: np.ndarray, n_docs: int, vocab: dict[str, int],
              params: StoryParams) -> sparse.csr_matrix:
    """Weighted vectors (rows), growing `vocab`; each block has unit norm (words: over df >= min_df).
    `freq`: the document frequency of each of `terms.uniq`, of `n_docs` documents (`update_df`).

    Entity keys all count in the norm: a name only this article mentions is evidence that it
    is about something else, while a word only it uses is mostly noise (typos, rare pairs).
    """
    codes, uniq, rows_a, blocks_a = terms.codes, terms.uniq, terms.rows, terms.blocks
    freq = np.asarray(freq, dtype=np.float64)[codes]
    w = (1 + np.log(terms.counts)) * (np.log((1 + n_docs) / (1 + freq)) + 1)
    counted = np.where(blocks_a == 0, freq >= params.min_df, True)
    slot = rows_a * 2 + blocks_a
    norm = np.sqrt(np.bincount(slot, weights=np.where(counted, w * w, 0.0), minlength=2 * terms.n_docs))
    scale = np.array([math.sqrt(1 - params.entity_weight), math.sqrt(params.entity_weight)])
    with np.errstate(divide="ignore", invalid="ignore"):
        vals = np.where(norm[slot] > 0, w * scale[blocks_a] / norm[slot], 0.0)
    cols = _columns(vocab, codes, uniq)
    keep = (vals > 0) & counted
    return sparse.csr_matrix((vals[keep], (rows_a[keep], cols[keep])), shape=(terms.n_docs, max(len(vocab), 1)))
