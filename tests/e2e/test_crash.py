"""Killing a real run (SIGKILL) at each crash point, then running again, leaves a lake and database
with no temporary file visible, no duplicate row and no article missing.

The run kills itself where NEWSFLOW_KILL_AT says (tasks/killpoints.py): after a batch is ingested,
with half a batch analysed by live spaCy workers, with a Parquet file written but not renamed,
with a batch's data files written but not committed, between topic batches, with the new
database built but not swapped in, and after the swap before the run's final row. One lake goes
through all of them, in two phases: a first corpus, then new files added.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsflow.tasks.ingest.files import discover, ingest_files
from newsflow.tasks.storage.lake import Lake
from newsflow.tasks.storage.warehouse import run_checks
from tests.conftest import BBC
from tests.e2e.real_runs import KILLED, assert_consistent, leftovers, newsflow, rows
from tests.nasty_corpus import entries_under, write_nasty_corpus

pytestmark = pytest.mark.e2e
SMALL_BATCHES = {"NEWSFLOW_BATCH_SIZE": "8", "NEWSFLOW_N_PROCESS": "1"}


def _copy_bbc(folder: Path, category: str, count: int) -> None:
    for path in sorted((BBC / category).glob("*.txt"))[:count]:
        shutil.copy(path, folder / f"bbc-{category}-{path.name}")


def _expected_ids(folder: Path) -> set[str]:
    """The distinct articles the folder holds, from the same reading code (no NLP needed)."""
    return {a.article_id for a in ingest_files(discover(folder).files, 20 * 1024 * 1024).articles}


@pytest.fixture(scope="module")
def lake_under_fire(tmp_path_factory):
    base = tmp_path_factory.mktemp("crash")
    folder = base / "input"
    folder.mkdir()
    _copy_bbc(folder, "business", 16)
    write_nasty_corpus(folder / "nasty")
    return folder, base / "lake", base / "newsflow.duckdb"


def _killed_run(folder: Path, lake: Path, db: Path, point: str, **env: str) -> None:
    newsflow("run", str(folder), "--lake", str(lake), "--db", str(db),
             env={**SMALL_BATCHES, "NEWSFLOW_KILL_AT": point, **env}, expect=KILLED)


def _articles(db: Path) -> set[str]:
    return {r[0] for r in rows(db, "select article_id from articles")}


def _assert_complete(folder: Path, lake: Path, db: Path, expected_runs: list[str]) -> None:
    assert_consistent(lake, db)
    assert _articles(db) == _expected_ids(folder)                       # none missing, none extra
    assert rows(db, "select count(*) from articles anti join sentences using (article_id)") == [(0,)]
    assert rows(db, """select count(*) from articles anti join int_current_article_topics using (article_id)
                       where source_path like 'bbc-%'""") == [(0,)]
    # an input rejected for what it holds is rejected once, however many runs were killed on the way
    assert rows(db, """select source_path, count(*) from rejects where reason <> 'unreadable'
                       group by source_path having count(*) > 1""") == []
    assert [r[0] for r in rows(db, "select status from runs order by started_at")] == expected_runs
    [(files_seen, items, landed, dups, unchanged, rejected)] = rows(db, """
        select files_seen, items_seen, articles_landed, duplicates, unchanged, rejected
        from runs order by started_at desc limit 1""")
    assert files_seen == entries_under(folder)
    assert items == landed + dups + unchanged + rejected
    assert rows(db, "select count(*) from input_files where status = 'processed'") == [(files_seen - 1,)]
    assert rows(db, "select status from input_files where source_path = 'nasty/unreadable.txt'") == [("retry",)]


def test_kills_before_the_first_complete_run(lake_under_fire):
    folder, lake, db = lake_under_fire
    _killed_run(folder, lake, db, "ingest:2")          # batch 1 landed, batch 2 read
    _killed_run(folder, lake, db, "nlp:2", NEWSFLOW_N_PROCESS="2")  # spaCy workers busy

    _killed_run(folder, lake, db, "parquet/entities:2")  # batch 1 committed, batch 2 half written
    [tmp] = leftovers(lake, db)
    assert tmp.parent.parent.name == "entities" and tmp.name.startswith(".tmp-") and tmp.stat().st_size > 0
    assert all(".tmp-" not in str(f.path) for t in ("articles", "sentences", "entities", "rejects", "manifest")
               for f in Lake(lake).committed_files(t))

    _killed_run(folder, lake, db, "commit:2")          # batch data in place, its manifest not
    lake_view = Lake(lake)
    uncommitted = {f.batch_id for f in lake_view.files("articles")} - {f.batch_id for f in lake_view.files("manifest")}
    assert len(uncommitted) == 1
    assert not any(f.batch_id in uncommitted for f in lake_view.committed_files("articles"))
    assert not db.exists()                             # no run got as far as a database

    newsflow("run", str(folder), "--lake", str(lake), "--db", str(db), env=SMALL_BATCHES)
    _assert_complete(folder, lake, db, ["crashed"] * 4 + ["completed"])


def test_kills_after_a_complete_run(lake_under_fire):
    folder, lake, db = lake_under_fire
    before = _articles(db)
    _copy_bbc(folder, "tech", 12)

    _killed_run(folder, lake, db, "topics:1")          # new articles landed, one topic batch of two
    assert _articles(db) == before                     # readers still see the last complete run

    _killed_run(folder, lake, db, "views")             # new database built beside the old one
    [half_built] = leftovers(lake, db)
    assert half_built.name.startswith(f".{db.name}.tmp-")
    assert _articles(db) == before
    assert set(run_checks(db).values()) == {0}

    _killed_run(folder, lake, db, "finish")            # database swapped in, final run row not written
    assert len(_articles(db)) == len(before) + 12
    assert rows(db, "select status from runs order by started_at desc limit 1") == [("running",)]

    newsflow("run", str(folder), "--lake", str(lake), "--db", str(db), env=SMALL_BATCHES)
    _assert_complete(folder, lake, db, ["crashed"] * 4 + ["completed"] + ["crashed"] * 3 + ["completed"])


def test_a_kill_inside_the_stories_stage_gives_the_stories_of_a_clean_run(tmp_path):
    folder = tmp_path / "input"
    folder.mkdir()
    _copy_bbc(folder, "politics", 12)
    _copy_bbc(folder, "sport", 12)
    clean_lake, clean_db = tmp_path / "clean-lake", tmp_path / "clean.duckdb"
    newsflow("run", str(folder), "--lake", str(clean_lake), "--db", str(clean_db), env=SMALL_BATCHES)
    lake, db = tmp_path / "lake", tmp_path / "newsflow.duckdb"
    # batch 2 committed with its stories, the stories state not saved yet: the next run replays it
    _killed_run(folder, lake, db, "stories:2")
    newsflow("run", str(folder), "--lake", str(lake), "--db", str(db), env=SMALL_BATCHES)

    def stories(path: Path) -> tuple:
        return (rows(path, "select article_id, story_id from article_stories order by article_id"),
                rows(path, "select article_id, duplicate_of from near_duplicates order by article_id"),
                rows(path, "select story_id, articles, sources from stories order by story_id"))

    assert stories(db) == stories(clean_db)
    assert len(stories(db)[0]) == 24                   # every article one story, none twice
    assert set(run_checks(db).values()) == {0}
