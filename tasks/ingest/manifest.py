"""The manifest: which input files the lake has already accounted for, so a run reads only new ones.

Every time a run accounts for a file it appends a row (path, size, mtime, hash of the bytes, what
the file gave); the latest row of a path is its state. A file whose size and mtime match its
latest 'processed' row is unchanged and is not even opened. One whose stat changed is read and
hashed: same bytes -> still unchanged (a `touch`, a copy); other bytes -> a new version, parsed
and landed. A path recorded before and gone now gets a 'removed' row.

A batch's manifest file is written after its other tables and commits them (schemas.COMMIT_TABLE):
a killed run never marks a file done whose rows are not in the lake, nor leaves rows that the next
run, reading the file again, would land twice.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from newsflow.tasks.ingest.records import Entry, InputFile, Reject, content_hash  # noqa: F401
from newsflow.tasks.storage import schemas

if TYPE_CHECKING:
    from newsflow.tasks.storage.lake import Lake

PROCESSED = "processed"   # accounted for (landed, duplicate or rejected for its content): skip while unchanged
RETRY = "retry"           # reading failed (permissions, I/O): read it again next run
REMOVED = "removed"       # recorded before, no longer in the input folder


@dataclass
class Inventory:
    """What the manifest makes of the entries found in the input folder."""

    to_read: list[InputFile]        # new, changed or to retry; `previous` set where a version is known
    unchanged: list[Entry]          # same size and mtime as last recorded: not read
    new_rejects: list[Reject]       # discovery rejects (symlink loops...) not recorded yet
    removed: list[Entry]            # recorded before, gone now

    @property
    def unchanged_items(self) -> int:
        return sum(e.items for e in self.unchanged)


def latest(lake: Lake, input_dir: str) -> dict[str, Entry]:
    """The latest entry of every path ever recorded for this input folder."""
    table = lake.read("manifest", ["input_dir", "source_path", "size", "mtime_ns", "content_hash", "status",
                                   "items", "article_ids", "recorded_at"])
    rows = [r for r in table.to_pylist() if r["input_dir"] == input_dir]
    found: dict[str, Entry] = {}
    for r in sorted(rows, key=lambda r: r["recorded_at"]):
        found[r["source_path"]] = Entry(r["source_path"], r["size"], r["mtime_ns"], r["content_hash"], r["status"],
                                        r["items"], tuple(r["article_ids"] or ()))
    return found


def inventory(files: list[InputFile], discovery_rejects: list[Reject], known: dict[str, Entry],
              full_refresh: bool) -> Inventory:
    """Sort the found entries into unchanged / to read; paths known but not found are removed.

    With full_refresh every file is read and parsed again, as if the manifest were empty.
    """
    out = Inventory([], [], [], [])
    for f in files:
        entry = known.get(f.rel)
        done = entry is not None and entry.status == PROCESSED
        if done and not full_refresh and (entry.size, entry.mtime_ns) == (f.size, f.mtime_ns):
            out.unchanged.append(entry)
        else:
            out.to_read.append(replace(f, previous=entry if done and not full_refresh else None))
    for reject in discovery_rejects:
        entry = known.get(reject.source_path)
        # A symlink loop or a socket stays what it is: recorded once, like a file's content reject.
        if entry is not None and entry.status == PROCESSED and entry.size is None and not full_refresh:
            out.unchanged.append(entry)
        else:
            out.new_rejects.append(reject)
    present = {f.rel for f in files} | {r.source_path for r in discovery_rejects}
    out.removed = [e for path, e in sorted(known.items()) if e.status != REMOVED and path not in present]
    return out


def row(input_dir: str, source_path: str, *, status: str, items: int, run_id: str, batch_id: str,
        size: int | None = None, mtime_ns: int | None = None, content_hash: str | None = None,
        article_ids: list[str] | tuple[str, ...] = ()) -> dict:
    return {"input_dir": input_dir, "source_path": source_path, "size": size, "mtime_ns": mtime_ns,
            "content_hash": content_hash, "status": status, "items": items, "article_ids": list(article_ids),
            "run_id": run_id, "recorded_at": datetime.now(timezone.utc), "batch_id": batch_id}


def removed_rows(input_dir: str, entries: list[Entry], run_id: str, batch_id: str) -> list[dict]:
    """'removed' rows keep the last version's hash and articles, so the record says what went away."""
    return [row(input_dir, e.source_path, status=REMOVED, items=0, run_id=run_id, batch_id=batch_id,
                content_hash=e.content_hash, article_ids=e.article_ids) for e in entries]


def table(rows: list[dict]):
    return schemas.from_rows("manifest", rows)
