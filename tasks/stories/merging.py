"""Stories that turn out to be one event merge.

The stories were cut by the nights: an event whose first articles founded two stories stays two
unless they merge. A night's articles are clustered together with the active stories they could join
(agglomerate.py), and a cluster that ends up holding two or more stories is one event: they merge,
as one run's average-link clustering over all the articles would have joined them.

The older story keeps its id (earlier first day, then the smaller founder id; undated stories count
as older than dated ones, as undated articles are clustered first); the merged story's articles keep
their rows, and the lake records the merge (`story_versions.merged_into`), so views count them under
the surviving id and a saved id still resolves.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .state import StoryState
from .text import day_number
from .vectors import StoryParams


def older_first(stories: pd.DataFrame) -> np.ndarray:
    """Each story's rank by age, 0 the oldest: earlier first day, then the smaller founder id; undated
    stories count as older than dated ones (undated articles are clustered first)."""
    first = day_number(stories["first_day"])
    order = sorted(range(len(stories)), key=lambda i: (not np.isnan(first[i]), np.nan_to_num(first[i]),
                                                       stories["founder_id"].iloc[i]))
    rank = np.empty(len(stories), dtype=np.int64)
    rank[order] = np.arange(len(stories))
    return rank


def merged_state(state: StoryState, merged: dict[str, str], params: StoryParams) -> StoryState:
    """The state with each merged story's articles, centroid and sources added to its survivor's."""
    stories = state.stories.set_index("story_id")
    for young, old in merged.items():
        a, b = stories.loc[old], stories.loc[young]
        stories.loc[old, "articles"] = int(a["articles"]) + int(b["articles"])
        days = [d for d in (a["first_day"], b["first_day"]) if pd.notna(d)]
        stories.loc[old, "first_day"] = min(days) if days else None
        days = [d for d in (a["last_day"], b["last_day"]) if pd.notna(d)]
        stories.loc[old, "last_day"] = max(days) if days else None
    stories = stories.drop(index=list(merged)).reset_index()
    involved = set(merged) | set(merged.values())   # only their rows are summed again: the state is large
    moved = state.centroids["story_id"].isin(involved)
    summed = (state.centroids[moved].assign(story_id=state.centroids.loc[moved, "story_id"].replace(merged))
              .groupby(["story_id", "term"], as_index=False)["weight"].sum()
              .sort_values(["story_id", "weight", "term"], ascending=[True, False, True])
              .groupby("story_id").head(params.centroid_terms))
    moved_sources = state.sources["story_id"].isin(involved)
    sources = (state.sources[moved_sources].assign(story_id=state.sources.loc[moved_sources, "story_id"].replace(merged))
               .groupby(["story_id", "source"], as_index=False)["articles"].sum())
    return StoryState(stories=stories.sort_values("story_id").reset_index(drop=True),
                      centroids=pd.concat([state.centroids[~moved], summed], ignore_index=True),
                      sources=pd.concat([state.sources[~moved_sources], sources])
                      .sort_values(["story_id", "source"]).reset_index(drop=True),
                      df=state.frequencies(), seen=state.last_seen())


def resolve(merged: dict[str, str]) -> dict[str, str]:
    """Each merged id -> the id it counts under in the end (merges chain: a story merged into one that
    merged in turn)."""
    out = {}
    for young in merged:
        target, seen = merged[young], {young}
        while target in merged and target not in seen:
            seen.add(target)
            target = merged[target]
        out[young] = target
    return out
