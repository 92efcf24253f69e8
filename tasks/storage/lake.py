"""The Parquet lake: Hive-partitioned tables, atomic file writes, commit-aware reads, a writer lock.

Layout: <lake>/<table>/ingest_date=YYYY-MM-DD/part-<batch_id>.parquet. A batch of a dependent
table (see schemas.COMMIT_TABLE) counts only once its commit table has the same batch, or once the
run that wrote it completed (its `runs` row, whose batch id is the run id: a completed run committed
every batch it wrote, so a lost manifest partition hides nothing). A run killed between the two
leaves an orphan that `recover()` deletes and no reader is shown. `recover()` deletes only what its
own run's record proves was never committed (that run is `running` under the lock, or `crashed`);
any other uncommitted file is moved to `<lake>/_quarantine/` and reported, never deleted.

The lake is a local folder or a prefix of object storage (`s3://bucket/prefix`, or any fsspec
URL), and this is the only module that knows which: the rest of newsflow reads and writes tables
and blobs through `Lake`. The two differ in three places:

- *Atomic writes.* Locally a file is written under a hidden temporary name, fsynced and renamed
  into place. An object store has no rename, but a PUT is atomic (readers see the whole object
  or none, also for multipart uploads), so the final key is written directly.
- *Listing.* Only `part-*.parquet` files under `ingest_date=` folders count. Other keys, such as
  the empty "folder" objects that pyarrow's S3 writer and some consoles create, are ignored, and
  reads name their files explicitly, never a folder (a folder read through pyarrow.dataset trips
  over those empty objects).
- *The lock.* A local lake is locked with an OS file lock in the lake. An object store has no
  such lock, so an object-store lake is locked with a file lock on this machine (in the temporary
  folder, named after the lake's URL): two runs on one machine never interleave; runs on several
  machines against one bucket must be kept apart by their scheduler (README: Scaling out).

Every table has a readable folder, also while it has no rows: `ensure_placeholders()` (called when
the database is built, at the end of every run) writes a zero-row `empty.parquet` with the table's
schema into a partition folder of every table (the database's views read it with the data files, so a
column added in a newer version reads as null in files written before it). Readers that take a table's
folder (pyarrow.dataset, pandas, DuckDB's `read_parquet('<table>/*/*.parquet')`) then find a
typed, empty table instead of "no such file". The placeholder is in the same Hive layout as the
data files, so it reads beside them once rows land; it stays (zero rows change no count) and is
rewritten when the table's schema changes. It is no batch: `files()` lists only `part-*.parquet`,
so the commit protocol and `recover()` never see it.
"""
from __future__ import annotations

import fcntl
import hashlib
import io
import os
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newsflow.tasks import killpoints
from newsflow.tasks.errors import LakeBusy, LakeDamaged
from newsflow.tasks.storage.schemas import COMMIT_TABLE, PARTITION_KEY, TABLES

_PART = re.compile(r"^part-(?P<batch>[\w.-]+)\.parquet$")
PLACEHOLDER = "empty.parquet"   # the zero-row file that gives an empty table a readable folder
_TMP_PREFIX = ".tmp-"
QUARANTINE = "_quarantine"
_UNFINISHED = ("running", "crashed")   # a run's statuses that prove its uncommitted batches never committed
_URL = re.compile(r"^(?P<protocol>[a-z][a-z0-9+.-]*)://", re.IGNORECASE)


@dataclass
class Recovery:
    """What `Lake.recover()` did: files deleted (temporary files, and uncommitted batches of runs that
    never finished), and files moved to the quarantine folder (uncommitted for a reason no record proves)."""

    removed: list = field(default_factory=list)
    quarantined: list = field(default_factory=list)   # (from, to)


def run_of(batch_id: str) -> str:
    """The run that wrote a batch: batch ids are `<run id>-<n>`, `<run id>-discovery`, `<run id>-t<n>`;
    a runs file's batch id is its run id."""
    return batch_id.rsplit("-", 1)[0]


@dataclass(frozen=True)
class LakeFile:
    table: str
    path: Path | str        # a local Path, or the object's URL (s3://bucket/key)
    ingest_date: str
    batch_id: str


def is_remote(root: str | Path) -> bool:
    """True for an object-store URL such as s3://bucket/prefix (file:// counts as local)."""
    match = _URL.match(str(root))
    return bool(match) and match["protocol"].lower() != "file"


class Lake:
    def __init__(self, root: str | Path, storage_options: dict | None = None):
        self.storage_options = dict(storage_options or {})
        self._statuses: dict[str, str] | None = None   # run_statuses(), until this lake writes `runs`
        if is_remote(root):
            import fsspec

            # A filesystem of its own: fsspec would hand back one cached with the credentials and
            # endpoint of the environment as it was when first created.
            self.fs, base = fsspec.core.url_to_fs(str(root), skip_instance_cache=True, **self.storage_options)
            self.protocol = _URL.match(str(root))["protocol"].lower()
            self._base = base.rstrip("/")
            self.root: Path | str = f"{self.protocol}://{self._base}"
        else:
            self.fs, self.protocol = None, "file"
            self.root = Path(str(root).removeprefix("file://")).expanduser().resolve()

    @property
    def remote(self) -> bool:
        return self.fs is not None

    @property
    def url(self) -> str:
        return str(self.root)

    def _join(self, *parts: str) -> Path | str:
        if self.remote:
            return "/".join([self.url, *parts])
        return self.root.joinpath(*parts)

    def _key(self, path: Path | str) -> str:
        """An object URL as the fsspec filesystem names it (bucket/key)."""
        return str(path).split("://", 1)[-1]

    # -- writing ---------------------------------------------------------------------------
    def write(self, table: str, data: pa.Table, ingest_date: date, batch_id: str) -> Path | str | None:
        """Write one batch of a table atomically; an empty batch writes nothing.

        The writer stamps `batch_id` on every row of every table (one meaning everywhere: the id of
        the batch, and of the file, that wrote the row) and casts the columns to the table's schema.
        """
        if data.num_rows == 0:
            return None
        if table == "runs":
            self._statuses = None
        data = stamp_batch_id(data, TABLES[table], batch_id)
        final = self._join(table, f"{PARTITION_KEY}={ingest_date.isoformat()}", f"part-{batch_id}.parquet")
        self._write_parquet(final, data, table)
        return final

    def ensure_placeholders(self, day: date) -> list[Path | str]:
        """Give every table a zero-row file with its current schema (under `ingest_date=<day>/` when it
        has none); rewrite placeholders whose schema is out of date. Returns the files written. Call
        under the lock (a writer's job: see the module docstring)."""
        written = []
        for table, schema in TABLES.items():
            placeholders = self.placeholders(table) or [
                self._join(table, f"{PARTITION_KEY}={day.isoformat()}", PLACEHOLDER)]
            for path in placeholders:
                if not self._schema_is(path, schema):
                    self._write_parquet(path, schema.empty_table())
                    written.append(path)
        return written

    def placeholders(self, table: str) -> list[Path | str]:
        """The table's zero-row files with its schema. Readers that list files add them: read by
        name with the data files, they bring the columns that files written before a column was
        added lack (DuckDB's union_by_name then reads those as null)."""
        return [path for folder, name, path in self._listing(table)
                if name == PLACEHOLDER and folder.startswith(f"{PARTITION_KEY}=")]

    def _schema_is(self, path: Path | str, schema: pa.Schema) -> bool:
        try:
            return self._read_schema(path).equals(schema)
        except (FileNotFoundError, pa.ArrowInvalid):
            return False

    def _read_schema(self, path: Path | str) -> pa.Schema:
        """A Parquet file's schema, from its footer alone."""
        if self.remote:
            with self.fs.open(self._key(path), "rb") as handle:
                return pq.read_schema(handle)
        return pq.read_schema(path)

    def _write_parquet(self, final: Path | str, data: pa.Table, table: str | None = None) -> None:
        """Write a Parquet file whole or not at all (see the module docstring: atomic writes)."""
        if self.remote:
            with self.fs.open(self._key(final), "wb") as handle:   # one PUT when closed
                pq.write_table(data, handle, compression="zstd", row_group_size=100_000)
            return
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = final.with_name(f"{_TMP_PREFIX}{os.getpid()}-{final.name}")
        pq.write_table(data, tmp, compression="zstd", row_group_size=100_000)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        if table is not None:
            killpoints.check("parquet", table)
        os.replace(tmp, final)

    def put_blob(self, name: str, data: bytes) -> None:
        """Store a small file (a saved model) under <lake>/<name>, atomically."""
        target = self._join(*name.split("/"))
        if self.remote:
            self.fs.pipe_file(self._key(target), data)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f"{_TMP_PREFIX}{os.getpid()}-{target.name}")
        tmp.write_bytes(data)
        os.replace(tmp, target)

    def get_blob(self, name: str) -> bytes | None:
        target = self._join(*name.split("/"))
        if self.remote:
            try:
                return self.fs.cat_file(self._key(target))
            except FileNotFoundError:
                return None
        return target.read_bytes() if target.is_file() else None

    # -- reading ---------------------------------------------------------------------------
    def files(self, table: str) -> list[LakeFile]:
        found = []
        for folder, name, path in self._listing(table):
            key, _, value = folder.partition("=")
            if key == PARTITION_KEY and (match := _PART.match(name)):
                found.append(LakeFile(table, path, value, match["batch"]))
        return sorted(found, key=lambda f: (f.ingest_date, str(f.path)))

    def _listing(self, table: str) -> Iterator[tuple[str, str, Path | str]]:
        """(partition folder, file name, path) of every file one level under the table's folders."""
        if self.remote:
            base = f"{self._base}/{table}"
            self.fs.invalidate_cache(base)   # fsspec caches listings; another run may have written since
            try:
                keys = self.fs.find(base, maxdepth=2)
            except FileNotFoundError:
                return
            for key in keys:
                parts = key[len(base) + 1:].split("/")
                if len(parts) == 2:
                    yield parts[0], parts[1], f"{self.protocol}://{key}"
            return
        base = self.root / table
        if not base.is_dir():
            return
        for folder in base.iterdir():
            if folder.is_dir():
                for path in folder.iterdir():
                    yield folder.name, path.name, path

    def committed_files(self, table: str) -> list[LakeFile]:
        files = self.files(table)
        commit = COMMIT_TABLE.get(table)
        if commit is None:
            return files
        committed = {f.batch_id for f in self.files(commit)}
        if all(f.batch_id in committed for f in files):
            return files
        completed = {run for run, status in self.run_statuses().items() if status == "completed"}
        return [f for f in files if f.batch_id in committed or run_of(f.batch_id) in completed]

    def run_statuses(self) -> dict[str, str]:
        """Each recorded run's status (the runs table: one file, one row, a run). Read once, then
        kept until this lake writes a `runs` row: every table's uncommitted files ask for it (a lost
        manifest partition makes that every read), and only a writer under the lock changes it."""
        if self._statuses is None:
            runs = self.read("runs", ["run_id", "status"])
            self._statuses = dict(zip(runs.column(0).to_pylist(), runs.column(1).to_pylist()))
        return self._statuses

    def read_file(self, f: LakeFile, columns: list[str] | None = None) -> pa.Table:
        try:
            if self.remote:
                with self.fs.open(self._key(f.path), "rb") as handle:
                    return pq.read_table(handle, columns=columns)
            return pq.read_table(f.path, columns=columns)
        except pa.ArrowInvalid as exc:
            raise LakeDamaged(f.path, exc) from None

    def quarantine_unreadable(self) -> list[tuple[Path | str, Path | str]]:
        """Move every part file whose Parquet footer cannot be read to the quarantine folder
        (`newsflow views --repair`). Reads each file's footer: a repair, not part of every run.
        Call under the lock."""
        moved = []
        for table in TABLES:
            for f in self.files(table):
                try:
                    self._read_schema(f.path)
                except (pa.ArrowInvalid, OSError):
                    moved.append((f.path, self._quarantine(f)))
        return moved

    def read(self, table: str, columns: list[str] | None = None, files: list[LakeFile] | None = None) -> pa.Table:
        """All committed rows of a table (or those of the given files), with `ingest_date` (as a
        string) when asked for."""
        files = self.committed_files(table) if files is None else files
        schema = TABLES[table]
        wanted = columns or schema.names
        file_columns = [c for c in wanted if c != PARTITION_KEY]
        parts = []
        for f in files:
            part = self.read_file(f, file_columns)
            if PARTITION_KEY in wanted:
                part = part.append_column(PARTITION_KEY, pa.array([f.ingest_date] * part.num_rows, pa.string()))
            parts.append(part)
        if not parts:
            fields = [schema.field(c) if c != PARTITION_KEY else pa.field(c, pa.string()) for c in wanted]
            return pa.schema(fields).empty_table()
        return pa.concat_tables(parts).select(wanted)

    def iter_batches(self, table: str, columns: list[str], batch_rows: int,
                     files: list[LakeFile] | None = None) -> Iterator[pa.RecordBatch]:
        """Stream a table's committed rows (or those of the given files) without holding them in memory."""
        for f in self.committed_files(table) if files is None else files:
            try:
                if self.remote:
                    with self.fs.open(self._key(f.path), "rb") as handle:
                        parquet = pq.ParquetFile(io.BytesIO(handle.read()))
                else:
                    parquet = pq.ParquetFile(f.path)
            except pa.ArrowInvalid as exc:
                raise LakeDamaged(f.path, exc) from None
            yield from parquet.iter_batches(batch_size=batch_rows, columns=columns)

    def article_ids(self) -> set[str]:
        return set(self.read("articles", ["article_id"]).column(0).to_pylist())

    # -- recovery and locking --------------------------------------------------------------
    def recover(self) -> Recovery:
        """Delete temporary files and the uncommitted batches of runs that never finished (killed:
        `running` under the lock, or `crashed`). Any other uncommitted file (its run failed, or left
        no record, or its commit file is gone) goes to the quarantine folder. Call under the lock."""
        done = Recovery()
        if not self.remote:  # an object store has no temporary files: its writes are single PUTs
            for table in TABLES:
                base = self.root / table
                if base.is_dir():
                    for tmp in base.glob(f"*/{_TMP_PREFIX}*"):
                        tmp.unlink(missing_ok=True)
                        done.removed.append(tmp)
        for table in COMMIT_TABLE:
            committed = {f.path for f in self.committed_files(table)}
            for f in self.files(table):
                if f.path in committed:
                    continue
                if self.run_statuses().get(run_of(f.batch_id)) in _UNFINISHED:
                    self._delete(f.path)
                    done.removed.append(f.path)
                else:
                    done.quarantined.append((f.path, self._quarantine(f)))
        return done

    def _quarantine(self, f: LakeFile) -> Path | str:
        """Move a file out of its table into <lake>/_quarantine/<table>/ingest_date=.../, keeping its name."""
        name = Path(str(f.path)).name
        target = self._join(QUARANTINE, f.table, f"{PARTITION_KEY}={f.ingest_date}", name)
        if self.remote:
            self.fs.mv(self._key(f.path), self._key(target))
            return target
        n = 0
        while target.exists():   # quarantined before: keep both
            n += 1
            target = target.with_name(f"{name}.{n}")
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(f.path, target)
        return target

    def _delete(self, path: Path | str) -> None:
        if self.remote:
            self.fs.rm_file(self._key(path))
        else:
            Path(path).unlink(missing_ok=True)

    def lock_path(self) -> Path:
        """The lock file: in a local lake itself; for an object store, on this machine (see above)."""
        if not self.remote:
            return self.root / ".lock"
        digest = hashlib.blake2b(self.url.encode(), digest_size=8).hexdigest()
        return Path(tempfile.gettempdir()) / "newsflow-locks" / f"{digest}.lock"

    @contextmanager
    def lock(self, wait_seconds: float = 0) -> Iterator[None]:
        """Hold the lake for writing; another holder makes this wait, then raise LakeBusy.

        An OS file lock: the kernel releases it when the holder dies, so a killed run never
        leaves the lake locked.
        """
        path = self.lock_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+")
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


def stamp_batch_id(data: pa.Table, schema: pa.Schema, batch_id: str) -> pa.Table:
    """`data` in the schema's column order and types, with batch_id set to this batch."""
    if "batch_id" in data.column_names:
        data = data.drop_columns(["batch_id"])
    data = data.append_column("batch_id", pa.array([batch_id] * data.num_rows, pa.string()))
    return data.select(schema.names).cast(schema)
