"""Story-clustering state as four Arrow tables (declared in `schema.py`), and back.

`stories` (one row per story), `centroids` (story_id, term, weight: sum of the members' unit
vectors, top terms), `sources` (story_id, source, articles) and `terms` (document frequencies,
the row with term "" counts documents). The lead stores them in the lake and passes them back
with the next batch; ids and numbers survive the round trip exactly.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from . import schema

TABLES = {"stories": schema.STORY_STATE, "centroids": schema.STORY_CENTROIDS,
          "sources": schema.STORY_SOURCES, "terms": schema.TERM_FREQUENCIES}


class StoryState:
    """Everything a batch needs from earlier batches (pandas frames with the schema's columns).

    The document frequencies are kept as the `terms` frame or as a dict (`frequencies()`), whichever
    the state was made with, and the other is built once, when asked for: batch after batch, the
    clustering reads and grows the dict, and only saving the state needs the frame (turning one into
    the other costs time in proportion to the vocabulary, which grows with the lake)."""

    def __init__(self, stories: pd.DataFrame, centroids: pd.DataFrame, sources: pd.DataFrame,
                 terms: pd.DataFrame | None = None, *, df: dict[str, int] | None = None,
                 seen: dict[str, int] | None = None):
        if (terms is None) == (df is None):
            raise ValueError("StoryState takes the document frequencies once: as a terms frame or as a dict")
        self.stories, self.centroids, self.sources = stories, centroids, sources
        self._terms, self._df, self._seen = terms, df, seen if df is None or seen is not None else {}
        # merged story id -> the id it counts under, for the merges of the call that made this state
        # (`assign_stories`): what the lake records; not part of the saved state
        self.merged: dict[str, str] = {}

    @property
    def terms(self) -> pd.DataFrame:
        """term, df, last_day: one row per term, the row with term "" counts documents."""
        if self._terms is None:
            seen = pd.array([self._seen.get(t) for t in self._df], dtype="Int32")
            self._terms = pd.DataFrame({"term": pd.Series(list(self._df), dtype=object),
                                        "df": np.fromiter(self._df.values(), dtype=np.int64, count=len(self._df)),
                                        "last_day": seen})
        return self._terms

    def frequencies(self) -> dict[str, int]:
        """The document frequencies as a new dict (the caller may change it; the state does not change)."""
        if self._df is None:
            self._df = dict(zip(self._terms["term"].tolist(), self._terms["df"].astype("int64").tolist()))
        return dict(self._df)

    def last_seen(self) -> dict[str, int]:
        """Each term's last day (days since 1970-01-01), where known, as a new dict."""
        if self._seen is None:
            known = self._terms[self._terms["last_day"].notna()]
            self._seen = dict(zip(known["term"].tolist(), known["last_day"].astype("int64").tolist()))
        return dict(self._seen)

    @classmethod
    def empty(cls) -> "StoryState":
        return cls(**{name: s.empty_table().to_pandas() for name, s in TABLES.items()})

    def to_tables(self) -> dict[str, pa.Table]:
        """The state as Arrow tables with the declared schemas."""
        return {name: pa.Table.from_pandas(getattr(self, name)[s.names], schema=s, preserve_index=False)
                for name, s in TABLES.items()}

    @classmethod
    def from_tables(cls, tables: dict[str, pa.Table]) -> "StoryState":
        """State from the tables `to_tables` wrote (a missing table counts as empty)."""
        frames = {}
        for name, s in TABLES.items():
            table = tables.get(name)
            if table is not None:
                for field in s:   # a column added since the state was saved reads as null
                    if field.name not in table.column_names:
                        table = table.append_column(field.name, pa.nulls(table.num_rows, field.type))
            frames[name] = (s.empty_table() if table is None else table.select(s.names).cast(s)).to_pandas()
        return cls(**frames)


def prune_state(state: StoryState, today, idle_days: int, drop_rare_terms: bool = False) -> StoryState:
    """Smaller state for a long-running lake: closed stories lose their centroids and sources.

    A story whose last day is more than `idle_days` before `today` can no longer take articles
    (use idle_days >= the clustering window), so only its `stories` row is kept, and a term no batch
    used within that time leaves the frequencies (the vocabulary is the window's, not the lake's: a
    term that comes back restarts its count). With `drop_rare_terms`, terms seen in a single document
    are dropped too (a small loss, against a vocabulary that grows forever).
    """
    cutoff = pd.Timestamp(today) - pd.Timedelta(days=idle_days)
    last = pd.to_datetime(state.stories["last_day"].astype(object), errors="coerce")
    closed = set(state.stories.loc[last < cutoff, "story_id"])
    terms = state.terms
    expired = terms["last_day"].notna() & (terms["last_day"] < (cutoff - pd.Timestamp("1970-01-01")).days)
    terms = terms[~expired.to_numpy(bool) | (terms["term"] == "").to_numpy()]
    if drop_rare_terms:
        terms = terms[(terms["df"] > 1) | (terms["term"] == "")]
    terms = terms.reset_index(drop=True)
    return StoryState(stories=state.stories,
                      centroids=state.centroids[~state.centroids["story_id"].isin(closed)].reset_index(drop=True),
                      sources=state.sources[~state.sources["story_id"].isin(closed)].reset_index(drop=True),
                      terms=terms)
