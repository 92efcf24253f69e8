"""The run's own records: its id, its running counts (RunStats) and its row in the `runs` table."""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from newsflow.tasks import killpoints
from newsflow.tasks.errors import TooManyRejects
from newsflow.tasks.ingest.files import Reject
from newsflow.tasks.settings import Settings
from newsflow.tasks.storage import schemas
from newsflow.tasks.storage.lake import Lake, Recovery


def code_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsflow")
    except PackageNotFoundError:
        return "dev"


def new_run_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:8]


@dataclass
class RunStats:
    """How every input of a run was accounted for: items_seen = landed + duplicates + unchanged + rejected."""

    run_id: str
    started_at: datetime
    ingest_date: date
    files_seen: int = 0
    items_seen: int = 0
    articles_landed: int = 0
    duplicates: int = 0
    unchanged: int = 0
    rejected: int = 0
    removed: int = 0
    without_ner: int = 0
    dates_dropped: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    reject_reasons: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    model_version: str | None = None
    batches: int = 0
    data_tests: dict[str, int] = field(default_factory=dict)   # check -> failing rows, after build-views
    report: Path | None = None                                 # the run's report.html, once written
    merged_keys: list[tuple[str, str, str]] = field(default_factory=list)  # (alias, previous key, new key)
    finished_at: datetime | None = None                        # when its final runs row was written

    @property
    def wrote_rows(self) -> bool:
        """Whether the run wrote any row to the lake besides its own `runs` row."""
        return any(n for table, n in self.rows.items() if table != "runs")

    def add_rows(self, table: str, n: int) -> None:
        self.rows[table] = self.rows.get(table, 0) + n

    def add_rejects(self, rejects: list[Reject]) -> None:
        self.rejected += len(rejects)
        for r in rejects:
            self.reject_reasons[r.reason] = self.reject_reasons.get(r.reason, 0) + 1

    @property
    def reconciles(self) -> bool:
        return self.items_seen == self.articles_landed + self.duplicates + self.unchanged + self.rejected


def start_run(settings: Settings, run_id: str) -> tuple[Lake, RunStats, Recovery]:
    """Open the lake, clean up after any killed run, and record this run as running."""
    lake = Lake(settings.lake, settings.lake_options)
    removed = lake.recover()
    _close_crashed_runs(lake)
    stats = RunStats(run_id=run_id, started_at=datetime.now(timezone.utc), ingest_date=settings.run_date)
    lake.write("runs", schemas.from_rows("runs", [_run_row(settings, stats, "running", None)]),
               stats.ingest_date, run_id)
    return lake, stats, removed


def _close_crashed_runs(lake: Lake) -> None:
    """A run's final row replaces its 'running' row (same file); one still running under the lock
    belongs to a run that was killed."""
    for f in lake.files("runs"):
        rows = lake.read_file(f).to_pylist()
        if rows and rows[0]["status"] == "running":
            rows[0].update(status="crashed", message="killed before it finished; a later run cleaned up after it")
            lake.write("runs", schemas.from_rows("runs", rows), date.fromisoformat(f.ingest_date), f.batch_id)


def finish_run(lake: Lake, settings: Settings, stats: RunStats, status: str = "completed",
               message: str | None = None) -> dict:
    """Record the run's final row; fail it when the share of rejected inputs says the feed is broken."""
    if status == "completed":
        killpoints.check("finish")
    share = stats.rejected / stats.items_seen if stats.items_seen else 0.0
    failed_on_rejects = status == "completed" and stats.items_seen > 0 and share > settings.max_reject_share
    if failed_on_rejects:
        status = "failed"
        message = (f"{stats.rejected} of {stats.items_seen} inputs rejected ({share:.0%}), more than "
                   f"NEWSFLOW_MAX_REJECT_SHARE={settings.max_reject_share:.0%}: is the feed broken?")
    row = _run_row(settings, stats, status, message)
    stats.finished_at = row["finished_at"]
    # Same file as the 'running' row: the final row replaces it atomically.
    lake.write("runs", schemas.from_rows("runs", [row]), stats.ingest_date, stats.run_id)
    stats.add_rows("runs", 1)
    if failed_on_rejects:
        raise TooManyRejects(message)
    return row


def _run_row(settings: Settings, stats: RunStats, status: str, message: str | None) -> dict:
    return {
        "run_id": stats.run_id, "started_at": stats.started_at,
        "finished_at": None if status == "running" else datetime.now(timezone.utc),
        "status": status, "message": message, "input_dir": str(settings.input_dir),
        "files_seen": stats.files_seen, "items_seen": stats.items_seen,
        "articles_landed": stats.articles_landed, "duplicates": stats.duplicates,
        "unchanged": stats.unchanged, "rejected": stats.rejected, "removed": stats.removed,
        "without_ner": stats.without_ner, "dates_dropped": stats.dates_dropped,
        "spacy_model": ",".join(f"{k}={v}" for k, v in settings.languages.items()),
        "model_version": stats.model_version, "code_version": code_version(),
        "stage_seconds": json.dumps({stage: round(seconds, 3) for stage, seconds in stats.timings.items()}),
    }


