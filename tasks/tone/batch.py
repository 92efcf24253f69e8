"""The tone of one batch: its sentences, its entity mentions and its articles, in the languages the
lexicon is written in.

VADER's lexicon and rules are English. Scored with them, a French or German sentence is "neutral"
because its words are not in the lexicon, and a few shared words ("important", "super") give
it a tone it does not have: so an article in another language gets null tone everywhere (its
article_tone row is kept, with its word count), never a made-up 0.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from .mentions import mention_tone
from .schema import ARTICLE_TONE
from .sentences import article_tone, sentence_texts, sentence_tone
from .valence import score_tokens

# ISO 639-1 codes of the languages the lexicon scores (VADER's lexicon is English).
TONE_LANGUAGES = frozenset({"en"})


class BatchTone(NamedTuple):
    sentences: np.ndarray      # tone of each sentence row, NaN where its language has no lexicon
    mentions: np.ndarray       # tone of each entity row, NaN likewise
    mention_labels: np.ndarray  # tone_label of each entity row, None likewise
    articles: pd.DataFrame     # ARTICLE_TONE columns, one row per article


def batch_tone(articles: pd.DataFrame, sentences: pd.DataFrame, entities: pd.DataFrame) -> BatchTone:
    """Tone of a batch. ``articles``: article_id, text, language; ``sentences``: article_id,
    sentence_idx, start_char, text; ``entities``: article_id, start_char, end_char, sentence_idx.
    The words are scored once, for the sentences and the mentions both."""
    toned = set(articles.loc[articles["language"].isin(TONE_LANGUAGES), "article_id"])
    in_sentences = sentences["article_id"].isin(toned).to_numpy()
    scored_sentences = sentences[in_sentences]
    scored = score_tokens(sentence_texts(scored_sentences))
    tones = sentence_tone(scored_sentences[["article_id", "sentence_idx", "text"]], scored=scored)
    sentence_values = np.full(len(sentences), np.nan)
    sentence_values[in_sentences] = tones["tone"].to_numpy()

    mention_values = np.full(len(entities), np.nan)
    mention_labels = np.full(len(entities), None, dtype=object)
    if len(entities):
        in_entities = entities["article_id"].isin(toned).to_numpy()
        scored_mentions = mention_tone(scored_sentences, entities[in_entities], scored=scored)
        mention_values[in_entities] = scored_mentions["tone"].to_numpy()
        mention_labels[in_entities] = scored_mentions["tone_label"].to_numpy()

    per_article = article_tone(articles[["article_id", "text"]], tones)
    untoned = ~per_article["article_id"].isin(toned).to_numpy()
    for column in ("tone", "positive", "negative", "polarity"):
        per_article.loc[untoned, column] = np.nan
    return BatchTone(sentence_values, mention_values, mention_labels, per_article[ARTICLE_TONE.names])
