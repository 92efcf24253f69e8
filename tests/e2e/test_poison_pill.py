"""Poison pills: inputs that used to stop every nightly run, mixed with good articles in one real
run. The good articles land, each bad one is one reject row with its reason (or lands with what
could not be read left null and counted), counts reconcile, and the next run adds nothing and exits 0.
Then the lake survives losing its manifest partition: nothing is deleted, every article stays."""
from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import BBC
from tests.e2e.real_runs import assert_consistent, newsflow, rows

pytestmark = pytest.mark.e2e
ENV = {"NEWSFLOW_BATCH_SIZE": "16", "NEWSFLOW_N_PROCESS": "1"}
RUN_COUNTS = ("select items_seen, articles_landed, duplicates, unchanged, rejected, dates_dropped, status "
              "from runs order by started_at")
BODY = "The harbour authority said on Monday that the new ferry terminal will open in the spring."


def _write_pills(folder: Path) -> dict[str, str]:
    """The hostile inputs; returns each reject's source path and reason."""
    (folder / "one line.txt").write_text("word " * 220_000)                      # 1.1 MB, one line
    (folder / "huge cell.csv").write_text(f"title,text\nHuge,{'word ' * 2_000_000}\nSmall,{BODY}\n")   # 10 MB cell
    dates = ["1025-03-01", "2300-01-01", 9_300_000_000, "2024-03-01"]
    (folder / "dates.jsonl").write_text("\n".join(
        json.dumps({"title": f"Dated {n}", "text": f"{BODY} Item {n}.", "published": d}) for n, d in enumerate(dates)))
    (folder / "separators.jsonl").write_text("\n".join(
        json.dumps({"title": f"Sep {n}", "text": f"The minister said{sep}the plan holds. Item {n}."}, ensure_ascii=False)
        for n, sep in enumerate(["\u2028", "\u2029", "\u0085"])))
    (folder / "quotes.tsv").write_text('title\ttext\n'
                                       'Win\t"We will win," the mayor of Leeds said on Monday.\n'
                                       'Open\t"An open quote runs on, said the council.\n'
                                       'After\tThe row after the open quote lands on its own.\n')
    (folder / "quoted.tsv").write_text('"title"\t"text"\n"Fine"\t"A quoted row, read with its quoting."\n'
                                       '"Open"\t"Left open.\n"Lost"\t"Read into the open quote."\n')
    return {"one line.txt": "too_long", "huge cell.csv#0": "too_long", "quoted.tsv#1": "malformed_csv"}


@pytest.fixture(scope="module")
def pill_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("pills")
    folder, lake, db = base / "input", base / "lake", base / "newsflow.duckdb"
    (folder / "bbc").mkdir(parents=True)
    for path in sorted((BBC / "business").glob("*.txt"))[:8]:
        shutil.copy(path, folder / "bbc" / path.name)
    rejects = _write_pills(folder)
    first = newsflow("run", str(folder), "--lake", str(lake), "--db", str(db), env=ENV)
    return folder, lake, db, rejects, first


def test_good_articles_land_and_each_pill_is_one_reject(pill_run):
    _, _, db, rejects, first = pill_run
    assert dict(rows(db, "select source_path, reason from rejects")) == rejects
    landed = Counter(path for (path,) in rows(db, "select source_path from articles"))
    assert landed == {**{p: 1 for p in landed if p.startswith("bbc/")}, "huge cell.csv": 1, "dates.jsonl": 4,
                      "separators.jsonl": 3, "quotes.tsv": 3, "quoted.tsv": 1}
    assert len([p for p in landed if p.startswith("bbc/")]) == 8
    assert "Error" not in first.stdout + first.stderr


def test_dates_out_of_range_are_null_and_counted(pill_run):
    _, _, db, _, first = pill_run
    assert rows(db, "select title, cast(published_at as date)::varchar from articles where source_path = 'dates.jsonl' "
                    "order by title") == [("Dated 0", None), ("Dated 1", None), ("Dated 2", None),
                                          ("Dated 3", "2024-03-01")]
    assert "3 articles landed undated" in first.stdout


def test_quotes_in_tsv_cells_and_separators_in_jsonl_survive(pill_run):
    _, _, db, _, _ = pill_run
    assert rows(db, "select text from articles where title = 'Win'") == [
        ('"We will win," the mayor of Leeds said on Monday.',)]
    assert rows(db, "select count(*) from quotes q join articles a using (article_id) where a.title = 'Win'") == [(1,)]
    assert rows(db, "select count(*) from articles where title like 'Sep %'") == [(3,)]


def test_counts_reconcile_and_the_next_run_adds_nothing(pill_run):
    folder, lake, db, rejects, _ = pill_run
    items = 8 + 2 + 4 + 3 + 3 + 2 + 1   # bbc, csv rows, dates, separators, quotes.tsv rows, quoted.tsv items
    landed = items - len(rejects)
    assert rows(db, RUN_COUNTS) == [(items, landed, 0, 0, len(rejects), 3, "completed")]
    assert_consistent(lake, db)
    newsflow("run", str(folder), "--lake", str(lake), "--db", str(db), env=ENV)
    assert rows(db, RUN_COUNTS)[-1] == (items, 0, 0, items, 0, 0, "completed")
    assert rows(db, "select count(*) from articles") == [(landed,)]


def test_a_lost_manifest_partition_deletes_nothing(pill_run, tmp_path):
    _, lake, db, _, _ = pill_run
    before = sorted(rows(db, "select article_id from articles"))
    for partition in (lake / "manifest").glob("ingest_date=*"):
        shutil.rmtree(partition)                       # a partial restore, a wrong rm
    empty = tmp_path / "unrelated"
    empty.mkdir()
    result = newsflow("run", str(empty), "--lake", str(lake), "--db", str(db), env=ENV)
    assert sorted(rows(db, "select article_id from articles")) == before
    assert not (lake / "_quarantine").exists() and "moved to" not in result.stderr
