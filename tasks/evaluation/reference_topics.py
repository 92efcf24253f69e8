"""The bundled reference topic model on news it was and was not fitted on: how many articles it gives
a topic, and how many get a topic whose label they do not discuss (use none of its label terms),
with the abstention rule of the topic stage (`newsflow`) and without it (`plain`, the bare model).

    python -m newsflow.tasks.evaluation.reference_topics

Corpora (``shared/corpus``):

* ``seed``: the product's example article (Pakistan-Iran talks), which no reference model saw;
* ``ecbplus_heldout``: the ECB+ articles of even-numbered topics (486 articles, many outlets), which
  the reference model never saw: the fair out-of-outlet figure;
* ``ecbplus_fitted (in-sample)``: the ECB+ articles of odd-numbered topics (496), whose events the
  model was fitted on (up to seven articles of each event);
* ``bbc``: the 1,676 BBC bodies, all fitted on (in-sample).

The command prints the bundled model beside the previous, BBC-only reference model (rebuilt in memory;
the fit is deterministic, so it is ``ref-3361d450`` again), each with its version, its topic labels,
its purity against the BBC sections (the dominant topic of each whole BBC file, as
``tests/unit/test_topics.py::test_reference_model`` computes it) and the largest share of one topic's
fitted articles that come from a single ECB+ event (a topic made of one story fits no other news).
"""
from __future__ import annotations

import json
from collections import Counter

import numpy as np

from newsflow.tasks import topics
from newsflow.tasks.evaluation.topics import dominant, purity
from newsflow.tasks.run.topic_stage import REFERENCE_LABEL_TERMS
from newsflow.tasks.topics.reference import (ECBPLUS_PER_EVENT, SHARED_CORPUS, ecbplus_fit_articles, ecbplus_fitted,
                                             fit_reference_model, read_ecbplus, reference_texts)
from newsflow.tasks.topics.tables import _annotate_matrices, _discusses_labels

IN_SAMPLE = "ecbplus_fitted (in-sample)"


def _corpora() -> dict[str, list[str]]:
    ecb = read_ecbplus()
    seed = [p.read_text(encoding="utf-8") for p in sorted((SHARED_CORPUS / "seed").glob("*.txt"))]
    bbc = topics.read_labelled_corpus(SHARED_CORPUS / "bbc", body_only=True)[1]
    return {"seed": seed,
            "ecbplus_heldout": [a["text"] for a in ecb if not ecbplus_fitted(a["topic_id"])],
            IN_SAMPLE: [a["text"] for a in ecb if ecbplus_fitted(a["topic_id"])],
            "bbc": bbc}


def _score(model, texts: list[str], label_terms: int) -> dict:
    ids = [str(i) for i in range(len(texts))]
    X = model.vectorize(texts)   # once: the assignment and the label check read the same matrix
    table = _annotate_matrices(model, ids, [X], label_terms=label_terms)[0].to_pylist()
    dominant = {int(r["article_id"]): r["topic_id"] for r in table if r["rank"] == 1 and r["topic_id"] >= 0}
    discusses = _discusses_labels(model, X, 1)
    wrong = sum(1 for i, k in dominant.items() if not discusses[i, k])
    return {"articles": len(texts), "with_topic": len(dominant), "topic_not_discussed": wrong}


def evaluate_reference_topics(model=None) -> dict:
    """{corpus: {"newsflow": figures, "plain": figures}} of ``model`` (default: the bundled one)."""
    model = model or topics.load_reference_model()
    return {name: {"newsflow": _score(model, texts, REFERENCE_LABEL_TERMS), "plain": _score(model, texts, 0)}
            for name, texts in _corpora().items()}


def _bbc_purity(model) -> float:
    _, texts, labels = topics.read_labelled_corpus(SHARED_CORPUS / "bbc")
    return round(float(purity(np.asarray(labels), dominant(model.transform(texts)))), 4)


def _largest_event_share(model, per_event: int = ECBPLUS_PER_EVENT) -> float:
    """Of each topic's fitted ECB+ + BBC articles (by dominant topic), the largest share from one ECB+
    event, over all topics (0 for a model fitted without ECB+)."""
    texts = reference_texts(per_event=per_event)
    if model.n_docs != len(texts):   # fitted on the BBC alone
        return 0.0
    fitted = ecbplus_fit_articles(read_ecbplus(), per_event)
    events = [None] * (len(texts) - len(fitted)) + [a["event_id"] for a in fitted]
    clusters = dominant(model.transform(texts))
    worst = 0.0
    for k in range(model.n_topics):
        members = [e for e, c in zip(events, clusters) if c == k]
        per_event = Counter(e for e in members if e is not None)
        if per_event:
            worst = max(worst, per_event.most_common(1)[0][1] / len(members))
    return round(worst, 3)


def _describe(model) -> dict:
    return {"version": model.version, "fitted_documents": model.n_docs, "labels": list(model.labels),
            "bbc_purity": _bbc_purity(model), "largest_topic_share_of_one_ecbplus_event": _largest_event_share(model),
            "corpora": evaluate_reference_topics(model)}


def compare_with_bbc_only() -> dict:
    """The bundled model's figures beside those of the previous, BBC-only reference model."""
    return {"bundled": _describe(topics.load_reference_model()),
            "previous_bbc_only": _describe(fit_reference_model(ecbplus=None))}


if __name__ == "__main__":
    print(json.dumps(compare_with_bbc_only(), indent=1))
