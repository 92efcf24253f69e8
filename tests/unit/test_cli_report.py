"""`newsflow report`: a missing database is one line and exit 2; a real one gives the page."""
from __future__ import annotations

import subprocess
import sys
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
