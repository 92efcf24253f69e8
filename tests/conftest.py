"""Shared fixtures: real corpora, temporary lakes, one Prefect test harness per session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
SEED_ARTICLE = SHARED / "seed" / "000_2de263066a6832f9.txt"
BBC = SHARED / "bbc"
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def bbc_dir() -> Path:
    if not BBC.is_dir():
        pytest.fail(f"the shared BBC corpus is missing at {BBC}")
    return BBC


@pytest.fixture()
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "input").mkdir()
    return tmp_path
