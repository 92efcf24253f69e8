"""resolve_aliases: variants merge, partial names resolve per source and month, merges are recorded."""
import pandas as pd

from newsflow.tasks.nlp.aliases import resolve_aliases
from newsflow.tasks.nlp.schema import ENTITY_ALIASES_SCHEMA, RESOLVED_KEYS_SCHEMA


def mentions(rows):
    return pd.DataFrame(rows, columns=["article_id", "start_char", "end_char", "text", "label", "entity_key"])


ARTS = pd.DataFrame({"article_id": ["a1", "a2", "a3", "a4", "b1"],
                     "source": ["bbc", "bbc", "bbc", "bbc", "other"],
                     "published_at": ["2005-02-01", "2005-02-03", "2005-02-09", "2005-02-10", "2005-02-10"]})


def test_partial_name_resolves_within_source_and_month():
    m = mentions([("a1", 0, 10, "Tony Blair", "PERSON", "Tony Blair")] * 3
                 + [("a2", 0, 5, "Blair", "PERSON", "Blair"), ("b1", 0, 5, "Blair", "PERSON", "Blair")])
    keys, rows = resolve_aliases(m, ARTS, None, run_id="r1")
    assert list(keys.columns) == RESOLVED_KEYS_SCHEMA.names
    assert keys["entity_key"].tolist() == ["Tony Blair"] * 4 + ["Blair"]
    assert keys["alias_rule"].tolist()[3:] == ["partial_name", "self"]
    assert rows.schema == ENTITY_ALIASES_SCHEMA


def test_ambiguous_partial_name_stays():
    m = mentions([("a1", 0, 10, "Tony Blair", "PERSON", "Tony Blair")] * 3
                 + [("a1", 20, 32, "Cherie Blair", "PERSON", "Cherie Blair")] * 2
                 + [("a2", 0, 5, "Blair", "PERSON", "Blair")])
    keys, _ = resolve_aliases(m, ARTS, None)
    assert keys["entity_key"].iloc[-1] == "Blair"


def test_variants_merge_to_the_commonest_spelling():
    m = mentions([("a1", 0, 6, "Tories", "NORP", "Tories")] * 3 + [("a2", 0, 4, "Tory", "NORP", "Tory")])
    keys, _ = resolve_aliases(m, ARTS, None)
    assert keys["entity_key"].tolist() == ["Tories"] * 4
    assert keys["alias_rule"].tolist() == ["self"] * 3 + ["variant"]


def test_places_take_the_canonical_name():
    m = mentions([("a1", 0, 2, "UK", "GPE", "UK"), ("a1", 5, 12, "Britain", "GPE", "Britain")])
    keys, _ = resolve_aliases(m, ARTS, None)
    assert keys["entity_key"].tolist() == ["United Kingdom", "United Kingdom"]


def test_a_merge_between_runs_is_recorded():
    first = mentions([("a1", 0, 4, "Tory", "NORP", "Tory")] * 2 + [("a1", 9, 15, "Tories", "NORP", "Tories")])
    _, table = resolve_aliases(first, ARTS, None, run_id="r1")
    t = table.to_pandas().set_index("alias")
    assert t.loc["Tories", "entity_key"] == "Tory" and t.loc["Tories", "changed_at_run"] == "r1"
    second = mentions([("a3", 0, 6, "Tories", "NORP", "Tories")] * 4)
    keys, changed = resolve_aliases(second, ARTS, table, run_id="r2")
    c = changed.to_pandas().set_index("alias")
    assert keys["entity_key"].tolist() == ["Tories"] * 4
    assert c.loc["Tory", "entity_key"] == "Tories"
    assert c.loc["Tory", "previous_key"] == "Tory" and c.loc["Tory", "changed_at_run"] == "r2"
    assert int(c.loc["Tories", "mentions"].sum()) == 5


def test_spellings_of_one_person_count_together():
    m = mentions([("a1", 0, 12, "George Bush", "PERSON", "George Bush")] * 2
                 + [("a1", 20, 33, "George W Bush", "PERSON", "George W Bush")] * 2
                 + [("a3", 0, 14, "Damian Hockney", "PERSON", "Damian Hockney")] * 2
                 + [("a3", 20, 34, "Damien Hockney", "PERSON", "Damien Hockney")]
                 + [("a2", 0, 4, "Bush", "PERSON", "Bush"), ("a4", 0, 7, "Hockney", "PERSON", "Hockney")])
    keys, _ = resolve_aliases(m, ARTS, None)
    assert keys["entity_key"].tolist()[-2:] == ["George W Bush", "Damian Hockney"]
    assert keys["alias_rule"].tolist()[-2:] == ["partial_name", "partial_name"]


def test_a_full_name_seen_too_rarely_does_not_resolve():
    m = mentions([("a1", 0, 13, "George Osborne", "PERSON", "George Osborne"),
                  ("a2", 0, 7, "Osborne", "PERSON", "Osborne")])
    keys, _ = resolve_aliases(m, ARTS, None)
    assert keys["entity_key"].tolist() == ["George Osborne", "Osborne"]


def test_a_batch_against_the_table_decides_as_the_whole_corpus_at_once():
    """Only the rows a batch can change are re-decided: the keys equal those of one pass over all."""
    first = mentions([("a1", 0, 10, "Tony Blair", "PERSON", "Tony Blair")] * 3
                     + [("a1", 20, 26, "Tories", "NORP", "Tories")] * 2
                     + [("a1", 30, 40, f"{first} Other", "PERSON", f"{first} Other")
                        for first in ("Alan", "Brenda", "Carlos", "Dmitri", "Eileen")]
                     + [("a1", 40, 45, "Other", "PERSON", "Other")])
    second = mentions([("a2", 0, 5, "Blair", "PERSON", "Blair"), ("a2", 9, 13, "Tory", "NORP", "Tory"),
                       ("a3", 0, 5, "Other", "PERSON", "Other")])
    _, table = resolve_aliases(first, ARTS, None, run_id="r1")
    keys, _ = resolve_aliases(second, ARTS, table, run_id="r2")
    whole, _ = resolve_aliases(pd.concat([first, second], ignore_index=True), ARTS, None, run_id="r1")
    assert keys["entity_key"].tolist() == whole["entity_key"].tolist()[-3:] == ["Tony Blair", "Tories", "Other"]


def test_a_town_is_not_resolved_out_of_its_article():
    """Without the article's evidence a town's name is ambiguous ("Sale": Greater Manchester or Salé,
    Morocco): it keeps its key; a country's other names still merge."""
    m = mentions([("a1", 0, 4, "Sale", "GPE", "Sale"), ("a1", 9, 16, "Britain", "GPE", "Britain")])
    keys, _ = resolve_aliases(m, ARTS, None)
    assert keys["entity_key"].tolist() == ["Sale", "United Kingdom"]
    assert keys["alias_rule"].tolist() == ["self", "place"]
