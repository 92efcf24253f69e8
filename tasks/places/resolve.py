"""Resolve place mentions of a batch of articles to gazetteer features, deciding homonyms by evidence.

The decision is a small Bayesian choice per mention. Each candidate feature's prior is its population
(how much the world talks about a place grows with it); evidence from the rest of the article multiplies
it: the candidate lies in a country another place name or the dateline of the same article points to
(x COUNTRY_EVIDENCE), in a neighbour of such a country or one a demonym names (x NEIGHBOUR_EVIDENCE: a
nationality says who is in the story, not where it is), or in an admin1
region the article names ("Paris" + "Texas", x ADMIN1_EVIDENCE). A "none of these" hypothesis with the
prior of a NULL_POPULATION town stands for the mention being another thing (a club, a person, a place
too small for the gazetteer). A mention resolves only when its best feature holds ACCEPT of the
posterior; otherwise it stays null rather than guessed ("Georgia" alone, "Victoria" alone).

A place followed by a comma and a country or first-level division ("Punjab, Pakistan", "Cambridge,
Massachusetts") is looked for there first: the text itself says where it is.

Two name rules come first: a name that is some feature's own name ignores features that only list it
as an alternate name ("Islamabad" is also an old name of Chattogram), and a city beats an admin1 region
of the same name in the same country ("New York", "Islamabad Capital Territory" vs the city).
"""
from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from dataclasses import dataclass

from .gazetteer import Feature, get_gazetteer
from .local import demonym_country as local_demonym_country
from .names import CA_PROVINCE_ISO, CITY_ABBREVIATIONS, country_code_of_demonym, normalise, region_abbreviation

PLACE_LABELS = ("GPE", "LOC", "FAC")
DEMONYM_LABEL = "NORP"
DATELINE_LABEL = "DATELINE"

ACCEPT = 0.8             # the best reading must be 4x as likely as all others together
COUNTRY_EVIDENCE = 20.0  # likelihood ratio of sharing a country with the article's other places
NEIGHBOUR_EVIDENCE = 5.0
ADMIN1_EVIDENCE = 20.0
NULL_POPULATION = 30_000   # chosen on GeoVirus' tuning half: 100,000 placed 0.585 (precision 0.991), 30,000 0.596 (0.988)
# Whether a name is a place at all, with no context (a dateline, a label correction): "Orange:" opening
# a business story is the company. Here the null reading keeps its old weight.
NAME_NULL_POPULATION = 100_000
UNMEASURED_DISCOUNT = 0.1  # admin1 whose population is only an even share of its country's
NAMESAKE_DISCOUNT = 0.1    # a town bearing a country's name, elsewhere
ALTERNATE_DISCOUNT = 0.1   # a name that is only an alternate name of the feature (old, foreign, local)
MIN_POPULATION = 1_000
# A country's own name ("Vatican", 921 people; "Tuvalu", "Monaco") outweighs the null reading as a
# city of 150,000 does: 5 x NULL_POPULATION, a share of 0.83 alone
COUNTRY_MIN_PRIOR = 5 * NULL_POPULATION
CITY_SHARE = 3   # a city holding a third of its region's people is what the name means ("New York")
_TRAILING_NUMBERS = re.compile(r"(?: \S*\d\S*)+$")
_DIRECTION_WORDS = ("north", "south", "east", "west", "central", "northern", "southern", "eastern", "western",
                    "north east", "north west", "south east", "south west", "northeast", "northwest", "southeast",
                    "southwest", "greater", "downtown", "inner", "outer", "rural", "mainland")
_DIRECTION = re.compile(rf"^(?:{'|'.join(_DIRECTION_WORDS)}) ")
_DIVISION_WORD = re.compile(r" (?:province|region|state|prefecture|governorate|department|oblast|district)$")
# Names of first-level divisions that are no name on their own ("West", "Central": regions of
# Cameroon, Zambia, Ghana...)
_COMPASS_WORDS = {*_DIRECTION_WORDS, "centre", "center", "north central", "far west", "far north", "coast",
                  "coastal", "capital", "islands", "lakes", "mountains", "highlands", "lowlands", "midlands",
                  "nord", "sud", "est", "ouest", "nord est", "nord ouest", "sud est", "sud ouest", "centre est",
                  "centre ouest", "centre nord", "centre sud"}


@dataclass(frozen=True)
class Evidence:
    """What the article says about where it is: country -> keys supporting it, and (country, admin1) pairs."""

    countries: dict[str, set[str]]
    admin1: dict[tuple[str, str], set[str]]

    def supports_country(self, code: str | None, key: str) -> bool:
        """Another place name (or the dateline) of the article lies in this country."""
        return code is not None and any(k != key and not k.startswith(_DEMONYM) for k in self.countries.get(code, ()))

    def with_region(self, country: str, admin1: str | None) -> "Evidence":
        """This evidence and a region the text names for a place ("Springfield, Ill."): as strong as
        another place of the article there."""
        countries = {**self.countries, country: self.countries.get(country, set()) | {_REGION}}
        if admin1 is None:
            return Evidence(countries, self.admin1)
        pair = (country, admin1)
        return Evidence(countries, {**self.admin1, pair: self.admin1.get(pair, set()) | {_REGION}})

    def has_demonym(self, code: str | None) -> bool:
        return code is not None and _DEMONYM + code in self.countries.get(code, ())

    def supports_admin1(self, code: str | None, admin1: str | None, key: str) -> bool:
        return admin1 is not None and bool(self.admin1.get((code, admin1), set()) - {key})


NO_EVIDENCE = Evidence({}, {})
_DEMONYM = "#demonym:"
_REGION = "#region"


@functools.lru_cache(maxsize=200_000)
def candidates(key: str, min_city_population: int = 15000) -> tuple[tuple[Feature, bool], ...]:
    """(feature, by alternate name) pairs a normalised name can mean, after the two name rules (cached)."""
    gazetteer = get_gazetteer(min_city_population)
    hits = gazetteer.lookup(key)
    if not hits and (trimmed := _TRAILING_NUMBERS.sub("", key)) != key:
        hits = gazetteer.lookup(trimmed)  # "the Czech Republic 7-5 6-3": NER took the score along
    if not hits and (stripped := _DIRECTION.sub("", key)) != key:
        # "south London", "northern Iraq" lie inside the place; "East Asia" is not all of Asia.
        hits = [h for h in gazetteer.lookup(stripped) if h[0].kind != "continent"]
    if not hits and (bare := _DIVISION_WORD.sub("", key)) != key:
        # "Aceh province", "Guangdong Province", "the Artibonite region": the division, by its name
        hits = [h for h in gazetteer.lookup(bare) if h[0].kind == "admin1"]
    # The country itself, a capital or a city of a third of the region's people before a first-level
    # division of its name ("Panamá" province; "New York", "Washington"); not a town ("Oregon", Ohio)
    outweigh = {f.country_code for f, alternate in hits if not alternate and (
        f.kind == "country" or (f.kind == "city" and f.geonameid in gazetteer.capitals))}
    towns = [f for f, alternate in hits if f.kind == "city" and not alternate]
    hits = [h for h in hits if not (h[0].kind == "admin1" and (
        h[0].country_code in outweigh or any(t.country_code == h[0].country_code
                                             and t.population * CITY_SHARE >= prior(h[0]) for t in towns)))]
    if any(not alternate for _, alternate in hits):
        hits = [h for h in hits if not h[1]]
    return tuple(hits)


@functools.lru_cache(maxsize=20_000)   # a batch writes the same few thousand place names again and again
def mention_candidates(text: str, min_city_population: int = 15000) -> tuple[str, tuple]:
    """The lookup key of a mention as written and its candidates; dotted abbreviations first."""
    gazetteer = get_gazetteer(min_city_population)
    written = text.strip()
    if written in CITY_ABBREVIATIONS and (city := gazetteer.by_id.get(CITY_ABBREVIATIONS[written])):
        return written, ((city, False),)   # "D.C." is the city Washington, as "Washington" is
    if written[-1:] == "." and (region := region_abbreviation(written)):   # "Ill.", "Ont.", as written
        feature = _province(region[1]) if region[0] == "CA" else gazetteer.us_states.get(region[1])
        if feature is not None:
            return written, ((feature, False),)
    key = normalise(text)
    return key, candidates(key, min_city_population)


@functools.lru_cache(maxsize=16)
def _province(geonames_code: str) -> Feature | None:
    """A Canadian province's feature by the GeoNames admin1 code of its cities ("08": Ontario)."""
    iso = CA_PROVINCE_ISO.get(geonames_code)
    return next((f for hits in get_gazetteer().index.values() for f, _ in hits
                 if f.kind == "admin1" and f.admin1 == iso), None)


def prior(feature: Feature, alternate: bool = False, unmeasured_discount: bool = True) -> float:
    weight = float(max(feature.population, MIN_POPULATION))
    if feature.kind == "country" and not alternate:
        weight = max(weight, COUNTRY_MIN_PRIOR)   # a country's own name is that country, however small
    if not feature.measured and unmeasured_discount:
        weight *= UNMEASURED_DISCOUNT
    return weight * ALTERNATE_DISCOUNT if alternate else weight


def posterior(hits: tuple[tuple[Feature, bool], ...], key: str, evidence: Evidence,
              neighbours: dict[str, frozenset[str]], null: float = NULL_POPULATION) -> list[tuple[Feature, float]]:
    """Each candidate's share of the posterior, best first (the null hypothesis, that the name is
    no place, takes the rest: `null` is its weight)."""
    near = {n for code in evidence.countries if evidence.supports_country(code, key) for n in neighbours.get(code, ())}
    scored = []
    compass = key in _COMPASS_WORDS
    # A town named after a country ("Lebanon", Pennsylvania) is that country's namesake: the bare name
    # is the country, unless the text puts it in a region ("Lebanon, Pa.", where the country is no hit)
    countries = {f.country_code for f, alternate in hits if f.kind == "country" and not alternate}
    for feature, alternate in hits:
        if compass and not evidence.supports_country(feature.country_code, key):
            continue   # "Nord-Est", "Central": a division's name only where the story is in its country
        score = prior(feature, alternate)
        if countries and feature.kind == "city" and feature.country_code not in countries:
            score *= NAMESAKE_DISCOUNT
        if evidence.supports_country(feature.country_code, key):
            score *= COUNTRY_EVIDENCE
        elif feature.country_code in near or evidence.has_demonym(feature.country_code):
            score *= NEIGHBOUR_EVIDENCE
        if feature.kind in ("city", "admin2") and evidence.supports_admin1(feature.country_code, feature.admin1, key):
            score *= ADMIN1_EVIDENCE
        scored.append((feature, score))
    total = sum(s for _, s in scored) + null
    scored.sort(key=lambda fs: (-fs[1], fs[0].geonameid or 0))
    return [(f, s / total) for f, s in scored]


def decide(text: str, evidence: Evidence = NO_EVIDENCE, min_city_population: int = 15000,
           within: str | None = None, within_admin1: str | None = None, surely_a_place: bool = False
           ) -> Feature | None:
    """The feature a mention resolves to under this evidence, or None when the evidence is weak.

    `within`, `within_admin1`: the country and first-level division the text places the mention in
    ("Punjab, Pakistan", "Springfield, Ill."): only its candidates there compete, when it has any.
    `surely_a_place`: the text leaves no doubt that the name is a place (a dateline, a place with
    its region), so only which place it is competes: "WASHINGTON -" is the capital."""
    key, hits = mention_candidates(text, min_city_population)
    hits += _divisions_in_reach(key, evidence, within, hits, min_city_population)
    if within is not None:
        in_country = tuple(h for h in hits if h[0].country_code == within)
        in_admin1 = tuple(h for h in in_country if h[0].admin1 == within_admin1) if within_admin1 else ()
        if in_country:
            evidence = evidence.with_region(within, within_admin1 if in_admin1 else None)
        hits = in_admin1 or in_country or hits
    if not hits:   # no place of 15,000+ people bears the name: a town or village, if the article says where
        from .small import decide_small

        return decide_small(key, {(within, within_admin1)}) if within else None
    ranked = posterior(hits, key, evidence, get_gazetteer(min_city_population).neighbours,
                       null=0.0 if surely_a_place else NULL_POPULATION)
    if not ranked:
        return None
    best, share = ranked[0]
    # Readings that put the mention at the same place are one reading: Hong Kong the city and the
    # territory, a town listed twice. Their shares add up.
    share += sum(s for f, s in ranked[1:] if same_place(best, f))
    return best if share >= ACCEPT else None


def _divisions_in_reach(key: str, evidence: Evidence, within: str | None, others: tuple,
                        min_city_population: int) -> tuple:
    """Second-level divisions of this name ("Scott County", "Pangasinan") in a country the article
    already places itself in, or the one the text names after the mention: counties and districts
    are too many, and their names too common, to be read without that; and in a first-level
    division the article names, when one holds a division of the name. As with first-level
    divisions, a city or region of the name in the same country is what the name means ("Paris",
    "Beijing": the city, not the département or municipality around it)."""
    divisions = get_gazetteer(min_city_population).divisions
    hits = divisions.get(key) or divisions.get(_DIVISION_WORD.sub("", key), ())
    if any(f.kind == "country" and not alternate for f, alternate in others):
        return ()   # a country's name is the country ("Luxembourg", not the Belgian province)
    taken = {f.country_code for f, alternate in others if not alternate}
    hits = tuple(h for h in hits if h[0].country_code not in taken
                 and (h[0].country_code == within or evidence.supports_country(h[0].country_code, key)))
    # a county is named by a local story: in a state or province the article names, if one holds it
    in_named_region = tuple(h for h in hits if evidence.supports_admin1(h[0].country_code, h[0].admin1, key))
    return in_named_region or hits


SAME_PLACE_KM = 50.0


def same_place(a: Feature, b: Feature) -> bool:
    """Two features of one country whose points lie within SAME_PLACE_KM (an equirectangular estimate)."""
    if a.country_code != b.country_code or None in (a.lat, a.lon, b.lat, b.lon):
        return False
    dx = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return 6371.0 * math.hypot(dx, math.radians(b.lat - a.lat)) <= SAME_PLACE_KM


def names_a_place(text: str, min_city_population: int = 15000) -> bool:
    """Whether a name, with no context, is some place: its features together hold ACCEPT of the
    posterior, whichever of them it is ("Hyderabad", India or Pakistan; "Georgia"), against the
    null reading that it is another thing ("Chelsea", a club before a Massachusetts town)."""
    key, hits = mention_candidates(text, min_city_population)
    if not hits:
        return False
    # Which division a name is needs its population; that it is one does not: a first-level division
    # whose population is only a share of its country's counts in full ("Western Australia"), unless
    # its name is a bare compass word.
    discount = key in _COMPASS_WORDS
    total = sum(prior(f, alternate, unmeasured_discount=discount) for f, alternate in hits)
    return total / (total + NAME_NULL_POPULATION) >= ACCEPT


def names_a_dateline(text: str, min_city_population: int = 15000) -> bool:
    """Whether a title-case opening ("Dubai:", "New Delhi —") names a place. A dateline is surely a
    place, so the place it would be needs only as many people as the null reading weighs
    ("New Delhi", not "Orange"), or the name names a place on its own."""
    if names_a_place(text, min_city_population):
        return True
    feature = decide(text, NO_EVIDENCE, min_city_population, surely_a_place=True)
    return feature is not None and feature.population >= NAME_NULL_POPULATION


def gather_evidence(texts: list[str], demonym_countries: list[str], dateline: str | None,
                    min_city_population: int = 15000, rounds: int = 2) -> Evidence:
    """Countries and admin1 regions the article's resolved mentions (and demonyms, dateline) point to.

    Round one uses names that resolve on their own; each further round adds the names that the
    previous round's evidence resolved ("Troy" once "Detroit" has put the story in Michigan).
    """
    evidence = NO_EVIDENCE
    names = set(texts) | ({dateline} if dateline else set())
    for _ in range(rounds):
        countries: dict[str, set[str]] = defaultdict(set)
        admin1: dict[tuple[str, str], set[str]] = defaultdict(set)
        for code in demonym_countries:
            countries[code].add(_DEMONYM + code)
        for text in names:
            feature = decide(text, evidence, min_city_population)
            if feature is not None and feature.country_code:
                key = mention_candidates(text, min_city_population)[0]
                countries[feature.country_code].add(key)
                if feature.admin1:
                    admin1[(feature.country_code, feature.admin1)].add(key)
        evidence = Evidence(dict(countries), dict(admin1))
    return evidence


def demonym_country(text: str, language: str | None = None) -> str | None:
    """ISO code of a NORP mention's country ("British" -> "GB"; "Britanniques" in a French article),
    also for a country name used as NORP."""
    code = local_demonym_country(text, language) or country_code_of_demonym(text)
    if code is None:
        feature = decide(text)
        code = feature.country_code if feature is not None and feature.kind == "country" else None
    return code
