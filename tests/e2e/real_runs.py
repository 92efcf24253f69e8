"""Real `newsflow` processes for the end-to-end tests: started, waited for, killed for real.

Each run gets its own process group. A run that is SIGKILLed leaves its children behind (Prefect's
ephemeral API server, spaCy worker processes) exactly as a real crash would; `wait()` ends them by
that group id so no test leaves processes running. Output goes to files, not pipes: orphaned
children inherit the pipes and would keep a reader waiting forever.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from tests.conftest import ROOT

NEWSFLOW = str(Path(sys.executable).with_name("newsflow"))
DUCKDB_CLI = str(Path(sys.executable).with_name("duckdb"))
KILLED = -signal.SIGKILL


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


class Run:
    """One `newsflow` process, started now."""

    def __init__(self, *args: str, env: dict[str, str] | None = None):
        self.args = args
        self._out = tempfile.TemporaryFile("w+", encoding="utf-8")
        self._err = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.proc = subprocess.Popen([NEWSFLOW, *args], cwd=ROOT, stdout=self._out, stderr=self._err,
                                     env={**os.environ, "COLUMNS": "200", **(env or {})}, start_new_session=True)

    def running(self) -> bool:
        return self.proc.poll() is None

    def wait(self, timeout: float = 600) -> Result:
        try:
            returncode = self.proc.wait(timeout)
        finally:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)   # whatever the run left behind
            except ProcessLookupError:
                pass
        self._out.seek(0)
        self._err.seek(0)
        return Result(returncode, self._out.read(), self._err.read())


def newsflow(*args: str, env: dict[str, str] | None = None, expect: int = 0) -> Result:
    result = Run(*args, env=env).wait()
    assert result.returncode == expect, (
        f"newsflow {' '.join(args)} exited {result.returncode}, expected {expect}:\n{result.stdout}\n{result.stderr}")
    return result


def rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def leftovers(lake: Path, db: Path) -> list[Path]:
    """Temporary files a reader could trip over: half-written Parquet files, half-built databases."""
    return sorted([p for p in lake.rglob(".tmp-*")] + list(db.parent.glob(f".{db.name}.tmp-*")))


def assert_consistent(lake: Path, db: Path) -> None:
    """No temporary file left, and every invariant query of sql/checks returns no row."""
    from newsflow.tasks.storage.warehouse import checks, run_checks

    assert leftovers(lake, db) == []
    assert run_checks(db) == {c.name: 0 for c in checks()}


def assert_audit_passes(lake: Path, db: Path) -> None:
    """The whole-lake audit (what `newsflow views` runs): every data test over every row, and the
    marts' grain, which needs every view built in full (a nightly run checks its own rows only)."""
    from newsflow.tasks.storage.lake import Lake
    from newsflow.tasks.storage.warehouse import checks, rebuild_views, run_checks

    rebuild_views(Lake(lake), db)
    assert run_checks(db) == {c.name: 0 for c in checks(whole_lake=True)}
    assert "marts_grain_unique" in run_checks(db)
