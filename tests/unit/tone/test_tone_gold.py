"""The hand-labelled sentence gold is well formed and indexes the article texts exactly."""
from __future__ import annotations

from collections import Counter

import pytest

from newsflow.tasks.evaluation.tone import CORPUS, GOLD, article_text, load_jsonl


@pytest.fixture(scope="module")
def gold():
    if not CORPUS.is_dir():
        pytest.fail(f"the shared corpus is missing at {CORPUS}")
    return load_jsonl(GOLD)


def test_gold_size_classes_and_outlets(gold):
    assert len(gold) == 319 and len({g["id"] for g in gold}) == 319
    labels = Counter(g["label"] for g in gold)
    assert set(labels) == {"positive", "negative", "neutral"} and min(labels.values()) >= 80
    assert Counter(g["source"].split("/")[0] for g in gold) == {"bbc": 180, "ecbplus": 129, "seed": 10}
    assert len({g["outlet"] for g in gold}) >= 60


def test_gold_offsets_index_the_article_text(gold):
    texts: dict[str, str] = {}
    for g in gold:
        text = texts.setdefault(g["source"], article_text(g["source"]))
        assert text[g["start_char"]:g["end_char"]] == g["text"], g["id"]
