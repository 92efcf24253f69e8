"""Run it like production: a real Prefect server, `newsflow serve`, and headless Chromium driving the UI.

A user opens the on-demand deployment, starts a custom run on another input folder from the form,
and the run lands in the lake and publishes its artifacts. The schedule, the artifacts and the runs
are checked through the Prefect API. A failing browser step saves a screenshot in
tests/e2e/screenshots/.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pytest

from newsflow.tasks.storage.lake import Lake
from tests.conftest import ROOT, SEEDS
from tests.e2e.services import TAG_VARIABLE, Service, new_tag, tagged_processes, wait_until

pytestmark = pytest.mark.e2e

NEWSFLOW = str(Path(sys.executable).with_name("newsflow"))
CHROMIUM = "/usr/bin/chromium"
# Never a browser download: Debian's chromium, headless, and nothing that phones home.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = ROOT / "tests" / "e2e" / "screenshots"
CRON, TIMEZONE = "30 1 * * *", "Europe/London"
ARTICLES = ["business/executive-trio-leave-aer-lingus.txt", "business/borussia-dortmund-near-bust.txt",
            "sport/laporte-tinkers-with-team.txt"]
RUN_TIMEOUT = 240


@dataclass
class Served:
    service: Service
    default_input: Path
    custom_input: Path
    lake: Path
    db: Path
    base: Path


@pytest.fixture(scope="module")
def served(prefect_server, tmp_path_factory):
    base = tmp_path_factory.mktemp("served")
    default_input, custom_input = base / "nightly-input", base / "custom-input"
    default_input.mkdir()
    custom_input.mkdir()
    for rel in ARTICLES:
        shutil.copy(SEEDS / "bbc" / rel, custom_input / Path(rel).name)
    (custom_input / "empty.txt").write_text("")  # a reject, so the artifact has a reason to count
    lake, db = base / "lake", base / "newsflow.duckdb"
    # Served runs are picked up on the runner's polling interval (10 s by default): 2 s keeps this quick.
    env = {**prefect_server.env, "PREFECT_RUNNER_POLL_FREQUENCY": "2"}
    args = [NEWSFLOW, "serve", "--input-dir", str(default_input), "--lake", str(lake), "--db", str(db),
            "--cron", CRON, "--timezone", TIMEZONE, "--workers", "2", "--lock-wait", "120"]
    service = Service("newsflow serve", args, env, base / "serve.log", cwd=ROOT).start()
    served = Served(service, default_input, custom_input, lake, db, base)
    try:
        with prefect_server.client() as client:
            wait_until(lambda: _ready(client) or not service.alive(), 120, "both deployments to be served",
                       details=service.log_tail)
        assert service.alive(), service.log_tail()
        yield served
    finally:
        left = service.stop()
        assert not left, f"newsflow serve left processes behind: {left}\n{service.log_tail()}"


def _ready(client) -> bool:
    from prefect.client.schemas.objects import DeploymentStatus
    from prefect.exceptions import ObjectNotFound

    try:
        return all(client.read_deployment_by_name(f"newsflow/{name}").status == DeploymentStatus.READY
                   for name in ("nightly", "on-demand"))
    except ObjectNotFound:
        return False


def test_nightly_deployment_has_the_cron_schedule_and_timezone(prefect_server, served):
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId
    from prefect.client.schemas.sorting import FlowRunSort

    with prefect_server.client() as client:
        nightly = client.read_deployment_by_name("newsflow/nightly")
        on_demand = client.read_deployment_by_name("newsflow/on-demand")
        [schedule] = nightly.schedules
        assert (schedule.schedule.cron, schedule.schedule.timezone, schedule.active) == (CRON, TIMEZONE, True)
        assert on_demand.schedules == []
        assert f"`{CRON}` ({TIMEZONE})" in nightly.description   # shown on the deployment's page
        defaults = {"input_dir": str(served.default_input), "lake": str(served.lake), "db": str(served.db)}
        assert nightly.parameters == on_demand.parameters == defaults
        # The server schedules the coming nights: 01:30 London time, whatever the season.
        upcoming = wait_until(lambda: client.read_flow_runs(
            deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[nightly.id])),
            sort=FlowRunSort.EXPECTED_START_TIME_ASC, limit=3), 60, "scheduled nightly runs")
    local = [run.expected_start_time.astimezone(ZoneInfo(TIMEZONE)) for run in upcoming]
    assert all((t.hour, t.minute) == (1, 30) for t in local), local
    assert len({t.date() for t in local}) == len(local)  # one a night


def test_custom_run_from_the_ui_lands_articles_and_publishes_artifacts(prefect_server, served):
    from playwright.sync_api import expect

    with prefect_server.client() as client:
        on_demand = client.read_deployment_by_name("newsflow/on-demand")
        before = _run_ids(client, on_demand.id)
        # The form shows each setting once: the flow's parameters and the schedule are not in `settings`
        schema = on_demand.parameter_openapi_schema
        settings_fields = set(schema["definitions"]["Settings"]["properties"])
        assert {"n_process", "batch_size", "lake_options"} <= settings_fields
        assert not settings_fields & {"input_dir", "lake", "db", "ingest_date", "schedule_cron", "schedule_timezone"}
        assert '`{"endpoint_url": "http://minio:9000"}`' in \
            schema["definitions"]["Settings"]["properties"]["lake_options"]["description"]
        # Hold the lake as another run would: the custom run must wait for it, then go on.
        with Lake(served.lake).lock(), chromium("custom-run") as page:
            page.goto(f"{prefect_server.url}/deployments")
            expect(page.get_by_role("link", name="nightly", exact=True)).to_be_visible()
            expect(page.get_by_text("At 01:30 AM every day").first).to_be_visible()  # the nightly schedule
            page.get_by_role("link", name="on-demand", exact=True).click()
            page.get_by_role("button", name="Run", exact=True).click()
            page.get_by_text("Custom run", exact=True).click()
            field = (page.locator(".schema-form-property")
                     .filter(has=page.get_by_text("input_dir (Optional)", exact=True)).locator("textarea"))
            expect(field).to_have_value(str(served.default_input))  # the form starts from the deployment's defaults
            field.fill(str(served.custom_input))
            expect(field).to_have_value(str(served.custom_input))
            created = _submit_flow_run(page)
            assert created.ok, f"the UI's create_flow_run answered {created.status}: {created.text()[:500]}"
            expect(page.get_by_text("scheduled to start").first).to_be_visible()  # the UI's toast
            [run_id] = wait_until(lambda: _run_ids(client, on_demand.id) - before, 30, "the new flow run")
            wait_until(lambda: _logs(client, run_id, "waiting up to"), 120, "the run to wait for the lake lock",
                       details=served.service.log_tail)
            assert not Lake(served.lake).files("articles")  # nothing written while the lake was held
        run = _wait_final(client, run_id, served.service)
        assert run.state.is_completed(), f"{run.state}\n{served.service.log_tail()}"
        assert run.parameters["input_dir"] == str(served.custom_input)
        found = _artifacts(client, run_id)
        took = _task_seconds(client, run_id)

    # The lake gained exactly the custom folder's articles, from this run.
    articles = Lake(served.lake).read("articles", ["source_path", "run_id"]).to_pylist()
    assert sorted(a["source_path"] for a in articles) == sorted(Path(rel).name for rel in ARTICLES)
    assert {a["run_id"] for a in articles} == {str(run_id)}
    with duckdb.connect(str(served.db), read_only=True) as con:
        assert con.execute("select status, articles_landed, rejected from runs").fetchall() == [("completed", 3, 1)]

    # Table artifact: rows landed per table (equal to what the lake holds) and rejects per reason.
    assert set(found) == {"newsflow-counts", "newsflow-summary"}
    counts = {(row["measure"], row["name"]): row["count"] for row in found["newsflow-counts"]}
    lake = Lake(served.lake)
    for (measure, table), n in counts.items():
        if measure == "rows landed":
            assert n == lake.read(table).num_rows, table
    assert counts[("rows landed", "articles")] == 3 and counts[("rows landed", "sentences")] > 3
    assert [key for key in counts if key[0] == "inputs rejected"] == [("inputs rejected", "empty")]
    assert counts[("inputs rejected", "empty")] == 1

    summary = found["newsflow-summary"]
    assert summary.startswith("# newsflow run completed\n")
    assert (f"Run `{run_id}`, ingest date {date.today()}: "
            "4 inputs seen = 3 landed + 0 duplicates + 0 unchanged + 1 rejected.") in summary
    # Stage timings in the order a run passes them, each saying what it measures, equal to its task runs
    stages = [line.split(" | ") for line in summary.split("## Stage timings", 1)[1].split("\n\n")[1].splitlines()[2:]]
    names = [row[0].removeprefix("| ") for row in stages]
    assert names == ["discover", "ingest", "nlp", "state", "enrich", "stories", "land", "topics", "views", "report",
                     "other", "**run**"]
    assert all(row[1].strip() for row in stages)
    seconds = {name: float(row[-1].strip(" |*")) for name, row in zip(names, stages)}
    for stage, task in (("discover", "discover"), ("ingest", "ingest"), ("enrich", "enrich"), ("land", "land"),
                        ("topics", "topics"), ("views", "build-views"), ("report", "write-report")):
        assert abs(seconds[stage] - took[task]) <= 0.2, (stage, seconds[stage], took[task])
    assert abs(sum(v for k, v in seconds.items() if k != "**run**") - seconds["**run**"]) <= 0.3
    # no header-only table, no column without a header; stories name their outlets or say unknown
    assert "| |" not in summary and "|  |" not in summary
    assert "No entity is trending yet: the baseline needs earlier days" in summary
    assert "| story | articles (this run) | outlets (this run) | articles | outlets | status |" in summary
    assert "## Top entities in the articles this run landed" in summary
    assert "| Aer Lingus | ORG |" in summary
    assert "## Topics in the articles this run landed" in summary
    assert f"- Lake: `{served.lake}`" in summary and f"- Database: `{served.db}`" in summary

    # ... and a user sees both in the run's Artifacts tab.
    with chromium("artifacts-tab") as page:
        page.goto(f"{prefect_server.url}/runs/flow-run/{run_id}")
        page.get_by_text("Artifacts", exact=True).first.click()
        for key in ("newsflow-counts", "newsflow-summary"):
            expect(page.get_by_text(key, exact=True).last).to_be_visible()


def test_a_failed_run_says_which_stage_failed_on_which_input(prefect_server, served):
    missing = served.base / "no-such-folder"
    with prefect_server.client() as client:
        on_demand = client.read_deployment_by_name("newsflow/on-demand")
        run = client.create_flow_run_from_deployment(on_demand.id, parameters={
            "input_dir": str(missing), "lake": str(served.base / "lake-2"), "db": str(served.base / "db-2.duckdb")})
        run = _wait_final(client, run.id, served.service)
        assert run.state.is_failed()
        summary = _artifacts(client, run.id)["newsflow-summary"]
        assert f"**Failed in stage `discover` on `{missing}`**" in summary
        assert "does not exist or is not a folder" in summary
        assert _logs(client, run.id, f"Stage discover failed on {missing}")
        assert len(_logs(client, run.id, "does not exist or is not a folder")) == 1   # said once
        # a user's typo: one line, no traceback, no "unexpected exception" (the logs are all in by now)
        assert _logs(client, run.id, "Traceback") == []
        assert _logs(client, run.id, "unexpected exception") == []
        assert "does not exist or is not a folder" in run.state.message


def test_stopping_serve_leaves_no_process_behind(served):
    assert served.service.alive()
    assert served.service.stop() == []
    assert tagged_processes(served.service.tag) == []


# -- helpers ---------------------------------------------------------------------------------
def _submit_flow_run(page):
    """Click Submit and return the API's answer to the form's create_flow_run request. A server too
    busy to answer (a 5xx under load: the UI shows "Something went wrong" and the form stays, as it
    would for a user) is asked once more, as a user would click again."""
    def submit():
        with page.expect_response(lambda r: r.url.endswith("/create_flow_run") and r.request.method == "POST",
                                  timeout=60_000) as answer:
            page.get_by_role("button", name="Submit", exact=True).click()
        return answer.value

    created = submit()
    if created.status >= 500:
        print(f"create_flow_run answered {created.status} ({created.text()[:200]}): submitting again")
        created = submit()
    return created


@contextmanager
def chromium(name: str):
    """A page in headless Debian Chromium; a screenshot when the block fails; no process left after."""
    from playwright.sync_api import sync_playwright

    tag = new_tag()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                             env={**os.environ, TAG_VARIABLE: tag})
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(30_000)
        try:
            yield page
        except BaseException:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shot = SCREENSHOTS / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}.png"
            page.screenshot(path=str(shot), full_page=True)
            print(f"screenshot of the failing page: {shot} ({page.url})")
            raise
        finally:
            browser.close()
    wait_until(lambda: not tagged_processes(tag), 15, "Chromium to exit", details=lambda: str(tagged_processes(tag)))


def _run_ids(client, deployment_id) -> set:
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

    runs = client.read_flow_runs(deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])))
    return {run.id for run in runs}


def _wait_final(client, run_id, service: Service):
    return wait_until(lambda: (run := client.read_flow_run(run_id)).state.is_final() and run, RUN_TIMEOUT,
                      f"flow run {run_id} to finish", interval=1, details=service.log_tail)


def _artifacts(client, run_id) -> dict:
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    found = client.read_artifacts(artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run_id])))
    return {a.key: json.loads(a.data) if a.type == "table" and isinstance(a.data, str) else a.data for a in found}


def _task_seconds(client, run_id) -> dict[str, float]:
    """Seconds each task of a flow run took, summed over its runs, by task name (from the server)."""
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    out: dict[str, float] = {}
    for task_run in client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run_id]))):
        name = task_run.name.rsplit("-", 1)[0]
        out[name] = out.get(name, 0.0) + task_run.total_run_time.total_seconds()
    return out


def _logs(client, run_id, text: str) -> list[str]:
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    # A run's logs are shipped in the background: the last ones may reach the server a little
    # after its final state.
    deadline = time.monotonic() + 15
    while True:
        logs = client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run_id])))
        found = [log.message for log in logs if text in log.message]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.5)
