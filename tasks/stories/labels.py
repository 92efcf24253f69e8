"""Rows of the `stories` mart from the clustering state: a readable label and the story's extent.

The label is the title that best matches the story centroid (kept in the state as articles join);
stories whose articles have no titles are labelled with their heaviest centroid words.
"""
from __future__ import annotations

import pandas as pd
import pyarrow as pa

from . import schema
from .state import StoryState
from .vectors import ENTITY_PREFIX


def story_rows(state: StoryState, top_entities: int = 5, top_terms: int = 4) -> pd.DataFrame:
    """One row per story: story_id, label, first_day, last_day, articles, sources, top_entities."""
    stories = state.stories
    cents = state.centroids
    is_entity = cents["term"].str.startswith(ENTITY_PREFIX)
    ents = (_top(cents[is_entity], top_entities).assign(term=lambda f: f["term"].str[len(ENTITY_PREFIX):])
            .groupby("story_id")["term"].apply(lambda s: list(s[:top_entities])))
    words = _top(cents[~is_entity], top_terms).groupby("story_id")["term"].apply(lambda s: ", ".join(s[:top_terms]))
    sources = state.sources.groupby("story_id")["source"].nunique()
    label = [title if isinstance(title, str) and title.strip() else words.get(sid, "")
             for sid, title in zip(stories["story_id"], stories["central_title"])]
    return pd.DataFrame({
        "story_id": stories["story_id"], "label": label, "first_day": stories["first_day"],
        "last_day": stories["last_day"], "articles": stories["articles"].astype("int64"),
        "sources": [int(sources.get(s, 0)) for s in stories["story_id"]],
        "top_entities": [ents.get(s, []) for s in stories["story_id"]]}).reset_index(drop=True)


def _top(cents: pd.DataFrame, k: int) -> pd.DataFrame:
    """Each story's centroid rows by weight (heaviest first, ties by term), as far as its top k can
    reach: rows ranked below k are dropped before the sort (a story keeps hundreds of terms)."""
    within = cents[cents.groupby("story_id")["weight"].rank(method="min", ascending=False) <= k]
    return within.sort_values(["story_id", "weight", "term"], ascending=[True, False, True], kind="mergesort")


def stories_table(state: StoryState) -> pa.Table:
    """The `stories` rows as an Arrow table with the declared schema."""
    return pa.Table.from_pandas(story_rows(state), schema=schema.STORIES, preserve_index=False)
