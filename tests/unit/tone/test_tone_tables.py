"""sentence_tone and article_tone: columns, order, labels and GDELT-style percentages."""
from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from newsflow.tasks.tone import ARTICLE_TONE, SENTENCE_TONE, article_tone, sentence_tone


def sentences():
    return pd.DataFrame({
        "article_id": ["b", "a", "a", "c"],
        "sentence_idx": [0, 0, 1, 0],
        "text": ["Nothing happened on Tuesday.", "The rescue was a great success.", "Two people died.", ""],
    })


def test_sentence_tone_keeps_order_and_labels_by_sign():
    out = sentence_tone(sentences())
    assert out.columns.tolist() == SENTENCE_TONE.names
    assert out["article_id"].tolist() == ["b", "a", "a", "c"]
    assert out["sentence_idx"].tolist() == [0, 0, 1, 0]
    assert out["tone_label"].tolist() == ["neutral", "positive", "negative", "neutral"]
    assert out["word_count"].tolist() == [4, 6, 3, 0]
    assert out["positive_words"].tolist() == [0, 3, 0, 0]  # rescue, great, success
    assert out["negative_words"].tolist() == [0, 0, 1, 0]
    assert out.loc[3, "tone"] == 0.0
    pa.Table.from_pandas(out, schema=SENTENCE_TONE, preserve_index=False)


def test_article_tone_is_gdelt_percentages():
    tones = sentence_tone(sentences())
    arts = pd.DataFrame({"article_id": ["a", "b", "z"],
                         "text": ["The rescue was a great success.\nTwo people died.", "Nothing happened on Tuesday.", ""]})
    out = article_tone(arts, tones)
    assert out.columns.tolist() == ARTICLE_TONE.names
    assert out["article_id"].tolist() == ["a", "b", "z"]
    a = out.iloc[0]
    assert a.word_count == 9
    assert a.positive == pytest.approx(300 / 9) and a.negative == pytest.approx(100 / 9)
    assert a.tone == pytest.approx(a.positive - a.negative) and a.polarity == pytest.approx(a.positive + a.negative)
    assert out.iloc[1].tone == 0.0 and out.iloc[2].word_count == 0 and out.iloc[2].polarity == 0.0
    pa.Table.from_pandas(out, schema=ARTICLE_TONE, preserve_index=False)
