"""Story clustering: same event together, similar kinds apart, stable ids, state round trip, labels."""
from __future__ import annotations

import random

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from newsflow.tasks.stories import schema
from newsflow.tasks.stories.clustering import assign_stories, refit_stories, story_id_for
from newsflow.tasks.stories.labels import stories_table, story_rows
from newsflow.tasks.stories.state import StoryState

COMMON = "officials said people told monday area closed crews worked week report".split()
QUAKE = "earthquake magnitude struck coast tsunami warning buildings collapsed rescue".split()
EVENTS = {  # two earthquakes (same kind, different places/people) and a celebrity rehab story
    "quake_chile": (QUAKE, "santiago valparaiso bachelet copper andes maule concepcion".split(),
                    ["Chile", "Santiago", "Michelle Bachelet"]),
    "quake_japan": (QUAKE, "sendai fukushima reactor miyagi tohoku kan yen".split(),
                    ["Japan", "Sendai", "Naoto Kan"]),
    "rehab": ("actress rehab treatment facility publicist".split(),
              "malibu promises stay pie hollywood reid".split(), ["Tara Reid", "Malibu", "Promises Treatment Center"]),
}


def make(n_per_event: int = 4, seed: int = 3):
    """Synthetic articles: 50% event words, 20% words of the kind of event, 30% common words."""
    rng = random.Random(seed)
    arts, ents = [], []
    for e, (event, (kind, own, names)) in enumerate(EVENTS.items()):
        for i in range(n_per_event):
            pools = [own] * 5 + [kind] * 2 + [COMMON] * 3
            body = " ".join(rng.choice(rng.choice(pools)) for _ in range(80)) + " " + " ".join(names)
            aid = f"{event}-{i}"
            arts.append({"article_id": aid, "published_at": f"2024-03-{1 + i + e:02d}",
                         "source": f"outlet{i % 3}", "title": f"{names[0]} {kind[0]} update {i}",
                         "text": body, "event": event})
            ents += [{"article_id": aid, "label": "GPE", "entity_key": k} for k in names]
    return pd.DataFrame(arts), pd.DataFrame(ents)


ARTS, ENTS = make()


def partition(rows: pd.DataFrame) -> set[frozenset]:
    return {frozenset(g["article_id"]) for _, g in rows.groupby("story_id")}


def test_one_batch_groups_each_event_and_keeps_similar_kinds_apart():
    rows, state = assign_stories(ARTS, ENTS)
    truth = {frozenset(g["article_id"]) for _, g in ARTS.groupby("event")}
    assert partition(rows) == truth
    assert len(state.stories) == 3
    founders = rows.merge(ARTS, on="article_id").sort_values("published_at").groupby("event")["story_id"].first()
    assert founders["rehab"] == story_id_for("rehab-0")          # id from the earliest article
    assert rows["similarity"].between(0, 1).all()


def test_ids_are_stable_across_batches_and_reruns_are_identical():
    early = ARTS["article_id"].str[-1].astype(int) <= 1         # the first two articles of each event
    rows1, state1 = assign_stories(ARTS[early], ENTS, None)
    frequencies = state1.terms.copy()
    rows2, state2 = assign_stories(ARTS[~early], ENTS, state1)
    again, _ = assign_stories(ARTS[~early], ENTS, state1)          # crashed batch rerun from the same state
    pd.testing.assert_frame_equal(rows2, again)
    pd.testing.assert_frame_equal(state1.terms, frequencies)        # a batch never changes the state it started from
    assert state2.frequencies()[""] == len(ARTS) == state2.terms.set_index("term").loc["", "df"]
    one, _ = assign_stories(ARTS, ENTS)
    both = pd.concat([rows1, rows2])
    assert partition(both) == partition(one)
    assert set(both["story_id"]) == set(one["story_id"])           # same founders, so same ids
    kept = rows1.set_index("article_id")["story_id"]
    assert (both.set_index("article_id").loc[kept.index, "story_id"] == kept).all()
    assert int(state2.stories["articles"].sum()) == len(ARTS)


def test_state_round_trips_through_parquet(tmp_path):
    early = ARTS["article_id"].str[-1].astype(int) <= 1
    _, state = assign_stories(ARTS[early], ENTS)
    for name, table in state.to_tables().items():
        assert table.schema.equals(getattr(schema, {"stories": "STORY_STATE", "centroids": "STORY_CENTROIDS",
                                                      "sources": "STORY_SOURCES", "terms": "TERM_FREQUENCIES"}[name]))
        pq.write_table(table, tmp_path / f"{name}.parquet")
    loaded = StoryState.from_tables({n: pq.read_table(tmp_path / f"{n}.parquet") for n in StoryState.empty().to_tables()})
    a, _ = assign_stories(ARTS[~early], ENTS, state)
    b, _ = assign_stories(ARTS[~early], ENTS, loaded)
    pd.testing.assert_frame_equal(a, b)


def test_stories_rows_name_the_event_and_count_sources():
    _, state = assign_stories(ARTS, ENTS)
    rows = story_rows(state).set_index("story_id")
    rehab = rows.loc[story_id_for("rehab-0")]
    assert rehab["label"].startswith("Tara Reid actress update")
    assert rehab["articles"] == 4 and rehab["sources"] == 3
    assert str(rehab["first_day"]) == "2024-03-03" and str(rehab["last_day"]) == "2024-03-06"
    assert set(rehab["top_entities"]) == {"Tara Reid", "Malibu", "Promises Treatment Center"}
    assert stories_table(state).schema.equals(schema.STORIES)


def test_untitled_story_is_labelled_with_top_terms_and_refit_starts_afresh():
    rows, state = refit_stories(ARTS.assign(title=None), ENTS)
    labels = story_rows(state)["label"]
    assert all(label and "," in label for label in labels)
    assert pa.Table.from_pandas(rows, schema=schema.ARTICLE_STORIES, preserve_index=False).num_rows == len(ARTS)


def test_pruned_state_keeps_open_stories_and_drops_closed_centroids():
    from newsflow.tasks.stories.state import prune_state

    _, state = assign_stories(ARTS, ENTS)
    pruned = prune_state(state, "2024-03-07", idle_days=1, drop_rare_terms=True)
    rehab = story_id_for("rehab-0")                         # last day 2024-03-06: still open
    assert set(pruned.centroids["story_id"]) == {rehab}
    assert len(pruned.stories) == 3 and (pruned.terms["df"] > 1).all()
    assert pruned.terms.loc[pruned.terms["term"] == "", "df"].item() == len(ARTS)


def test_optional_time_decay_splits_a_recurring_story_months_apart():
    from newsflow.tasks.stories.vectors import StoryParams

    later = ARTS[ARTS["event"] == "rehab"].assign(
        article_id=lambda f: f["article_id"] + "-2025", published_at="2025-01-10")
    both = pd.concat([ARTS, later], ignore_index=True)
    plain, _ = assign_stories(both, ENTS, None)
    decayed, _ = assign_stories(both, ENTS, None, StoryParams(half_life_days=7.0))
    rehab_ids = lambda rows: rows[rows["article_id"].str.startswith("rehab")]["story_id"].nunique()
    assert rehab_ids(plain) == 1 and rehab_ids(decayed) == 2


# One quake told two ways on the first night (the epicentre's towns, the rescue in another city), then
# articles that tell both: the night shows the two stories to be one event.
_LEAD = "A strong earthquake struck northern Chile on Monday, flattening homes in Iquique and cutting power to the port."
_RESCUE = "Rescuers in Arica searched collapsed schools after the tremor; aftershocks rattled the desert towns overnight."
_NO_ENTITIES = pd.DataFrame({"article_id": [], "label": [], "entity_key": []})


def _night(ids, texts, day):
    return pd.DataFrame({"article_id": ids, "published_at": pd.to_datetime([day] * len(ids), utc=True),
                         "source": ["wire", "paper", "tv", "radio"][:len(ids)], "title": None, "text": texts})


def test_two_stories_a_later_night_shows_to_be_one_event_merge_under_the_older_id():
    first, state = assign_stories(_night(["a1", "a2", "a3", "a4"], [_LEAD, _LEAD + " More soon.", _RESCUE,
                                                                    _RESCUE + " Updates follow."], "2026-11-01"),
                                  _NO_ENTITIES)
    lead, rescue = story_id_for("a1"), story_id_for("a3")
    assert dict(zip(first["article_id"], first["story_id"])) == {"a1": lead, "a2": lead, "a3": rescue, "a4": rescue}
    both = _LEAD + " " + _RESCUE
    second, state = assign_stories(_night(["b1", "b2", "b3"], [both + " Officials said.", both + " Teams worked.",
                                                               both + " Roads closed."], "2026-11-02"),
                                   _NO_ENTITIES, state)
    assert set(second["story_id"]) == {lead} and state.merged == {rescue: lead}
    assert list(state.stories["story_id"]) == [lead] and int(state.stories["articles"].iloc[0]) == 7
    assert dict(zip(state.sources["source"], state.sources["articles"])) == {"wire": 2, "paper": 2, "tv": 2, "radio": 1}
    assert set(state.centroids["story_id"]) == {lead}


def test_a_rerun_from_the_same_state_merges_the_same_way():
    night1 = _night(["a1", "a2", "a3", "a4"], [_LEAD, _LEAD + " More soon.", _RESCUE, _RESCUE + " Updates follow."],
                    "2026-11-01")
    _, state = assign_stories(night1, _NO_ENTITIES)
    both = _LEAD + " " + _RESCUE
    night2 = _night(["b1", "b2"], [both + " Officials said.", both + " Teams worked."], "2026-11-02")
    once, after = assign_stories(night2, _NO_ENTITIES, state)
    again, after_again = assign_stories(night2, _NO_ENTITIES, state)
    assert once.equals(again) and after.merged == after_again.merged == {story_id_for("a3"): story_id_for("a1")}
    assert not state.merged and len(state.stories) == 2   # the state given is not changed
