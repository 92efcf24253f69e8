"""Gold-file sanity checks and quality floors for sentences + entity keys.

Floors sit slightly under the figures measured when the gold was built
(``python -m newsflow.tasks.evaluation.extraction``):

    entity keys  accuracy 0.989 (covered), coverage 0.881, pure 1.000,
                 keys/entity 1.074 (gold 1.075)
    sentences    senter + paragraph rule F1 0.989 (P 0.984, R 0.994)
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from newsflow.tasks.evaluation.extraction import (
    ENTITY_GOLD,
    SENTENCE_GOLD,
    evaluate_entity_keys,
    evaluate_entity_keys_pure,
    evaluate_sentences,
    gold_article_text,
    load_jsonl,
    load_pipeline_nlp,
    make_nlp_keys_fn,
    make_sentence_starts_fn,
    resolve_article,
)

SECTIONS = {"business", "entertainment", "politics", "sport", "tech"}
SEED = "seed/000_2de263066a6832f9.txt"


# ---------------------------------------------------------------------------
# gold sanity (no model)
# ---------------------------------------------------------------------------

def _section(article: str) -> str:
    parts = Path(article).parts
    return parts[1] if parts[0] == "bbc" else parts[0]


def test_gold_article_text_definition(tmp_path):
    bbc = tmp_path / "bbc" / "tech"
    bbc.mkdir(parents=True)
    f = bbc / "x.txt"
    f.write_text("Title line\n\n  First para.  \n\n\nSecond para.\n", encoding="utf-8")
    assert gold_article_text(f) == "First para.\nSecond para."
    seed = tmp_path / "seed"
    seed.mkdir()
    g = seed / "y.txt"
    g.write_text("No title here.\n\n Body.\n", encoding="utf-8")
    assert gold_article_text(g) == "No title here.\nBody."


def test_entity_gold_file():
    rows = load_jsonl(ENTITY_GOLD)
    assert len(rows) >= 150
    articles = {r["article"] for r in rows}
    assert len(articles) >= 30
    assert {_section(a) for a in articles} >= SECTIONS | {"seed"}
    per_section = Counter(_section(a) for a in articles)
    assert all(per_section[s] >= 5 for s in SECTIONS)
    texts = {a: gold_article_text(a) for a in articles}
    seen = set()
    for r in rows:
        assert set(r) == {"article", "start_char", "end_char", "text", "label",
                          "expected_key", "entity"}
        assert resolve_article(r["article"]).is_file()
        assert texts[r["article"]][r["start_char"]:r["end_char"]] == r["text"], r
        assert r["expected_key"] and r["entity"] and r["label"].isupper()
        span = (r["article"], r["start_char"], r["end_char"])
        assert span not in seen, r
        seen.add(span)
    # hard cases the gold must keep covering
    assert any(r["text"].endswith(("'s", "\u2019s")) for r in rows)
    assert any(r["text"].startswith(("Mr ", "Ms ", "Mrs ")) for r in rows)
    assert any(r["text"].lower().startswith("the ") for r in rows)
    assert any(len(r["text"].split()) == 1 and " " in r["expected_key"]
               and r["label"] == "PERSON" for r in rows)


def test_sentence_gold_file():
    rows = load_jsonl(SENTENCE_GOLD)
    assert len(rows) >= 20
    articles = [r["article"] for r in rows]
    assert len(set(articles)) == len(articles)
    assert SEED in articles
    assert {_section(a) for a in articles} >= SECTIONS
    for r in rows:
        text = gold_article_text(r["article"])
        b = r["boundaries"]
        assert b == sorted(set(b)) and b[0] == 0 and b[-1] < len(text)
        assert all(not text[i].isspace() for i in b)
        line_starts = {0} | {i + 1 for i, c in enumerate(text) if c == "\n"}
        assert line_starts <= set(b), r["article"]


# ---------------------------------------------------------------------------
# evaluations with the real model (loaded once)
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def nlp():
    return load_pipeline_nlp()


def test_entity_keys_end_to_end(nlp):
    r = evaluate_entity_keys(ENTITY_GOLD, make_nlp_keys_fn(nlp))
    assert r["accuracy"] >= 0.97, r
    assert r["coverage"] >= 0.85, r
    assert r["keys_per_entity"] <= 1.10, r
    assert r["keys_per_entity_in_article"] <= 1.08, r


def test_entity_keys_pure_normalisation():
    r = evaluate_entity_keys_pure(ENTITY_GOLD, return_errors=True)
    assert r["accuracy"] >= 0.98, r["errors"][:10]


def test_sentence_boundaries_senter(nlp):
    r = evaluate_sentences(SENTENCE_GOLD, make_sentence_starts_fn(nlp), return_errors=True)
    assert r["f1"] >= 0.97, r["errors"]
    assert r["precision"] >= 0.96 and r["recall"] >= 0.97, r
    assert r["paragraph_recall"] == 1.0


def test_doc_sentences_never_start_with_whitespace(nlp):
    text = gold_article_text(SEED)
    doc = nlp(text)
    for sent in doc.sents:
        assert not sent[0].is_space
        assert sent.text.strip()
