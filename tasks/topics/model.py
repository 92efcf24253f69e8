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
  ``shared/corpus/bbc``, ``DEFAULT_N_TOPICS`` topics; version ``ref-...``) assigns topics and
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
  ``newsflow.tasks.topics.model`` classes, so moving this module breaks saved models (refit or rebuild).

Rebuild the reference model with ``python -m newsflow.tasks.topics.model build-reference``.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import os
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import joblib
import numpy as np
import pyarrow as pa
from scipy import sparse
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.model_selection import KFold, cross_val_predict
from sklearn.naive_bayes import ComplementNB

__all__ = [
    "DEFAULT_N_TOPICS", "MODEL_FILE", "REFERENCE_DIR", "NEWS_STOP_WORDS", "PhraseAnalyzer",
    "TopicModel", "fit_topic_model", "save_model", "load_model", "load_reference_model",
    "build_reference_model", "topics_table", "assign_topics", "extract_keyphrases", "annotate", "fit_and_annotate", "dumps", "loads",
    "TOPICS_SCHEMA", "ARTICLE_TOPICS_SCHEMA", "KEYPHRASES_SCHEMA",
]

DEFAULT_N_TOPICS = 10
MODEL_FILE = "topic_model.joblib"
REFERENCE_DIR = Path(__file__).resolve().parent / "models" / "reference_topics"
REFERENCE_CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "bbc"
REFERENCE_MAX_FEATURES = 30_000   # BBC has ~15k terms at min_df=3; the cap keeps the file small anyway
DEFAULT_MAX_FEATURES = 50_000
ALGORITHM = "tfidf13-nmf-nndsvd-cnbselftrain-centroid-v1"

_MAX_DF = 0.5
_SELF_TRAIN_ROUNDS = 10
_CNB_ALPHA = 0.3
_NNLS_SWEEPS = 60
_LABEL_LAMBDA = 0.6          # relevance = p(w|k) / p(w)**(1 - lambda)
_PHRASE_SHARE = 0.5          # a phrase replaces its word when its score >= this share of the word's
_BATCH = 2000
_LABEL_TERMS = 3
_TOP_TERMS = 10

# General English news filler: reporting verbs, honorifics, calendar and time words, number
# words, vague quantities and hedges. Nothing specific to one outlet or one corpus.
NEWS_STOP_WORDS = frozenset("""
said says say saying told tell tells telling added adding according asked asks ask claimed
stated statement announced quoted reportedly reported
mr mrs ms miss dr sir prof
year years yearly month months monthly week weeks weekly day days daily today yesterday tomorrow
tonight time times ago date dates hour hours minute minutes decade decades century
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred
hundreds thousand thousands million millions billion billions trillion dozen dozens half quarter
first second third fourth fifth last next previous former latter latest recent recently early
earlier late later lately soon currently current
per cent percent including include includes included also would could should might must will
shall can cannot just like make makes made making way ways going want wants wanted think thinks
thought know knows known get gets got getting set sets use uses used using lot lots put puts
take takes taking took taken come comes came coming go goes went gone good well big
people thing things really much many able whether although however yet still even already now
since around instead despite though unless whose nearly almost approximately roughly
expected expect expects need needs needed seen see sees saw look looks looked looking
part parts number numbers
""".split())

_CONNECTORS = frozenset({"of", "and"})
_TOKEN = re.compile(r"\w+(?:['\-]\w+)*|[^\w ]")


class PhraseAnalyzer:
    """Text -> list of 1-3-word terms (see module docstring). Picklable, deterministic."""

    def __init__(self, stop_words: Iterable[str] | None = None, min_len: int = 3) -> None:
        base = ENGLISH_STOP_WORDS | NEWS_STOP_WORDS if stop_words is None else stop_words
        self.stop_words = frozenset(w.lower() for w in base)
        self.min_len = min_len

    def tokens(self, text: str) -> tuple[list[str], list[bool], list[bool]]:
        """Tokens (words and punctuation), whether each may be a term word, and whether a term
        may continue after it (not after a possessive: "sony's new" gives no "sony new")."""
        toks = _TOKEN.findall(text.lower().replace("\u2019", "'").replace("\u2018", "'"))
        possessive = [w.endswith("'s") for w in toks]
        toks = [w[:-2] if p else w for w, p in zip(toks, possessive)]
        stop, min_len = self.stop_words, self.min_len
        ok = [len(w) >= min_len and w[0].isalpha() and w[-1].isalpha() and "_" not in w
              and w not in stop for w in toks]
        cont = [o and not p for o, p in zip(ok, possessive)]
        return toks, ok, cont

    def __call__(self, text: str) -> list[str]:
        toks, ok, cont = self.tokens(text or "")
        terms = [w for w, o in zip(toks, ok) if o]
        t1, o1 = toks[1:], ok[1:]
        terms += [a + " " + b for a, b, ca, ob in zip(toks, t1, cont, o1) if ca and ob and a != b]
        mid = [c or w in _CONNECTORS for w, c in zip(t1, cont[1:])]
        terms += [a + " " + b + " " + c
                  for a, b, c, ca, om, oc in zip(toks, t1, toks[2:], cont, mid, ok[2:])
                  if ca and om and oc and a != c and a != b and b != c]
        return terms


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


def fit_and_annotate(article_ids: list[str], texts: list[str], n_topics: int = DEFAULT_N_TOPICS,
                     seed: int = 0) -> tuple[TopicModel, pa.Table, pa.Table]:
    """The model of ``fit_topic_model``, with the (article_topics, keyphrases) rows ``annotate``
    gives the same articles, from the tf-idf matrix of the fit: the texts are analysed once."""
    _check_lengths(article_ids, texts)
    model, X = _fit(texts, n_topics, seed, DEFAULT_MAX_FEATURES, None, "t1")
    return (model, *_annotate_matrices(model, article_ids,
                                       (X[start:start + _BATCH] for start in range(0, X.shape[0], _BATCH))))


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


# -- term selection (labels and keyphrases) -----------------------------------------------------

def _select_terms(candidates: list[tuple[str, float]], k: int,
                  share: float = _PHRASE_SHARE) -> list[tuple[str, float]]:
    """Pick up to k terms from (term, score) sorted best first, preferring phrases over their parts.

    When a term is picked, a longer candidate containing it as a run of words replaces it if its
    score is at least ``share`` of the term's (the phrase then takes the term's score, keeping the
    list sorted). No two picked terms share a word (singular and plural count as one).
    """
    by_word: dict[str, list[tuple[str, float, list[str]]]] = {}
    for term, score in candidates:
        words = term.split()
        if len(words) > 1:
            for w in set(words):
                by_word.setdefault(w, []).append((term, score, words))
    picked: list[tuple[str, float]] = []
    used: set[str] = set()
    for term, score in candidates:
        if len(picked) >= k:
            break
        words = term.split()
        if used & _keys(words):
            continue
        best, best_words = term, words
        for other, other_score, other_words in by_word.get(words[0], ()):
            # by_word lists are best first: the first qualifying phrase is the best one
            if (len(other_words) > len(words) and other_score >= share * score
                    and _contains(other_words, words)
                    and not used & _keys(other_words)):
                best, best_words = other, other_words
                break
        picked.append((best, score))
        used |= _keys(best_words)
    return picked


def _keys(words: Iterable[str]) -> set[str]:
    """The content words of a term for de-duplication ("of"/"and" do not count)."""
    return {_word_key(w) for w in words if w not in _CONNECTORS}


def _word_key(word: str) -> str:
    """Crude singular form, only to treat "award"/"awards" as the same word when de-duplicating."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def _topic_terms(H: np.ndarray, terms: np.ndarray, n: int = _TOP_TERMS) -> list[list[str]]:
    H = np.maximum(H.astype(np.float64), 0.0)
    p_wk = H / np.maximum(H.sum(axis=1, keepdims=True), 1e-12)
    p_w = H.sum(axis=0) / max(H.sum(), 1e-12)
    relevance = p_wk / np.power(np.maximum(p_w, 1e-12), 1.0 - _LABEL_LAMBDA)
    out = []
    for k in range(H.shape[0]):
        idx = np.flatnonzero(relevance[k] > 0)
        idx = idx[np.lexsort((idx, -relevance[k, idx]))][:300]
        cands = [(str(terms[i]), float(relevance[k, i])) for i in idx]
        out.append([t for t, _ in _select_terms(cands, n)])
    return out


def _labels(top_terms: list[list[str]]) -> list[str]:
    labels, seen = [], set()
    for terms in top_terms:
        label = ", ".join(terms[:_LABEL_TERMS])
        extra = _LABEL_TERMS
        while label in seen and extra < len(terms):  # identical labels: add a distinguishing term
            extra += 1
            label = ", ".join(terms[:extra])
        seen.add(label)
        labels.append(label)
    return labels


# -- persistence --------------------------------------------------------------------------------

def dumps(model: TopicModel) -> bytes:
    """The model as the bytes of a ``topic_model.joblib`` file (for storage that is not a folder)."""
    buffer = io.BytesIO()
    joblib.dump(model, buffer, compress=("zlib", 6))
    return buffer.getvalue()


def loads(data: bytes, where: str = "the data") -> TopicModel:
    model = joblib.load(io.BytesIO(data))
    if not isinstance(model, TopicModel):
        raise TypeError(f"{where} does not hold a TopicModel (got {type(model).__name__})")
    return model


def save_model(model: TopicModel, directory: Path) -> Path:
    """Write the model to ``directory/topic_model.joblib`` atomically; returns the path."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / MODEL_FILE
    tmp = directory / f".{MODEL_FILE}.{os.getpid()}.tmp"
    try:
        tmp.write_bytes(dumps(model))
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def load_model(directory: Path) -> TopicModel | None:
    """The model saved in ``directory``, or None when there is none."""
    path = Path(directory) / MODEL_FILE
    if not path.is_file():
        return None
    return loads(path.read_bytes(), str(path))


@lru_cache(maxsize=1)
def load_reference_model() -> TopicModel:
    """The bundled reference model (fitted on BBC News); treat it as read-only."""
    model = load_model(REFERENCE_DIR)
    if model is None:
        raise FileNotFoundError(f"no reference topic model in {REFERENCE_DIR}; build it with "
                                "`python -m newsflow.tasks.topics.model build-reference`")
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


def build_reference_model(corpus_dir: Path = REFERENCE_CORPUS, directory: Path = REFERENCE_DIR,
                          n_topics: int = DEFAULT_N_TOPICS) -> TopicModel:
    """Fit the reference model on the BBC corpus (article bodies) and save it to ``directory``."""
    _, texts, _ = read_labelled_corpus(Path(corpus_dir), body_only=True)
    model = fit_topic_model(texts, n_topics=n_topics, seed=0,
                            max_features=REFERENCE_MAX_FEATURES, version_prefix="ref")
    save_model(model, Path(directory))
    load_reference_model.cache_clear()
    return model


# -- tables ---------------------------------------------------------------------------------------

TOPICS_SCHEMA = pa.schema([("topic_id", pa.int32()), ("topic_label", pa.string()),
                           ("top_terms", pa.list_(pa.string())), ("model_version", pa.string())])
ARTICLE_TOPICS_SCHEMA = pa.schema([("article_id", pa.string()), ("topic_id", pa.int32()),
                                   ("weight", pa.float64()), ("rank", pa.int16()),
                                   ("model_version", pa.string())])
KEYPHRASES_SCHEMA = pa.schema([("article_id", pa.string()), ("phrase", pa.string()),
                               ("score", pa.float64()), ("rank", pa.int16()),
                               ("model_version", pa.string())])


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
             min_weight: float = 0.1, top_k: int = 10) -> tuple[pa.Table, pa.Table]:
    """(article_topics, keyphrases) rows of the articles (see assign_topics and extract_keyphrases).

    Both come from one tf-idf vectorization of each text, the costly step (the term analyzer).
    """
    _check_lengths(article_ids, texts)
    matrices = (model.vectorize(texts[start:start + _BATCH]) for start in range(0, len(texts), _BATCH))
    return _annotate_matrices(model, article_ids, matrices, max_topics, min_weight, top_k)


def _annotate_matrices(model: TopicModel, article_ids: list[str], matrices: Iterable[sparse.csr_matrix],
                       max_topics: int = 3, min_weight: float = 0.1, top_k: int = 10) -> tuple[pa.Table, pa.Table]:
    """annotate() over the articles' tf-idf rows, given in consecutive blocks."""
    topic_rows: dict[str, list] = {"article_id": [], "topic_id": [], "weight": [], "rank": []}
    phrase_rows: dict[str, list] = {"article_id": [], "phrase": [], "score": [], "rank": []}
    start = 0
    for X in matrices:
        ids = article_ids[start:start + X.shape[0]]
        start += X.shape[0]
        _topic_rows(ids, model._weights(X), max_topics, min_weight, topic_rows)
        _keyphrase_rows(ids, X, model.terms(), top_k, phrase_rows)
    return (_rows_table(topic_rows, model.version, ARTICLE_TOPICS_SCHEMA),
            _rows_table(phrase_rows, model.version, KEYPHRASES_SCHEMA))


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
        for rank, (phrase, score) in enumerate(_select_terms(cands, top_k), start=1):
            out["article_id"].append(aid)
            out["phrase"].append(phrase)
            out["score"].append(score)
            out["rank"].append(rank)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m newsflow.tasks.topics.model")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build-reference", help="fit and save the bundled reference model")
    build.add_argument("corpus", nargs="?", type=Path, default=REFERENCE_CORPUS)
    build.add_argument("--topics", type=int, default=DEFAULT_N_TOPICS)
    args = parser.parse_args(argv)
    if args.command == "build-reference":
        model = build_reference_model(args.corpus, REFERENCE_DIR, args.topics)
        path = REFERENCE_DIR / MODEL_FILE
        print(f"{model.version}: {model.n_topics} topics, {len(model.terms())} terms, "
              f"{path.stat().st_size / 1e6:.2f} MB -> {path}")
        for k, (label, size) in enumerate(zip(model.labels, model.topic_sizes)):
            print(f"  {k:2d} {size:5d}  {label}")
    return 0


if __name__ == "__main__":
    # Run the functions of the importable module, so that pickles refer to newsflow.tasks.topics.model classes
    # rather than __main__ ones.
    from newsflow.tasks.topics import model as _topics

    raise SystemExit(_topics.main())
