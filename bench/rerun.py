"""What a rerun with nothing new costs, next to Prefect's own start-up.

    .venv/bin/python -m bench.rerun [INPUT_DIR] [--lake DIR] [--db FILE] [--repeat N]

Times, as wall clock of whole processes: a trivial Prefect flow in ephemeral mode (Prefect's
start-up and shutdown, the floor of any flow run), then `newsflow run INPUT_DIR` on a lake that
already holds INPUT_DIR (the first run fills it and is timed too). Prints the median of each, the
difference, and whether the reruns added any row besides their `runs` rows.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
NEWSFLOW = str(Path(sys.executable).with_name("newsflow"))
TRIVIAL_FLOW = """
from prefect import flow

@flow
def trivial() -> int:
    return 1

trivial()
"""
# The CLI's own defaults for a quiet run without telemetry; both timings get the same.
ENV = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "CRITICAL"}


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(args, cwd=ROOT, env=ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args[:3])} failed ({result.returncode}):\n{result.stderr or result.stdout}")
    return elapsed


def table_rows(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return dict(con.execute("select table_name, rows from data_quality").fetchall())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input_dir", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "bbc"))
    parser.add_argument("--lake", default=str(ROOT / "data" / "bench-rerun" / "lake"))
    parser.add_argument("--db", default=str(ROOT / "data" / "bench-rerun" / "newsflow.duckdb"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    run = [NEWSFLOW, "run", args.input_dir, "--lake", args.lake, "--db", args.db]
    db = Path(args.db)

    if not db.exists():
        print(f"First run over {args.input_dir} (fills the lake): {timed(run):.1f} s")
    before = table_rows(db)
    trivial = [timed([sys.executable, "-c", TRIVIAL_FLOW]) for _ in range(args.repeat)]
    rerun = [timed(run) for _ in range(args.repeat)]
    after = table_rows(db)

    added = {t: after[t] - before.get(t, 0) for t in after if after[t] != before.get(t, 0) and t != "runs"}
    print(f"Trivial Prefect flow, ephemeral mode: {statistics.median(trivial):5.1f} s  "
          f"(runs: {', '.join(f'{t:.1f}' for t in trivial)})")
    print(f"newsflow run, nothing new:           {statistics.median(rerun):5.1f} s  "
          f"(runs: {', '.join(f'{t:.1f}' for t in rerun)})")
    print(f"Difference: {statistics.median(rerun) - statistics.median(trivial):+.1f} s; rows added besides "
          f"{after['runs'] - before['runs']} runs rows: {added or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
