"""Hostile files next to real articles, through the real CLI: each item lands correctly or is
rejected with its reason, the run completes, and the runs table accounts for every input."""
from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from newsflow.tasks.ingest.clean import clean_text
from tests.conftest import BBC
from tests.e2e.real_runs import assert_consistent, newsflow, rows
from tests.nasty_corpus import entries_under, write_nasty_corpus

pytestmark = pytest.mark.e2e
ENV = {"NEWSFLOW_BATCH_SIZE": "16", "NEWSFLOW_N_PROCESS": "1"}
RUN_COUNTS = "select files_seen, items_seen, articles_landed, duplicates, unchanged, rejected, status from runs"


@pytest.fixture(scope="module")
def nasty_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("nasty")
    folder, lake, db = base / "input", base / "lake", base / "newsflow.duckdb"
    bbc = sorted((BBC / "politics").glob("*.txt"))[:10]
    (folder / "bbc").mkdir(parents=True)
    for path in bbc:
        shutil.copy(path, folder / "bbc" / path.name)
    expected = write_nasty_corpus(folder, duplicate_of=bbc[0])
    result = newsflow("run", str(folder), "--lake", str(lake), "--db", str(db), env=ENV)
    return folder, lake, db, expected, result


def test_every_item_lands_or_is_rejected_with_its_reason(nasty_run):
    _, _, db, expected, _ = nasty_run
    landed = {(path if index is None else f"{path}#{index}"): (lang, title, text)
              for path, index, lang, title, text in rows(
                  db, "select source_path, record_index, language, title, text from articles")}
    rejected = dict(rows(db, "select source_path, reason from rejects"))
    for item in expected:
        if item.outcome == "article":
            language, title, text = landed.pop(item.source_path)
            assert language == item.language or item.language is None, item
            assert title == item.title or item.title is None, item
            assert text == clean_text(item.text) if item.text else text, item
        elif item.outcome == "duplicate":
            assert item.source_path not in landed and item.source_path not in rejected
        else:
            assert rejected.pop(item.source_path) == item.outcome, item
    assert sorted(landed) == sorted(f"bbc/{p.name}" for p in sorted((BBC / "politics").glob("*.txt"))[:10])
    assert rejected == {}


def test_html_scripts_are_not_text(nasty_run):
    _, _, db, _, _ = nasty_run
    [(text,)] = rows(db, "select text from articles where source_path = 'scripts.html'")
    assert text.count("The regional council approved") == 8
    assert "SECRET" not in text and "AD1" not in text and "track(" not in text


def test_the_run_completes_and_reconciles(nasty_run):
    folder, lake, db, expected, result = nasty_run
    outcomes = Counter(e.outcome if e.outcome in ("article", "duplicate") else "rejected" for e in expected)
    items = 10 + len(expected)
    assert rows(db, RUN_COUNTS) == [(entries_under(folder), items, 10 + outcomes["article"], outcomes["duplicate"],
                                     0, outcomes["rejected"], "completed")]
    by_reason = Counter(e.outcome for e in expected if e.outcome not in ("article", "duplicate"))
    assert dict(rows(db, "select reason, inputs from rejects_by_reason")) == dict(by_reason)
    assert_consistent(lake, db)    # includes entity and sentence offsets in every script
    assert result.stderr == ""


def test_rerun_skips_everything_but_the_unreadable_file(nasty_run):
    folder, lake, db, expected, _ = nasty_run
    newsflow("run", str(folder), "--lake", str(lake), "--db", str(db), env=ENV)
    items = 10 + len(expected)
    [last] = rows(db, RUN_COUNTS + " order by started_at desc limit 1")
    assert last == (entries_under(folder), items, 0, 0, items - 1, 1, "completed")
    assert rows(db, "select reason, count(*) from rejects where source_path = 'unreadable.txt' group by 1") == [
        ("unreadable", 2)]
    assert_consistent(lake, db)


def test_a_feed_that_is_mostly_broken_fails_the_run(tmp_path: Path):
    folder, lake, db = tmp_path / "input", tmp_path / "lake", tmp_path / "newsflow.duckdb"
    expected = write_nasty_corpus(folder)
    rejected = sum(e.outcome not in ("article", "duplicate") for e in expected)
    result = newsflow("run", str(folder), "--lake", str(lake), "--db", str(db),
                      env={**ENV, "NEWSFLOW_MAX_REJECT_SHARE": "0.25"}, expect=4)
    message = (f"{rejected} of {len(expected)} inputs rejected ({rejected / len(expected):.0%}), more than "
               f"NEWSFLOW_MAX_REJECT_SHARE=25%: is the feed broken?")
    assert result.stderr == f"Error: {message}\n"
    assert rows(db, "select status, message, rejected from runs") == [("failed", message, rejected)]
    assert_consistent(lake, db)
