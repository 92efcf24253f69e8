"""The bundled reference topic model on news it was not fitted on: how many articles it gives a
topic, and how many get a topic whose label they do not discuss (use none of its label terms),
with the abstention rule of the topic stage and without it (the plain model)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from newsflow.tasks import topics
from newsflow.tasks.run.topic_stage import REFERENCE_LABEL_TERMS
from newsflow.tasks.topics.tables import _annotate_matrices, _discusses_labels

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"


def _corpora() -> dict[str, list[str]]:
    ecb = [json.loads(line)["text"] for line in (SHARED / "events" / "ecbplus" / "articles.jsonl").open()]
    seed = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seed").glob("*.txt"))]
    bbc = topics.read_labelled_corpus(SHARED / "bbc", body_only=True)[1]
    return {"seed": seed, "ecbplus": ecb, "bbc": bbc}


def _score(model, texts: list[str], label_terms: int) -> dict:
    ids = [str(i) for i in range(len(texts))]
    X = model.vectorize(texts)   # once: the assignment and the label check read the same matrix
    table = _annotate_matrices(model, ids, [X], label_terms=label_terms)[0].to_pylist()
    dominant = {int(r["article_id"]): r["topic_id"] for r in table if r["rank"] == 1 and r["topic_id"] >= 0}
    discusses = _discusses_labels(model, X, 1)
    wrong = sum(1 for i, k in dominant.items() if not discusses[i, k])
    return {"articles": len(texts), "with_topic": len(dominant), "topic_not_discussed": wrong}


def evaluate_reference_topics() -> dict:
    model = topics.load_reference_model()
    return {name: {"newsflow": _score(model, texts, REFERENCE_LABEL_TERMS), "plain": _score(model, texts, 0)}
            for name, texts in _corpora().items()}


if __name__ == "__main__":
    print(json.dumps(evaluate_reference_topics(), indent=1))
