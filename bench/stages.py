"""CPU of the stages that run in the run's own process, per 1,000 articles, without Prefect or spaCy.

    .venv/bin/python -m bench.stages                 (3 batches of 1,000 BBC articles, about 3 minutes)
    .venv/bin/python -m bench.stages --gc default    (the interpreter's collection thresholds)

The throughput benchmark's c/b is short of its target because of this process (docs/performance.md):
a run's wall time on two cores is about half the CPU of spaCy, of the workers' extras and of this
process. This benchmark times only the stages that grow with the articles there, enrich (labels,
keys, places, quotes, tone) and stories (near-duplicates, boilerplate, clustering), batch after
batch with their corpus states carried over as in a run, and the garbage collector's share of
them. spaCy's analysis of the articles is computed once and kept in the system's temporary folder
(keyed by the pipeline and the articles), so reruns take seconds. It prints CPU seconds per batch
and per 1,000 articles (the median of the batches after the first, whose imports and caches
are not a batch's cost), then one JSON line.
"""
from __future__ import annotations

import argparse
import gc
import hashlib
import json
import pickle
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

BATCH = 1_000


def analysed_batches(n: int) -> list:
    """(articles, spaCy analysis) per batch of BATCH, from the cache when it is there."""
    from bench.corpus import write_corpus
    from newsflow.tasks.ingest.files import discover, ingest_files
    from newsflow.tasks.nlp.pipeline import analyse, load_pipeline
    from newsflow.tasks.settings import DEFAULT_SPACY_MODEL

    with tempfile.TemporaryDirectory() as tmp:
        found = discover(write_corpus(n, Path(tmp)))
        articles = ingest_files(found.files, 1 << 30).articles
    digest = hashlib.blake2b("".join(a.article_id for a in articles).encode(), digest_size=8).hexdigest()
    cache = Path(tempfile.gettempdir()) / f"newsflow-bench-stages-{DEFAULT_SPACY_MODEL}-{digest}.pkl"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    nlp = load_pipeline(DEFAULT_SPACY_MODEL)
    batches = [(part, analyse(nlp, [a.article_id for a in part], [a.text for a in part]))
               for part in (articles[i:i + BATCH] for i in range(0, len(articles), BATCH))]
    cache.write_bytes(pickle.dumps(batches))
    return batches


def time_stages(batches: list, gc_mode: str) -> dict:
    from newsflow.flows.batch_window import BatchWindow
    from newsflow.tasks.run import entity_stage, stories_stage
    from newsflow.tasks.run.enrich import enrich_batch, load_reference_data

    if gc_mode == "run":   # as a run opens its window: the reference data loaded, then frozen with the rest
        load_reference_data()
        BatchWindow(ahead=2)
    collecting = [0.0, 0.0]

    def on_collect(phase, _info):
        if phase == "start":
            collecting[1] = time.process_time()
        else:
            collecting[0] += time.process_time() - collecting[1]

    gc.callbacks.append(on_collect)
    entities, stories = entity_stage.empty_state(), stories_stage.empty_state()
    cpu = []
    try:
        for n, (articles, analysis) in enumerate(batches):
            start = time.process_time()
            tables, entities = enrich_batch(articles, analysis, entities, "bench")
            _, stories = stories_stage.stories_batch(stories, f"b{n}", *stories_stage.batch_frames(articles, tables,
                                                                                                   date.today()))
            gc.collect()   # as the run does after each landed batch
            cpu.append(time.process_time() - start)
    finally:
        gc.callbacks.remove(on_collect)
    steady = cpu[1:] or cpu
    return {"gc": gc_mode, "batch": BATCH, "cpu_s_per_batch": [round(c, 3) for c in cpu],
            "cpu_s_per_1000": round(statistics.median(steady) * 1000 / BATCH, 3),
            "gc_s_total": round(collecting[0], 3)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=3 * BATCH, help="articles (default 3,000: three batches)")
    parser.add_argument("--gc", choices=["run", "default"], default="run",
                        help="run: the collector set as a run sets it (reference data frozen, rarer young "
                             "collections); default: the interpreter's own")
    args = parser.parse_args(argv)
    batches = analysed_batches(args.n)
    result = time_stages(batches, args.gc)
    print(f"enrich + stories, {args.n} articles in batches of {BATCH}, gc {args.gc}: CPU s per batch "
          f"{result['cpu_s_per_batch']}, {result['cpu_s_per_1000']} s per 1,000 articles, "
          f"of which the collector {result['gc_s_total']} s in all")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
