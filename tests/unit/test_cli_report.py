"""`newsflow report`: a missing database is one line and exit 2; a real one gives the page."""
from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from newsflow.tasks.storage import warehouse
from newsflow.tasks.storage.lake import Lake

NEWSFLOW = str(Path(sys.executable).with_name("newsflow"))


def test_report_of_a_missing_database_is_one_line_and_exit_2(tmp_path):
    done = subprocess.run([NEWSFLOW, "report", "--db", str(tmp_path / "none.duckdb")], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"Error: database {tmp_path / 'none.duckdb'} does not exist yet: "
                                                "run `newsflow run` first"]


def test_report_of_an_empty_lake_writes_the_page(tmp_path):
    db = tmp_path / "newsflow.duckdb"
    warehouse.build_database(Lake(tmp_path / "lake"), db)
    done = subprocess.run([NEWSFLOW, "report", "--db", str(db), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Report: {tmp_path / 'out' / 'report.html'}"
    assert (tmp_path / "out" / "key_chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _night(lake: Lake, day: str, ids: list[str]) -> None:
    from newsflow.tasks.storage import schemas

    batch = f"run{day}-00000"
    lake.write("articles", schemas.from_rows("articles", [
        {"article_id": i, "source_path": f"{i}.txt", "text": "Acme sells", "n_words": 2, "language": "en",
         "run_id": f"run{day}", "batch_id": batch} for i in ids]), date.fromisoformat(day), batch)
    lake.write("entities", schemas.from_rows("entities", [
        {"article_id": i, "sentence_idx": 0, "start_char": 0, "end_char": 4, "text": "Acme", "label": "ORG",
         "entity_key": "Acme", "alias": "Acme", "batch_id": batch} for i in ids]), date.fromisoformat(day), batch)
    lake.write("manifest", schemas.from_rows("manifest", [
        {"input_dir": "/in", "source_path": f"{i}.txt", "status": "processed", "items": 1, "article_ids": [i],
         "batch_id": batch} for i in ids]), date.fromisoformat(day), batch)


def test_the_report_covers_the_last_30_ingest_days_unless_all_time(tmp_path):
    """The `recent` views read the articles ingested in the last 30 days of the lake (their files only);
    the report reads them by default and the whole lake with --all-time."""
    lake, db = Lake(tmp_path / "lake"), tmp_path / "newsflow.duckdb"
    _night(lake, "2026-01-01", ["old1", "old2", "old3"])
    _night(lake, "2026-03-01", ["new1"])
    _night(lake, "2026-03-30", ["new2"])     # 2026-03-01 is the 30th ingest day back from here
    warehouse.build_database(lake, db)
    assert warehouse.query(db, "select since, days from recent.recent_window")[1] == [(date(2026, 3, 1), 30)]
    assert warehouse.query(db, "select count(*) from recent.articles")[1] == [(2,)]
    assert warehouse.query(db, "select mentions from recent.top_entities")[1] == [(2,)]
    assert warehouse.query(db, "select mentions from top_entities")[1] == [(5,)]
    for flags, mentions in (([], 2), (["--all-time"], 5)):
        out = tmp_path / ("all" if flags else "recent")
        done = subprocess.run([NEWSFLOW, "report", "--db", str(db), "--out", str(out), *flags],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        page = (out / "report.html").read_text(encoding="utf-8")
        assert ("Articles ingested from 2026-03-01 on" in page) == (not flags)
        assert f'"mentions": {mentions}' in page or f'"mentions":{mentions}' in page

