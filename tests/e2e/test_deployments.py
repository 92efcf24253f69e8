"""The team route: `prefect deploy --all` reads prefect.yaml into a process work pool, a worker runs it."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsflow.tasks.storage.lake import Lake
from tests.conftest import ROOT, SEEDS
from tests.e2e.services import Service, wait_until

pytestmark = pytest.mark.e2e

PREFECT = str(Path(sys.executable).with_name("prefect"))
POOL = "newsflow"


def prefect(*args: str, env: dict) -> str:
    result = subprocess.run([PREFECT, "--no-prompt", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, f"prefect {' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_prefect_yaml_deploys_to_a_work_pool_and_a_worker_runs_the_flow(prefect_server, tmp_path):
    input_dir, lake, db = tmp_path / "input", tmp_path / "lake", tmp_path / "newsflow.duckdb"
    input_dir.mkdir()
    shutil.copy(SEEDS / "seed" / "000_2de263066a6832f9.txt", input_dir)
    # With empty deployment parameters, the worker's NEWSFLOW_* settings choose input, lake and database.
    env = {**prefect_server.env, "PREFECT_WORKER_QUERY_SECONDS": "2", "NEWSFLOW_N_PROCESS": "1",
           "NEWSFLOW_INPUT_DIR": str(input_dir), "NEWSFLOW_LAKE": str(lake), "NEWSFLOW_DB": str(db)}
    prefect("work-pool", "create", POOL, "--type", "process", env=env)
    worker = None
    try:
        prefect("deploy", "--all", env=env)
        with prefect_server.client() as client:
            nightly = client.read_deployment_by_name("newsflow/nightly")
            on_demand = client.read_deployment_by_name("newsflow/on-demand")
            assert (nightly.work_pool_name, on_demand.work_pool_name) == (POOL, POOL)
            assert nightly.entrypoint == on_demand.entrypoint == "flows/news_pipeline.py:news_pipeline"
            [schedule] = nightly.schedules
            assert (schedule.schedule.cron, schedule.schedule.timezone) == ("0 2 * * *", "UTC")
            assert on_demand.schedules == []
            # The UI's form: every parameter typed and described.
            properties = on_demand.parameter_openapi_schema["properties"]
            assert list(properties) == ["input_dir", "lake", "db", "ingest_date", "full_refresh", "refit_topics",
                                        "settings"]
            assert all(p.get("description") for p in properties.values())
            assert properties["ingest_date"]["anyOf"][0] == {"format": "date", "type": "string"}
            assert properties["full_refresh"]["type"] == properties["refit_topics"]["type"] == "boolean"

            worker = Service("prefect worker", [PREFECT, "worker", "start", "--pool", POOL], env,
                             tmp_path / "worker.log", cwd=tmp_path).start()
            run = client.create_flow_run_from_deployment(on_demand.id)
            run = wait_until(lambda: (r := client.read_flow_run(run.id)).state.is_final() and r, 240,
                             "the worker's flow run to finish", interval=1, details=worker.log_tail)
            assert run.state.is_completed(), f"{run.state}\n{worker.log_tail()}"
        assert [a["source_path"] for a in Lake(lake).read("articles", ["source_path"]).to_pylist()] == [
            "000_2de263066a6832f9.txt"]
        assert db.exists()
    finally:
        left = worker.stop() if worker else []
        with prefect_server.client() as client:
            # Leave the server as found: the served deployments of other tests use the same names.
            for name in ("nightly", "on-demand"):
                try:
                    client.delete_deployment(client.read_deployment_by_name(f"newsflow/{name}").id)
                except Exception:
                    pass
            client.delete_work_pool(POOL)
        assert not left, f"the worker left processes behind: {left}"
