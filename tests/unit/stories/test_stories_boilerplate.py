"""Boilerplate rule: a sentence the same source already ran within 7 days is flagged, the first is not."""
from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq

from newsflow.tasks.stories.boilerplate import flag_boilerplate, history_table

FOLLOW = "Follow us on Twitter."


def articles(rows):
    return pd.DataFrame(rows, columns=["article_id", "source", "published_at"])


def sentences(rows):
    return pd.DataFrame(rows, columns=["article_id", "sentence_idx", "text"])


def flagged(flags: pd.DataFrame) -> list[tuple[str, int]]:
    return sorted(map(tuple, flags.loc[flags["is_boilerplate"], ["article_id", "sentence_idx"]].values.tolist()))


SENTS = sentences([("a", 0, "A story."), ("a", 1, FOLLOW), ("b", 0, "Other story."), ("b", 1, "follow us on  TWITTER."),
                   ("c", 0, FOLLOW), ("d", 0, FOLLOW), ("e", 0, FOLLOW), ("f", 0, FOLLOW)])
ARTS = articles([("a", "s1", "2024-01-01"), ("b", "s1", "2024-01-08"), ("c", "s1", "2024-01-16"),
                 ("d", "s2", "2024-01-02"), ("e", None, "2024-01-02"), ("f", "s1", None)])


def test_repeat_within_the_week_is_flagged_not_the_first_nor_other_sources():
    flags, history = flag_boilerplate(SENTS, ARTS)
    # b: 7 days after a (same source, case/space-insensitive); c: 8 days after b -> not flagged
    assert flagged(flags) == [("b", 1)]
    assert len(flags) == len(SENTS) and flags["sentence_hash"].iloc[1] == flags["sentence_hash"].iloc[3]
    assert set(history["source"]) == {"s1", "s2"} and len(history) == 6      # no row for e (no source) or f (no day)


def test_history_gives_the_same_flags_as_one_batch(tmp_path):
    first = ARTS["article_id"].isin(["a", "d"])
    flags1, hist1 = flag_boilerplate(SENTS[SENTS["article_id"].isin(["a", "d"])], ARTS[first])
    pq.write_table(history_table(hist1), tmp_path / "h.parquet")
    rest = SENTS[~SENTS["article_id"].isin(["a", "d"])]
    flags2, hist2 = flag_boilerplate(rest, ARTS[~first], pq.read_table(tmp_path / "h.parquet"))
    assert flagged(pd.concat([flags1, flags2])) == [("b", 1)]
    assert len(hist1) + len(hist2) == 6


def test_repeat_within_one_day_flags_all_but_the_first_in_id_order():
    sents = sentences([("x2", 0, "Copyright 2024 Example."), ("x1", 0, "Copyright 2024 Example."),
                       ("x3", 3, "Copyright 2024 Example.")])
    arts = articles([("x1", "s", "2024-02-01T09:00"), ("x2", "s", "2024-02-01T08:00"), ("x3", "s", "2024-02-01")])
    flags, history = flag_boilerplate(sents, arts)
    assert flagged(flags) == [("x2", 0), ("x3", 3)]
    assert len(history) == 1
