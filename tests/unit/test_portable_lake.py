"""A lake and its database that can move together, `newsflow views`, and empty tables that read."""
from __future__ import annotations

import shutil
from datetime import date, datetime, timezone

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from newsflow.flows import cli
from newsflow.tasks.errors import ConfigError
from newsflow.tasks.storage import schemas, warehouse
from newsflow.tasks.storage.lake import PLACEHOLDER, Lake, Recovery

DAY = date(2026, 11, 28)
RUN_ID = "r1"


def _fill(lake: Lake) -> None:
    """Two articles with a sentence and an entity each, one run; every other table empty."""
    ids = ["a", "b"]
    lake.write("articles", schemas.from_rows("articles", [
        {"article_id": i, "source_path": f"{i}.txt", "text": f"Acme {i}", "n_words": 2, "language": "en",
         "run_id": RUN_ID} for i in ids]), DAY, "b1")
    lake.write("sentences", schemas.from_rows("sentences", [
        {"article_id": i, "sentence_idx": 0, "start_char": 0, "end_char": 6, "text": f"Acme {i}"} for i in ids]),
        DAY, "b1")
    lake.write("entities", schemas.from_rows("entities", [
        {"article_id": i, "sentence_idx": 0, "start_char": 0, "end_char": 4, "text": "Acme", "label": "ORG",
         "entity_key": "Acme"} for i in ids]), DAY, "b1")
    lake.write("manifest", schemas.from_rows("manifest", [
        {"input_dir": "/in", "source_path": f"{i}.txt", "status": "processed", "items": 1, "article_ids": [i],
         "run_id": RUN_ID} for i in ids]), DAY, "b1")
    now = datetime(2026, 11, 28, tzinfo=timezone.utc)
    lake.write("runs", schemas.from_rows("runs", [
        {"run_id": RUN_ID, "started_at": now, "finished_at": now, "status": "completed", "files_seen": 2,
         "items_seen": 2, "articles_landed": 2, "duplicates": 0, "unchanged": 0, "rejected": 0, "removed": 0,
         "model_version": "none"}]), DAY, RUN_ID)


def _build(base, db_name="newsflow.duckdb"):
    lake = Lake(base / "lake")
    _fill(lake)
    db = base / db_name
    warehouse.build_database(lake, db, {"model_version": "none", "run_id": RUN_ID})
    return base / "lake", db


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        cli._main(list(args))
    captured = capsys.readouterr()
    return exited.value.code, captured.out, captured.err


def _views(db) -> list[str]:
    """Every view by the name a reader gives it: the main schema's bare, the `recent` schema's qualified."""
    with duckdb.connect(str(db), read_only=True) as con:
        found = con.execute("select case when schema_name = 'main' then view_name "
                            "else schema_name || '.' || view_name end from duckdb_views() "
                            "where not internal order by 1").fetchall()
    return [view for (view,) in found]


def _counts_sql(views) -> str:
    return " union all ".join(f"select '{view}' as view, count(*) as n from {view}" for view in views)


def _answers(db) -> dict[str, int]:
    """Rows of every view, through warehouse.connect (as `newsflow query` reads them)."""
    return dict(warehouse.query(db, _counts_sql(_views(db)))[1])


def test_lake_and_database_moved_together_answer_every_view(tmp_path, capsys):
    lake, db = _build(tmp_path / "here")
    before = _answers(db)
    assert before["articles"] == 2 and before["top_entities"] == 1 and len(before) > 20
    shutil.move(tmp_path / "here", tmp_path / "there")
    moved = tmp_path / "there" / "newsflow.duckdb"
    assert _answers(moved) == before
    code, out, err = run_cli(capsys, "query", _counts_sql(before), "--db", str(moved), "--format", "csv")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "view,n" and sorted(lines[1:]) == sorted(f"{view},{n}" for view, n in before.items())
    assert warehouse.query(moved, "select lake, location, protocol from lake_location")[1] == [
        (str(tmp_path / "there" / "lake"), "lake", "file")]


def test_a_plain_duckdb_reader_of_a_moved_database_sets_the_lake_variable(tmp_path):
    lake, db = _build(tmp_path / "here")
    before = _answers(db)
    shutil.move(tmp_path / "here", tmp_path / "there")
    with duckdb.connect(str(tmp_path / "there" / "newsflow.duckdb"), read_only=True) as con:
        with pytest.raises(duckdb.IOException, match="No files found"):   # the old place is gone
            con.execute("select count(*) from articles").fetchall()
        con.execute(f"set variable {warehouse.LAKE_VARIABLE} = '{tmp_path / 'there' / 'lake'}'")
        assert dict(con.execute(_counts_sql(before)).fetchall()) == before


def test_a_copied_database_reads_the_copied_lake_not_the_old_one(tmp_path):
    lake, db = _build(tmp_path / "here")
    shutil.copytree(tmp_path / "here", tmp_path / "copy")
    for path in (tmp_path / "here" / "lake" / "articles").rglob("part-*.parquet"):
        pq.write_table(schemas.empty("articles"), path)      # the original lake changes
    assert warehouse.query(db, "select count(*) from articles")[1] == [(0,)]
    assert warehouse.query(tmp_path / "copy" / "newsflow.duckdb", "select count(*) from articles")[1] == [(2,)]


def test_a_lake_outside_the_database_folder_is_stored_relative_to_it(tmp_path):
    lake = Lake(tmp_path / "root" / "lake")
    _fill(lake)
    db = tmp_path / "root" / "db" / "news.duckdb"
    warehouse.build_database(lake, db, {"model_version": "none"})
    shutil.move(tmp_path / "root", tmp_path / "moved")
    assert warehouse.query(tmp_path / "moved" / "db" / "news.duckdb",
                           "select lake, location, count(*) from lake_location, articles group by all")[1] == [
        (str(tmp_path / "moved" / "lake"), "../lake", 2)]


def test_a_database_moved_alone_says_where_it_looked_and_views_rebuilds_it(tmp_path, capsys):
    lake, db = _build(tmp_path / "here")
    alone = tmp_path / "elsewhere" / "newsflow.duckdb"
    alone.parent.mkdir()
    shutil.move(db, alone)
    with pytest.raises(ConfigError, match="newsflow views --lake DIR"):
        warehouse.query(alone, "select count(*) from articles")
    code, out, err = run_cli(capsys, "query", "select count(*) from articles", "--db", str(alone))
    assert code == 2 and err.startswith("Error: the lake of") and err.count("\n") == 1
    code, out, err = run_cli(capsys, "views", "--lake", str(lake), "--db", str(alone))
    n_checks = len(warehouse.checks(whole_lake=True))
    assert (code, err) == (0, "") and out.startswith("Built ") and f"data tests: {n_checks} of {n_checks} pass" in out
    assert warehouse.query(alone, "select count(*) from articles")[1] == [(2,)]
    assert warehouse.query(alone, "select location from lake_location")[1] == [("../here/lake",)]


def test_views_rebuilds_with_the_last_completed_runs_model_version(tmp_path, capsys):
    lake, db = _build(tmp_path / "here")
    db.unlink()
    code, out, err = run_cli(capsys, "views", "--lake", str(lake), "--db", str(db))
    assert (code, err) == (0, "")
    assert warehouse.query(db, "select distinct run_id from data_tests")[1] == [(RUN_ID,)]
    assert set(_views(db)) >= {"articles", "top_entities", "data_quality", "lake_location", "data_tests"}


def test_views_refuses_a_folder_that_is_not_a_lake_and_writes_nothing(tmp_path, capsys):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("x", encoding="utf-8")
    code, out, err = run_cli(capsys, "views", "--lake", str(tmp_path / "notes"), "--db", str(tmp_path / "db.duckdb"))
    assert code == 2 and "is not a newsflow lake" in err and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["notes", "todo.txt"]


def test_every_table_reads_from_its_folder_with_the_counts_of_data_quality(tmp_path):
    lake, db = _build(tmp_path)
    counts = dict(warehouse.query(db, "select table_name, rows from data_quality")[1])
    assert counts["articles"] == 2 and counts["rejects"] == 0 and counts["keyphrases"] == 0
    with duckdb.connect() as con:
        for table in schemas.TABLES:
            folder = lake / table
            assert pq.read_table(folder).num_rows == counts[table], table
            assert ds.dataset(folder, partitioning="hive").count_rows() == counts[table], table
            assert len(pd.read_parquet(folder)) == counts[table], table
            [(n,)] = con.execute(f"select count(*) from read_parquet('{folder}/*/*.parquet', "
                                 "hive_partitioning = true)").fetchall()
            assert n == counts[table], table
    assert set(pq.read_table(lake / "rejects").schema.names) >= set(schemas.REJECTS.names)


def test_placeholders_are_no_batch_and_follow_the_schema(tmp_path):
    lake = Lake(tmp_path / "lake")
    _fill(lake)
    written = lake.ensure_placeholders(DAY)
    assert {str(p.relative_to(lake.root)) for p in written} == {
        f"{t}/ingest_date=2026-11-28/{PLACEHOLDER}" for t in schemas.TABLES}   # with rows or not
    assert lake.ensure_placeholders(DAY) == []           # in place and current: nothing to write
    assert lake.files("rejects") == [] and lake.read("rejects").num_rows == 0
    assert lake.recover() == Recovery() and (lake.root / "rejects" / "ingest_date=2026-11-28" / PLACEHOLDER).is_file()
    stale = lake.root / "rejects" / "ingest_date=2026-11-28" / PLACEHOLDER
    pq.write_table(pa.schema([("source_path", pa.string())]).empty_table(), stale)   # an older schema
    assert lake.ensure_placeholders(date(2026, 12, 1)) == [stale]
    assert pq.read_schema(stale).equals(schemas.REJECTS)
    assert not (lake.root / "rejects" / "ingest_date=2026-12-01").exists()


def test_a_column_added_later_reads_as_null_in_files_written_before_it(tmp_path):
    """An upgraded newsflow over an older lake: runs written before `runs.dates_dropped` existed."""
    lake = Lake(tmp_path / "lake")
    _fill(lake)
    old = tmp_path / "lake" / "runs" / "ingest_date=2026-11-28" / f"part-{RUN_ID}.parquet"
    pq.write_table(pq.read_table(old).drop_columns(["dates_dropped"]), old)
    db = tmp_path / "newsflow.duckdb"
    warehouse.build_database(lake, db, {"model_version": "none", "run_id": RUN_ID})
    assert warehouse.query(db, "select run_id, dates_dropped from runs")[1] == [(RUN_ID, None)]
