"""What a run will read: the input folder against the manifest, in batches; discovery rejects."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from newsflow.tasks.errors import ConfigError
from newsflow.tasks.ingest import manifest
from newsflow.tasks.ingest.files import InputFile, Reject, discover
from newsflow.tasks.settings import Settings
from newsflow.tasks.storage import schemas
from newsflow.tasks.storage.lake import Lake
from newsflow.tasks.run.records import RunStats


@dataclass
class Plan:
    """The inputs a run will read, in batches; new entries rejected at discovery; files gone since."""

    batches: list[list[InputFile]]
    discovery_rejects: list[Reject]
    files_seen: int
    unchanged: int = 0
    removed: list[manifest.Entry] = field(default_factory=list)
    input_dir: str = ""


def input_key(settings: Settings) -> str:
    """The input folder as the manifest knows it: absolute, symlinks resolved."""
    return str(Path(settings.input_dir).resolve())


def plan_inputs(settings: Settings, lake: Lake | None = None) -> Plan:
    """List the input folder and keep what the manifest has not seen as it is now (all with full_refresh)."""
    input_dir = Path(settings.input_dir)
    if not input_dir.is_dir():
        where = "" if input_dir.is_absolute() else f" ({input_dir.resolve()})"
        raise ConfigError(f"input directory {input_dir}{where} does not exist or is not a folder")
    found = discover(input_dir)
    known = manifest.latest(lake or Lake(settings.lake, settings.lake_options), input_key(settings))
    inv = manifest.inventory(found.files, found.rejects, known, settings.full_refresh)
    files_seen = len(found.files) + len(found.rejects)
    batches = batched(inv.to_read, settings.batch_size)
    return Plan(batches=batches, discovery_rejects=inv.new_rejects, files_seen=files_seen,
                unchanged=inv.unchanged_items, removed=inv.removed, input_dir=input_key(settings))


FIRST_BATCH = 128   # files: a small first batch gets the NLP workers going while the next is read


def batched(files: list[InputFile], size: int) -> list[list[InputFile]]:
    """Batches of `size` files, the first at most FIRST_BATCH, the last ones halving down to it.

    A batch lands (labels, keys, places, quotes, tone, stories) while the NLP workers analyse the
    next ones, except the last, which lands after the workers are done: on two cores one of them is
    idle meanwhile. Ending on smaller and smaller batches (1,000 -> 500, 250, 250) keeps that short,
    and every other batch's landing still overlaps the NLP of a batch at least half its size."""
    first = min(size, FIRST_BATCH)
    if not files:
        return []
    sizes, left = [first], len(files) - first
    while left > size:
        sizes.append(size)
        left -= size
    while left > 2 * first:
        sizes.append((left + 1) // 2)
        left -= sizes[-1]
    sizes += [left] * (left > 0)
    starts = [0]
    for n in sizes:
        starts.append(starts[-1] + n)
    return [files[a:b] for a, b in zip(starts, starts[1:])]


def write_discovery(lake: Lake, plan: Plan, stats: RunStats) -> None:
    """Record entries rejected at discovery and files removed since the last run, with their manifest
    rows; then count the plan (once both are written, so a retried task counts once)."""
    input_dir = plan.input_dir
    batch_id = f"{stats.run_id}-discovery"
    rows = [{"source_path": r.source_path, "reason": r.reason, "detail": r.detail, "run_id": stats.run_id}
            for r in plan.discovery_rejects]
    lake.write("rejects", schemas.from_rows("rejects", rows), stats.ingest_date, batch_id)
    entries = [manifest.row(input_dir, r.source_path, items=1, run_id=stats.run_id, batch_id=batch_id,
                            status=manifest.RETRY if r.reason == "unreadable" else manifest.PROCESSED)
               for r in plan.discovery_rejects]
    entries += manifest.removed_rows(input_dir, plan.removed, stats.run_id, batch_id)
    lake.write("manifest", manifest.table(entries), stats.ingest_date, batch_id)
    count_plan(stats, plan, {"rejects": len(rows), "manifest": len(entries)})


def count_plan(stats: RunStats, plan: Plan, written: dict[str, int]) -> None:
    """Count what discovery found, once its rejects and manifest rows are written."""
    stats.files_seen = plan.files_seen
    stats.items_seen += len(plan.discovery_rejects) + plan.unchanged
    stats.unchanged += plan.unchanged
    stats.removed = len(plan.removed)
    stats.add_rejects(plan.discovery_rejects)
    for table, n in written.items():
        stats.add_rows(table, n)
