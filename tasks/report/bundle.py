"""The Vega, Vega-Lite and vega-embed JavaScript, inlined in the page so it works offline.

vl-convert bundles it on demand (a few seconds, once a process); the result is kept in the user's
cache folder keyed by the vl-convert and Vega-Lite versions, so later reports start at once.
A cache that cannot be written is skipped, never an error.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path

import altair as alt
import vl_convert as vlc

# The Vega-Lite that altair writes specs for (v6.4.1 -> "6.4"), also used for the PNG.
VL_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsflow"


@functools.lru_cache(maxsize=1)
def javascript_bundle() -> str:
    path = cache_dir() / f"vega-bundle-vlc{vlc.__version__}-vl{VL_VERSION}.js"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    bundle = vlc.javascript_bundle(vl_version=VL_VERSION)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text(bundle, encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
    return bundle
