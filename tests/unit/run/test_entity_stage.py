"""The entity state across batches and runs: votes and aliases land with each batch, a new run reads
them back from the lake, a partial name resolves against an earlier batch, and a merge is recorded."""
from __future__ import annotations

from datetime import date

import pandas as pd

from newsflow.tasks.ingest import manifest
from newsflow.tasks.run import entity_stage
from newsflow.tasks.storage.lake import Lake

ARTICLES = pd.DataFrame({"article_id": ["a1", "a2", "a3"], "source": ["bbc.co.uk"] * 3,
                         "published_at": pd.to_datetime(["2005-02-01", "2005-02-03", "2005-02-20"], utc=True)})


def mentions(rows):
    return pd.DataFrame(rows, columns=["article_id", "sentence_idx", "start_char", "end_char", "text", "label",
                                       "entity_key"])


def land(lake: Lake, batch_id: str, *tables) -> None:
    """Write the batch's tables, then its manifest, which commits them (as land_batch does)."""
    for name, table in zip(("label_votes", "entity_alias_versions"), tables):
        lake.write(name, table, date(2005, 2, 1), batch_id)
    row = manifest.row("/in", f"{batch_id}.txt", status=manifest.PROCESSED, items=1, run_id=batch_id[:5],
                       batch_id=batch_id, size=1, mtime_ns=1, content_hash="x", article_ids=[])
    lake.write("manifest", manifest.table([row]), date(2005, 2, 1), batch_id)


def test_a_partial_name_resolves_against_an_earlier_run_read_back_from_the_lake(tmp_path):
    lake = Lake(tmp_path / "lake")
    first = mentions([("a1", i, 10 * i, 10 * i + 10, "Tony Blair", "PERSON", "Tony Blair") for i in range(3)])
    labelled, votes, state = entity_stage.label_batch(entity_stage.load_state(lake), first, {})
    keyed, aliases, state = entity_stage.key_batch(state, labelled, ARTICLES, "run-1")
    assert keyed["entity_key"].tolist() == ["Tony Blair"] * 3 and keyed["alias"].tolist() == ["Tony Blair"] * 3
    land(lake, "run-1-00000", votes, aliases)

    loaded = entity_stage.load_state(lake)   # the next run starts from the lake
    assert loaded.votes.to_dict("records") == [{"entity_key": "Tony Blair", "label": "PERSON", "mentions": 3}]
    assert loaded.aliases[["alias", "entity_key", "mentions"]].to_dict("records") == [
        {"alias": "Tony Blair", "entity_key": "Tony Blair", "mentions": 3}]
    # "Blair" alone, once tagged ORG by the model: the "Mr" decides its label, the earlier run its key
    text = "Blair spoke. Later Mr Blair left."
    second = mentions([("a2", 0, 0, 5, "Blair", "PERSON", "Blair"), ("a2", 1, 22, 27, "Blair", "ORG", "Blair")])
    labelled, votes, state = entity_stage.label_batch(loaded, second, {"a2": text})
    keyed, aliases, state = entity_stage.key_batch(state, labelled, ARTICLES, "run-2")
    assert labelled["model_label"].tolist() == ["PERSON", "ORG"]
    assert labelled["label"].tolist() == ["PERSON", "PERSON"]
    assert keyed["entity_key"].tolist() == ["Tony Blair", "Tony Blair"]
    assert keyed["alias"].tolist() == ["Blair", "Blair"]
    assert aliases.to_pandas().set_index("alias").loc["Blair", "rule"] == "partial_name"
    assert set(state.aliases["alias"]) == {"Tony Blair", "Blair"}


def test_a_run_that_re_points_a_key_says_so_and_the_latest_version_wins(tmp_path):
    lake = Lake(tmp_path / "lake")
    first = mentions([("a1", 0, 0, 4, "Tory", "NORP", "Tory"), ("a1", 1, 0, 4, "Tory", "NORP", "Tory"),
                      ("a1", 2, 0, 6, "Tories", "NORP", "Tories")])
    _, aliases, state = entity_stage.key_batch(entity_stage.load_state(lake), first, ARTICLES, "run-1")
    assert entity_stage.merged_keys(aliases, "run-1") == []   # new rows are not merges
    land(lake, "run-1-00000", entity_stage.label_batch(entity_stage.empty_state(), first, {})[1], aliases)

    second = mentions([("a3", i, 0, 6, "Tories", "NORP", "Tories") for i in range(4)])
    _, aliases, state = entity_stage.key_batch(entity_stage.load_state(lake), second, ARTICLES, "run-2")
    assert entity_stage.merged_keys(aliases, "run-2") == [("Tories", "Tory", "Tories"), ("Tory", "Tory", "Tories")]
    land(lake, "run-2-00000", entity_stage.label_batch(entity_stage.empty_state(), second, {})[1], aliases)
    current = entity_stage.load_state(lake).aliases.set_index("alias")
    assert current.loc["Tory", "entity_key"] == "Tories" and current.loc["Tory", "previous_key"] == "Tory"
    assert int(current.loc["Tories", "mentions"]) == 5
    assert len(current) == 2
