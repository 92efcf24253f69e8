"""The Parquet lake: Hive-partitioned tables, atomic file writes, commit-aware reads, a writer lock.

Layout: <lake>/<table>/ingest_date=YYYY-MM-DD/part-<batch_id>.parquet. A file is written under a
hidden temporary name and renamed into place, so readers never see a partial file. A batch of a
dependent table (see schemas.COMMIT_TABLE) counts only once its commit table has the same batch:
a run killed between the two leaves an orphan that `recover()` deletes and no reader is shown.
"""
from __future__ import annotations

import fcntl
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import killpoints
from .errors import LakeBusy
from .schemas import COMMIT_TABLE, PARTITION_KEY, TABLES

_PART = re.compile(r"^part-(?P<batch>[\w.-]+)\.parquet$")
_TMP_PREFIX = ".tmp-"


@dataclass(frozen=True)
class LakeFile:
    table: str
    path: Path
    ingest_date: str
    batch_id: str


class Lake:
    def __init__(self, root: str | Path):
        self.root = Path(root).expanduser().resolve()

    # -- writing ---------------------------------------------------------------------------
    def write(self, table: str, data: pa.Table, ingest_date: date, batch_id: str) -> Path | None:
        """Write one batch of a table atomically; an empty batch writes nothing."""
        if data.num_rows == 0:
            return None
        data = data.cast(TABLES[table])
        folder = self.root / table / f"{PARTITION_KEY}={ingest_date.isoformat()}"
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / f"part-{batch_id}.parquet"
        tmp = folder / f"{_TMP_PREFIX}{os.getpid()}-{final.name}"
        pq.write_table(data, tmp, compression="zstd", row_group_size=100_000)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        killpoints.check("parquet", table)
        os.replace(tmp, final)
        return final

    # -- reading ---------------------------------------------------------------------------
    def files(self, table: str) -> list[LakeFile]:
        base = self.root / table
        if not base.is_dir():
            return []
        found = []
        for folder in sorted(base.iterdir()):
            key, _, value = folder.name.partition("=")
            if key != PARTITION_KEY or not folder.is_dir():
                continue
            for path in sorted(folder.iterdir()):
                if match := _PART.match(path.name):
                    found.append(LakeFile(table, path, value, match["batch"]))
        return found

    def committed_files(self, table: str) -> list[LakeFile]:
        files = self.files(table)
        commit = COMMIT_TABLE.get(table)
        if commit is None:
            return files
        committed = {f.batch_id for f in self.files(commit)}
        return [f for f in files if f.batch_id in committed]

    def read(self, table: str, columns: list[str] | None = None) -> pa.Table:
        """All committed rows of a table, with `ingest_date` (as a string) when asked for."""
        files = self.committed_files(table)
        schema = TABLES[table]
        wanted = columns or schema.names
        file_columns = [c for c in wanted if c != PARTITION_KEY]
        parts = []
        for f in files:
            part = pq.read_table(f.path, columns=file_columns)
            if PARTITION_KEY in wanted:
                part = part.append_column(PARTITION_KEY, pa.array([f.ingest_date] * part.num_rows, pa.string()))
            parts.append(part)
        if not parts:
            fields = [schema.field(c) if c != PARTITION_KEY else pa.field(c, pa.string()) for c in wanted]
            return pa.schema(fields).empty_table()
        return pa.concat_tables(parts).select(wanted)

    def iter_batches(self, table: str, columns: list[str], batch_rows: int) -> Iterator[pa.RecordBatch]:
        """Stream a table's committed rows without holding it whole in memory."""
        for f in self.committed_files(table):
            yield from pq.ParquetFile(f.path).iter_batches(batch_size=batch_rows, columns=columns)

    def article_ids(self) -> set[str]:
        return set(self.read("articles", ["article_id"]).column(0).to_pylist())

    # -- recovery and locking --------------------------------------------------------------
    def recover(self) -> list[Path]:
        """Delete temporary files and uncommitted batches left by a killed run. Call under the lock."""
        removed = []
        for table in TABLES:
            base = self.root / table
            if base.is_dir():
                for tmp in base.glob(f"*/{_TMP_PREFIX}*"):
                    tmp.unlink(missing_ok=True)
                    removed.append(tmp)
        for table in COMMIT_TABLE:
            committed = {f.path for f in self.committed_files(table)}
            for f in self.files(table):
                if f.path not in committed:
                    f.path.unlink(missing_ok=True)
                    removed.append(f.path)
        return removed

    @contextmanager
    def lock(self, wait_seconds: float = 0) -> Iterator[None]:
        """Hold the lake for writing; another holder makes this wait, then raise LakeBusy.

        An OS file lock: the kernel releases it when the holder dies, so a killed run never
        leaves the lake locked.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        handle = open(self.root / ".lock", "a+")
        deadline = time.monotonic() + wait_seconds
        try:
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        holder = handle.read().strip() if handle.seek(0) == 0 else ""
                        raise LakeBusy(f"another newsflow run is writing to {self.root}"
                                       + (f" ({holder})" if holder else "")
                                       + "; try again when it finishes") from None
                    time.sleep(0.5)
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
            handle.flush()
            yield
        finally:
            handle.close()

    @property
    def models_dir(self) -> Path:
        return self.root / "_models"
