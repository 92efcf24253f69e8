"""The deployments `newsflow serve` declares, built without a server."""
from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from newsflow.tasks.errors import ConfigError
from newsflow.tasks.settings import Settings


def test_nightly_runs_at_two_utc_by_default_and_on_demand_has_no_schedule(tmp_path):
    from newsflow.flows.serve import deployments

    settings = Settings(input_dir=tmp_path, lake=str(tmp_path / "lake"), db=tmp_path / "x.duckdb")
    nightly, on_demand = deployments(settings)
    assert (nightly.name, on_demand.name) == ("nightly", "on-demand")
    [schedule] = nightly.schedules
    assert (schedule.schedule.cron, schedule.schedule.timezone) == ("0 2 * * *", "UTC")
    assert on_demand.schedules == []
    # The form opens with absolute paths, whatever directory serve was started in.
    expected = {"input_dir": str(tmp_path), "lake": str(tmp_path / "lake"), "db": str(tmp_path / "x.duckdb")}
    assert nightly.parameters == on_demand.parameters == expected


def test_relative_paths_become_absolute(tmp_path, monkeypatch):
    from newsflow.flows.serve import default_parameters

    monkeypatch.chdir(tmp_path)
    params = default_parameters(Settings(input_dir=Path("in"), lake="lake", db=Path("db.duckdb")))
    assert params == {"input_dir": str(tmp_path / "in"), "lake": str(tmp_path / "lake"),
                      "db": str(tmp_path / "db.duckdb")}


def test_cron_and_timezone_are_checked():
    from newsflow.flows.serve import deployments

    with pytest.raises(ConfigError, match="expected five fields"):
        deployments(Settings(schedule_cron="every night"))
    with pytest.raises(ValidationError, match="not an IANA timezone"):
        Settings(schedule_timezone="Mars/Olympus")
    [schedule] = deployments(Settings(schedule_cron="30 1 * * 1-5", schedule_timezone="Europe/London"))[0].schedules
    assert (schedule.schedule.cron, schedule.schedule.timezone) == ("30 1 * * 1-5", "Europe/London")


def test_serve_without_a_server_says_how_to_start_one(tmp_path):
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT
    from tests.e2e.services import free_port

    newsflow = str(Path(sys.executable).with_name("newsflow"))
    url = f"http://127.0.0.1:{free_port()}/api"  # nothing listens there
    env = {**os.environ, "PREFECT_API_URL": url, "PREFECT_HOME": str(tmp_path)}
    done = subprocess.run([newsflow, "serve"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 2
    assert done.stderr.startswith(f"Error: no Prefect server answers at {url}")
    assert "prefect server start" in done.stderr and done.stderr.count("\n") == 1
    helped = subprocess.run([newsflow, "serve", "--help"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert "Example: newsflow serve --cron" in helped.stdout
