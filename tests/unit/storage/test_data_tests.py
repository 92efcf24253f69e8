"""The data tests find the faults they are for: in the rows of the run that landed them (a nightly
build), and in every row (`newsflow views`); each table is covered by its declaration."""
from datetime import date

import pytest

from newsflow.tasks.errors import DataTestFailed
from newsflow.tasks.storage import data_tests, schemas, warehouse
from newsflow.tasks.storage.lake import Lake

DAY = date(2026, 11, 28)


def _land(lake: Lake, batch: str, articles: list[tuple[str, str]], entities: list[dict] = ()) -> None:
    """A committed batch: its articles (id, text), entities, then its manifest file."""
    lake.write("articles", schemas.from_rows("articles", [
        {"article_id": a, "source_path": f"{a}.txt", "text": text, "n_words": 2, "language": "en",
         "run_id": batch.rsplit("-", 1)[0], "batch_id": batch} for a, text in articles]), DAY, batch)
    if entities:
        lake.write("entities", schemas.from_rows("entities", [{**e, "batch_id": batch} for e in entities]), DAY, batch)
    lake.write("manifest", schemas.from_rows("manifest", [
        {"input_dir": "/in", "source_path": f"{a}.txt", "status": "processed", "items": 1, "article_ids": [a],
         "batch_id": batch} for a, _ in articles]), DAY, batch)


def _mention(article: str, start: int, end: int, text: str) -> dict:
    return {"article_id": article, "sentence_idx": 0, "start_char": start, "end_char": end, "text": text,
            "label": "ORG", "entity_key": text}


@pytest.fixture
def lake(tmp_path):
    """Run r1 landed clean rows; run r2 landed an article twice, a mention whose offsets miss its text
    and a mention of an article nobody landed."""
    lake = Lake(tmp_path / "lake")
    _land(lake, "r1-00000", [("a", "Acme sells"), ("b", "Bolt buys")], [_mention("a", 0, 4, "Acme")])
    _land(lake, "r2-00000", [("c", "Corp rises"), ("a", "Acme sells")],
          [_mention("c", 0, 4, "Rise"), _mention("zz", 0, 4, "Gone")])
    return lake


def _failing(lake: Lake, db, checked_run: str | None) -> dict[str, int]:
    warehouse.build_database(lake, db, {"model_version": "none", "run_id": checked_run or ""}, checked_run)
    return {name: n for name, n in warehouse.run_checks(db).items() if n}


def test_a_nightly_build_checks_its_own_rows_and_finds_each_fault(lake, tmp_path):
    found = _failing(lake, tmp_path / "db.duckdb", "r2")
    # "a" twice (its two copies), the mention "Rise" over "Corp", the mention of no landed article
    assert found == {"rows_unique": 1, "entities_slice_text": 1, "orphan_rows": 1}
    with pytest.raises(DataTestFailed, match="rows_unique"):
        warehouse.fail_on_data_tests(warehouse.run_checks(tmp_path / "db.duckdb"))


def test_a_run_does_not_check_rows_an_earlier_run_landed_again(lake, tmp_path):
    """r1's rows were checked when r1 landed them; r1's own scope sees r2's copy of "a" (a key stored
    twice is a fault of both copies) and nothing else of r2."""
    assert _failing(lake, tmp_path / "db.duckdb", "r1") == {"rows_unique": 1}
    assert _failing(lake, tmp_path / "db.duckdb", "r3") == {}


def test_the_whole_lake_build_checks_every_row_and_the_mart_grain(lake, tmp_path):
    found = _failing(lake, tmp_path / "db.duckdb", None)
    # the article stored twice is also two rows of article_overview, whose grain is one per article
    assert found == {"rows_unique": 1, "entities_slice_text": 1, "orphan_rows": 1, "marts_grain_unique": 1}
    assert "marts_grain_unique" not in {c.name for c in data_tests.checks()}


def test_null_keys_are_found_in_every_declared_table(tmp_path):
    lake = Lake(tmp_path / "lake")
    _land(lake, "r1-00000", [("a", "Acme sells")])
    lake.write("quotes", schemas.from_rows("quotes", [{"article_id": "a", "quote_idx": None, "start_char": 0,
                                                       "end_char": 4, "text": "Acme", "batch_id": "r1-00000"}]),
               DAY, "r1-00000")
    assert _failing(lake, tmp_path / "db.duckdb", "r1") == {"keys_not_null": 1}


def test_every_table_is_declared_with_a_key_and_covered_by_the_generated_checks():
    assert set(schemas.KEYS) == set(schemas.TABLES)
    assert all(set(key) <= set(schemas.TABLES[t].names) for t, key in schemas.KEYS.items())
    generated = {c.name: c.sql for c in data_tests.generated_checks()}
    for table in schemas.TABLES:
        assert f"'{table}' as table_name" in generated["keys_not_null"]
        assert f"'{table}' as table_name" in generated["rows_unique"]
        assert (f"'{table}' as table_name" in generated["orphan_rows"]) == schemas.of_articles(table)
