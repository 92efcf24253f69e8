from datetime import date

import duckdb
import pytest
from hypothesis import given, settings, strategies as st

from newsflow.tasks.storage import schemas, warehouse
from newsflow.tasks.errors import LakeBusy
from newsflow.tasks.storage.lake import QUARANTINE, Lake

DAY = date(2026, 11, 28)


def _articles(ids, batch="b1"):
    return schemas.from_rows("articles", [
        {"article_id": i, "source_path": f"{i}.txt", "text": f"text {i}", "n_words": 2, "language": "en",
         "run_id": "r1", "batch_id": batch} for i in ids])


def _sentences(ids, batch="b1"):
    return schemas.from_rows("sentences", [
        {"article_id": i, "sentence_idx": 0, "start_char": 0, "end_char": 6, "text": f"text {i}", "batch_id": batch}
        for i in ids])


def _commit(lake, batch="b1", ids=()):
    """A batch of input files becomes visible with its manifest file."""
    lake.write("manifest", schemas.from_rows("manifest", [
        {"input_dir": "/in", "source_path": f"{batch}.txt", "status": "processed", "items": 1,
         "article_ids": list(ids), "batch_id": batch}]), DAY, batch)


def test_write_is_partitioned_zstd_and_leaves_no_temporary_file(tmp_path):
    lake = Lake(tmp_path / "lake")
    path = lake.write("articles", _articles(["a", "b"]), DAY, "b1")
    assert path == tmp_path / "lake" / "articles" / "ingest_date=2026-11-28" / "part-b1.parquet"
    assert [p.name for p in path.parent.iterdir()] == ["part-b1.parquet"]
    import pyarrow.parquet as pq

    assert pq.ParquetFile(path).metadata.row_group(0).column(0).compression == "ZSTD"
    assert lake.article_ids() == set()      # not committed yet
    _commit(lake, "b1")
    assert lake.article_ids() == {"a", "b"}
    assert lake.write("articles", schemas.empty("articles"), DAY, "b2") is None


def _run(lake, run_id, status):
    """The run's own record: its row in `runs` (a runs file's batch id is the run id)."""
    lake.write("runs", schemas.from_rows("runs", [{"run_id": run_id, "status": status}]), DAY, run_id)


def test_dependent_batches_count_only_once_committed(tmp_path):
    lake = Lake(tmp_path / "lake")
    lake.write("sentences", _sentences(["a"], "b1"), DAY, "b1")
    lake.write("articles", _articles(["a"], "b1"), DAY, "b1")
    _commit(lake, "b1", ["a"])
    lake.write("sentences", _sentences(["z"], "b2"), DAY, "b2")      # killed before its manifest file
    lake.write("articles", _articles(["z"], "b2"), DAY, "b2")
    (tmp_path / "lake" / "sentences" / "ingest_date=2026-11-28" / ".tmp-1-part-b3.parquet").write_bytes(b"PAR")
    assert lake.read("sentences", ["article_id"]).column(0).to_pylist() == ["a"]
    assert lake.article_ids() == {"a"}
    _run(lake, "b2", "running")   # killed: its record is still `running` under the lock
    recovery = lake.recover()
    assert recovery.quarantined == []
    assert sorted(str(p.relative_to(lake.root)) for p in recovery.removed) == [
        "articles/ingest_date=2026-11-28/part-b2.parquet",
        "sentences/ingest_date=2026-11-28/.tmp-1-part-b3.parquet",
        "sentences/ingest_date=2026-11-28/part-b2.parquet"]
    assert [f.batch_id for f in lake.files("sentences")] == ["b1"]


def test_a_lost_manifest_partition_hides_and_deletes_nothing(tmp_path):
    lake = Lake(tmp_path / "lake")
    for run, status in (("r1", "completed"), ("r2", "failed"), ("r3", "crashed")):
        batch = f"{run}-00000"
        lake.write("articles", _articles([run], batch), DAY, batch)
        _commit(lake, batch, [run])
        _run(lake, run, status)
    import shutil
    shutil.rmtree(tmp_path / "lake" / "manifest" / "ingest_date=2026-11-28")   # a wrong rm
    assert lake.article_ids() == {"r1"}    # a completed run committed every batch it wrote
    recovery = lake.recover()
    # r3 was killed: its record proves its batch never committed (the rule), so it goes
    assert [str(p.relative_to(lake.root)) for p in recovery.removed] == [
        "articles/ingest_date=2026-11-28/part-r3-00000.parquet"]
    # r2 failed: it may have committed that batch before failing; moved aside, never deleted
    quarantined = tmp_path / "lake" / QUARANTINE / "articles" / "ingest_date=2026-11-28" / "part-r2-00000.parquet"
    assert recovery.quarantined == [(tmp_path / "lake" / "articles" / "ingest_date=2026-11-28" /
                                     "part-r2-00000.parquet", quarantined)]
    assert quarantined.is_file() and lake.article_ids() == {"r1"}
    assert lake.recover().quarantined == []   # the quarantine is no table


def test_lock_refuses_a_second_writer(tmp_path):
    lake = Lake(tmp_path / "lake")
    with lake.lock():
        with pytest.raises(LakeBusy, match="another newsflow run"):
            with Lake(tmp_path / "lake").lock():
                pass
    with lake.lock():  # released
        pass


def test_views_read_only_committed_files_and_open_in_duckdb(tmp_path):
    lake = Lake(tmp_path / "lake")
    lake.write("articles", _articles(["a", "b"]), DAY, "b1")
    _commit(lake, "b1", ["a", "b"])
    lake.write("entities", schemas.from_rows("entities", [
        {"article_id": "a", "sentence_idx": 0, "start_char": 0, "end_char": 4, "text": "text", "label": "ORG",
         "entity_key": "Text", "batch_id": "b1"}]), DAY, "b1")
    lake.write("entities", schemas.from_rows("entities", [
        {"article_id": "z", "sentence_idx": 0, "start_char": 0, "end_char": 4, "text": "orph", "label": "ORG",
         "entity_key": "Orphan", "batch_id": "b9"}]), DAY, "b9")
    db = tmp_path / "db.duckdb"
    views = warehouse.build_database(lake, db, {"model_version": "none"})
    assert {"articles", "entities", "top_entities", "article_overview", "data_quality"} <= set(views)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select entity_key, label, mentions, articles from top_entities").fetchall() == [
            ("Text", "ORG", 1, 1)]
        assert dict(con.execute("select table_name, rows from data_quality").fetchall())["articles"] == 2
        assert con.execute("select ingest_date from articles limit 1").fetchone()[0] == DAY
        assert con.execute("select count(*) from runs").fetchone()[0] == 0   # empty tables still answer
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.text(min_size=1, max_size=12), st.integers(-2**31, 2**31 - 1)), max_size=30))
def test_partition_writes_round_trip(tmp_path_factory, rows):
    lake = Lake(tmp_path_factory.mktemp("lake"))
    table = schemas.from_rows("sentences", [
        {"article_id": aid, "sentence_idx": n, "start_char": n, "end_char": n, "text": aid, "batch_id": "b"}
        for aid, n in rows])
    lake.write("sentences", table, DAY, "b")
    _commit(lake, "b")
    back = lake.read("sentences")
    assert back.to_pylist() == table.to_pylist()


@pytest.fixture()
def bucket(moto_s3):
    _, client, name = moto_s3
    return client, name


def test_an_s3_lake_writes_objects_whole_and_reads_only_committed_batches(bucket):
    client, name = bucket
    lake = Lake(f"s3://{name}/lake")
    assert lake.remote and lake.root == f"s3://{name}/lake"
    assert lake.write("articles", _articles(["a", "b"]), DAY, "b1") == \
        f"s3://{name}/lake/articles/ingest_date=2026-11-28/part-b1.parquet"
    lake.write("articles", _articles(["z"], "b2"), DAY, "b2")     # a batch never committed
    _commit(lake, "b1", ["a", "b"])
    # "folder" objects, as pyarrow's S3 writer and consoles leave them, are not files of the lake
    for marker in ("lake/", "lake/articles/", "lake/articles/ingest_date=2026-11-28/"):
        client.put_object(Bucket=name, Key=marker, Body=b"")
    assert [f.batch_id for f in lake.files("articles")] == ["b1", "b2"]
    assert lake.article_ids() == {"a", "b"}
    assert lake.read("articles", ["article_id", "ingest_date"]).to_pylist() == [
        {"article_id": "a", "ingest_date": "2026-11-28"}, {"article_id": "b", "ingest_date": "2026-11-28"}]
    _run(lake, "b2", "crashed")
    assert lake.recover().removed == [f"s3://{name}/lake/articles/ingest_date=2026-11-28/part-b2.parquet"]
    assert [f.batch_id for f in lake.files("articles")] == ["b1"]
    assert lake.get_blob("_models/topics/topic_model.joblib") is None
    lake.put_blob("_models/topics/topic_model.joblib", b"model")
    assert lake.get_blob("_models/topics/topic_model.joblib") == b"model"
    keys = {o["Key"] for o in client.list_objects_v2(Bucket=name)["Contents"]}
    assert not any(".tmp-" in k for k in keys)
    # two runs on one machine never write to one bucket prefix at once
    with lake.lock():
        with pytest.raises(LakeBusy, match=f"s3://{name}/lake"):
            with Lake(f"s3://{name}/lake").lock():
                pass


def test_views_read_an_s3_lake_through_its_filesystem(bucket, tmp_path):
    _, name = bucket
    lake = Lake(f"s3://{name}/lake")
    lake.write("articles", _articles(["a", "b"]), DAY, "b1")
    _commit(lake, "b1", ["a", "b"])
    db = tmp_path / "db.duckdb"
    warehouse.build_database(lake, db, {"model_version": "none"})
    assert warehouse.query(db, "select count(*) from articles") == (["count_star()"], [(2,)])
    assert warehouse.query(db, "select lake, protocol from lake_location") == (["lake", "protocol"],
                                                                                [(f"s3://{name}/lake", "s3")])


def test_a_corrupt_file_is_named_and_repair_moves_it_aside(tmp_path):
    from newsflow.tasks.errors import LakeDamaged

    lake = Lake(tmp_path / "lake")
    lake.write("articles", _articles(["a"], "b1"), DAY, "b1")
    lake.write("articles", _articles(["b"], "b2"), DAY, "b2")
    _commit(lake, "b1", ["a"])
    _commit(lake, "b2", ["b"])
    broken = tmp_path / "lake" / "articles" / "ingest_date=2026-11-28" / "part-b2.parquet"
    broken.write_bytes(b"not parquet")   # a disk fault, a partial copy
    with pytest.raises(LakeDamaged, match="part-b2.parquet is not a readable Parquet file.*views --repair"):
        lake.article_ids()
    moved = lake.quarantine_unreadable()
    assert moved == [(broken, tmp_path / "lake" / QUARANTINE / "articles" / "ingest_date=2026-11-28" / "part-b2.parquet")]
    assert moved[0][1].read_bytes() == b"not parquet" and lake.article_ids() == {"a"}
