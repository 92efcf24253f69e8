"""Columns of the tables the tone stage returns, declared once so the lake can register them.

Scales:
- ``tone`` of a sentence and of a mention: VADER's compound score in [-1, 1]
  (summed word valences s normalised as s / sqrt(s^2 + 15)); labels use ``thresholds``.
- article ``tone``/``positive``/``negative``/``polarity``: GDELT GKG V1.5 style percentages of the
  article's words: positive = 100 * positive words / word_count, negative likewise,
  tone = positive - negative (in [-100, 100], news mostly within +-10), polarity = positive + negative.

An article in a language the lexicon does not score (``batch.TONE_LANGUAGES``) has null tone: its
article row's tone columns, its mentions' tone and tone_label, and its sentences' tone.
"""
from __future__ import annotations

import pyarrow as pa

SENTENCE_TONE = pa.schema([
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("sentence_idx", pa.int32(), nullable=False),
    pa.field("tone", pa.float64(), nullable=False),           # compound, [-1, 1]
    pa.field("tone_label", pa.string(), nullable=False),      # positive | negative | neutral
    pa.field("word_count", pa.int32(), nullable=False),       # whitespace words
    pa.field("positive_words", pa.int32(), nullable=False),   # words with valence > 0 after rules
    pa.field("negative_words", pa.int32(), nullable=False),   # words with valence < 0 after rules
])

ARTICLE_TONE = pa.schema([
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("tone", pa.float64()),           # positive - negative, percent points (null: language not scored)
    pa.field("positive", pa.float64()),       # % of words positive
    pa.field("negative", pa.float64()),       # % of words negative
    pa.field("polarity", pa.float64()),       # % of words with any tone
    pa.field("word_count", pa.int32(), nullable=False),
])

MENTION_TONE = pa.schema([
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("start_char", pa.int32(), nullable=False),
    pa.field("end_char", pa.int32(), nullable=False),
    pa.field("tone", pa.float64()),           # compound-scaled, [-1, 1] (null: language not scored)
    pa.field("tone_label", pa.string()),      # positive | negative | neutral
])

LABELS = ("negative", "neutral", "positive")
