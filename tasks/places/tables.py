"""Batch API: the places and focus tables of a batch of articles, and the key helpers for the lead."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import pandas as pd

from .gazetteer import Feature, get_gazetteer
from .resolve import (DATELINE_LABEL, DEMONYM_LABEL, NO_EVIDENCE, PLACE_LABELS, decide, demonym_country,
                      gather_evidence)
from .schema import FOCUS_SCHEMA, PLACES_SCHEMA

# How much each kind of mention says about where the story is (dateline: where it was filed).
FOCUS_WEIGHTS = {DATELINE_LABEL: 3.0, DEMONYM_LABEL: 0.5}
_SPECIFIC = {"city": 0, "admin1": 1, "country": 2}


def resolve_places(articles: pd.DataFrame, entities: pd.DataFrame,
                   min_city_population: int = 15000) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(places, focus) for a batch: one places row per resolved mention, one focus row per article."""
    by_article = _place_mentions(entities)
    rows, focus = [], []
    for aid, text, dateline in zip(articles["article_id"], articles["text"], articles["dateline"]):
        article_rows = _article_places(aid, text, dateline, by_article.get(aid, []), min_city_population)
        rows.extend(article_rows)
        focus.append(_focus(aid, article_rows))
    places = pd.DataFrame(rows, columns=PLACES_SCHEMA.names)
    places = places.astype({"start_char": "Int64", "end_char": "Int64", "geonameid": "Int64"})
    return places, pd.DataFrame(focus, columns=FOCUS_SCHEMA.names).astype({"focus_geonameid": "Int64"})


def _place_mentions(entities: pd.DataFrame) -> dict[str, list[tuple[int, int, str, str]]]:
    """article_id -> its place and demonym mentions (start, end, text, label), in row order: plain
    tuples, not a frame per article (which cost more than resolving the places)."""
    out: dict[str, list] = {}
    if not len(entities):
        return out
    for aid, s, e, t, lab in zip(entities["article_id"], entities["start_char"], entities["end_char"],
                                 entities["text"], entities["label"]):
        if lab in PLACE_LABELS or lab == DEMONYM_LABEL:
            out.setdefault(aid, []).append((int(s), int(e), t, lab))
    return out


def _article_places(aid, text: str, dateline, mentions: list[tuple[int, int, str, str]], min_pop: int) -> list[dict]:
    mentions = list(mentions)
    if isinstance(dateline, str) and dateline.strip():
        # The dateline is one mention (labelled DATELINE), whether or not NER also found it.
        span = _dateline_span(text, dateline)
        mentions = [m for m in mentions if not (span[0] >= 0 and m[0] < span[1] and span[0] < m[1])]
        mentions.insert(0, (*span, dateline, DATELINE_LABEL))
    demonyms = {(s, e): demonym_country(t) for s, e, t, lab in mentions if lab == DEMONYM_LABEL}
    texts = [t for _, _, t, lab in mentions if lab != DEMONYM_LABEL]
    evidence = gather_evidence(texts, [c for c in demonyms.values() if c],
                               dateline if isinstance(dateline, str) else None, min_pop)
    rows = []
    for start, end, mention, label in mentions:
        if label == DEMONYM_LABEL:
            code = demonyms[(start, end)]
            feature = get_gazetteer(min_pop).countries.get(code) if code else None
        else:
            feature = decide(mention, evidence, min_pop)
        if feature is not None:
            rows.append(_row(aid, start if start >= 0 else None, end if end >= 0 else None, mention, label, feature))
    return rows


def _dateline_span(text: str, dateline: str) -> tuple[int, int]:
    """Where the dateline sits at the opening of the text; (-1, -1) when it is not there."""
    start = len(text) - len(text.lstrip())
    if text.startswith(dateline, start):
        return start, start + len(dateline)
    return -1, -1


def _row(aid, start, end, text, label, f: Feature) -> dict:
    return {"article_id": aid, "start_char": start, "end_char": end, "text": text, "label": label,
            "geonameid": f.geonameid, "name": f.name, "country_code": f.country_code, "admin1": f.admin1,
            "lat": f.lat, "lon": f.lon, "kind": f.kind}


def _focus(aid, rows: list[dict]) -> dict:
    """The country the article's places weigh most toward, and its most named place there."""
    weights: Counter = Counter()
    first: dict[str, int] = {}
    for i, row in enumerate(rows):
        if row["country_code"]:
            weights[row["country_code"]] += FOCUS_WEIGHTS.get(row["label"], 1.0)
            first.setdefault(row["country_code"], i)
    if not weights:
        return {"article_id": aid, "focus_country": None, "focus_geonameid": None, "focus_name": None,
                "focus_share": None}
    country = min(weights, key=lambda c: (-weights[c], first[c]))
    place = _focus_place(rows, country)
    return {"article_id": aid, "focus_country": country, "focus_geonameid": place["geonameid"],
            "focus_name": place["name"], "focus_share": round(weights[country] / sum(weights.values()), 4)}


def _focus_place(rows: list[dict], country: str) -> dict:
    """The dateline if it is in the focus country, else the focus country's most named feature."""
    inside = [r for r in rows if r["country_code"] == country and r["label"] != DEMONYM_LABEL]
    if inside and inside[0]["label"] == DATELINE_LABEL:
        return inside[0]
    if not inside:
        return {"geonameid": get_gazetteer().countries[country].geonameid,
                "name": get_gazetteer().countries[country].name}
    counts = Counter(r["name"] for r in inside)
    order = {r["name"]: i for i, r in reversed(list(enumerate(inside)))}
    best = min(counts, key=lambda n: (-counts[n], order[n]))
    return next(r for r in inside if r["name"] == best)


def place_entity_keys(entities: pd.DataFrame, places: pd.DataFrame) -> pd.Series:
    """entity_key with each resolved place mention's canonical name ("UK", "Britain" -> "United Kingdom").

    Demonym rows do not rename ("British" stays a NORP key). Aligned with `entities`' index.
    """
    named = places[places["label"] != DEMONYM_LABEL]
    canonical = {(a, int(s), int(e)): n for a, s, e, n in
                 zip(named["article_id"], named["start_char"], named["end_char"], named["name"]) if pd.notna(s)}
    keys = [canonical.get((a, int(s), int(e)), k) for a, s, e, k in
            zip(entities["article_id"], entities["start_char"], entities["end_char"], entities["entity_key"])]
    return pd.Series(keys, index=entities.index, name="entity_key")


def place_keys(keys: Iterable[str]) -> set[str]:
    """The keys that name a place on their own (no article context): a label-correction signal."""
    return {key for key in keys if isinstance(key, str) and decide(key, NO_EVIDENCE) is not None}


def canonical_place_name(key: str, regions_only: bool = False) -> str | None:
    """The canonical gazetteer name a key resolves to without context ("U.K." -> "United Kingdom").

    `regions_only`: only a country, first-level division or continent; a town's name needs its
    article to decide which town it is ("Sale" in a rugby report is not Salé, Morocco)."""
    feature = decide(key, NO_EVIDENCE)
    if feature is None or (regions_only and feature.kind == "city"):
        return None
    return feature.name
