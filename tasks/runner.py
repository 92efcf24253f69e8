"""Run the flow from the command line: Prefect's ephemeral mode, quiet unless asked."""
from __future__ import annotations

import logging
import os

from .settings import Settings


def run_locally(settings: Settings) -> dict:
    """Run the flow in this process with the given settings (no Prefect server needed)."""
    # Settings reach the flow through its parameters and NEWSFLOW_* variables.
    for name, value in (("N_PROCESS", settings.n_process), ("BATCH_SIZE", settings.batch_size)):
        os.environ[f"NEWSFLOW_{name}"] = str(value)
    from flows.news_pipeline import news_pipeline

    try:
        return news_pipeline(
            input_dir=str(settings.input_dir), lake=str(settings.lake), db=str(settings.db),
            ingest_date=settings.ingest_date, full_refresh=settings.full_refresh,
            refit_topics=settings.refit_topics,
        )
    finally:
        # The ephemeral API server logs harmless errors while it shuts down with the process.
        logging.getLogger("prefect").setLevel(logging.CRITICAL)
        logging.getLogger("uvicorn").setLevel(logging.CRITICAL)
