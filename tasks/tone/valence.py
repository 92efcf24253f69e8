"""VADER's lexicon method, re-implemented for a batch of sentences in one tokenisation pass.

Why not call ``vaderSentiment``: the tone stage needs each word's valence and position (for
the tone towards each mention and for GDELT-style counts of positive and negative words), and
``polarity_scores`` returns only a sentence's totals. It also walks every word in Python and
re-lowercases the whole sentence for each lexicon hit. Measured on 2,309 real news sentences
(one core, CPU time): vaderSentiment ~0.5M words/s for the sentence score alone; this module
~1.4M words/s, and the whole stage (sentences, articles, mentions) ~0.45M words/s, about 2% of
spaCy's time. Here the batch is split and lowercased in C-level list passes and looked up in
one dict pass. VADER's rules (negation, "no", boosters/dampeners with distance damping,
ALL-CAPS emphasis, "least", special idioms, "but", "!"/"?" emphasis, the alpha=15
normalisation) run only for the few words that hit the lexicon. Agreement with vaderSentiment
is reported by ``tasks/evaluation/tone.py`` (strict mode: Pearson 0.9998 on compound scores).

Deliberate differences from vaderSentiment 3.3.2 (``strict=True`` removes the first two):
- curly quotes and dashes are stripped from words like ASCII punctuation ("“good”" is good);
- judgement-verb forms missing from the lexicon get their base form's valence ("slammed");
- emoji are not translated to words (news text rarely carries them);
- the "but" rule scales the words before/after the first "but" by 0.5/1.5 as documented;
  vaderSentiment's list.index() implementation misplaces it when two words share a valence.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import chain

import numpy as np

from . import lexicon as L

ALPHA = 15.0  # VADER's normalisation: compound = s / sqrt(s^2 + ALPHA)


@dataclass
class Scored:
    """Per-token VADER valences of a batch of sentences (flat arrays; sentence s owns bounds[s]:bounds[s+1])."""

    raw: list[str]         # whitespace-split words
    lower: list[str]       # words as VADER looks them up: lower case, punctuation stripped
                           # unless that leaves <= 2 characters (":)", "ok,")
    valence: np.ndarray    # float64, after word-level rules, before the "but" rule
    bounds: np.ndarray     # int64, len n_sentences + 1
    emphasis: np.ndarray   # "!"/"?" amplifier per sentence

    def sentence_of_token(self) -> np.ndarray:
        return np.repeat(np.arange(len(self.bounds) - 1), np.diff(self.bounds))


def score_tokens(texts: list[str], strict: bool = False) -> Scored:
    """Tokenise every text once and give each token VADER's valence in its sentence."""
    punct = L.VADER_PUNCTUATION if strict else L.NEWS_PUNCTUATION
    lex = L.lexicon() if strict else L.scoring_lexicon()
    splits = [t.split() for t in texts]
    bounds = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum([len(s) for s in splits], out=bounds[1:])
    raw = list(chain.from_iterable(splits))
    # Lower-casing never creates or removes whitespace, so the lowered texts split into the same words.
    lower = list(chain.from_iterable(t.lower().split() for t in texts))
    if len(lower) != len(raw):
        lower = [w.lower() for w in raw]
    lower = [s if len(s := w.strip(punct)) > 2 else w for w in lower]
    hits = [i for i, v in enumerate(map(lex.get, lower)) if v is not None]
    valence = np.zeros(len(raw), dtype=np.float64)
    if hits:
        sent = np.searchsorted(bounds, np.asarray(hits), side="right") - 1
        ctx = _Context(raw, lower, lex, bounds)
        for i, s in zip(hits, sent.tolist()):
            valence[i] = ctx.valence(i, int(bounds[s]), int(bounds[s + 1]), s)
    emphasis = np.array([_emphasis(t) for t in texts], dtype=np.float64)
    return Scored(raw, lower, valence, bounds, emphasis)


def but_weights(scored: Scored) -> np.ndarray:
    """VADER's contrast rule: words before a sentence's first "but" count half, after it 1.5 times."""
    weights = np.ones(len(scored.lower), dtype=np.float64)
    if "but" not in scored.lower:
        return weights
    buts = [i for i, w in enumerate(scored.lower) if w == "but"]
    if not buts:
        return weights
    seen: set[int] = set()
    sent = np.searchsorted(scored.bounds, np.asarray(buts), side="right") - 1
    for i, s in zip(buts, sent.tolist()):
        if s in seen:
            continue
        seen.add(s)
        start, end = int(scored.bounds[s]), int(scored.bounds[s + 1])
        weights[start:i] = 0.5
        weights[i + 1:end] = 1.5
    return weights


def compound(sums: np.ndarray, emphasis: np.ndarray) -> np.ndarray:
    """VADER's compound score in [-1, 1] from summed valences and punctuation emphasis."""
    s = sums + np.sign(sums) * emphasis
    return np.clip(s / np.sqrt(s * s + ALPHA), -1.0, 1.0)


def _emphasis(text: str) -> float:
    ep = min(text.count("!"), 4) * 0.292
    qm = text.count("?")
    return ep + (0.0 if qm <= 1 else (qm * 0.18 if qm <= 3 else 0.96))


class _Context:
    """VADER's word-level rules for one lexicon hit, looking at its sentence's neighbours."""

    def __init__(self, raw, lower, lex, bounds):
        # ALL-CAPS tests use the raw word: punctuation has no case, so "GOOD!" is upper like "GOOD".
        self.tokens, self.lower, self.lex, self.bounds = raw, lower, lex, bounds
        self._cap_diff: dict[int, bool] = {}

    def cap_diff(self, s: int, start: int, end: int) -> bool:
        """Some but not all words of the sentence are ALL CAPS (then caps mean emphasis)."""
        if s not in self._cap_diff:
            upper = sum(1 for t in self.tokens[start:end] if t.isupper())
            self._cap_diff[s] = 0 < upper < end - start
        return self._cap_diff[s]

    def valence(self, i: int, start: int, end: int, s: int) -> float:
        low, lex = self.lower, self.lex
        word = low[i]
        if word in L.BOOSTERS or (word == "kind" and i + 1 < end and low[i + 1] == "of"):
            return 0.0
        v = base = lex[word]
        if word == "no" and i + 1 < end and low[i + 1] in lex:
            v = 0.0
        if (i - 1 >= start and low[i - 1] == "no") or (i - 2 >= start and low[i - 2] == "no") or (
                i - 3 >= start and low[i - 3] == "no" and low[i - 1] in ("or", "nor")):
            v = base * L.N_SCALAR
        if self.tokens[i].isupper() and self.cap_diff(s, start, end):
            v = v + L.C_INCR if v > 0 else v - L.C_INCR
        for k in range(3):
            j = i - k - 1
            if j < start or low[j] in lex:
                continue
            v += self._booster(j, v, s, start, end) * (1.0, 0.95, 0.9)[k]
            v = self._negation(v, i, k)
            if k == 2:
                v = self._idioms(v, i, end)
        return self._least(v, i, start)

    def _booster(self, j: int, v: float, s: int, start: int, end: int) -> float:
        scalar = L.BOOSTERS.get(self.lower[j], 0.0)
        if not scalar:
            return 0.0
        scalar = -scalar if v < 0 else scalar
        if self.tokens[j].isupper() and self.cap_diff(s, start, end):
            scalar = scalar + L.C_INCR if v > 0 else scalar - L.C_INCR
        return scalar

    def _negation(self, v: float, i: int, k: int) -> float:
        low = self.lower
        if k == 1 and low[i - 2] == "never" and low[i - 1] in ("so", "this"):
            return v * 1.25
        if k == 1 and low[i - 2] == "without" and low[i - 1] == "doubt":
            return v
        if k == 2:
            if (low[i - 3] == "never" and low[i - 2] in ("so", "this")) or low[i - 1] in ("so", "this"):
                return v * 1.25
            if low[i - 3] == "without" and "doubt" in (low[i - 2], low[i - 1]):
                return v
        return v * L.N_SCALAR if _negated(low[i - k - 1]) else v

    def _idioms(self, v: float, i: int, end: int) -> float:
        low = self.lower
        w3, w2, w1, w0 = low[i - 3], low[i - 2], low[i - 1], low[i]
        for seq in (f"{w1} {w0}", f"{w2} {w1} {w0}", f"{w2} {w1}", f"{w3} {w2} {w1}", f"{w3} {w2}"):
            if seq in L.SPECIAL_CASES:
                v = L.SPECIAL_CASES[seq]
                break
        if i + 1 < end and f"{w0} {low[i + 1]}" in L.SPECIAL_CASES:
            v = L.SPECIAL_CASES[f"{w0} {low[i + 1]}"]
        if i + 2 < end and f"{w0} {low[i + 1]} {low[i + 2]}" in L.SPECIAL_CASES:
            v = L.SPECIAL_CASES[f"{w0} {low[i + 1]} {low[i + 2]}"]
        for gram in (f"{w3} {w2} {w1}", f"{w3} {w2}", f"{w2} {w1}"):
            v += L.BOOSTERS.get(gram, 0.0)
        return v

    def _least(self, v: float, i: int, start: int) -> float:
        low = self.lower
        if i - 1 >= start and low[i - 1] == "least" and low[i - 1] not in self.lex:
            if i - 2 < start or low[i - 2] not in ("at", "very"):
                return v * L.N_SCALAR
        return v


def _negated(word: str) -> bool:
    return word in L.NEGATIONS or "n't" in word


def normalise(score: float) -> float:
    """VADER's normalisation of one summed valence (for tests and documentation)."""
    return max(-1.0, min(1.0, score / math.sqrt(score * score + ALPHA)))
