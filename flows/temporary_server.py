"""A temporary Prefect API server for one `newsflow run`, started as the command starts.

Without PREFECT_API_URL, Prefect runs a flow against a temporary server it starts itself when the
flow is called: it first imports the server's code into the calling process (about 2 s), then
starts the server (about 4 s) and waits. Starting the same server, with the public `prefect server
start`, first thing instead lets it boot while this process imports the pipeline and the NLP
workers load spaCy: the flow begins about 3 s sooner. The server serves the API only (no UI) with
the services Prefect's own temporary server runs, keeps its records in the same database (the
PREFECT_HOME default), and stops with the run.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from newsflow.tasks.errors import NewsflowError

STARTUP_TIMEOUT_S = 60
# Services of a long-lived server that a run of a few minutes never needs.
_IDLE_SERVICES = ("SCHEDULER", "LATE_RUNS", "FOREMAN", "CANCELLATION_CLEANUP", "PAUSE_EXPIRATIONS",
                  "REPOSSESSOR", "DB_VACUUM", "CLEANUP_RECONCILER", "EVENT_LOGGER")


class TemporaryServer:
    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.api_url = ""

    def start(self) -> "TemporaryServer":
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.api_url = f"http://127.0.0.1:{port}/api"
        env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_UI_ENABLED": "false",
               **{f"PREFECT_SERVER_SERVICES_{name}_ENABLED": "false" for name in _IDLE_SERVICES}}
        env.pop("PREFECT_API_URL", None)
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("prefect")), "server", "start", "--host", "127.0.0.1",
             "--port", str(port), "--no-ui", "--log-level", "ERROR"],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=_stop_with_parent())
        return self

    def wait_until_ready(self) -> str:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise NewsflowError(f"the temporary Prefect server exited with code {self.process.returncode}; "
                                    "set PREFECT_API_URL to use a running server")
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as response:
                    if response.status == 200:
                        return self.api_url
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.05)
        self.stop()
        raise NewsflowError(f"the temporary Prefect server did not answer within {STARTUP_TIMEOUT_S} s")

    def stop(self) -> None:
        """Ask the server to shut down, without waiting the second its shutdown takes: the run's
        records are written by then, and the server ends on its own (see also _stop_with_parent)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
        self.process = None


def _stop_with_parent():
    """A function for the child to call before it starts the server: it gets SIGTERM when this
    process dies, even from SIGKILL (Linux), so a killed run leaves no server behind. The C
    function is looked up here, in the parent: the child only calls it (no import, no lock)."""
    try:
        import ctypes

        prctl = ctypes.CDLL("libc.so.6", use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return lambda: prctl(1, signal.SIGTERM)   # 1: PR_SET_PDEATHSIG


def start_unless_configured() -> TemporaryServer | None:
    """A started temporary server, or None when Prefect has an API to talk to.

    PREFECT_API_URL can also come from a .env or prefect.toml file or the active profile, which only
    Prefect's settings (a second to import) know about: unless the environment already names an API,
    the server starts first and is stopped again if Prefect's settings name one.
    """
    if os.environ.get("PREFECT_API_URL"):
        return None
    server = TemporaryServer().start()
    from prefect.settings import get_current_settings

    if get_current_settings().api.url:
        server.stop()
        return None
    return server
