"""A real Prefect server for the e2e tests: a free loopback port, a temporary PREFECT_HOME, no network."""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.e2e.services import Service, free_port, wait_until

BIN = Path(sys.executable).parent


@dataclass
class PrefectServer:
    url: str        # the UI
    api_url: str
    env: dict[str, str]  # what a process needs to talk to this server and nothing else
    service: Service

    @contextmanager
    def client(self):
        """A sync client: Playwright's sync API runs an event loop, so no asyncio.run here."""
        from prefect import get_client
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings(updates={PREFECT_API_URL: self.api_url}), get_client(sync_client=True) as client:
            yield client


def _healthy(api_url: str) -> bool:
    try:
        return httpx.get(f"{api_url}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory) -> PrefectServer:
    base = tmp_path_factory.mktemp("prefect")
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update({
        "PREFECT_HOME": str(base / "home"),
        "PREFECT_API_URL": api_url,
        # The UI asks the API at this address; the server listens here.
        "PREFECT_SERVER_API_HOST": "127.0.0.1",
        "PREFECT_SERVER_API_PORT": str(port),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_COLORS": "false",
    })
    service = Service("prefect server", [str(BIN / "prefect"), "server", "start"], env, base / "server.log").start()
    server = PrefectServer(f"http://127.0.0.1:{port}", api_url, env, service)
    try:
        wait_until(lambda: _healthy(api_url) or not service.alive(), 120, "the Prefect server to answer",
                   details=service.log_tail)
        assert service.alive(), service.log_tail()
        yield server
    finally:
        left = service.stop()
        assert not left, f"the Prefect server left processes behind: {left}\n{service.log_tail()}"
