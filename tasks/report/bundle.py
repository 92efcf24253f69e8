"""The Vega, Vega-Lite and vega-embed JavaScript, inlined in the page so it works offline.

vl-convert bundles it on demand (a few seconds, once a process); the result is kept in the user's
cache folder keyed by the vl-convert and Vega-Lite versions, so later reports start at once.
A cache that cannot be written is skipped, never an error.
"""
from __future__ import annotations

import functools

import altair as alt
import vl_convert as vlc

from newsflow.tasks.cache import read_cached, write_cached

# The Vega-Lite that altair writes specs for (v6.4.1 -> "6.4"), also used for the PNG.
VL_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


@functools.lru_cache(maxsize=1)
def javascript_bundle() -> str:
    name = f"vega-bundle-vlc{vlc.__version__}-vl{VL_VERSION}.js"
    cached = read_cached(name)
    if cached is not None:
        return cached.decode("utf-8")
    bundle = vlc.javascript_bundle(vl_version=VL_VERSION)
    write_cached(name, bundle.encode("utf-8"))
    return bundle
