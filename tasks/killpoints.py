"""Deterministic crash points for the crash-safety tests: `NEWSFLOW_KILL_AT=<point>[/<detail>][:<n>]`.

The run SIGKILLs itself the n-th time (default: the first) it passes the named point, so a test
can kill a real run at an exact place and check what the next run finds; `parquet/entities:2`
narrows a point to one detail (here: the second entities file). Unset, `check` is a dictionary
lookup and nothing else. Points:

    ingest   a batch is read and cleaned, nothing of it written yet
    nlp      half of a batch's NLP chunks are done (worker processes busy)
    parquet  a Parquet file is written under its temporary name, not yet renamed into place
    commit   a batch's data files are in place, its manifest (commit) file not yet
    stories  a batch's stories are about to be computed: the run's earlier batches are committed
             with theirs, the stories state that includes them not saved yet
    topics   one batch of topic assignments is written, others remain
    views    the new database file is built beside the old one, not yet swapped in
    finish   the database is swapped in, the run's final row not yet written
"""
from __future__ import annotations

import os
import signal
from collections import Counter

ENV = "NEWSFLOW_KILL_AT"
POINTS = ("ingest", "nlp", "parquet", "commit", "stories", "topics", "views", "finish")
_passes: Counter[str] = Counter()


def check(point: str, detail: str | None = None) -> None:
    """SIGKILL this process if NEWSFLOW_KILL_AT names this point and this is the chosen pass."""
    spec = os.environ.get(ENV)
    if not spec:
        return
    name, _, nth = spec.partition(":")
    wanted_point, _, wanted_detail = name.partition("/")
    if wanted_point not in POINTS:
        raise ValueError(f"{ENV}={spec!r}: the point must be one of {', '.join(POINTS)}")
    if wanted_point != point or (wanted_detail and wanted_detail != detail):
        return
    _passes[name] += 1
    if _passes[name] == int(nth or 1):
        # SIGKILL, not an exception: no finally block, atexit hook or flush runs, as in a real crash.
        os.kill(os.getpid(), signal.SIGKILL)
