"""Tone per sentence (VADER compound) and per article (GDELT-style word percentages)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .schema import ARTICLE_TONE, SENTENCE_TONE
from .valence import Scored, but_weights, compound, score_tokens

# VADER's published thresholds for a compound score (Hutto & Gilbert 2014, README):
# >= 0.05 positive, <= -0.05 negative, neutral between.
SENTENCE_THRESHOLD = 0.05


def label(scores, threshold: float = SENTENCE_THRESHOLD) -> np.ndarray:
    """positive / negative / neutral for scores in [-1, 1] with a symmetric threshold."""
    scores = np.asarray(scores, dtype=np.float64)
    return np.where(scores >= threshold, "positive", np.where(scores <= -threshold, "negative", "neutral"))


def sentence_texts(sentences: pd.DataFrame) -> list[str]:
    """The texts the tone scores, one per sentence row (a missing text scores as empty)."""
    return sentences["text"].fillna("").astype(str).tolist()


def sentence_sums(scored: Scored) -> np.ndarray:
    """Per-sentence sum of valences after VADER's "but" rule."""
    weighted = scored.valence * but_weights(scored)
    n = len(scored.bounds) - 1
    return np.bincount(scored.sentence_of_token(), weights=weighted, minlength=n)[:n]


def sentence_tone(sentences: pd.DataFrame, threshold: float = SENTENCE_THRESHOLD,
                  scored: Scored | None = None) -> pd.DataFrame:
    """Columns of SENTENCE_TONE for each row of ``sentences`` [article_id, sentence_idx, text], same
    order; ``scored`` is score_tokens(sentence_texts(sentences)) when the caller has it already."""
    texts = sentence_texts(sentences)
    scored = score_tokens(texts) if scored is None else scored
    n = len(texts)
    tone = compound(sentence_sums(scored), scored.emphasis)
    sent = scored.sentence_of_token()
    positive = np.bincount(sent, weights=scored.valence > 0, minlength=n)[:n]
    negative = np.bincount(sent, weights=scored.valence < 0, minlength=n)[:n]
    out = pd.DataFrame({
        "article_id": sentences["article_id"].astype(str).to_numpy(),
        "sentence_idx": sentences["sentence_idx"].to_numpy(dtype=np.int32),
        "tone": tone,
        "tone_label": label(tone, threshold),
        "word_count": np.diff(scored.bounds).astype(np.int32),
        "positive_words": positive.astype(np.int32),
        "negative_words": negative.astype(np.int32),
    })
    return out[SENTENCE_TONE.names]


def article_tone(articles: pd.DataFrame, sentence_tones: pd.DataFrame) -> pd.DataFrame:
    """Columns of ARTICLE_TONE for each row of ``articles`` [article_id, text], same order.

    Word counts come from the article text (GDELT counts all words); positive/negative word counts
    from the sentence tones, so the lexicon pass is not repeated. An article without sentences or
    words scores 0 everywhere.
    """
    counts = sentence_tones.groupby(sentence_tones["article_id"].astype(str))[
        ["positive_words", "negative_words"]].sum()
    ids = articles["article_id"].astype(str)
    words = np.array([len(t.split()) for t in articles["text"].fillna("").astype(str)], dtype=np.int64)
    pos = counts["positive_words"].reindex(ids).fillna(0).to_numpy(dtype=np.float64)
    neg = counts["negative_words"].reindex(ids).fillna(0).to_numpy(dtype=np.float64)
    denom = np.maximum(words, 1)
    positive, negative = 100.0 * pos / denom, 100.0 * neg / denom
    out = pd.DataFrame({
        "article_id": ids.to_numpy(),
        "tone": positive - negative,
        "positive": positive,
        "negative": negative,
        "polarity": positive + negative,
        "word_count": words.astype(np.int32),
    })
    return out[ARTICLE_TONE.names]
