"""A pool of worker processes that load each spaCy pipeline once and analyse chunks of a batch."""
from __future__ import annotations

import importlib.util
import multiprocessing
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from newsflow.tasks.nlp.pipeline import FALLBACK_LANGUAGE, Analysis, analyse, load_pipeline  # noqa: F401

# -- the worker pool -------------------------------------------------------------------------
_PIPELINES: dict[str, object] = {}
_LOADS: Counter[str] = Counter()   # pipelines loaded by this process (the Dask test checks: once each)
_LOADING = threading.Lock()        # a Dask worker with several threads still loads each pipeline once
_CHUNK = 64   # articles a worker analyses per call: one spaCy batch; small, so no worker idles long at the end
# spaCy's vocabulary keeps every new word it meets, so a worker grows with the corpus: a fresh one
# (a second to load the model) replaces it every 200 chunks, 12,800 articles. Memory stays flat.
_CHUNKS_PER_WORKER = 200


def _pipeline(name: str):
    """The loaded pipeline of this process: a worker (pool or Dask) loads each pipeline once."""
    if name not in _PIPELINES:
        with _LOADING:
            if name not in _PIPELINES:
                _PIPELINES[name] = load_pipeline(name)
                _LOADS[name] += 1
    return _PIPELINES[name]


def pipelines_loaded() -> dict[str, int]:
    """How many times this process loaded each pipeline."""
    return dict(_LOADS)


_WORKER_NICENESS = 5


def _init_worker(names: Sequence[str]) -> None:
    if not _PIPELINES:   # once per process
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        os.nice(_WORKER_NICENESS)
        _exit_with_parent()
    for name in names[:1]:   # the main language's; the others load with their first article
        _pipeline(name)


def _exit_with_parent() -> None:
    """A worker whose run was killed (SIGKILL leaves no chance to shut the pool down) exits too."""
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def check_installed(names: Sequence[str]) -> None:
    """Fail before any worker starts when a pipeline is not installed: the same one-line
    ModelNotInstalled whatever the worker count (a worker failing to load it would only break the pool)."""
    for name in names:
        if name != FALLBACK_LANGUAGE and importlib.util.find_spec(name.replace("-", "_")) is None \
                and not Path(name).expanduser().is_dir():
            load_pipeline(name)   # raises ModelNotInstalled with what to do


def _ready() -> None:
    """A no-op call: the first call on a pool starts its processes, which load their pipelines."""


def analyse_chunk(pipeline_name: str, article_ids: Sequence[str], texts: Sequence[str], with_entities: bool) -> Analysis:
    """Entry point in a worker process (or in-process): the pipeline is loaded once per process.

    An article that makes the NLP raise must not fail its chunk: the chunk is then analysed again
    article by article, and each article that still fails is in `Analysis.failed` with the error
    (the run rejects it, reason `nlp_failed`). A failing chunk is rare, so the retry costs nothing
    in the common case."""
    nlp = _pipeline(pipeline_name)
    try:
        return analyse(nlp, article_ids, texts, with_entities)
    except Exception:
        out = Analysis()
        for aid, text in zip(article_ids, texts):
            try:
                out.extend(analyse(nlp, [aid], [text], with_entities))
            except Exception as exc:
                out.failed[aid] = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:300]
        return out


def analyse_jobs(jobs: Sequence[tuple[str, Sequence[str], Sequence[str], bool]]) -> Analysis:
    """Every job in this process, in order (a Dask worker's entry point)."""
    out = Analysis()
    for job in jobs:
        out.extend(analyse_chunk(*job))
    return out


Job = tuple[str, Sequence[str], Sequence[str], bool]   # (pipeline name, article ids, texts, with_entities)


class Pending:
    """Chunks of a batch submitted to the pool; `result()` gathers them in order.

    `on_half` is called once half of the chunks are back (the crash tests' `nlp` kill point: half
    a batch analysed, workers busy with the rest).
    """

    def __init__(self, futures: list[Future] | None = None, chunks: list[tuple] | None = None):
        self._futures = futures
        self._chunks = chunks   # in-process: computed when asked for

    def result(self, on_half: Callable[[], None] | None = None) -> Analysis:
        out = Analysis()
        parts = self._futures if self._futures is not None else self._chunks
        half = len(parts) // 2
        for n, part in enumerate(parts):
            if n == half and on_half is not None:
                on_half()
            out.extend(part.result() if isinstance(part, Future) else analyse_chunk(*part))
        if not parts and on_half is not None:
            on_half()
        return out


class NlpPool:
    """Runs analyse_chunk across `n_process` worker processes (or in this process when 1).

    Workers are started with `spawn`: forking a process that runs Prefect's threads is unsafe
    (and spaCy warns W127 about it). They start, and load their pipelines, as soon as the pool is
    entered. They run at a lower priority than the run's own process, which feeds them and lands
    their results, and than Prefect's server: on a busy machine those never wait for the NLP.
    """

    def __init__(self, pipeline_names: Sequence[str], n_process: int, chunk_size: int = _CHUNK):
        self.pipeline_names = list(pipeline_names)
        self.n_process = n_process
        self.chunk_size = chunk_size
        self._executor: ProcessPoolExecutor | None = None
        self._ahead: dict[tuple, Future] = {}

    def __enter__(self) -> "NlpPool":
        check_installed(self.pipeline_names)
        if self.n_process > 1:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    max_workers=self.n_process,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_init_worker,
                    initargs=(self.pipeline_names,),
                    max_tasks_per_child=_CHUNKS_PER_WORKER,
                )
                self._executor.submit(_ready)
        else:
            for name in self.pipeline_names:
                _pipeline(name)  # fail fast on a missing model
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._ahead.clear()
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def serves(self, pipeline_names: Sequence[str], n_process: int) -> bool:
        return set(pipeline_names) <= set(self.pipeline_names) and n_process == self.n_process

    def check_models(self) -> None:
        """Load the pipelines in a worker, so a missing model fails before any work is done."""
        if self._executor is not None:
            self._executor.submit(_init_worker, self.pipeline_names).result()

    def submit_ahead(self, jobs: Sequence[Job], last: bool = False) -> None:
        """Start analysing jobs no one has asked for yet (see tasks/readahead.py): a later `submit`
        of a chunk with the same pipeline and article ids takes the result instead of queueing the
        chunk again. Article ids are hashes of the texts, so a result only goes with its text."""
        if self._executor is not None:
            for chunk in self._chunks(jobs, last):
                self._ahead[_chunk_key(chunk)] = self._executor.submit(analyse_chunk, *chunk)

    def submit(self, jobs: Sequence[Job], last: bool = False) -> Pending:
        """Queue the jobs' chunks on the workers and return at once. `last`: nothing follows, so the
        final chunks are cut smaller and the workers finish close together, none idling long."""
        chunks = list(self._chunks(jobs, last))
        if self._executor is None:
            return Pending(chunks=chunks)
        return Pending(futures=[self._ahead.pop(_chunk_key(chunk), None)
                                or self._executor.submit(analyse_chunk, *chunk) for chunk in chunks])

    def run(self, jobs: Sequence[Job]) -> Analysis:
        """jobs: (pipeline_name, article_ids, texts, with_entities). Results come back in job order."""
        return self.submit(jobs).result()

    def _chunks(self, jobs: Sequence[Job], last: bool = False) -> Iterator[tuple]:
        return chunks(jobs, self.chunk_size, self.n_process, last and self._executor is not None)

    @property
    def ahead_waiting(self) -> int:
        """Chunks analysed (or being analysed) ahead that no `submit` has taken yet."""
        return len(self._ahead)


def chunks(jobs: Sequence[Job], chunk_size: int, n_process: int, last: bool = False) -> Iterator[tuple]:
    """The jobs cut into chunks of `chunk_size` articles. `last`: nothing follows, so the final
    `n_process` chunks' worth is cut four times smaller and the workers finish close together."""
    for n, (name, ids, texts, with_entities) in enumerate(jobs):
        size, small = len(ids), max(1, chunk_size // 4)
        tail = size - n_process * chunk_size if last and n == len(jobs) - 1 else size
        start = 0
        while start < size:
            end = min(size, start + (chunk_size if start < tail else small))
            yield name, ids[start:end], texts[start:end], with_entities
            start = end


def _chunk_key(chunk: tuple) -> tuple:
    name, ids, _texts, with_entities = chunk
    return name, tuple(ids), with_entities
