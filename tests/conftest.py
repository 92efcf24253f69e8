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


@pytest.fixture()
def moto_s3(monkeypatch):
    """moto's S3 server on a free loopback port, an empty bucket, and the AWS_* variables pointing
    at it: yields (those variables, a boto3 client, the bucket name)."""
    import logging
    import uuid

    import boto3
    from moto.server import ThreadedMotoServer

    from tests.e2e.services import free_port

    logging.getLogger("werkzeug").setLevel(logging.ERROR)   # one log line per request otherwise
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    env = {"AWS_ACCESS_KEY_ID": "newsflow", "AWS_SECRET_ACCESS_KEY": "newsflow-secret",
           "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3")
    bucket = f"news-{uuid.uuid4().hex[:8]}"   # moto keeps buckets for the whole test process
    client.create_bucket(Bucket=bucket)
    try:
        yield env, client, bucket
    finally:
        server.stop()
