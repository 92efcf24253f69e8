"""Stories stage: near-duplicate articles, boilerplate sentences and story clustering.

Plain batch functions (no Prefect), deterministic, with incremental state kept as Arrow tables
whose schemas are in `schema.py`:

- `find_near_duplicates(new, index, params) -> (near_duplicates, signature rows to upsert)`
- `flag_boilerplate(sentences, articles, history) -> (flags, new history rows)`
- `assign_stories(articles, entities, state, params) -> (article_stories, new_state)`,
  `refit_stories(...)`, `story_rows(state)` for the `stories` mart, `prune_state(...)`.

Names are imported when first used, so `schema` (the lake's table declarations) imports alone.
"""
import importlib

_API = {
    "flag_boilerplate": "boilerplate", "history_table": "boilerplate", "assign_stories": "clustering",
    "refit_stories": "clustering", "story_id_for": "clustering", "story_rows": "labels", "stories_table": "labels",
    "DuplicateParams": "near_duplicates", "find_near_duplicates": "near_duplicates",
    "signature_table": "near_duplicates", "StoryState": "state", "prune_state": "state", "StoryParams": "vectors",
}
__all__ = sorted(_API)


def __getattr__(name: str):
    if name in _API:
        return getattr(importlib.import_module(f"{__name__}.{_API[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
