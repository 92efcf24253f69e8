"""Work begun while Prefect starts up (the CLI's `newsflow run` only).

`newsflow run` spends its first seconds waiting for Prefect's API server. When the input folder
holds files the lake's manifest has not seen (the discover stage's own code decides, run without
the lock), that time is put to use: the NLP workers start and load spaCy, the first batches of
files are read, and the workers analyse the first batch. The flow then takes what it can use:

- the worker pool (`take_pool`);
- the reading of a batch (`take_read`), when its batch holds exactly the same files, with the same
  size, mtime and manifest entry: the same code on the same bytes;
- the analysis of an NLP chunk, when the flow's chunk holds exactly the same articles (the pool
  keys those results by pipeline and article ids, and an article id is a hash of its text).

What the flow does not take is dropped. Nothing is written ahead: the flow, holding the lake's
lock, writes everything. Served and Dask runs start their work in the flow.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsflow.tasks.nlp.pool import NlpPool

if TYPE_CHECKING:
    from newsflow.tasks.ingest.files import Ingested, InputFile
    from newsflow.tasks.settings import Settings

_BATCHES_READ = 2       # the small first batch and the next: what the flow needs first
_NICENESS = 5           # as the NLP workers'
_lock = threading.Condition()
_pool: NlpPool | None = None
_reads: dict[tuple, Ingested | None] = {}   # None: being read
_thread: threading.Thread | None = None


def start(settings: Settings) -> None:
    """Begin in a background thread; returns at once."""
    global _thread
    if settings.uses_dask or settings.n_process < 2:
        return
    _thread = threading.Thread(target=_read_ahead, args=(settings,), name="read-ahead", daemon=True)
    _thread.start()


def _read_ahead(settings: Settings) -> None:
    global _pool
    from newsflow.tasks.ingest.files import ingest_files
    from newsflow.tasks.storage.lake import Lake
    from newsflow.tasks.run.batches import fresh_articles, max_bytes, nlp_jobs
    from newsflow.tasks.run.plan import plan_inputs

    try:
        # Below the priority of Prefect's server, whose start-up the run waits for (Linux: a
        # thread's own niceness).
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), _NICENESS)
        lake = Lake(settings.lake, settings.lake_options)
        plan = plan_inputs(settings, lake)
        if not plan.batches:
            return
        pool = NlpPool(list(settings.languages.values()), settings.n_process).__enter__()
        with _lock:
            _pool = pool
            for files in plan.batches[:_BATCHES_READ]:
                _reads[tuple(files)] = None
            _lock.notify_all()
        known = lake.article_ids()
        for n, files in enumerate(plan.batches[:_BATCHES_READ]):
            got = ingest_files(files, max_bytes(settings))
            with _lock:
                _reads[tuple(files)] = got
                _lock.notify_all()
            if n == 0:
                fresh, _ = fresh_articles(got.articles, known)
                pool.submit_ahead(nlp_jobs(fresh, settings.languages), last=len(plan.batches) == 1)
    except Exception:   # only ever a head start: the flow does the work, and reports any error
        pass
    finally:
        with _lock:
            for key in [k for k, v in _reads.items() if v is None]:
                del _reads[key]
            _lock.notify_all()


def take_pool(pipeline_names: Sequence[str], n_process: int) -> NlpPool:
    """The pool started ahead when it serves these pipelines, else a new one (entered by the caller)."""
    global _pool
    with _lock:
        if _thread is not None and _thread.is_alive() and _pool is None:
            _lock.wait_for(lambda: _pool is not None or not _thread.is_alive())
        pool, _pool = _pool, None
    if pool is not None and pool.serves(pipeline_names, n_process):
        return pool
    if pool is not None:
        pool.close()
    return NlpPool(pipeline_names, n_process)


def take_read(files: list[InputFile]) -> Ingested | None:
    """What reading exactly these files gave ahead (waiting if it is under way), else None."""
    key = tuple(files)
    with _lock:
        if key not in _reads:
            return None
        _lock.wait_for(lambda: _reads.get(key) is not None or key not in _reads)
        return _reads.pop(key, None)


def discard() -> None:
    """Drop what the run did not take (it had nothing to analyse, or failed before)."""
    global _pool
    if _thread is not None:
        _thread.join()
    with _lock:
        pool, _pool = _pool, None
        _reads.clear()
    if pool is not None:
        pool.close()
