"""The manifest decides what a run reads: real files, a real lake, the pipeline's plain functions."""
import os
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from newsflow.tasks import killpoints
from newsflow.tasks.ingest import manifest
from newsflow.tasks.ingest.files import discover, ingest_files
from newsflow.tasks.storage.lake import Lake
from newsflow.tasks.nlp.pool import Analysis
from newsflow.tasks.run.batches import ingest_batch, land_batch
from newsflow.tasks.run.plan import plan_inputs, write_discovery
from newsflow.tasks.run.records import RunStats
from newsflow.tasks.settings import Settings
from tests.conftest import ROOT

DAY = date(2026, 11, 28)


def _story(n: int) -> str:
    return f"Story number {n}\n\nThe council met on day {n} and agreed on the plan for the harbour.\n"


def _run(folder: Path, lake_dir: Path, run_id: str, **overrides) -> RunStats:
    """One pass of plan -> ingest -> land, as the flow does it, without NLP (no articles need it here)."""
    settings = Settings(input_dir=folder, lake=str(lake_dir), batch_size=2, **overrides)
    lake = Lake(lake_dir)
    stats = RunStats(run_id=run_id, started_at=datetime.now(timezone.utc), ingest_date=DAY)
    plan = plan_inputs(settings, lake)
    write_discovery(lake, plan, stats)
    known = lake.article_ids()
    for n, files in enumerate(plan.batches):
        land_batch(lake, ingest_batch(files, settings, known, f"{run_id}-{n}"), Analysis(), stats)
    assert stats.reconciles, stats
    return stats


def _latest(lake_dir: Path, folder: Path) -> dict[str, manifest.Entry]:
    return manifest.latest(Lake(lake_dir), str(folder.resolve()))


def test_unchanged_touched_changed_removed_and_new(workdir):
    folder, lake_dir = workdir / "input", workdir / "lake"
    for n in range(4):
        (folder / f"s{n}.txt").write_text(_story(n))
    (folder / "junk.bin").write_bytes(b"\x00\x01")
    os.symlink(".", folder / "loop")
    first = _run(folder, lake_dir, "r1")
    assert (first.files_seen, first.items_seen, first.articles_landed, first.rejected, first.unchanged) == (6, 6, 4, 2, 0)
    entries = _latest(lake_dir, folder)
    assert {p: e.status for p, e in entries.items()} == {
        "s0.txt": "processed", "s1.txt": "processed", "s2.txt": "processed", "s3.txt": "processed",
        "junk.bin": "processed", "loop": "processed"}
    assert len(entries["s0.txt"].article_ids) == 1 and entries["junk.bin"].content_hash is None

    # Nothing new: nothing read, no row written (not even a reject again).
    rows_before = {t: Lake(lake_dir).read(t).num_rows for t in ("articles", "rejects", "manifest")}
    again = _run(folder, lake_dir, "r2")
    assert (again.items_seen, again.unchanged, again.articles_landed, again.rejected) == (6, 6, 0, 0)
    assert {t: Lake(lake_dir).read(t).num_rows for t in rows_before} == rows_before

    # touched (same bytes), changed, removed, new
    os.utime(folder / "s0.txt", ns=(1, 1))
    (folder / "s1.txt").write_text(_story(101))
    (folder / "s2.txt").unlink()
    (folder / "s4.txt").write_text(_story(4))
    third = _run(folder, lake_dir, "r3")
    assert (third.items_seen, third.articles_landed, third.unchanged, third.removed, third.rejected) == (6, 2, 4, 1, 0)
    entries = _latest(lake_dir, folder)
    assert entries["s0.txt"].mtime_ns == 1 and entries["s0.txt"].status == "processed"   # the new stat is kept
    assert entries["s2.txt"].status == "removed" and len(entries["s2.txt"].article_ids) == 1
    assert Lake(lake_dir).read("articles").num_rows == 6       # the old version of s1 stays in the lake

    fourth = _run(folder, lake_dir, "r4")                      # and now all of it is known
    assert (fourth.unchanged, fourth.articles_landed, fourth.removed) == (6, 0, 0)


def test_full_refresh_reads_everything_and_lands_nothing_twice(workdir):
    folder, lake_dir = workdir / "input", workdir / "lake"
    for n in range(3):
        (folder / f"s{n}.txt").write_text(_story(n))
    _run(folder, lake_dir, "r1")
    refresh = _run(folder, lake_dir, "r2", full_refresh=True)
    assert (refresh.items_seen, refresh.unchanged, refresh.duplicates, refresh.articles_landed) == (3, 0, 3, 0)
    assert Lake(lake_dir).read("articles").num_rows == 3


def test_same_bytes_are_not_parsed_again(workdir):
    path = workdir / "input" / "a.txt"
    path.write_text(_story(1))
    [item] = discover(workdir / "input").files
    digest = manifest.content_hash(path.read_bytes())
    previous = manifest.Entry("a.txt", 1, 1, digest, manifest.PROCESSED, 1, ("id1",))
    got = ingest_files([item.__class__(item.path, item.rel, item.size, item.mtime_ns, previous)], 10**6)
    assert (got.articles, got.rejects, got.items_seen, got.unchanged) == ([], [], 1, 1)
    assert got.files["a.txt"].unchanged and got.files["a.txt"].content_hash == digest


def test_an_unreadable_file_is_retried(workdir):
    folder, lake_dir = workdir / "input", workdir / "lake"
    os.symlink("/proc/self/mem", folder / "mem.txt")    # a regular file whose read fails (EIO), even for root
    first = _run(folder, lake_dir, "r1")
    assert (first.rejected, first.reject_reasons) == (1, {"unreadable": 1})
    assert _latest(lake_dir, folder)["mem.txt"].status == "retry"
    second = _run(folder, lake_dir, "r2")
    assert (second.rejected, second.unchanged) == (1, 0)


def test_one_lake_serves_two_input_folders(workdir):
    lake_dir = workdir / "lake"
    for name in ("one", "two"):
        (workdir / name).mkdir()
        (workdir / name / "a.txt").write_text(_story(len(name) * 7 + ord(name[1])))
    _run(workdir / "one", lake_dir, "r1")
    other = _run(workdir / "two", lake_dir, "r2")
    assert (other.articles_landed, other.removed) == (1, 0)   # folder one's files are not "removed"


def test_kill_point_kills_on_the_chosen_pass():
    code = "from tasks import killpoints\nfor n in range(5):\n    print(n, flush=True)\n    killpoints.check('commit')\n"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, killpoints.ENV: "commit:3"})
    assert (result.returncode, result.stdout.split()) == (-9, ["0", "1", "2"])
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, killpoints.ENV: "views"})
    assert (result.returncode, result.stdout.split()) == (0, ["0", "1", "2", "3", "4"])


def test_kill_point_narrowed_to_a_table():
    code = ("from tasks import killpoints\nfor table in ['articles', 'entities'] * 3:\n"
            "    print(table, flush=True)\n    killpoints.check('parquet', table)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, killpoints.ENV: "parquet/entities:2"})
    assert (result.returncode, result.stdout.split()) == (-9, ["articles", "entities", "articles", "entities"])


def test_unknown_kill_point_is_an_error(monkeypatch):
    monkeypatch.setenv(killpoints.ENV, "nowhere")
    with pytest.raises(ValueError, match="must be one of"):
        killpoints.check("commit")
