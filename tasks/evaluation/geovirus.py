"""Places scored the way the geoparsing field scores them: GeoVirus (Gritta, Pilehvar & Collier, ACL
2018; 229 Wikinews texts, 2,167 hand-annotated place names with their true coordinates), end to end.

Each text goes through what a run does to an article (cleaning, spaCy, the enrich stage's labels and
place resolution). Every gold toponym counts: one the run does not place (no place row overlapping
its characters, or one without coordinates) is an error of 20,039 km, half the Earth's circumference.
The figures (Gritta et al. 2018): accuracy@161km (the share placed within 100 miles), the AUC of the
sorted log(1 + km) errors (lower is better), mean and median error, and precision (placed mentions that
overlap a gold toponym, among all placed mentions: GeoVirus leaves buildings, streets and rivers
unannotated, so precision below 1 is partly the gold's choice). Beside them, the plain baseline
computed the same way: spaCy's own GPE/LOC/FAC mentions, each at the most populous gazetteer entry of
its name. Texts are split by a hash of their id into a tuning half and a frozen test half: rules are
tuned on the first only, and the test half is the figure to quote.
    python -m newsflow.tasks.evaluation.geovirus
"""
from __future__ import annotations

import math
from difflib import SequenceMatcher
from pathlib import Path

from newsflow.tasks.evaluation.extraction import held_out, load_jsonl
from newsflow.tasks.evaluation.places import CORPUS, MODEL, PLACE_LABELS, baseline

GEOVIRUS = CORPUS / "places" / "geovirus.jsonl"
MAX_KM = 20039.0   # half the Earth's circumference: the error of a toponym not placed
ACCURATE_KM = 161.0


def load(path: Path = GEOVIRUS) -> list[dict]:
    return load_jsonl(path)


def half(record_id: str) -> str:
    """`tune` or `test` (extraction.held_out)."""
    return "test" if held_out(record_id) else "tune"


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius 6,371 km)."""
    from newsflow.tasks.places.gazetteer import great_circle_km

    return great_circle_km((lat1, lon1), (lat2, lon2))


def _offset_map(raw: str, clean: str) -> list[int]:
    """For each offset of `raw`, the offset of `clean` it becomes (cleaning only drops or swaps characters)."""
    mapping = [0] * (len(raw) + 1)
    for op, a0, a1, b0, b1 in SequenceMatcher(None, raw, clean, autojunk=False).get_opcodes():
        for i in range(a0, a1 + 1):
            mapping[i] = b0 + min(i - a0, b1 - b0) if op != "equal" else b0 + (i - a0)
    return mapping


def predictions(records: list[dict], model: str = MODEL) -> tuple[dict, dict, list[dict]]:
    """(article id -> our placed mentions, article id -> the baseline's, the gold with offsets into the
    cleaned texts). A mention is (start, end, lat, lon)."""
    import pandas as pd

    from newsflow.tasks.evaluation.one_batch import land_one_batch
    from newsflow.tasks.ingest.clean import clean_text

    ids, texts, gold = [], [], []
    for r in records:
        text = clean_text(r["text"])
        to_clean = _offset_map(r["text"], text) if text != r["text"] else None
        ids.append(r["id"])
        texts.append(text)
        for t in r["toponyms"]:
            start, end = (t["start"], t["end"]) if to_clean is None else (to_clean[t["start"]], to_clean[t["end"]])
            gold.append({**t, "article": r["id"], "start": start, "end": end})
    tables, analysis = land_one_batch(ids, texts, model, run_id="geovirus")
    places = tables["places"].to_pandas()
    placed = places[places["label"].ne("NORP") & places["lat"].notna()]
    ours: dict[str, list] = {}
    for p in placed.itertuples():
        ours.setdefault(p.article_id, []).append((p.start_char, p.end_char, p.lat, p.lon))
    theirs: dict[str, list] = {}
    for e in pd.DataFrame(analysis.entities).itertuples():
        feature = baseline(e.text) if e.label in PLACE_LABELS else None
        if feature is not None and feature.lat is not None:
            theirs.setdefault(e.article_id, []).append((e.start_char, e.end_char, feature.lat, feature.lon))
    return ours, theirs, gold


def score(gold: list[dict], placed: dict[str, list]) -> dict:
    """The field's figures for one system's placed mentions against every gold toponym."""
    errors, matched = [], set()
    for g in gold:
        hits = [m for m in placed.get(g["article"], ()) if m[0] < g["end"] and g["start"] < m[1]]
        if hits:
            best = min(hits, key=lambda m: abs(m[0] - g["start"]) + abs(m[1] - g["end"]))
            matched.add((g["article"], best[0]))
            errors.append(km(g["lat"], g["lon"], best[2], best[3]))
        else:
            errors.append(MAX_KM)
    n_placed = sum(len(v) for v in placed.values())
    errors.sort()
    logs = [math.log1p(e) for e in errors]
    # the area under the sorted log errors, trapezoids of width 1, over that of the largest error everywhere
    auc = sum((a + b) / 2 for a, b in zip(logs, logs[1:])) / ((len(logs) - 1) * math.log1p(MAX_KM))
    return {"toponyms": len(gold), "accuracy_161km": round(sum(e <= ACCURATE_KM for e in errors) / len(errors), 4),
            "auc": round(auc, 4), "mean_km": round(sum(errors) / len(errors)), "median_km": round(errors[len(errors) // 2]),
            "placed": n_placed, "precision": round(len(matched) / max(1, n_placed), 4),
            "unplaced": sum(e == MAX_KM for e in errors)}


def evaluate_geovirus(path: Path = GEOVIRUS, model: str = MODEL) -> dict:
    """Figures for the tuning half, the frozen test half and all texts, ours beside the baseline's."""
    records = load(path)
    ours, theirs, gold = predictions(records, model)
    out = {}
    for part in ("test", "tune", "all"):
        ids = {r["id"] for r in records if part == "all" or half(r["id"]) == part}
        subset = [g for g in gold if g["article"] in ids]
        out[part] = {"newsflow": score(subset, {k: v for k, v in ours.items() if k in ids}),
                     "baseline": score(subset, {k: v for k, v in theirs.items() if k in ids}),
                     "texts": len(ids)}
    return out


GOLD_BLIND = Path(__file__).resolve().parents[2] / "tests" / "gold" / "places_blind.jsonl"


def evaluate_blind_places(path: Path = GOLD_BLIND, model: str = MODEL) -> dict:
    """The same figures on our blind place gold (tests/gold/places_blind.md: 45 ECB+ articles of 45
    outlets, annotated GeoVirus' way by a reader who never saw the resolver), all of it: no rule was
    tuned on it."""
    records = load(path)
    ours, theirs, gold = predictions(records, model)
    return {"all": {"newsflow": score(gold, ours), "baseline": score(gold, theirs), "texts": len(records)}}


def format_geovirus(figures: dict) -> str:
    lines = ["| half | texts | toponyms | system | accuracy@161km | AUC | mean km | median km | precision | unplaced |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for part in ("test", "tune", "all"):
        for system in ("newsflow", "baseline"):
            f = figures[part][system]
            lines.append(f"| {part} | {figures[part]['texts']} | {f['toponyms']} | {system} | {f['accuracy_161km']:.3f} | "
                         f"{f['auc']:.3f} | {f['mean_km']:,} | {f['median_km']:,} | {f['precision']:.3f} | {f['unplaced']} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(format_geovirus(evaluate_geovirus()))
    blind = evaluate_blind_places()["all"]
    print(f"\nBlind place gold ({blind['texts']} ECB+ articles, {blind['newsflow']['toponyms']} toponyms):")
    for system in ("newsflow", "baseline"):
        f = blind[system]
        print(f"| {system} | accuracy@161km {f['accuracy_161km']:.3f} | AUC {f['auc']:.3f} | median km "
              f"{f['median_km']:,} | precision {f['precision']:.3f} | unplaced {f['unplaced']} |")
