"""A country's point: the centre of its main landmass, where it has one.

The point a country is scored against (GeoVirus' and Wikipedia's, GeoNames' own feature) is near the
middle of its territory, and the CIA World Factbook's point (countrystatecity, gazetteer.py) is not
always there: the United States' 38N 97W is 342 km from 40N 100W, the Democratic Republic of the
Congo's 354 km from the middle of the country. The centroid of a country's largest polygon (its
mainland: Natural Earth's 1:110m country shapes, public domain) is a measured middle. It is used
where that polygon is most of the country's land; an archipelago (Indonesia, the Philippines) has no
such middle and keeps the Factbook's point.

The points ship with the package (`data/country_points.json`, 8 KB); this module rebuilds them:
    pip install pyshp
    python -m newsflow.tasks.places.country_points PATH/naturalearth_lowres.shp
(the shapefile ships in the geopandas 0.14.4 wheel, geopandas/datasets/naturalearth_lowres/, and is
Natural Earth's ne_110m_admin_0_countries).
"""
from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

POINTS = Path(__file__).resolve().parent / "data" / "country_points.json"
MAINLAND_SHARE = 0.5   # a mainland is most of the country's land


@functools.lru_cache(maxsize=1)
def land_areas() -> dict[str, float]:
    """ISO 3166-1 alpha-2 -> its land's area in square degrees (a weight, not a measurement)."""
    return {r["iso2"]: r["land"] for r in json.loads(POINTS.read_text(encoding="utf-8"))["countries"]}


@functools.lru_cache(maxsize=1)
def mainland_points() -> dict[str, tuple[float, float]]:
    """ISO 3166-1 alpha-2 -> (lat, lon) of its mainland's centroid, for countries that have one."""
    rows = json.loads(POINTS.read_text(encoding="utf-8"))["countries"]
    return {r["iso2"]: (r["lat"], r["lon"]) for r in rows if r["mainland_share"] >= MAINLAND_SHARE}


def _ring(points: list[tuple[float, float]]) -> tuple[float, float, float]:
    """(area, x, y) of a polygon ring's centroid in the plane of longitude and latitude."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if not area:
        return 0.0, points[0][0], points[0][1]
    return abs(area) / 2, cx / (3 * area), cy / (3 * area)


def build(shapefile: Path) -> dict:
    """The points file's content from Natural Earth's country shapes."""
    import pycountry
    import shapefile as shp   # pyshp: needed to rebuild the file only

    reader = shp.Reader(str(shapefile))
    fields = [f[0] for f in reader.fields[1:]]
    out = []
    for shape_record in reader.shapeRecords():
        record = dict(zip(fields, shape_record.record))
        country = (pycountry.countries.get(alpha_3=record["iso_a3"])
                   or pycountry.countries.get(name=record["name"]))   # France and Norway have iso_a3 -99
        if country is None:
            continue
        shape = shape_record.shape
        bounds = [*shape.parts, len(shape.points)]
        rings = [_ring(shape.points[a:b]) for a, b in zip(bounds, bounds[1:])]
        land = sum(r[0] for r in rings)
        area, lon, lat = max(rings)
        out.append({"iso2": country.alpha_2, "lat": round(lat, 4), "lon": round(lon, 4),
                    "mainland_share": round(area / land, 3), "land": round(land, 3)})
    return {"source": "Natural Earth 1:110m admin 0 countries (naturalearth_lowres), centroid of the largest polygon",
            "countries": sorted(out, key=lambda r: r["iso2"])}


if __name__ == "__main__":
    POINTS.parent.mkdir(exist_ok=True)
    POINTS.write_text(json.dumps(build(Path(sys.argv[1])), indent=0) + "\n", encoding="utf-8")
    print(f"{POINTS}: {len(json.loads(POINTS.read_text())['countries'])} countries")
