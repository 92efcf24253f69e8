"""`python -m newsflow.tasks.report [--db FILE] [--out DIR] [--days N]` until the CLI wires it."""
from __future__ import annotations

import argparse
from pathlib import Path

from .build import build_report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m newsflow.tasks.report", description=__doc__)
    parser.add_argument("--db", type=Path, default=Path("newsflow.duckdb"), help="database built by newsflow run")
    parser.add_argument("--out", type=Path, default=Path("report"), help="folder for report.html, key_chart.png")
    parser.add_argument("--days", type=int, default=None, help="time series: the last N days of data")
    args = parser.parse_args(argv)
    print(build_report(args.db, args.out, args.days))


if __name__ == "__main__":
    main()
