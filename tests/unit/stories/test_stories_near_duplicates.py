"""Near-duplicates: planted copies found, distinct texts not, deterministic originals, stored index."""
from __future__ import annotations

import random

import pandas as pd
import pyarrow.parquet as pq

from newsflow.tasks.stories.near_duplicates import find_near_duplicates, signature_table, signatures

VOCAB = [f"w{i}" for i in range(3000)]


def text(seed: int, n: int = 250) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(VOCAB) for _ in range(n))


def edited(body: str) -> str:
    words = body.split(" ")
    words[10] = "changed"
    words[100] = "edited"
    return "By A Reporter\n" + " ".join(words[:200]) + "\n\n" + " ".join(words[200:]) + "\nCopyright 2024"


def frame(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["article_id", "published_at", "text"])


def test_copy_points_to_original_and_distinct_texts_are_not_flagged():
    batch = frame([("a", "2024-01-02", text(1)), ("b", "2024-01-01", text(2)),
                   ("c", "2024-01-03", edited(text(1))), ("d", None, text(3))])
    near, sigs = find_near_duplicates(batch)
    assert near[["article_id", "duplicate_of"]].values.tolist() == [["c", "a"]]
    assert 0.5 <= near["similarity"].iloc[0] < 1.0
    assert sorted(sigs["article_id"]) == ["a", "b", "c", "d"]
    assert sigs.set_index("article_id")["duplicate_of"].to_dict() == {"a": None, "b": None, "c": "a", "d": None}


def test_ties_earliest_date_then_nulls_last_then_smallest_id():
    body = text(7)
    batch = frame([("z", "2024-01-01", edited(body)), ("m", None, body), ("y", "2024-01-01", body + " x")])
    near, _ = find_near_duplicates(batch)
    assert dict(zip(near["article_id"], near["duplicate_of"])) == {"z": "y", "m": "y"}
    near2, _ = find_near_duplicates(frame([("q", None, body), ("p", None, edited(body))]))
    assert near2[["article_id", "duplicate_of"]].values.tolist() == [["q", "p"]]


def test_new_batch_is_compared_with_the_stored_index_through_parquet(tmp_path):
    first = frame([("a", "2024-01-01", text(1)), ("b", "2024-01-01", text(2))])
    near1, index = find_near_duplicates(first)
    assert near1.empty
    pq.write_table(signature_table(index), tmp_path / "sig.parquet")
    stored = pq.read_table(tmp_path / "sig.parquet")
    near2, new_sigs = find_near_duplicates(frame([("c", "2024-01-05", edited(text(2))),
                                                  ("d", "2024-01-05", text(4))]), stored)
    assert near2[["article_id", "duplicate_of"]].values.tolist() == [["c", "b"]]
    assert sorted(new_sigs["article_id"]) == ["c", "d"]       # stored rows unchanged: not returned


def test_late_older_article_becomes_the_original_and_repoints_the_group():
    _, index = find_near_duplicates(frame([("b", "2024-01-05", text(9)), ("c", "2024-01-06", edited(text(9)))]))
    near, sigs = find_near_duplicates(frame([("a", "2024-01-01", text(9) + " extra")]), index)
    assert dict(zip(near["article_id"], near["duplicate_of"])) == {"b": "a", "c": "a"}
    assert sigs.set_index("article_id")["duplicate_of"].to_dict() == {"a": None, "b": "a", "c": "a"}


def test_whitespace_and_quotes_do_not_change_the_signature():
    a = 'He said "hello there" to the crowd.  It\'s late.'
    b = "He said \u201chello there\u201d to the\ncrowd. It\u2019s late."
    sig = signatures([a, b])
    assert (sig[0] == sig[1]).all()


def test_empty_texts_are_never_duplicates_of_each_other():
    near, sigs = find_near_duplicates(frame([("a", None, ""), ("b", None, "   "), ("c", None, text(1))]))
    assert near.empty and len(sigs) == 3
