"""The newsflow deployments, and `serve` to run them from this process (a thin wrapper over Prefect's).

Two deployments of the one flow: `nightly` on a cron schedule, and `on-demand`, run from the UI's
custom-run form. `prefect.yaml` declares the same two for a work pool (`prefect deploy --all`).
"""
from __future__ import annotations

import os
from pathlib import Path

from prefect import get_client, serve as prefect_serve
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron
from prefect.settings import PREFECT_API_URL, temporary_settings

from newsflow.flows.news_pipeline import news_pipeline
from newsflow.tasks.errors import ConfigError
from newsflow.tasks.storage.lake import Lake
from newsflow.tasks.settings import Settings

NIGHTLY = "nightly"
ON_DEMAND = "on-demand"
TAGS = ["newsflow"]
LOCAL_API_URL = "http://127.0.0.1:4200/api"  # where `prefect server start` listens by default


def default_parameters(settings: Settings) -> dict:
    """Absolute paths, so the form shows where a run reads and writes, whatever the runner's cwd."""
    return {"input_dir": str(Path(settings.input_dir).expanduser().resolve()),
            "lake": str(Lake(settings.lake, settings.lake_options).root),
            "db": str(Path(settings.db).expanduser().resolve())}


def deployments(settings: Settings) -> list[RunnerDeployment]:
    try:
        schedule = Cron(settings.schedule_cron, timezone=settings.schedule_timezone)
    except ValueError as exc:
        raise ConfigError(f"schedule: {exc} (expected five fields like '0 2 * * *')") from None
    parameters = default_parameters(settings)
    nightly = news_pipeline.to_deployment(
        NIGHTLY, schedule=schedule, parameters=parameters, tags=TAGS,
        description=(f"Runs newsflow at `{settings.schedule_cron}` ({settings.schedule_timezone}) over "
                     f"{parameters['input_dir']}: new and changed files land in the lake, the database is rebuilt."))
    on_demand = news_pipeline.to_deployment(
        ON_DEMAND, parameters=parameters, tags=TAGS,
        description=("Runs newsflow once, when you ask: Run > Custom run to pick another input folder, "
                     "lake or database, an ingest date for a backfill, a full refresh or a topic refit."))
    return [nightly, on_demand]


def serve(settings: Settings) -> None:
    """Register both deployments with the Prefect API and run their flow runs until interrupted.

    Each flow run executes in a subprocess of this one, which inherits the settings below.
    """
    to_serve = deployments(settings)
    url = api_url()
    check_server(url)
    # Each run is a subprocess that builds its settings from its parameters and the environment it
    # inherits from this one: the flags `serve` was given that are not flow parameters go there.
    os.environ["PREFECT_API_URL"] = url
    os.environ.update(_run_environment(settings))
    with temporary_settings(updates={PREFECT_API_URL: url}):
        prefect_serve(*to_serve)


def _run_environment(settings: Settings) -> dict[str, str]:
    """NEWSFLOW_* variables for the settings a served run takes from its environment."""
    return {"NEWSFLOW_N_PROCESS": str(settings.n_process),
            "NEWSFLOW_LOCK_WAIT_SECONDS": str(settings.lock_wait_seconds)}


def api_url() -> str:
    """PREFECT_API_URL (environment or Prefect profile), else the local `prefect server start` address.

    Without a URL Prefect would start a throwaway server inside this process, which no UI shows.
    """
    return (PREFECT_API_URL.value() or LOCAL_API_URL).rstrip("/")


def check_server(url: str) -> None:
    with temporary_settings(updates={PREFECT_API_URL: url}), get_client(sync_client=True) as client:
        error = client.api_healthcheck()
    if error is not None:
        raise ConfigError(f"no Prefect server answers at {url} ({type(error).__name__}): start one with "
                          "`prefect server start`, or set PREFECT_API_URL (and PREFECT_API_KEY for Prefect Cloud)")
