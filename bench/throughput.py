"""Throughput benchmark: newsflow end to end against spaCy's own limit on the same articles.

    python -m bench.throughput --n 2000 --n 20000        (make bench)

For each N it times, on the same N articles (the BBC corpus replicated with small unique changes):
  a) spaCy nlp.pipe with the model's default pipeline, n_process=2 — the naive user's baseline;
  b) nlp.pipe with exactly newsflow's components and settings — the limit;
  c) a full `newsflow run` into a fresh lake and database (process start-up included),
and prints words/s for each, the ratios c/b and c/a, peak RSS of (c) (its whole process tree),
and how long each reporting view takes to answer, then one JSON line per N.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from bench.corpus import replicate, write_corpus
from tasks.clean import clean_text
from tasks.settings import DEFAULT_SPACY_MODEL
from tasks.textparse import parse_plain_text

ROOT = Path(__file__).resolve().parents[1]
VIEWS = ["top_entities", "entity_daily", "entity_cooccurrence", "topic_daily", "article_overview", "data_quality"]
N_PROCESS = 2


def texts_for(n: int) -> list[str]:
    return [clean_text(parse_plain_text(raw).text) for _, raw in replicate(n)]


def time_pipe(nlp, texts: list[str], **kwargs) -> float:
    start = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=N_PROCESS, **kwargs):
        pass
    return time.perf_counter() - start


def baseline(texts: list[str]) -> float:
    import spacy

    return time_pipe(spacy.load(DEFAULT_SPACY_MODEL), texts)


def limit(texts: list[str]) -> float:
    from tasks.nlp import _SPACY_BATCH, load_pipeline

    return time_pipe(load_pipeline(DEFAULT_SPACY_MODEL), texts, batch_size=_SPACY_BATCH)


def full_run(n: int, workdir: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (bytes, summed over the process tree) of `newsflow run`."""
    corpus = write_corpus(n, workdir / "input")
    cmd = [str(Path(sys.executable).with_name("newsflow")), "run", str(corpus),
           "--lake", str(workdir / "lake"), "--db", str(workdir / "newsflow.duckdb")]
    env = {**os.environ, "NEWSFLOW_N_PROCESS": str(N_PROCESS)}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    peak = _watch_rss(proc)
    _, stderr = proc.communicate()
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"newsflow run failed ({proc.returncode}): {stderr.decode()[-2000:]}")
    return elapsed, peak


def _watch_rss(proc: subprocess.Popen) -> int:
    peak = 0
    root = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.2)
    return peak


def view_timings(db: Path) -> dict[str, float]:
    import duckdb

    timings = {}
    with duckdb.connect(str(db), read_only=True) as con:
        for view in VIEWS:
            start = time.perf_counter()
            con.execute(f"select count(*) from (select * from {view})").fetchall()
            timings[view] = round(time.perf_counter() - start, 3)
        counts = dict(con.execute("select table_name, rows from data_quality").fetchall())
    return {"seconds": timings, "rows": counts}


def bench(n: int, skip_baselines: bool) -> dict:
    texts = texts_for(n)
    words = sum(len(t.split()) for t in texts)
    result: dict = {"n_articles": n, "words": words, "cores": os.cpu_count(), "n_process": N_PROCESS}
    if not skip_baselines:
        result["a_default_pipe_s"] = round(baseline(texts), 2)
        result["b_newsflow_pipe_s"] = round(limit(texts), 2)
    with tempfile.TemporaryDirectory(prefix="newsflow-bench-") as tmp:
        elapsed, peak = full_run(n, Path(tmp))
        result["c_newsflow_run_s"] = round(elapsed, 2)
        result["c_peak_rss_mb"] = round(peak / 2**20)
        result["views"] = view_timings(Path(tmp) / "newsflow.duckdb")
    for key, name in (("a", "a_default_pipe_s"), ("b", "b_newsflow_pipe_s"), ("c", "c_newsflow_run_s")):
        if name in result:
            result[f"{key}_words_per_s"] = round(words / result[name])
    if not skip_baselines:
        result["c_over_b"] = round(result["c_words_per_s"] / result["b_words_per_s"], 3)
        result["c_over_a"] = round(result["c_words_per_s"] / result["a_words_per_s"], 3)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, action="append", help="articles (repeatable); default 2000 and 20000")
    parser.add_argument("--skip-baselines", action="store_true", help="time only the full run (c)")
    args = parser.parse_args(argv)
    results = [bench(n, args.skip_baselines) for n in (args.n or [2000, 20000])]
    for r in results:
        print(f"N={r['n_articles']:>6} words={r['words']:>9}  " + "  ".join(
            f"{k}={r[k]}" for k in ("a_words_per_s", "b_words_per_s", "c_words_per_s", "c_over_b", "c_over_a",
                                    "c_peak_rss_mb") if k in r))
        print("         views (s): " + ", ".join(f"{v}={s}" for v, s in r["views"]["seconds"].items()))
    if len(results) > 1:
        small, large = min(results, key=lambda r: r["n_articles"]), max(results, key=lambda r: r["n_articles"])
        print(f"peak RSS ratio N={large['n_articles']} / N={small['n_articles']}: "
              f"{large['c_peak_rss_mb'] / small['c_peak_rss_mb']:.2f}")
    for r in results:
        print(json.dumps(r))


if __name__ == "__main__":
    main()
