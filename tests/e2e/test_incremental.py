"""Incremental runs through the real CLI: the manifest skips what is known, a changed file lands as a
new version, a removed file is flagged, --full-refresh reads everything, --ingest-date backfills."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import BBC
from tests.e2e.real_runs import assert_consistent, newsflow, rows

pytestmark = pytest.mark.e2e
ENV = {"NEWSFLOW_BATCH_SIZE": "8", "NEWSFLOW_N_PROCESS": "1"}
LAST_RUN = """select items_seen, articles_landed, duplicates, unchanged, rejected, removed
              from runs order by started_at desc limit 1"""


def _bbc(category: str, n: int) -> Path:
    return sorted((BBC / category).glob("*.txt"))[n]


def _record(n: int) -> str:
    body = _bbc("entertainment", n).read_text(encoding="utf-8").split("\n", 2)[2]
    return json.dumps({"title": f"Record {n}", "text": body})


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    base = tmp_path_factory.mktemp("incremental")
    folder, lake, db = base / "input", base / "lake", base / "newsflow.duckdb"
    folder.mkdir()
    for n in range(12):
        shutil.copy(_bbc("politics", n), folder / f"p{n:02d}.txt")
    (folder / "feed.jsonl").write_text("\n".join(_record(n) for n in range(3)) + "\n")
    run = lambda *extra, env=ENV: newsflow("run", str(folder), "--lake", str(lake), "--db", str(db), *extra, env=env)
    run()
    return folder, lake, db, run


def _tables(db: Path) -> dict[str, int]:
    return dict(rows(db, "select table_name, rows from data_quality"))


def test_first_run_lands_every_item(history):
    _, lake, db, _ = history
    assert rows(db, LAST_RUN) == [(15, 15, 0, 0, 0, 0)]
    assert rows(db, "select count(*) from article_overview") == [(15,)]
    assert_consistent(lake, db)


def test_rerun_with_nothing_new_reads_nothing_and_adds_no_row(history):
    _, lake, db, run = history
    before = _tables(db)
    # armed to die as soon as a batch is read: completing proves no file was opened or parsed
    run(env={**ENV, "NEWSFLOW_KILL_AT": "ingest"})
    assert rows(db, LAST_RUN) == [(15, 0, 0, 15, 0, 0)]
    assert _tables(db) == {**before, "runs": before["runs"] + 1}


def test_changed_touched_removed_and_new_files(history):
    folder, lake, db, run = history
    [(old_a,)] = rows(db, "select article_id from articles where source_path = 'p00.txt'")
    [(removed_c,)] = rows(db, "select article_id from articles where source_path = 'p02.txt'")
    shutil.copy(_bbc("sport", 0), folder / "p00.txt")                  # changed: a new version
    os.utime(folder / "p01.txt", ns=(10**18, 10**18))                 # touched: same bytes
    (folder / "p02.txt").unlink()                                    # removed
    shutil.copy(_bbc("tech", 0), folder / "new.txt")                  # new
    with open(folder / "feed.jsonl", "a") as feed:                    # a record appended
        feed.write(_record(3) + "\n")

    run("--ingest-date", "2024-01-02")

    # 12 files + 4 records = 16 items: p00, new.txt and record 3 land; records 0-2 are duplicates
    # (their file changed, they did not); the 10 other files are unchanged, p01 by its hash.
    assert rows(db, LAST_RUN) == [(16, 3, 3, 10, 0, 1)]
    assert sorted(rows(db, "select source_path, record_index from articles where ingest_date = '2024-01-02'")) == [
        ("feed.jsonl", 3), ("new.txt", None), ("p00.txt", None)]
    assert rows(db, "select count(*) from articles") == [(18,)]                  # every version stays
    assert rows(db, "select count(*) from article_overview") == [(16,)]          # marts count current ones
    statuses = dict(rows(db, "select article_id, article_status from int_article_versions"))
    assert (statuses[old_a], statuses[removed_c]) == ("superseded", "removed")
    assert sorted(set(statuses.values())) == ["current", "removed", "superseded"]
    for view in ("article_overview", "int_named_entities", "int_current_article_topics", "int_article_days"):
        assert rows(db, f"select count(*) from {view} where article_id in ('{old_a}', '{removed_c}')") == [(0,)]
    assert rows(db, f"select count(*) > 0 from entities where article_id = '{old_a}'") == [(True,)]
    files = {r[0]: r[1:] for r in rows(db, "select source_path, status, versions, articles from input_files")}
    assert files["p00.txt"] == ("processed", 2, 1)
    assert files["p01.txt"] == ("processed", 1, 1)
    assert files["p02.txt"] == ("removed", 1, 1)
    assert files["feed.jsonl"] == ("processed", 2, 4)
    assert_consistent(lake, db)


def test_full_refresh_reads_everything_and_lands_nothing_twice(history):
    _, lake, db, run = history
    before = _tables(db)
    run("--full-refresh")
    assert rows(db, LAST_RUN) == [(16, 0, 16, 0, 0, 0)]
    after = _tables(db)
    assert after == {**before, "runs": before["runs"] + 1, "manifest": before["manifest"] + 13}
    assert_consistent(lake, db)
