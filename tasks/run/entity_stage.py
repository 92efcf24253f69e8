"""The corpus-level entity state: label votes and the alias table, as the committed batches left them.

Each batch's mentions get one label per entity (`correct_labels`, against the corpus votes) and one key
per entity across the corpus (`resolve_aliases`, against the alias table). The batch's own votes and
its new or changed alias rows land with it, committed by its manifest like every batch table, so the
state is always what the lake says: a run reads it once when it starts and carries it from batch to
batch in memory; a run killed mid-way leaves no state to replay.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import pandas as pd
import pyarrow as pa

from newsflow.tasks.storage import schemas
from newsflow.tasks.storage.lake import Lake

_ALIAS_ROW = ["alias", "source", "period"]


@dataclass
class EntityState:
    votes: pd.DataFrame     # entity_key, label, mentions: model-label votes summed over the corpus
    aliases: pd.DataFrame   # the entity_aliases table as it is now: one row per (alias, source, period)


def empty_state() -> EntityState:
    return EntityState(schemas.empty("label_votes").to_pandas()[["entity_key", "label", "mentions"]],
                       _current_aliases(schemas.empty("entity_alias_versions").to_pandas()))


def load_state(lake: Lake) -> EntityState:
    """The committed votes, summed, and the latest row of each alias (the table keeps every version)."""
    votes = lake.read("label_votes", ["entity_key", "label", "mentions"]).to_pandas()
    votes = votes.groupby(["entity_key", "label"], as_index=False)["mentions"].sum()
    return EntityState(votes, _current_aliases(lake.read("entity_alias_versions").to_pandas()))


def _current_aliases(rows: pd.DataFrame) -> pd.DataFrame:
    from newsflow.tasks.nlp.aliases import with_lookup_columns

    latest = rows.sort_values(["updated_at", "mentions"], kind="stable").drop_duplicates(_ALIAS_ROW, keep="last")
    return with_lookup_columns(latest.drop(columns=["updated_at", "batch_id"], errors="ignore")
                               .reset_index(drop=True))


def label_batch(state: EntityState, entities: pd.DataFrame, texts: dict[str, str]
                ) -> tuple[pd.DataFrame, pa.Table, EntityState]:
    """(entities with the corrected `label` and spaCy's `model_label`, the batch's votes, the new state)."""
    from newsflow.tasks.nlp.keys import link_relabelled_persons
    from newsflow.tasks.nlp.labels import correct_labels, vote_rows

    if entities.empty:
        return entities.assign(model_label=entities.get("label")), schemas.from_frame("label_votes", []), state
    batch_votes = vote_rows(entities)
    votes = (pd.concat([state.votes, batch_votes], ignore_index=True)
             .groupby(["entity_key", "label"], as_index=False)["mentions"].sum())
    fixed = correct_labels(entities, votes, texts, votes_include_batch=True)
    out = entities.assign(label=fixed["label"], model_label=fixed["model_label"])
    out["entity_key"] = link_relabelled_persons(out["article_id"], out["label"], out["model_label"], out["entity_key"])
    return out, schemas.from_frame("label_votes", batch_votes), EntityState(votes, state.aliases)


def key_batch(state: EntityState, entities: pd.DataFrame, articles: pd.DataFrame, run_id: str
              ) -> tuple[pd.DataFrame, pa.Table, EntityState]:
    """(entities with the corpus `entity_key` and their own as `alias`, the batch's new or changed
    alias rows, the new state). articles: article_id, source, published_at."""
    from newsflow.tasks.nlp.aliases import resolve_aliases, with_lookup_columns

    if entities.empty:
        return entities.assign(alias=entities.get("entity_key")), schemas.from_frame("entity_alias_versions", []), state
    keys, rows = resolve_aliases(entities, articles, state.aliases, run_id=run_id)
    out = entities.assign(entity_key=keys["entity_key"], alias=keys["alias"])
    changed = with_lookup_columns(rows.to_pandas())
    kept = state.aliases.set_index(_ALIAS_ROW).index.isin(changed.set_index(_ALIAS_ROW).index)
    aliases = pd.concat([state.aliases[~kept], changed], ignore_index=True)
    versions = schemas.from_frame("entity_alias_versions", changed.assign(updated_at=datetime.now(timezone.utc)))
    return out, versions, EntityState(state.votes, aliases)


def merged_keys(aliases: pa.Table, run_id: str) -> list[tuple[str, str, str]]:
    """(alias, previous key, new key) of the alias rows this run re-pointed: a merge is never silent."""
    t = aliases.to_pandas()
    t = t[(t["changed_at_run"] == run_id) & t["previous_key"].notna()]
    return sorted(set(zip(t["alias"], t["previous_key"], t["entity_key"])))
