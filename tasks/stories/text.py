"""Text normalisation and stable hashes shared by the stories stage.

Words are Unicode `\\w+` runs of the NFKC-normalised, case-folded text, so curly vs straight
quotes, punctuation and whitespace changes never change a word sequence. Hashes are blake2b,
not Python's salted `hash`, so they are identical in every process and every run.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np
import pandas as pd

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


def words(text: str | None) -> list[str]:
    """Normalised word tokens of a text (empty for None)."""
    if not text:
        return []
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def stable_hash64(value: str) -> int:
    """Signed 64-bit blake2b hash of a string (fits an int64 column)."""
    digest = hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def normalise_sentence(text: str) -> str:
    """Sentence text as compared for boilerplate: NFKC, case-folded, quotes and spaces unified."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = text.translate(_QUOTES)
    return _SPACE.sub(" ", text).strip()


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"',
                         "\u00bb": '"', "\u2013": "-", "\u2014": "-"})


def to_utc(values) -> pd.Series:
    """Timestamps (tz-aware UTC) from dates, naive or aware timestamps, strings or nulls."""
    series = pd.Series(values)
    if len(series) == 0:
        return pd.Series([], dtype="datetime64[us, UTC]")
    if pd.api.types.is_datetime64_any_dtype(series):
        out = pd.to_datetime(series, utc=True)
    else:
        out = pd.to_datetime(series, utc=True, errors="coerce", format="mixed")
    return out.dt.as_unit("us")


def to_day(values) -> pd.Series:
    """Calendar day (UTC) of each timestamp as `datetime.date`, None when unknown."""
    ts = to_utc(values)
    return pd.Series([None if pd.isna(t) else t.date() for t in ts], index=ts.index, dtype=object)


def chronological_order(article_ids, published_at) -> np.ndarray:
    """Positions sorted by the tie rule: earliest published_at, nulls after dates, then article_id."""
    frame = pd.DataFrame({"id": list(article_ids), "ts": to_utc(published_at).to_numpy()})
    frame["pos"] = np.arange(len(frame))
    frame = frame.sort_values(["ts", "id"], na_position="last", kind="mergesort")
    return frame["pos"].to_numpy()


def day_number(days: pd.Series) -> np.ndarray:
    """Days since 1970-01-01 as float, NaN when unknown (for cheap gap arithmetic)."""
    out = np.full(len(days), np.nan)
    for i, day in enumerate(days):
        if day is not None and not pd.isna(day):
            out[i] = (pd.Timestamp(day) - pd.Timestamp("1970-01-01")).days
    return out
