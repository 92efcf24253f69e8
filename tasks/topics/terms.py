"""Term choice for topic labels and keyphrases: relevance ranking, and phrases that replace the words they contain."""
from __future__ import annotations

from typing import Iterable

import numpy as np

from newsflow.tasks.topics.analyzer import _CONNECTORS

_LABEL_LAMBDA = 0.6          # relevance = p(w|k) / p(w)**(1 - lambda)
_PHRASE_SHARE = 0.5          # a phrase replaces its word when its score >= this share of the word's
_LABEL_TERMS = 3
_TOP_TERMS = 10



# -- term selection (labels and keyphrases) -----------------------------------------------------

def select_terms(candidates: list[tuple[str, float]], k: int,
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
    return {word_key(w) for w in words if w not in _CONNECTORS}


def word_key(word: str) -> str:
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
        out.append([t for t, _ in select_terms(cands, n)])
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


