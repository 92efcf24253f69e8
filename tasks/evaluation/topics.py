"""Evaluate the topic model against a labelled corpus (label = top folder, e.g. BBC sections).

    python -m newsflow.tasks.evaluation.topics ../shared/corpus/bbc --topics 5 [--body-only] [--baseline]

Measures, with the dominant topic (argmax of ``TopicModel.transform``) as the cluster:

* purity and NMI (``normalized_mutual_info_score``) on the whole corpus, fitted on all of it;
* per-section precision/recall, each topic mapped to the section most of its documents are in;
* out of sample: fit on a random 80 %, assign the other 20 % with ``transform`` (no refit):
  purity/NMI of those 20 %, and their accuracy when topics keep the section they were mapped to
  on the 80 %;
* stability: two fits in separate calls with the same seed (share of same dominant topic, same
  version), fits with two different seeds (share after optimal topic matching), and whether the
  old articles keep their dominant topic when 20 % more arrive in a later run (no refit);
* fit and transform time.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import normalized_mutual_info_score

from newsflow.tasks import topics


def purity(labels: np.ndarray, clusters: np.ndarray) -> float:
    labels, clusters = np.asarray(labels), np.asarray(clusters)
    total = 0
    for c in np.unique(clusters):
        total += Counter(labels[clusters == c].tolist()).most_common(1)[0][1]
    return total / len(labels)


def dominant(weights: np.ndarray) -> np.ndarray:
    """Argmax topic per row; -1 for an all-zero row (document with no known term)."""
    out = weights.argmax(axis=1)
    out[weights.sum(axis=1) <= 0] = -1
    return out


def topic_to_section(labels: np.ndarray, clusters: np.ndarray) -> dict[int, str]:
    return {int(c): Counter(labels[clusters == c].tolist()).most_common(1)[0][0]
            for c in np.unique(clusters)}


def section_scores(labels: np.ndarray, predicted: np.ndarray) -> dict[str, dict[str, float]]:
    out = {}
    for s in sorted(set(labels.tolist())):
        tp = int(((predicted == s) & (labels == s)).sum())
        n_pred, n_true = int((predicted == s).sum()), int((labels == s).sum())
        out[s] = {"precision": round(tp / n_pred, 4) if n_pred else 0.0,
                  "recall": round(tp / n_true, 4) if n_true else 0.0, "n": n_true}
    return out


def matched_agreement(a: np.ndarray, b: np.ndarray, k: int) -> float:
    """Share of documents with the same topic after the best one-to-one matching of topic ids."""
    table = np.zeros((k + 1, k + 1), dtype=np.int64)
    np.add.at(table, (a + 1, b + 1), 1)
    rows, cols = linear_sum_assignment(-table)
    return float(table[rows, cols].sum() / len(a))


def evaluate_topics(corpus_dir: Path, n_topics: int, seed: int = 0, body_only: bool = False,
                    baseline: bool = False) -> dict:
    _, texts, section = topics.read_labelled_corpus(Path(corpus_dir), body_only=body_only)
    labels = np.asarray(section)
    n = len(texts)
    result: dict = {"corpus": str(corpus_dir), "n_docs": n, "n_topics": n_topics, "seed": seed,
                    "body_only": body_only}

    t0 = time.perf_counter()
    model = topics.fit_topic_model(texts, n_topics=n_topics, seed=seed)
    result["fit_seconds"] = round(time.perf_counter() - t0, 2)
    t0 = time.perf_counter()
    weights = model.transform(texts[:1000])
    result["transform_1000_seconds"] = round(time.perf_counter() - t0, 3)
    clusters = dominant(np.vstack([weights, model.transform(texts[1000:])]))
    mapping = topic_to_section(labels, clusters)
    result.update(version=model.version,
                  purity=round(purity(labels, clusters), 4),
                  nmi=round(normalized_mutual_info_score(labels, clusters), 4),
                  sections=section_scores(labels, np.array([mapping[c] for c in clusters])),
                  topics=[{"topic_id": k, "label": model.labels[k], "size": int((clusters == k).sum()),
                           "section": mapping.get(k),
                           "section_share": round(float((labels[clusters == k] == mapping[k]).mean()), 3)
                           if k in mapping else None}
                          for k in range(model.n_topics)])

    # out of sample: fit on a random 80 %, transform the rest
    perm = np.random.RandomState(seed).permutation(n)
    cut = int(round(0.8 * n))
    train, test = np.sort(perm[:cut]), np.sort(perm[cut:])
    part = topics.fit_topic_model([texts[i] for i in train], n_topics=n_topics, seed=seed)
    c_train = dominant(part.transform([texts[i] for i in train]))
    c_test = dominant(part.transform([texts[i] for i in test]))
    train_map = topic_to_section(labels[train], c_train)
    mapped = np.array([train_map.get(int(c), "?") for c in c_test])
    result["out_of_sample"] = {
        "n_train": len(train), "n_test": len(test),
        "train_purity": round(purity(labels[train], c_train), 4),
        "purity": round(purity(labels[test], c_test), 4),
        "nmi": round(normalized_mutual_info_score(labels[test], c_test), 4),
        "accuracy_train_mapping": round(float((mapped == labels[test]).mean()), 4),
    }

    # stability
    again = topics.fit_topic_model(texts, n_topics=n_topics, seed=seed)
    c_again = dominant(again.transform(texts))
    other = topics.fit_topic_model(texts, n_topics=n_topics, seed=seed + 1)
    c_other = dominant(other.transform(texts))
    # a later run sees the old 80 % together with 20 % new articles, without refitting
    c_later = dominant(part.transform(texts))[train]
    result["stability"] = {
        "rerun_same_seed_agreement": round(float((c_again == clusters).mean()), 4),
        "rerun_same_version": again.version == model.version,
        "other_seed_matched_agreement": round(matched_agreement(clusters, c_other, n_topics), 4),
        "incremental_old_docs_kept": round(float((c_later == c_train).mean()), 4),
    }
    if baseline:
        result["baseline"] = baseline_scores(texts, labels, n_topics, seed)
    return result


def baseline_scores(texts: list[str], labels: np.ndarray, n_topics: int, seed: int) -> dict:
    """Plain tf-idf + NMF + argmax, for comparison."""
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    X = TfidfVectorizer(stop_words="english", max_df=0.5, min_df=3, sublinear_tf=True).fit_transform(texts)
    clusters = NMF(n_topics, random_state=seed).fit_transform(X).argmax(axis=1)
    return {"purity": round(purity(labels, clusters), 4),
            "nmi": round(normalized_mutual_info_score(labels, clusters), 4)}


def _print_table(r: dict) -> None:
    print(f"corpus {r['corpus']}  docs {r['n_docs']}  topics {r['n_topics']}  model {r['version']}"
          f"  fit {r['fit_seconds']}s  transform(1000) {r['transform_1000_seconds']}s")
    print(f"purity {r['purity']:.4f}  NMI {r['nmi']:.4f}", end="")
    if "baseline" in r:
        print(f"   (baseline purity {r['baseline']['purity']:.4f}  NMI {r['baseline']['nmi']:.4f})", end="")
    print()
    o = r["out_of_sample"]
    print(f"out of sample ({o['n_train']} fit / {o['n_test']} assigned): purity {o['purity']:.4f}  "
          f"NMI {o['nmi']:.4f}  accuracy with train mapping {o['accuracy_train_mapping']:.4f}")
    s = r["stability"]
    print(f"stability: rerun {s['rerun_same_seed_agreement']:.4f} (same version: {s['rerun_same_version']})"
          f"  other seed {s['other_seed_matched_agreement']:.4f}"
          f"  old docs kept after +20% {s['incremental_old_docs_kept']:.4f}")
    print(f"{'section':<15}{'precision':>10}{'recall':>8}{'n':>6}")
    for name, v in r["sections"].items():
        print(f"{name:<15}{v['precision']:>10.4f}{v['recall']:>8.4f}{v['n']:>6}")
    print(f"{'topic':>5}{'size':>6}  {'section':<15}{'share':>6}  label")
    for t in r["topics"]:
        share = "" if t["section_share"] is None else f"{t['section_share']:.3f}"
        print(f"{t['topic_id']:>5}{t['size']:>6}  {str(t['section']):<15}{share:>6}  {t['label']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsflow.tasks.evaluation.topics", description=__doc__.split("\n")[0])
    parser.add_argument("corpus_dir", type=Path)
    parser.add_argument("--topics", type=int, default=topics.DEFAULT_N_TOPICS)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--body-only", action="store_true", help="drop each file's title line")
    parser.add_argument("--baseline", action="store_true", help="also score plain tf-idf + NMF")
    args = parser.parse_args(argv)
    result = evaluate_topics(args.corpus_dir, args.topics, args.seed, args.body_only, args.baseline)
    _print_table(result)
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
