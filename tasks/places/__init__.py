"""Places on the map, offline: gazetteer resolution of place mentions, focus country, demonyms.

The names below are imported when first used, so `newsflow.tasks.places.schema` (the lake's
table declarations) imports without pandas or the gazetteer.
"""
import importlib

_API = {
    "Feature": "gazetteer", "get_gazetteer": "gazetteer", "FOCUS_SCHEMA": "schema", "PLACES_SCHEMA": "schema",
    "canonical_place_name": "tables", "place_entity_keys": "tables", "place_labels": "tables", "place_keys": "tables",
    "resolve_places": "tables", "names_a_dateline": "resolve",
}
__all__ = sorted([*_API, "country_of_demonym"])


def __getattr__(name: str):
    if name == "country_of_demonym":
        return importlib.import_module(f"{__name__}.names").country_code_of_demonym
    if name in _API:
        return getattr(importlib.import_module(f"{__name__}.{_API[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
