"""Tone of sentences, articles and entity mentions with VADER's lexicon method (fast, offline).

Public API (batch functions on pandas DataFrames):
- ``sentence_tone(sentences)``: per sentence compound tone in [-1, 1] and word counts;
- ``article_tone(articles, sentence_tones)``: GDELT-style tone/positive/negative/polarity/word_count;
- ``mention_tone(sentences, entities)``: tone towards each entity mention, with a label;
- ``score_tokens(sentence_texts(sentences))``: the scored words both take, to score a batch once;
- ``batch_tone(articles, sentences, entities)``: all three for a batch, null outside TONE_LANGUAGES.
Column schemas are in ``schema.py``. Names are imported when first used, so the schema module
imports without pandas.
"""
import importlib

_API = {
    "MENTION_THRESHOLD": "mentions", "mention_tone": "mentions", "ARTICLE_TONE": "schema", "MENTION_TONE": "schema",
    "SENTENCE_TONE": "schema", "SENTENCE_THRESHOLD": "sentences", "article_tone": "sentences", "label": "sentences",
    "sentence_tone": "sentences", "sentence_texts": "sentences", "score_tokens": "valence",
    "batch_tone": "batch", "TONE_LANGUAGES": "batch",
}
__all__ = sorted(_API)


def __getattr__(name: str):
    if name in _API:
        return getattr(importlib.import_module(f"{__name__}.{_API[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
