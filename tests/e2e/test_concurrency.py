"""Two real runs on one lake at once, with readers polling the database all the while.

One run proceeds; the other stops with a one-line message and exit code 3. Python read-only
connections, the DuckDB CLI and `newsflow query` read throughout and never fail: each sees the
last complete state, then the new one once the run swaps its database in.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import BBC, ROOT
from tests.e2e.real_runs import DUCKDB_CLI, NEWSFLOW, Run, assert_consistent, newsflow

pytestmark = pytest.mark.e2e
ENV = {"NEWSFLOW_BATCH_SIZE": "5", "NEWSFLOW_N_PROCESS": "1"}
COUNT = "select count(*) from articles"


@pytest.fixture(scope="module")
def lake_with_history(tmp_path_factory):
    base = tmp_path_factory.mktemp("concurrency")
    folder, lake, db = base / "input", base / "lake", base / "newsflow.duckdb"
    folder.mkdir()
    for path in sorted((BBC / "business").glob("*.txt"))[:6]:
        shutil.copy(path, folder / path.name)
    newsflow("run", str(folder), "--lake", str(lake), "--db", str(db), env=ENV)
    for path in sorted((BBC / "tech").glob("*.txt"))[:30]:   # work for the next run: 6 batches
        shutil.copy(path, folder / path.name)
    return folder, lake, db


def _python_read(db: Path) -> tuple[int, int]:
    """(articles, runs) from one read-only connection: one consistent snapshot."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(f"select ({COUNT}), (select count(*) from runs)").fetchone()


def _cli_read(db: Path) -> int:
    result = subprocess.run([DUCKDB_CLI, "-readonly", "-csv", "-noheader", str(db), COUNT],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return int(result.stdout)


def _newsflow_read(db: Path) -> int:
    result = subprocess.run([NEWSFLOW, "query", COUNT + " as n", "--db", str(db)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    [count] = re.findall(r"│\s*(\d+)\s*│", result.stdout)
    return int(count)


def test_one_run_proceeds_the_other_stops_and_readers_never_fail(lake_with_history):
    folder, lake, db = lake_with_history
    [(before, runs_before)] = [_python_read(db)]
    args = ("run", str(folder), "--lake", str(lake), "--db", str(db))
    first, second = Run(*args, env=ENV), Run(*args, env=ENV)

    seen: dict[str, list] = {"python": [], "duckdb cli": [], "newsflow query": []}
    last_slow_read = 0.0
    while first.running() or second.running():
        seen["python"].append(_python_read(db))
        if time.monotonic() - last_slow_read > 2:
            seen["duckdb cli"].append(_cli_read(db))
            seen["newsflow query"].append(_newsflow_read(db))
            last_slow_read = time.monotonic()
        time.sleep(0.05)
    results = sorted([first.wait(), second.wait()], key=lambda r: r.returncode)

    assert [r.returncode for r in results] == [0, 3], [r.stderr[-3000:] for r in results]
    assert re.fullmatch(rf"Error: another newsflow run is writing to {re.escape(str(lake))} \(pid \d+ since "
                        r"[\d: -]+\); try again when it finishes\n", results[1].stderr), results[1].stderr
    after, runs_after = _python_read(db)
    assert (after, runs_after) == (before + 30, runs_before + 1)   # the loser left no trace
    # every read succeeded and saw a whole state: the old one, then the new one, nothing between
    assert set(seen["python"]) <= {(before, runs_before), (after, runs_after)}
    assert seen["python"][0] == (before, runs_before) and seen["python"][-1] == (after, runs_after)
    for reader in ("duckdb cli", "newsflow query"):
        assert seen[reader] and set(seen[reader]) <= {before, after}, (reader, seen[reader])
        assert seen[reader][0] == before
    assert_consistent(lake, db)
