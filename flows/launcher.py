"""Run the flow from the command line, against a temporary Prefect server unless one is configured."""
from __future__ import annotations

import atexit
import logging

from newsflow.tasks.settings import Settings


def run_locally(settings: Settings) -> dict:
    """Run the flow in this process with the given settings (no Prefect server needed)."""
    # Prefect's API server takes seconds to start (flows/temporary_server.py): meanwhile this
    # process imports the pipeline and, when the input folder holds anything new, the NLP workers
    # start and load spaCy.
    from newsflow.flows import temporary_server

    server = temporary_server.start_unless_configured()
    if server is not None:
        # At exit, after Prefect has sent its last events and logs (its own exit hooks run first).
        atexit.register(server.stop)
    from newsflow.flows import readahead

    readahead.start(settings)
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from newsflow.flows.news_pipeline import news_pipeline

    try:
        updates = {}
        if server is not None:
            # No heartbeats: they tell a long-lived server that a run's process died, and the
            # temporary server dies with it; stopping them would cost up to a second at the end.
            updates = {PREFECT_API_URL: server.wait_until_ready(), PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
        with temporary_settings(updates=updates):
            # The settings, built once by the CLI, are the run's: the flow's other parameters stay unset.
            return news_pipeline(settings=settings)
    finally:
        readahead.discard()
        # The API server logs harmless errors while it shuts down with the process, and Prefect's
        # event and log senders say how many items they still have to send as they finish.
        for name in ("prefect", "uvicorn", "EventsWorker", "APILogWorker"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
