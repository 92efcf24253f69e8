"""Story-clustering state as four Arrow tables (declared in `schema.py`), and back.

`stories` (one row per story), `centroids` (story_id, term, weight: sum of the members' unit
vectors, top terms), `sources` (story_id, source, articles) and `terms` (document frequencies,
the row with term "" counts documents). The lead stores them in the lake and passes them back
with the next batch; ids and numbers survive the round trip exactly.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from . import schema

TABLES = {"stories": schema.STORY_STATE, "centroids": schema.STORY_CENTROIDS,
          "sources": schema.STORY_SOURCES, "terms": schema.TERM_FREQUENCIES}


@dataclass
class StoryState:
    """Everything a batch needs from earlier batches (pandas frames with the schema's columns)."""

    stories: pd.DataFrame
    centroids: pd.DataFrame
    sources: pd.DataFrame
    terms: pd.DataFrame

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
            frames[name] = (s.empty_table() if table is None else table.select(s.names).cast(s)).to_pandas()
        return cls(**frames)


def prune_state(state: StoryState, today, idle_days: int, drop_rare_terms: bool = False) -> StoryState:
    """Smaller state for a long-running lake: closed stories lose their centroids and sources.

    A story whose last day is more than `idle_days` before `today` can no longer take articles
    (use idle_days >= the clustering window), so only its `stories` row is kept. With
    `drop_rare_terms`, terms seen in a single document are dropped from the frequencies too (a
    later article restarts their count: a small loss, against a vocabulary that grows forever).
    """
    last = pd.to_datetime(state.stories["last_day"].astype(object), errors="coerce")
    closed = set(state.stories.loc[last < pd.Timestamp(today) - pd.Timedelta(days=idle_days), "story_id"])
    terms = state.terms
    if drop_rare_terms:
        terms = terms[(terms["df"] > 1) | (terms["term"] == "")].reset_index(drop=True)
    return StoryState(stories=state.stories,
                      centroids=state.centroids[~state.centroids["story_id"].isin(closed)].reset_index(drop=True),
                      sources=state.sources[~state.sources["story_id"].isin(closed)].reset_index(drop=True),
                      terms=terms)
