"""How a run's throughput grows with NLP workers: the local pool and a Dask LocalCluster.

    .venv/bin/python -m bench.scaling              (N = 2,000; about 6 minutes on 2 cores)

On one corpus (bench/corpus.py), it runs `newsflow run` into a fresh lake with 1 and 2 workers,
first on the local process pool, then on a temporary Dask LocalCluster (`--dask-local-workers`),
and prints words/s and the speed-up over one worker. A machine with 2 cores shows 1 -> 2 only; the
last lines project further: the run's own process (reading, cleaning, landing, topics, Prefect)
stays on one core whatever the workers, so its CPU time per word caps the run at
words / run-process CPU seconds, and that cap over one worker's rate is the number of workers
past which more stop helping (a worker's rate: the best 2-worker run, halved). The last line of stdout is every figure as one JSON line.
"""
from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from bench.corpus import write_corpus
from bench.throughput import full_run, machine, texts_for

# One local worker means the NLP runs in the run's own process, with nothing overlapped.
SETUPS = [("local pool", 1, ()), ("local pool", 2, ()),
          ("Dask LocalCluster", 1, ("--dask-local-workers", "1")),
          ("Dask LocalCluster", 2, ("--dask-local-workers", "2"))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="articles (default 2000)")
    args = parser.parse_args(argv)
    words = sum(len(t.split()) for t in texts_for(args.n))
    rows = []
    with tempfile.TemporaryDirectory(prefix="newsflow-scaling-") as tmp:
        corpus = write_corpus(args.n, Path(tmp) / "input")
        for runner, workers, extra in SETUPS:
            with tempfile.TemporaryDirectory(dir=tmp) as work:
                (Path(work) / "input").symlink_to(corpus)
                seconds, _, own_cpu = full_run(args.n, Path(work), *extra, n_process=workers)
            rows.append({"runner": runner, "workers": workers, "run_s": round(seconds, 1),
                         "words_per_s": round(words / seconds), "run_process_cpu_s": round(own_cpu, 1)})
            one = next(r for r in rows if r["runner"] == runner)
            rows[-1]["speedup"] = round(rows[-1]["words_per_s"] / one["words_per_s"], 2)
            print(f"{runner:<18} workers={workers}  {rows[-1]['words_per_s']:>6} words/s  "
                  f"x{rows[-1]['speedup']}  ({seconds:.1f} s, run process {own_cpu:.1f} CPU s)", flush=True)
    # A worker's rate (the best 2-worker run, halved: both cores busy with NLP), and the cap the
    # run's own process puts on any number of workers (its busiest run, to be safe; one local
    # worker is the run's own process, so that run does not count).
    per_worker = max(r["words_per_s"] for r in rows if r["workers"] == 2) / 2
    busiest = max(r["run_process_cpu_s"] for r in rows if r["runner"] != "local pool" or r["workers"] > 1)
    projection = {"words_per_s_per_worker": round(per_worker),
                  "run_process_cap_words_per_s": round(words / busiest),
                  "workers_at_cap": round(words / busiest / per_worker, 1)}
    print(f"projection: ~{projection['words_per_s_per_worker']} words/s per worker, the run's own process caps "
          f"a run at ~{projection['run_process_cap_words_per_s']} words/s: about "
          f"{projection['workers_at_cap']} workers")
    print("\n" + markdown(rows, projection) + "\n")
    print(json.dumps({"machine": machine(), "n_articles": args.n, "words": words, "runs": rows,
                      "projection": projection}))


def markdown(rows: list[dict], projection: dict) -> str:
    """The figures as the README's scaling table."""
    lines = ["| runner | workers | words/s | speed-up | run's own process, CPU s |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {r['runner']} | {r['workers']} | {r['words_per_s']:,} | x{r['speedup']} | {r['run_process_cpu_s']} |"
              for r in rows]
    lines += ["", f"Projection: about {projection['words_per_s_per_worker']:,} words/s per worker process; the run's "
                  f"own process caps one run near {projection['run_process_cap_words_per_s']:,} words/s, about "
                  f"{projection['workers_at_cap']} workers."]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
