"""One schema per table: the Parquet the writer lands, the staging view and the declaration agree."""
from __future__ import annotations

from datetime import date

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newsflow.tasks.storage import schemas, warehouse
from newsflow.tasks.storage.lake import Lake

DAY = date(2026, 11, 28)


def _one_row(schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist([{f.name: None for f in schema}], schema=schema)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("schemas")
    lake = Lake(base / "lake")
    for name in schemas.TABLES:
        lake.write(name, _one_row(schemas.payload(name)), DAY, "b1")
    db = base / "newsflow.duckdb"
    warehouse.build_database(lake, db)
    return lake, db


@pytest.mark.parametrize("name", list(schemas.TABLES))
def test_parquet_staging_view_and_schema_agree(built, name):
    lake, db = built
    [written] = lake.files(name)
    assert pq.read_schema(written.path).remove_metadata() == schemas.TABLES[name]
    with duckdb.connect(str(db), read_only=True) as con:
        described = {row[0]: row[1] for row in con.execute(f"describe {name}").fetchall()}
    with duckdb.connect() as con:   # DuckDB's own spelling of each declared type
        spelled = {f.name: con.execute(f"select typeof(cast(null as {warehouse.duckdb_type(f.type)}))").fetchone()[0]
                   for f in schemas.TABLES[name]}
    for field in schemas.TABLES[name]:
        assert described.get(field.name) == spelled[field.name], (name, field.name)
    assert described[schemas.PARTITION_KEY] == "DATE"


def test_the_writer_stamps_batch_id_on_every_table(built):
    lake, db = built
    with duckdb.connect(str(db), read_only=True) as con:
        for name in schemas.TABLES:
            assert con.execute(f"select distinct batch_id from {name}").fetchall() == [("b1",)], name


def test_every_table_is_counted_in_data_quality(built):
    _, db = built
    with duckdb.connect(str(db), read_only=True) as con:
        counted = [r[0] for r in con.execute("select table_name from data_quality").fetchall()]
    assert set(counted) == set(schemas.TABLES) | {"current_articles"}
