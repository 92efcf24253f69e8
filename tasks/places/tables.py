"""Batch API: the places and focus tables of a batch of articles, and the key helpers for the lead."""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

import pandas as pd

from .gazetteer import Feature, get_gazetteer
from .local import in_english, language_countries
from .names import CA_PROVINCE_ISO, normalise, region_abbreviation, with_its_dot
from .resolve import (DATELINE_LABEL, DEMONYM_LABEL, NO_EVIDENCE, PLACE_LABELS, candidates, decide,
                      demonym_country, gather_evidence, mention_candidates, names_a_place)
from .schema import FOCUS_SCHEMA, PLACES_SCHEMA

# How much each kind of mention says about where the story is (dateline: where it was filed).
# A country a public body is named after (its place row is labelled ORG) says who acts, as a nationality does.
FOCUS_WEIGHTS = {DATELINE_LABEL: 3.0, DEMONYM_LABEL: 0.5, "ORG": 0.5}


def resolve_places(articles: pd.DataFrame, entities: pd.DataFrame,
                   min_city_population: int = 15000) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(places, focus) for a batch: one places row per resolved mention, one focus row per article.
    ``articles``: article_id, text, dateline and, optionally, language (its country names are read
    too: "Allemagne" in a French article is Germany)."""
    by_article = _place_mentions(entities)
    rows, focus = [], []
    languages = articles["language"] if "language" in articles else [None] * len(articles)
    for aid, text, dateline, language in zip(articles["article_id"], articles["text"], articles["dateline"], languages):
        article_rows = _article_places(aid, text, dateline, by_article.get(aid, []), min_city_population, language)
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
        if lab in PLACE_LABELS or lab == DEMONYM_LABEL or lab in CUED_LABELS:
            out.setdefault(aid, []).append((int(s), int(e), t, lab))
    return out


# A name spaCy tags ORG or PERSON is a place when the gazetteer knows it as one and the text marks it
# as one: a locative preposition before it ("a farm in Bulacan", "cases in Tacloban") or its region
# after a comma ("Rockville, Maryland"), or it is a country's name. Its places row (and entity) is then
# a GPE.
CUED_LABELS = ("ORG", "PERSON")
_LOCATIVE_WORDS = "in|near|outside|across|throughout|within|around|from"   # not "at": "at Chelsea", "at Google"
_LOCATIVE = re.compile(rf"\b(?:{_LOCATIVE_WORDS})\s+(?:the\s+)?$")


# Country names that are also people's names: a PERSON or ORG mention of these needs a cue
_COUNTRY_FIRST_NAMES = {"jordan", "chad", "georgia", "india", "israel", "kenya", "france", "china"}


def _cued_as_place(text: str, start: int, end: int, mention: str, min_pop: int) -> bool:
    key, hits = mention_candidates(mention, min_pop)
    if not hits:
        return False
    if key not in _COUNTRY_FIRST_NAMES and any(f.kind == "country" and not alternate for f, alternate in hits):
        return True   # the whole mention is a country's name: "Botswana", "the U.S." tagged ORG or PERSON
    if _LOCATIVE.search(text, max(0, start - 20), start):
        return True
    match = _REGION.match(text, end)
    return bool(match and _regions_named(match.group(1)))


def _as_place(text: str, mention: tuple[int, int, str, str], min_pop: int, before: tuple | None = None
              ) -> tuple | None:
    """A mention as a place mention: itself, a GPE when an ORG or PERSON is cued as a place (also by
    the place mention `before` it: "Pandi, Bulacan"), the place inside a public body's name (labelled
    ORG), or None."""
    start, end, name, label = mention
    if label not in CUED_LABELS:
        return mention
    after_place = before is not None and before[3] in PLACE_LABELS and text[before[1]:start].strip() == ","
    if after_place and mention_candidates(name, min_pop)[1] or _cued_as_place(text, start, end, name, min_pop):
        return (start, end, name, "GPE")
    return _place_in_body_name(start, name, min_pop) if label == "ORG" else None


# The words of a public body's name: its country or state is where it acts ("the U.S. Food and Drug
# Administration", "the Health Ministry of Uganda"). A firm or paper named after a place ("The New York
# Times", "Taco Bell Canada") names no such word, and its place is not read; nor is a town a body is
# named after ("University of Louisville"): GeoVirus' annotators mostly left those out.
_PUBLIC_BODY = re.compile(
    r"\b(?:Department|Ministry|Minister|Army|Navy|Air Force|Marines?|Coast Guard|Centers?|Centres?|Agency|"
    r"Council|Police|Government|Health|Services?|Authority|Commission|Institutes?|Bureau|Administration|"
    r"Embassy|Consulate|Court|Parliament|Assembly|Senate|Congress|Office|Red Cross|Fire|Committee|Board|"
    r"University|Hospital|Schools?|District|Military|Forces|Guard|Customs|Treasury|Cabinet|Directorate|"
    r"Secretariat|Sanitation|Province|State|County|City)\b")
_OF_PLACE = re.compile(r"\bof\s+(?:the\s+)?((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*)$")


def _place_in_body_name(start: int, name: str, min_pop: int) -> tuple | None:
    """(start, end, place, "ORG") of the country or first-level division a public body's name opens or
    ends with, or None."""
    if not _PUBLIC_BODY.search(name):
        return None
    for match in (_OF_PLACE.search(name), *_prefixes(name)):
        if match is None:
            continue
        words = match.group(1)
        hits = mention_candidates(words, min_pop)[1]
        if any(f.kind in ("country", "admin1") and not alternate for f, alternate in hits) \
                and not _PUBLIC_BODY.search(words):
            return (start + match.start(1), start + match.end(1), words, "ORG")
    return None


def _prefixes(name: str):
    """The longest run of up to four capitalised words opening the name that is a place, first."""
    bare = re.match(r"(?:[Tt]he\s+)?", name).end()
    words = list(re.finditer(r"\S+", name[bare:]))
    for n in range(min(4, len(words) - 1), 0, -1):
        last = words[n - 1]
        end = bare + last.end() - (2 if last.group().endswith(("'s", "’s")) else 0)
        yield re.match(rf"(?:[Tt]he\s+)?(.{{{end - bare}}})", name) if end > bare else None


def _article_places(aid, text: str, dateline, mentions: list[tuple[int, int, str, str]], min_pop: int,
                    language: str | None = None) -> list[dict]:
    as_places = [_as_place(text, m, min_pop, mentions[n - 1] if n else None) for n, m in enumerate(mentions)]
    uncued = [m for m, p in zip(mentions, as_places) if p is None]
    mentions = [m for m in as_places if m is not None]
    if isinstance(dateline, str) and dateline.strip():
        # The dateline is one mention (labelled DATELINE), whether or not NER also found it.
        span = _dateline_span(text, dateline)
        mentions = [m for m in mentions if not (span[0] >= 0 and m[0] < span[1] and span[0] < m[1])]
        mentions.insert(0, (*span, dateline, DATELINE_LABEL))
    written = [m[2] for m in mentions]
    demonyms = {(s, e): demonym_country(t, language) for s, e, t, lab in mentions if lab == DEMONYM_LABEL}
    # Looked up by the English name of a country the article's language names ("Allemagne": Germany).
    mentions = [(s, e, in_english(t, language), lab) for s, e, t, lab in mentions]
    texts = [t for _, _, t, lab in mentions if lab != DEMONYM_LABEL]
    evidence = gather_evidence(texts, [c for c in demonyms.values() if c] + list(language_countries(language)),
                               dateline if isinstance(dateline, str) else None, min_pop)
    countries = get_gazetteer(min_pop).countries
    features = [(countries.get(demonyms[(s, e)]) if demonyms[(s, e)] else None) if label == DEMONYM_LABEL
                else _decide_mention(text, e, mention, label, evidence, min_pop) for s, e, mention, label in mentions]
    _place_in_apposition(text, mentions, features, evidence, min_pop)
    _place_in_a_list(text, mentions, features, evidence, min_pop)
    _small_places(text, mentions, features, evidence, min_pop, uncued)
    _same_name_same_place(mentions, features)
    rows = [_row(aid, start if start >= 0 else None, end if end >= 0 else None, as_written, label, feature)
            for (start, end, _, label), as_written, feature in zip(mentions, written, features) if feature is not None]
    rows += _same_name_elsewhere(aid, text, uncued, mentions, features)
    rows += _acronyms_of_places(aid, text, mentions, features, uncued)
    return sorted(rows, key=lambda r: -1 if r["start_char"] is None else r["start_char"])


def _placed_once(mentions: list, features: list) -> dict[str, Feature]:
    """Name -> the one place the article's place mentions of it resolved to (names placed twice, at
    two places, are left out)."""
    placed: dict[str, set] = {}
    for (_, _, name, label), feature in zip(mentions, features):
        if feature is not None and label in PLACE_LABELS:
            placed.setdefault(normalise(name), set()).add(feature)
    return {name: next(iter(found)) for name, found in placed.items() if len(found) == 1}


def _same_name_same_place(mentions: list, features: list) -> None:
    """A name the article places once is that place where it is left undecided ("Scott County,
    Indiana", then "Scott County" with Kentucky named too): one place per name in an article, unless
    the article itself places it twice."""
    placed = _placed_once(mentions, features)
    for i, ((_, _, name, label), feature) in enumerate(zip(mentions, features)):
        if feature is None and label in PLACE_LABELS and normalise(name) in placed:
            features[i] = placed[normalise(name)]


def _same_name_elsewhere(aid, text: str, uncued: list, mentions: list, features: list) -> list[dict]:
    """One sense per article: an ORG or PERSON mention of a name the article places elsewhere as a GPE
    or LOC ("Kisumu" after "cases in Kisumu") is that place, a GPE; not in a sports report, where a
    country's or a town's name is also its side ("Wales beat England")."""
    from newsflow.tasks.nlp.labels import is_sport_report

    if not uncued or is_sport_report(text):
        return []
    placed = {name: f for name, f in _placed_once(mentions, features).items() if f.kind != "continent"}
    return [_row(aid, start, end, name, "GPE", placed[normalise(name)]) for start, end, name, _ in uncued
            if normalise(name) in placed]


def _acronyms_of_places(aid, text: str, mentions: list, features: list, uncued: list) -> list[dict]:
    """The acronym an article gives a place in brackets ("the Democratic Republic of the Congo (DRC)",
    "United Arab Emirates (UAE)"), its initials, is that place there and wherever the article uses it
    again, unless a mention already covers it."""
    taken = sorted((m[0], m[1]) for m in [*mentions, *uncued] if m[0] >= 0)
    rows: list[dict] = []
    for (start, end, name, label), feature in zip(mentions, features):
        if feature is None or end < 0 or label not in PLACE_LABELS:
            continue
        initials = "".join(w[0] for w in re.findall(r"[A-Z][\w'’-]*", name) if w != "The")
        if len(initials) < 2:
            continue
        opened = re.match(r"\s*\(" + initials + r"\)", text[end:end + len(initials) + 4])
        if opened is None:
            continue
        for m in re.finditer(r"(?<![\w-])" + initials + r"(?![\w-])", text[end:]):
            a, b = end + m.start(), end + m.end()
            if not any(x < b and a < y for x, y in taken):
                rows.append(_row(aid, a, b, initials, "GPE", feature))
    return rows


def _decide_mention(text: str, end: int, mention: str, label: str, evidence, min_pop: int) -> Feature | None:
    """A dateline, and a state or province abbreviation ("Ill.", and "Ont" of "LONDON, Ont.", whose
    dot spaCy left out), are surely places: only which place competes. A name a nation's words
    surround ("Prime Minister of Georgia") is the country of that name."""
    if end >= 0 and region_abbreviation(written := with_its_dot(text, end, mention)):
        mention = written
    surely = label == DATELINE_LABEL or (mention.endswith(".") and region_abbreviation(mention) is not None)
    start = end - len(mention)
    if end >= 0 and _cued(text, start, end, _NATION_BEFORE, _NATION_AFTER):
        country = _of_kind(mention, "country", evidence, min_pop)
        if country is not None:   # "Prime Minister of Georgia", "Georgia's Parliament": the country
            return country
    if end >= 0 and _cued(text, start, end, _DIVISION_BEFORE, _DIVISION_AFTER):
        division = _of_kind(mention, "admin1", evidence, min_pop)
        if division is not None:   # "the state of Victoria", "Victoria state": not the Canadian city
            return division
    return decide(mention, evidence, min_pop, surely_a_place=surely)


def _small_places(text: str, mentions: list[tuple[int, int, str, str]], features: list, evidence,
                  min_pop: int, uncued: list) -> None:
    """A name spaCy reads as a place that no place of 15,000+ people bears ("Orneta", "Dadaab") is the
    one town or village of that name in a region, or else a country, the article's other places are
    in, where the words before it say it is a place ("in", "the village of") or it is an item of a
    list of places. Not in a sports report, nor when the article names it as an organisation or a
    person elsewhere (one sense per article: "Creighton coach", "returning to Creighton")."""
    from newsflow.tasks.nlp.labels import is_sport_report

    from .small import decide_small

    wanted = [i for i, (_, _, mention, label) in enumerate(mentions) if features[i] is None
              and label in ("GPE", "LOC") and not mention.lower().startswith("the ")   # "the Missouri Valley": a region
              and not mention_candidates(mention, min_pop)[1]]
    if not wanted or is_sport_report(text):
        return
    others = {normalise(m[2]) for m in uncued}
    for i in wanted:
        start = mentions[i][0]
        if start < 0 or not (_SMALL_CUE.search(text, max(0, start - 40), start) or _listed(text, mentions, i)):
            continue
        key = normalise(mentions[i][2])
        if key in others:
            continue
        regions = {pair for pair in evidence.admin1 if evidence.supports_admin1(*pair, key)}
        countries = {(code, None) for code in evidence.countries if evidence.supports_country(code, key)}
        features[i] = (regions and decide_small(key, regions)) or (countries and decide_small(key, countries)) or None


# What says a small name is a place: a locative preposition ("at" and "to" too: a name no bigger place
# bears is seldom a club's or a firm's) or a settlement's noun right before it
_SMALL_CUE = re.compile(rf"(?:\b(?:{_LOCATIVE_WORDS}|at|into|to)|\b(?:[Vv]illages?|[Tt]owns?|[Cc]ity|[Cc]ommunit(?:y|ies)|"
                        r"[Mm]unicipalit(?:y|ies)|[Hh]amlets?|[Tt]ownships?|[Ss]uburbs?) of)\s+(?:the\s+)?$")


def _listed(text: str, mentions: list, i: int) -> bool:
    """Is the mention an item of a list of place mentions ("Pailin, Cambodia; Attapeu, Laos", "Etoumbi
    and Mbomo")?"""
    joins = (",", "and", ", and", ";", "or")
    before = i > 0 and mentions[i - 1][3] in PLACE_LABELS and text[mentions[i - 1][1]:mentions[i][0]].strip() in joins
    after = (i + 1 < len(mentions) and mentions[i + 1][3] in PLACE_LABELS
             and text[mentions[i][1]:mentions[i + 1][0]].strip() in joins)
    return bool(before or after)


def _cued(text: str, start: int, end: int, before: re.Pattern, after: re.Pattern) -> bool:
    """Do the words before the mention (up to 40 characters) or right after it say what it is?"""
    return bool(before.search(text, max(0, start - 40), max(0, start)) or after.match(text, end))


def _of_kind(mention: str, kind: str, evidence, min_pop: int) -> Feature | None:
    """The feature of the name of that kind: the only one, or the only one in a country the article
    is in."""
    found = [f for f, alternate in mention_candidates(mention, min_pop)[1] if f.kind == kind and not alternate]
    if len(found) > 1:
        found = [f for f in found if evidence.supports_country(f.country_code, normalise(mention))]
    return found[0] if len(found) == 1 else None


# The words that make a name a state's or province's ("the state of Victoria", "Victoria state")
_DIVISION_BEFORE = re.compile(r"\b(?:[Ss]tate|[Pp]rovince|[Tt]erritory|[Pp]refecture|[Gg]overnorate|[Oo]blast) of (?:the )?$")
_DIVISION_AFTER = re.compile(r" (?:state|province|territory|prefecture|governorate|oblast)\b")


# What only a nation has, before "of X" or after "X's": the country of a name that is also a state's
# or a city's ("Georgia", "Victoria")
_NATION_BEFORE = re.compile(r"\b(?:Prime Minister|President|Parliament|Foreign Minister|Foreign Ministry|[Ee]mbassy|"
                            r"[Aa]mbassador|King|Queen|[Rr]epublic|[Nn]ational [Aa]rmy) of (?:the )?$")
_NATION_AFTER = re.compile(r"['’]s? (?:Parliament|parliament|Prime Minister|prime minister|President|president|"
                           r"[Ee]mbassy|[Aa]mbassador|[Ff]oreign [Mm]inist)")


def _place_in_apposition(text: str, mentions: list[tuple[int, int, str, str]], features: list, evidence,
                         min_pop: int) -> None:
    """A place right before a comma and its region ("Punjab, Pakistan", "Atlanta, Georgia",
    "SPRINGFIELD, Ill. (AP) —", "LONDON, Ont.") is decided again among its candidates there: the
    text itself says where it is. The region is the one of those the name could be that holds a
    place of that name ("Georgia" after "Atlanta" is the state); a region mention left undecided
    alone takes it too ("PORTLAND, Maine"; "Mississauga, Ontario in Canada" in a story that names
    California)."""
    for i, (_, end, mention, label) in enumerate(mentions):
        if label == DEMONYM_LABEL or end < 0:
            continue
        following = mentions[i + 1] if i + 1 < len(mentions) else None
        adjacent = following is not None and following[3] != DEMONYM_LABEL and text[end:following[0]] == ", "
        regions = _regions_after(text, end, features[i + 1] if adjacent else None)
        if not regions and adjacent:     # the mention itself, where more words follow it ("Ontario in Canada")
            regions = _regions_named(following[2])
        if not regions:
            continue
        hits = mention_candidates(mention, min_pop)[1]
        fitting = [r for r in regions if any(f.country_code == r[0] and r[1] in (None, f.admin1) for f, _ in hits)]
        if not hits and len(regions) == 1:   # a town below the gazetteer's 15,000: looked for in its region
            fitting = list(regions)
        if len(fitting) == 1:
            country, admin1, region = fitting[0]
            features[i] = decide(mention, evidence, min_pop, within=country, within_admin1=admin1,
                                 surely_a_place=True)
            if adjacent and features[i + 1] is None and features[i] is not None:
                features[i + 1] = region


def _place_in_a_list(text: str, mentions: list[tuple[int, int, str, str]], features: list, evidence,
                     min_pop: int) -> None:
    """An item of a list of three or more places ("British Columbia, Alberta, Manitoba, Ontario and
    New Brunswick") is of the kind and country most of the others are, where it can be: a list
    coordinates like with like ("Ontario" a province there, not the Californian city; "Washington"
    among sixteen states the state)."""
    for group in _lists(text, mentions):
        decided = [(features[i].country_code, features[i].kind) for i in group if features[i] is not None]
        if not decided:
            continue
        (country, kind), n = Counter(decided).most_common(1)[0]
        if n < 2 or n * 2 <= len(group) or kind not in ("admin1", "country", "admin2"):
            continue
        for i in group:
            feature = features[i]
            if feature is not None and (feature.country_code, feature.kind) == (country, kind):
                continue
            key = mention_candidates(mentions[i][2], min_pop)[0]
            # the gazetteer's own entries, before the rule that a capital outweighs a division of its
            # name: among states, "Washington" is the state
            hits = [f for f, alternate in get_gazetteer(min_pop).lookup(key)
                    if f.country_code == country and f.kind == kind and not alternate]
            if len(hits) == 1:
                features[i] = hits[0]


_LIST_GAP = re.compile(r",? (?:and|or) |, ")


def _lists(text: str, mentions: list[tuple[int, int, str, str]]) -> list[list[int]]:
    """Indexes of the mentions that form lists of three or more, joined by commas and a last "and"."""
    groups, current = [], []
    for i, (start, end, _, label) in enumerate(mentions):
        joined = (current and start >= 0 and label in PLACE_LABELS
                  and _LIST_GAP.fullmatch(text, mentions[current[-1]][1], start) is not None)
        if joined:
            current.append(i)
            continue
        if len(current) >= 3:
            groups.append(current)
        current = [i] if start >= 0 and label in PLACE_LABELS else []
    if len(current) >= 3:
        groups.append(current)
    return groups


# ", Ill." / ", Pakistan" / ", New South Wales" after a place, up to a comma, bracket, colon or dash
_REGION = re.compile(r", ?([^\W\d_](?:[^\W\d_]|[.'’ -](?=[^\W\d_])){0,29}\.?)(?=\s*(?:[,(—–:;]|--?\s|$))")


def _regions_after(text: str, end: int, decided) -> tuple[tuple[str, str | None, Feature | None], ...]:
    """The regions (country, admin1 or None, feature) the words after a place may name as its
    region: the next mention's decided country or division, else what the words can be."""
    if decided is not None and decided.kind in ("country", "admin1") and decided.country_code:
        return ((decided.country_code, _cities_admin1(decided), decided),)
    match = _REGION.match(text, end)
    return _regions_named(match.group(1)) if match else ()


@functools.lru_cache(maxsize=4096)
def _regions_named(name: str) -> tuple[tuple[str, str | None, Feature | None], ...]:
    abbreviated = region_abbreviation(name)
    if abbreviated:
        return ((*abbreviated, None),)
    hits = mention_candidates(name.rstrip("."))[1]
    return tuple({(f.country_code, _cities_admin1(f)): (f.country_code, _cities_admin1(f), f) for f, _ in hits
                  if f.kind in ("country", "admin1") and f.country_code}.values())


_CA_GEONAMES = {iso: code for code, iso in CA_PROVINCE_ISO.items()}


def _cities_admin1(region: Feature) -> str | None:
    """The admin1 code its cities carry: a US state's is its own; a Canadian province's is GeoNames'
    number, not its ISO code (elsewhere the two do not link, and the country decides alone)."""
    if region.kind != "admin1":
        return None
    return _CA_GEONAMES.get(region.admin1, region.admin1)


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
                "focus_share": None, "focus_kind": None, "focus_lat": None, "focus_lon": None}
    country = min(weights, key=lambda c: (-weights[c], first[c]))
    place = _focus_place(rows, country)
    return {"article_id": aid, "focus_country": country, "focus_geonameid": place["geonameid"],
            "focus_name": place["name"], "focus_share": round(weights[country] / sum(weights.values()), 4),
            "focus_kind": place["kind"], "focus_lat": place["lat"], "focus_lon": place["lon"]}


def _focus_place(rows: list[dict], country: str) -> dict:
    """The dateline if it is in the focus country, else the focus country's most named feature."""
    inside = [r for r in rows if r["country_code"] == country and r["label"] != DEMONYM_LABEL]
    if inside and inside[0]["label"] == DATELINE_LABEL:
        return inside[0]
    if not inside:
        feature = get_gazetteer().countries[country]
        return {"geonameid": feature.geonameid, "name": feature.name, "kind": feature.kind, "lat": feature.lat,
                "lon": feature.lon}
    counts = Counter(r["name"] for r in inside)
    order = {r["name"]: i for i, r in reversed(list(enumerate(inside)))}
    best = min(counts, key=lambda n: (-counts[n], order[n]))
    return next(r for r in inside if r["name"] == best)


def place_entity_keys(entities: pd.DataFrame, places: pd.DataFrame) -> pd.Series:
    """entity_key with each resolved place mention's key (`place_key`: "UK", "Britain" -> "United Kingdom").

    Demonym rows do not rename ("British" stays a NORP key). Aligned with `entities`' index.
    """
    named = places[places["label"] != DEMONYM_LABEL]
    codes = [(c if isinstance(c, str) else None, r if isinstance(r, str) else None)
             for c, r in zip(named["country_code"], named["admin1"])]
    canonical = {(a, int(s), int(e)): place_key(n, k, *code) for a, s, e, n, k, code in
                 zip(named["article_id"], named["start_char"], named["end_char"], named["name"], named["kind"], codes)
                 if pd.notna(s)}
    keys = [canonical.get((a, int(s), int(e)), k) for a, s, e, k in
            zip(entities["article_id"], entities["start_char"], entities["end_char"], entities["entity_key"])]
    return pd.Series(keys, index=entities.index, name="entity_key")


def place_labels(entities: pd.DataFrame, places: pd.DataFrame) -> pd.Series:
    """label with GPE for each ORG or PERSON mention the places table holds (`CUED_LABELS`)."""
    placed = {(a, int(s), int(e)) for a, s, e in zip(places["article_id"], places["start_char"], places["end_char"])
              if pd.notna(s)}
    labels = ["GPE" if lab in CUED_LABELS and (a, int(s), int(e)) in placed else lab for a, s, e, lab in
              zip(entities["article_id"], entities["start_char"], entities["end_char"], entities["label"])]
    return pd.Series(labels, index=entities.index, name="label")


@functools.lru_cache(maxsize=100_000)
def place_key(name: str, kind: str, country_code: str | None = None, admin1: str | None = None) -> str:
    """The entity key of a resolved place (a feature's name, kind, country and admin1): its canonical
    name, unless a place of that name in another country is the one the name means on its own, or no
    one place does. Then the name is qualified by the US state or the country: "Georgia" (the
    country) and "Georgia, United States"; "Birmingham" and "Birmingham, Alabama"; "Punjab, India"
    and "Punjab, Pakistan". Homonyms in one country share the name (Luxembourg the city and the
    country; Washington the city and the state): the places table tells them apart by geonameid.
    Countries and continents are never qualified. The rule reads the gazetteer only, so a key never
    changes with the corpus."""
    plain = plain_romanisation(name)
    if kind in ("country", "continent") or not country_code:
        return plain
    homonyms = [f for f, alternate in candidates(normalise(name)) if not alternate]
    if all(f.country_code == country_code for f in homonyms):
        return plain
    alone = decide(name, NO_EVIDENCE) or _dominant(homonyms)
    if alone is not None and alone.country_code == country_code:
        return plain
    return f"{plain}, {plain_romanisation(_region_name(kind, country_code, admin1))}"


# Marks of scholarly romanisation that GeoNames keeps in names ("Thāne", "Telangāna", "Ṣan‘ā’") and
# news text never writes: macrons and dots or lines below. A letter of the place's own alphabet
# keeps its accent ("Zürich", "São Paulo", "Kraków"): those are how the name is spelled.
# The ayn and hamza of Arabic romanisation are modifier letters or curly quotes ("Şanʻā’", "Ṣan‘ā’").
_ROMANISATION_MARKS = dict.fromkeys(map(ord, "\u0304\u0323\u0331\u0332\u02bb\u02bc\u02bd\u02be\u02bf"), None)
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019"), None)


def plain_romanisation(name: str) -> str:
    """A place name as English news writes it: "Thāne" -> "Thane"; "Zürich" stays."""
    if name.isascii():
        return name
    bare = unicodedata.normalize("NFD", name)
    arabic = any(0x2bb <= ord(c) <= 0x2bf for c in bare) or ("\u2018" in bare and "\u2019" in bare)
    bare = bare.translate(_ROMANISATION_MARKS)
    return unicodedata.normalize("NFC", bare.translate(_QUOTES) if arabic else bare)


DOMINANT_RATIO = 3.0   # a homonym this many times as populous as every other keeps the bare name


def _dominant(features: list[Feature]) -> Feature | None:
    """The homonym far more populous than the others (countries first: a country is what its name means)."""
    countries = [f for f in features if f.kind == "country"]
    if countries:
        return countries[0]
    ranked = sorted(features, key=lambda f: -f.population)
    if len(ranked) == 1 or ranked[0].population >= DOMINANT_RATIO * ranked[1].population:
        return ranked[0]
    return None


def _region_name(kind: str, country_code: str, admin1: str | None) -> str:
    gazetteer = get_gazetteer()
    if country_code == "US" and kind == "city" and admin1 in gazetteer.us_states:
        return gazetteer.us_states[admin1].name
    country = gazetteer.countries.get(country_code)
    return country.name if country is not None else country_code


def place_keys(keys: Iterable[str], language: str | None = None) -> set[str]:
    """The keys that name a place on their own (no article context), even when which place needs the
    article ("Hyderabad", "Georgia"): a label-correction signal. `language`: the keys' language,
    whose country names count too ("Allemagne")."""
    return {key for key in keys if isinstance(key, str) and names_a_place(in_english(key, language))}


def canonical_place_name(key: str, regions_only: bool = False) -> str | None:
    """The canonical gazetteer name a key resolves to without context ("U.K." -> "United Kingdom").

    `regions_only`: only a country, first-level division or continent; a town's name needs its
    article to decide which town it is ("Sale" in a rugby report is not Salé, Morocco)."""
    feature = decide(key, NO_EVIDENCE)
    if feature is None or (regions_only and feature.kind == "city"):
        return None
    return place_key(feature.name, feature.kind, feature.country_code, feature.admin1)
