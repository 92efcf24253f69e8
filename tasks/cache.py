"""The user's cache folder: what newsflow derives once from installed packages and keeps between
runs (the report's JavaScript bundle, the small-places index), named by the versions it comes from.
`$XDG_CACHE_HOME/newsflow`, else `~/.cache/newsflow`. A cache that cannot be read is rebuilt and
one that cannot be written is skipped: never an error."""
from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsflow"


def read_cached(name: str) -> bytes | None:
    try:
        return (cache_dir() / name).read_bytes()
    except OSError:
        return None


def write_cached(name: str, data: bytes) -> None:
    """Write a cache file atomically (another process may be reading it), or skip it."""
    path = cache_dir() / name
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


def cached_pickle(name: str, build):
    """What `build()` returns, kept as a pickle named `name` in the cache folder: loaded when it is
    there and readable, else built and written (a damaged or missing cache is built again)."""
    import pickle

    cached = read_cached(name)
    if cached is not None:
        try:
            return pickle.loads(cached)
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass
    built = build()
    write_cached(name, pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL))
    return built

