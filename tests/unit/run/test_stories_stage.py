"""The stories stage across batches and crashes: the state round-trips through the lake, and a batch
committed without its state saved is replayed, so the next batch gets the ids a clean run gives."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pyarrow as pa

from newsflow.tasks.ingest import manifest
from newsflow.tasks.run import stories_stage
from newsflow.tasks.storage import schemas
from newsflow.tasks.storage.lake import Lake

DAY = date(2026, 12, 2)
QUAKE = "A strong earthquake struck {place} on {day}, killing {n} people and flattening homes, officials said."
TALKS = "The finance ministers of {place} met on {day} to discuss trade tariffs and the budget deficit."


def _batch(n0: int, day: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    texts = [QUAKE.format(place="Chile", day=f"Monday {day}", n=10 + i) for i in range(3)]
    texts += [TALKS.format(place="Japan and Korea", day=f"Tuesday {day}") + f" Round {i}." for i in range(3)]
    ids = [f"a{n0 + i:03d}" for i in range(len(texts))]
    articles = pd.DataFrame({"article_id": ids, "published_at": pd.to_datetime([f"2026-11-{day:02d}"] * 6, utc=True),
                             "source": ["wire", "paper", "tv"] * 2, "title": None, "text": texts})
    sentences = pd.DataFrame({"article_id": ids, "sentence_idx": 0, "text": texts})
    entities = pd.DataFrame({"article_id": ids, "sentence_idx": 0, "label": "GPE",
                             "entity_key": ["Chile"] * 3 + ["Japan"] * 3})
    return articles, sentences, entities


def _land(lake: Lake, batch_id: str, frames, tables: dict[str, pa.Table]) -> None:
    """What land does: the batch's articles, sentences, entities and story tables, then its manifest."""
    articles, sentences, entities = frames
    rows = [{**r, "record_index": None, "source_path": r["article_id"], "dateline": None, "url": None,
             "language": "en", "n_words": 10, "run_id": "r"} for r in articles.to_dict("records")]
    lake.write("articles", schemas.from_rows("articles", rows), DAY, batch_id)
    lake.write("sentences", pa.Table.from_pandas(sentences.assign(start_char=0, end_char=1, tone=0.0)), DAY, batch_id)
    lake.write("entities", pa.Table.from_pandas(entities.assign(start_char=0, end_char=1, text="x", tone=0.0,
                                                                tone_label="neutral", model_label=entities["label"],
                                                                alias=entities["entity_key"])), DAY, batch_id)
    for name, table in tables.items():
        lake.write(name, table, DAY, batch_id)
    lake.write("manifest", manifest.table([manifest.row("/in", batch_id, status=manifest.PROCESSED, items=1,
                                                        run_id="r", batch_id=batch_id)]), DAY, batch_id)


def test_a_batch_committed_without_its_state_is_replayed(tmp_path):
    first, second = _batch(0, 1), _batch(6, 2)
    clean = stories_stage.empty_state()
    tables1, clean = stories_stage.stories_batch(clean, "r-00000", *first)
    tables2, _ = stories_stage.stories_batch(clean, "r-00001", *second)

    lake = Lake(tmp_path / "lake")
    _land(lake, "r-00000", first, tables1)            # committed, then killed before save_state
    assert lake.get_blob(stories_stage.STATE_BLOB) is None
    state = stories_stage.load_state(lake)            # the next run: replays r-00000 from the lake
    assert state.batches == ["r-00000"]
    replayed, _ = stories_stage.stories_batch(state, "r-00001", *second)
    assert replayed["article_stories"].to_pylist() == tables2["article_stories"].to_pylist()
    links = ["article_id", "duplicate_of", "similarity"]   # recorded_at: when the replay ran
    assert replayed["near_duplicates"].select(links).to_pylist() == tables2["near_duplicates"].select(links).to_pylist()


def test_the_state_round_trips_and_stories_are_stable_across_batches(tmp_path):
    lake = Lake(tmp_path / "lake")
    first, second = _batch(0, 1), _batch(6, 2)
    tables1, state = stories_stage.stories_batch(stories_stage.empty_state(), "r-00000", *first)
    stories_stage.save_state(lake, state)
    loaded = stories_stage.load_state(lake)
    assert loaded.batches == ["r-00000"] and len(loaded.signatures) == 6
    one = {r["article_id"]: r["story_id"] for r in tables1["article_stories"].to_pylist()}
    assert len(set(one.values())) == 2                                  # the quake and the talks
    assert len({one[a] for a in ("a000", "a001", "a002")}) == 1
    tables2, _ = stories_stage.stories_batch(loaded, "r-00001", *second)
    two = {r["article_id"]: r["story_id"] for r in tables2["article_stories"].to_pylist()}
    assert two["a006"] == one["a000"] and two["a009"] == one["a003"]    # the next day joins the same stories
    assert tables2["story_versions"].num_rows == 2


def test_a_sentence_the_same_source_repeats_within_the_week_is_boilerplate():
    articles, sentences, entities = _batch(0, 1)
    footer = "Follow us on Twitter for the latest news."
    sentences = pd.concat([sentences, pd.DataFrame({"article_id": articles["article_id"], "sentence_idx": 1,
                                                    "text": footer})], ignore_index=True)
    tables, _ = stories_stage.stories_batch(stories_stage.empty_state(), "r-00000", articles, sentences, entities)
    flagged = {(r["article_id"], r["sentence_idx"]) for r in tables["boilerplate_sentences"].to_pylist()}
    # wire ran it in a000 and a003, paper in a001 and a004, tv in a002 and a005: the repeats are flagged
    assert flagged == {("a003", 1), ("a004", 1), ("a005", 1)}


def test_a_late_older_copy_re_points_its_group_and_the_lake_keeps_both_links(tmp_path):
    """b and its copy c land first; a, older than both, arrives in the next batch: b and c now point
    to a. Each link is a row with its recorded_at (the latest is current); no row is stored twice."""
    from newsflow.tasks.storage import warehouse

    body = " ".join(f"word{i} of a long and detailed wire report about the harbour" for i in range(30))

    def batch(rows):
        ids = [r[0] for r in rows]
        return (pd.DataFrame({"article_id": ids, "published_at": pd.to_datetime([r[1] for r in rows], utc=True),
                              "source": "wire", "title": None, "text": [r[2] for r in rows]}),
                pd.DataFrame({"article_id": ids, "sentence_idx": 0, "text": [r[2] for r in rows]}),
                pd.DataFrame({"article_id": ids, "sentence_idx": 0, "label": "GPE", "entity_key": "Chile"}))

    first = batch([("b", "2026-11-05", body), ("c", "2026-11-06", body + " Updated.")])
    second = batch([("a", "2026-11-01", body + " First edition.")])
    lake = Lake(tmp_path / "lake")
    tables1, state = stories_stage.stories_batch(stories_stage.empty_state(), "r-00000", *first)
    _land(lake, "r-00000", first, tables1)
    tables2, _ = stories_stage.stories_batch(state, "r-00001", *second)
    _land(lake, "r-00001", second, tables2)
    lake.ensure_placeholders(DAY)
    db = tmp_path / "newsflow.duckdb"
    warehouse.build_database(lake, db)
    assert warehouse.run_checks(db)["rows_unique"] == 0
    with warehouse.connect(db) as con:
        links = con.execute("select article_id, duplicate_of from near_duplicates "
                            "order by article_id, recorded_at").fetchall()
        current = con.execute("select article_id, arg_max(duplicate_of, recorded_at) from near_duplicates "
                              "group by 1 order by 1").fetchall()
    assert links == [("b", "a"), ("c", "b"), ("c", "a")]
    assert current == [("b", "a"), ("c", "a")]


def _on(frames, day: str):
    articles, sentences, entities = frames
    return articles.assign(published_at=pd.to_datetime([day] * len(articles), utc=True)), sentences, entities


def test_the_saved_state_keeps_the_story_window_not_the_lake(tmp_path):
    """Stories idle for longer than the window (90 days) and signatures older than it leave the saved
    state; the window's stay, and a later batch joins the live story as it would have."""
    state = stories_stage.empty_state()
    articles, sentences, entities = _on(_batch(0, 1), "2026-01-10")
    articles = articles.assign(text=articles["text"] + " Glaciers melted.")   # words only January uses
    _, state = stories_stage.stories_batch(state, "r-00000", articles, sentences, entities)
    _, state = stories_stage.stories_batch(state, "r-00001", *_on(_batch(6, 2), "2026-06-01"))
    assert len(state.story.stories) == 4 and len(state.signatures) == 12
    lake = Lake(tmp_path / "lake")
    stories_stage.save_state(lake, state)
    saved = stories_stage.load_state(lake)
    assert sorted(str(d) for d in saved.story.stories["last_day"]) == ["2026-06-01", "2026-06-01"]
    assert set(saved.story.centroids["story_id"]) == set(saved.story.stories["story_id"])
    assert sorted(saved.signatures["article_id"]) == [f"a{i:03d}" for i in range(6, 12)]
    # the vocabulary is the window's: words only January's articles used are gone, June's stay
    june = (pd.Timestamp("2026-06-01") - pd.Timestamp("1970-01-01")).days
    before, after = state.story.terms, saved.story.terms
    assert set(after["term"]) == set(before.loc[(before["last_day"] == june) | (before["term"] == ""), "term"])
    assert {"glaciers", "glaciers melted"} <= set(before["term"]) - set(after["term"])
    assert {"earthquake", "finance"} <= set(after["term"])
    later = _on(_batch(12, 3), "2026-06-02")
    pruned_rows, _ = stories_stage.stories_batch(saved, "r-00002", *later)
    whole_rows, _ = stories_stage.stories_batch(state, "r-00002", *later)
    assert pruned_rows["article_stories"].to_pylist() == whole_rows["article_stories"].to_pylist()


def test_an_undated_article_takes_its_ingest_day():
    articles, sentences, entities = _batch(0, 1)
    undated = articles.assign(published_at=pd.NaT)
    framed = stories_stage._dated(undated, date(2026, 3, 4))
    assert framed["published_at"].dt.date.tolist() == [date(2026, 3, 4)] * 6
    _, state = stories_stage.stories_batch(stories_stage.empty_state(), "r-00000", framed, sentences, entities)
    assert {str(d) for d in state.story.stories["last_day"]} == {"2026-03-04"}
