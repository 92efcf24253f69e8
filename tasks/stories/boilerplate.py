"""Boilerplate sentences (Media Cloud rule): a sentence that the same source already published
within the window (7 days) is flagged, so its entities can be kept out of the marts.

The first occurrence is not flagged (when it appears it is indistinguishable from content);
every later one is, whether the earlier one is in the same batch or in the stored history. Within
a batch "earlier" is (day, article_id, sentence_idx), the order in which date-ordered nightly runs
would have seen them, so one batch and several give the same flags. Articles without a source
or a day are never flagged and leave no history (there is no outlet or week to compare with).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from . import schema
from .text import normalise_sentence, stable_hash64, to_day

WINDOW_DAYS = 7


def _as_frame(table) -> pd.DataFrame:
    return table.to_pandas() if isinstance(table, pa.Table) else table


def flag_boilerplate(sentences, articles, history=None, window_days: int = WINDOW_DAYS
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Flag repeated sentences of a batch. Returns (flags rows, new history rows).

    sentences: article_id, sentence_idx, text; articles: article_id, source, published_at;
    history: sentence_hash, source, day (only rows within the window of the batch's days matter).
    """
    sents = _as_frame(sentences)[["article_id", "sentence_idx", "text"]].reset_index(drop=True)
    arts = _as_frame(articles)[["article_id", "source", "published_at"]].drop_duplicates("article_id")
    arts = arts.assign(day=to_day(arts["published_at"]).to_numpy())
    frame = sents.merge(arts[["article_id", "source", "day"]], on="article_id", how="left")
    cache: dict[str, int] = {}
    frame["sentence_hash"] = [cache.get(n) or cache.setdefault(n, stable_hash64(n))
                              for n in map(normalise_sentence, frame["text"])]
    frame["daynum"] = _daynum(frame["day"])
    known = frame["source"].notna() & frame["daynum"].notna()
    flags = np.zeros(len(frame), dtype=bool)
    flags[known.to_numpy()] = _repeats(frame[known], _history_frame(history), window_days)
    out = pd.DataFrame({"article_id": frame["article_id"], "sentence_idx": frame["sentence_idx"].astype("int32"),
                        "sentence_hash": frame["sentence_hash"].astype("int64"), "is_boilerplate": flags})
    new_history = (frame.loc[known, ["sentence_hash", "source", "day"]]
                   .drop_duplicates().sort_values(["day", "source", "sentence_hash"]).reset_index(drop=True))
    return out, new_history


def _daynum(days: pd.Series) -> pd.Series:
    ts = pd.to_datetime(days.astype(object).where(days.notna(), None), errors="coerce")
    return (ts - pd.Timestamp("1970-01-01")).dt.days.astype("float64")


def _history_frame(history) -> pd.DataFrame:
    if history is None:
        return pd.DataFrame({"sentence_hash": pd.Series([], dtype="int64"), "source": [], "daynum": []})
    hist = _as_frame(history)
    return pd.DataFrame({"sentence_hash": hist["sentence_hash"].astype("int64"),
                         "source": hist["source"], "daynum": _daynum(hist["day"])})


def _repeats(frame: pd.DataFrame, history: pd.DataFrame, window: int) -> np.ndarray:
    """True where an earlier occurrence (batch order, or any stored one) lies within the window."""
    frame = frame.reset_index(drop=True).assign(pos=lambda f: np.arange(len(f)))
    ordered = frame.sort_values(["daynum", "article_id", "sentence_idx"], kind="mergesort")
    prev_day = ordered.groupby(["source", "sentence_hash"], sort=False)["daynum"].shift(1)
    flagged = np.zeros(len(frame), dtype=bool)
    flagged[ordered["pos"].to_numpy()] = (ordered["daynum"] - prev_day <= window).to_numpy()
    if len(history):
        pairs = frame[["pos", "source", "sentence_hash", "daynum"]].merge(
            history, on=["source", "sentence_hash"], suffixes=("", "_h"))
        near = pairs[(pairs["daynum"] - pairs["daynum_h"]).abs() <= window]["pos"].to_numpy()
        flagged[near] = True
    return flagged


def history_table(rows: pd.DataFrame) -> pa.Table:
    """New history rows as an Arrow table with the declared schema."""
    return pa.Table.from_pandas(rows, schema=schema.SENTENCE_HISTORY, preserve_index=False)


def flags_table(rows: pd.DataFrame) -> pa.Table:
    """Flag rows as an Arrow table with the declared schema."""
    return pa.Table.from_pandas(rows, schema=schema.BOILERPLATE_FLAGS, preserve_index=False)
