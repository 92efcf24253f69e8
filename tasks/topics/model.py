"""Corpus-level topics and per-article keyphrases (scikit-learn; no Prefect, no spaCy).

Model
-----
1. **Terms.** A tf-idf vectorizer over 1-3-word terms built by :class:`PhraseAnalyzer`: lowercase
   word tokens of >= 3 letters (no digits), English stopwords plus a short list of news filler
   (reporting verbs, honorifics, calendar words, number words, vague quantities). N-grams never
   cross punctuation or a line break, never start or end on a stopword, and a 3-gram may only have
   "of"/"and" in the middle ("bank of england"). Terms in more than half of the documents are
   dropped (data-driven news stopwords), as are rare ones (``min_df`` 1-3 by corpus size).
   Sublinear tf, L2-normalised rows.
2. **Topics.** NMF (Frobenius loss, deterministic NNDSVD initialisation) proposes the topics; each
   document's dominant NMF component is its first label.
3. **Refinement by cross-fitted self-training.** A Complement Naive Bayes classifier is fitted on
   4/5 of the documents with the current labels and relabels the held-out fifth (5-fold
   ``cross_val_predict``, so no document is relabelled by a model that saw its own label); this
   repeats until the labels stop changing (<= 10 rounds). It corrects documents that NMF put in a
   topic on the strength of a few shared words.
4. **Final topic-term matrix.** Each topic's row is the mean tf-idf vector of its documents.
   :meth:`TopicModel.transform` is the non-negative least-squares projection of a document on
   those rows (NMF's ``transform`` with that matrix), normalised to sum to 1: the weights are a
   mixture, so an article about a football club's finances can carry both topics. Each document
   is projected independently (fixed-sweep coordinate descent, batches of 2,000), so the result
   does not depend on the batch it arrives in. About 0.4 s per 1,000 articles.
5. **Labels.** Terms ranked by relevance (``p(term|topic) / p(term) ** 0.4``); a phrase replaces
   a word it contains when it is at least half as relevant; no two chosen terms share a word
   (singular/plural count as one). The label is the first three terms, ``top_terms`` the first
   ten.

Keyphrases (:func:`extract_keyphrases`) are an article's terms ranked by tf-idf weight with the
model's vectorizer; a phrase replaces the word it contains when its weight is at least half the
word's (it then takes the word's score), and no two keyphrases of an article share a word.

The model is deterministic: same texts + seed -> same model, same ``version``
(``t1-<8 hex>`` of a hash of parameters, vocabulary and topic-term matrix; ``ref-...`` for the
bundled reference model), same assignments.

Policy (how the pipeline uses it)
---------------------------------
* Until the lake holds ``topic_min_articles`` (default 200) articles in the model's language,
  the bundled **reference model** (fitted on the 1,676 BBC News articles of
  ``shared/corpus/bbc`` and 290 ECB+ articles of many outlets, ``DEFAULT_N_TOPICS`` topics; version
  ``ref-...``; ``tasks/topics/reference.py``) assigns topics and
  keyphrases, so even the small sample run shows topics.
* The first run with at least that many articles fits a model on them (``n_topics`` topics, seed
  0), saves it in the lake (``models/topics/topic_model.joblib``) and uses it from then on.
* After that the model never changes unless the user asks for a refit (``refit_topics``). New
  articles are assigned with ``transform`` against the saved model; they do not move older
  articles. Every row carries ``model_version``, so rows of different models never mix.
* Fitting needs at least ``2 * n_topics`` non-empty documents and raises ``ValueError`` below
  that; what to do then is the caller's decision.
* Topics are discovered, not named: ``topic_label`` is the top three terms, not a section name.
  The vocabulary and stopwords are English; other languages need ``stop_words=`` for their own
  function words (``max_df`` already removes the most common ones).
* Saved models are joblib pickles: load only files you wrote. A pickle refers to
  the classes of ``newsflow.tasks.topics.model`` and ``.analyzer``: moving them breaks saved models (refit or rebuild).

Rebuild the reference model with ``python -m newsflow.tasks.topics.reference build-reference``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import warnings
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np
from scipy import sparse
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import KFold, cross_val_predict
from sklearn.naive_bayes import ComplementNB

from newsflow.tasks.topics.analyzer import PhraseAnalyzer
from newsflow.tasks.topics.terms import _labels, _topic_terms


DEFAULT_N_TOPICS = 10
DEFAULT_MAX_FEATURES = 50_000
ALGORITHM = "tfidf13-nmf-nndsvd-cnbselftrain-centroid-v1"

_MAX_DF = 0.5
_SELF_TRAIN_ROUNDS = 10
_CNB_ALPHA = 0.3
_NNLS_SWEEPS = 60
_BATCH = 2000

@dataclass(eq=False)
class TopicModel:
    """A fitted topic model. Picklable; :meth:`transform` never refits."""

    version: str
    labels: list[str]
    top_terms: list[list[str]]
    vectorizer: TfidfVectorizer
    components: np.ndarray                 # (n_topics, n_terms) topic-term matrix, float32
    topic_sizes: list[int] = field(default_factory=list)   # documents per topic at fit time
    params: dict = field(default_factory=dict)
    n_docs: int = 0

    @property
    def n_topics(self) -> int:
        return int(self.components.shape[0])

    def terms(self) -> np.ndarray:
        """Vocabulary as an array indexed by feature id (cached, not pickled)."""
        cached = self.__dict__.get("_terms")
        if cached is None:
            cached = self.vectorizer.get_feature_names_out()
            self.__dict__["_terms"] = cached
        return cached

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_terms", None)
        state.pop("_gram", None)
        return state

    def vectorize(self, texts: Sequence[str]) -> sparse.csr_matrix:
        X = self.vectorizer.transform([t or "" for t in texts]).tocsr()
        # Canonical column order within rows, as the fit's matrix gets too: the float sums of the
        # projection then run in one order, so an article gets bit-identical weights either way.
        X.sort_indices()
        return X

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """(n_docs, n_topics) topic weights; rows sum to 1, all-zero for a doc with no known term."""
        texts = list(texts)
        out = np.zeros((len(texts), self.n_topics), dtype=np.float64)
        for start in range(0, len(texts), _BATCH):
            X = self.vectorize(texts[start:start + _BATCH])
            out[start:start + X.shape[0]] = self._weights(X)
        return out

    def _weights(self, X: sparse.spmatrix) -> np.ndarray:
        H = self.components.astype(np.float64)
        gram = self.__dict__.get("_gram")
        if gram is None:
            gram = H @ H.T
            self.__dict__["_gram"] = gram
        W = _nnls_rows(np.asarray(X @ H.T, dtype=np.float64), gram)
        total = W.sum(axis=1, keepdims=True)
        np.divide(W, total, out=W, where=total > 0)
        W[(total <= 0).ravel()] = 0.0
        return W


def _nnls_rows(B: np.ndarray, G: np.ndarray, sweeps: int = _NNLS_SWEEPS) -> np.ndarray:
    """Per row w >= 0 minimising w G w' - 2 w b' (i.e. ||x - w H||, G = H H', b = x H').

    Cyclic coordinate descent with a fixed number of sweeps and no data-dependent stopping, so a
    row's result does not depend on the other rows of the batch.
    """
    n, k = B.shape
    W = np.zeros((n, k), dtype=np.float64)
    diag = np.maximum(np.diag(G), 1e-12)
    for _ in range(sweeps):
        for j in range(k):
            grad = W @ G[:, j] - B[:, j]
            W[:, j] = np.maximum(W[:, j] - grad / diag[j], 0.0)
    return W


# -- fitting ----------------------------------------------------------------------------------

def _min_df(n_docs: int) -> int:
    return 1 if n_docs < 30 else 2 if n_docs < 500 else 3


def fit_topic_model(texts: list[str], n_topics: int = DEFAULT_N_TOPICS, seed: int = 0, *,
                    max_features: int | None = DEFAULT_MAX_FEATURES,
                    stop_words: Iterable[str] | None = None,
                    version_prefix: str = "t1") -> TopicModel:
    """Fit topics on ``texts``. Raises ValueError when the corpus is too small to support them."""
    return _fit(texts, n_topics, seed, max_features, stop_words, version_prefix)[0]


def _fit(texts: list[str], n_topics: int, seed: int, max_features: int | None,
         stop_words: Iterable[str] | None, version_prefix: str) -> tuple[TopicModel, sparse.csr_matrix]:
    if n_topics < 2:
        raise ValueError(f"n_topics must be at least 2, got {n_topics}")
    docs = [t or "" for t in texts]
    analyzer = PhraseAnalyzer(stop_words)
    # Counting stops at the number needed: analysing every document here would cost as much as
    # the vectorizer's own pass over them.
    nonempty = sum(1 for _ in itertools.islice((d for d in docs if any(analyzer.tokens(d)[1])), 2 * n_topics))
    if nonempty < 2 * n_topics:
        raise ValueError(f"topic model needs at least {2 * n_topics} non-empty documents for "
                         f"{n_topics} topics, got {nonempty}")
    min_df = _min_df(len(docs))
    vectorizer = TfidfVectorizer(analyzer=analyzer, min_df=min_df, max_df=_MAX_DF,
                                 sublinear_tf=True, dtype=np.float32, max_features=max_features)
    try:
        X = vectorizer.fit_transform(docs).tocsr()
        X.sort_indices()
    except ValueError as exc:  # empty vocabulary after pruning
        raise ValueError(f"topic model: no usable terms in {len(docs)} documents ({exc})") from exc
    if X.shape[1] < n_topics:
        raise ValueError(f"topic model: only {X.shape[1]} terms for {n_topics} topics")
    rows = np.flatnonzero(X.getnnz(axis=1) > 0)
    if len(rows) < 2 * n_topics:
        raise ValueError(f"topic model needs at least {2 * n_topics} documents with known terms, "
                         f"got {len(rows)}")
    Xn = X[rows]

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        nmf = NMF(n_components=n_topics, init="nndsvd", random_state=seed, max_iter=400, tol=1e-4)
        W = nmf.fit_transform(Xn)
    labels = W.argmax(axis=1)
    labels = _self_train(Xn, labels, n_topics, seed)

    # Final topic-term matrix: mean tf-idf of each topic's documents; a topic that lost all its
    # documents keeps its NMF component (rescaled to a comparable norm).
    H = np.zeros((n_topics, X.shape[1]), dtype=np.float64)
    sizes = np.bincount(labels, minlength=n_topics)
    for k in range(n_topics):
        if sizes[k]:
            H[k] = np.asarray(Xn[labels == k].mean(axis=0)).ravel()
    norms = np.linalg.norm(H, axis=1)
    ref_norm = float(np.median(norms[sizes > 0])) if (sizes > 0).any() else 1.0
    for k in np.flatnonzero(sizes == 0):
        comp = nmf.components_[k].astype(np.float64)
        H[k] = comp * (ref_norm / max(np.linalg.norm(comp), 1e-12))
    # Largest topic first; ties by the NMF order (deterministic).
    order = sorted(range(n_topics), key=lambda k: (-int(sizes[k]), k))
    H, sizes = H[order], sizes[order]
    H = H.astype(np.float32)

    terms = vectorizer.get_feature_names_out()
    top_terms = _topic_terms(H, terms)
    label_strings = _labels(top_terms)
    params = {"algorithm": ALGORITHM, "n_topics": n_topics, "seed": seed, "min_df": min_df,
              "max_df": _MAX_DF, "max_features": max_features, "cnb_alpha": _CNB_ALPHA,
              "stop_words": hashlib.sha256(
                  "\n".join(sorted(analyzer.stop_words)).encode()).hexdigest()[:12]}
    version = f"{version_prefix}-{_fingerprint(params, terms, H)}"
    return TopicModel(version=version, labels=label_strings, top_terms=top_terms,
                      vectorizer=vectorizer, components=H,
                      topic_sizes=[int(s) for s in sizes], params=params, n_docs=len(docs)), X


def _self_train(X: sparse.csr_matrix, labels: np.ndarray, n_topics: int, seed: int) -> np.ndarray:
    """Relabel each document with a classifier fitted on the other folds, until stable.

    Refinement moves documents between topics but must not dissolve one: a round that would
    leave a topic with fewer than max(2, 1 % of the documents) is rejected and refinement stops.
    Corpora with fewer than 10 documents per topic keep the NMF labels (too few to cross-fit).
    """
    n = X.shape[0]
    if n < 10 * n_topics:
        return labels
    floor = max(2, int(np.ceil(0.01 * n)))
    cv = KFold(n_splits=5, shuffle=True, random_state=seed)
    for _ in range(_SELF_TRAIN_ROUNDS):
        new = cross_val_predict(ComplementNB(alpha=_CNB_ALPHA), X, labels, cv=cv)
        if np.array_equal(new, labels):
            break
        before = np.bincount(labels, minlength=n_topics)
        after = np.bincount(new, minlength=n_topics)
        if ((after < floor) & (after < before)).any():
            break
        labels = new
    return np.asarray(labels)


def _fingerprint(params: dict, terms: np.ndarray, H: np.ndarray) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps(params, sort_keys=True).encode())
    digest.update("\n".join(terms.tolist()).encode())
    # rounded so that last-bit BLAS differences between machines do not change the id
    digest.update(np.round(H.astype(np.float64), 5).tobytes())
    return digest.hexdigest()[:8]


