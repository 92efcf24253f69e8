"""Throughput benchmark: newsflow end to end against spaCy's own limit, on the same articles.

    .venv/bin/python -m bench.throughput                      (make bench: N = 2,000 and 20,000, ~35 min)
    .venv/bin/python -m bench.throughput --n 2000             (one size, ~3 min)
    .venv/bin/python -m bench.throughput --n 20000 --skip-default   (b and c only: c/b at 20,000)

For each N, on the same N articles (the BBC corpus replicated with small unique changes, as
cleaned text) and in this one process, it times:
  a) spaCy `nlp.pipe` with the model's default pipeline, n_process=2: the naive user's baseline;
  b) `nlp.pipe` with exactly newsflow's components and settings (newsflow.tasks.nlp.pool.load_pipeline: senter,
     the paragraph rule and ner; its batch size), n_process=2: the limit;
  c) a whole `newsflow run` of the N files into a fresh lake and database, as a user starts it
     (process start-up and shutdown included), with 2 NLP workers;
then each reporting view of c's database, read in full (median of three). It prints words/s of
a, b and c, the ratios c/b and c/a, the peak RSS of c (summed over its process tree: the run,
its NLP workers and its Prefect server) and the view timings, then everything, with the machine
and whether each target is met, as one JSON line (the last line of stdout).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from bench.corpus import replicate, write_corpus
from newsflow.tasks.ingest.clean import clean_text
from newsflow.tasks.settings import DEFAULT_SPACY_MODEL
from newsflow.tasks.ingest.textparse import parse_plain_text

ROOT = Path(__file__).resolve().parents[1]
VIEWS = ["top_entities", "entity_daily", "entity_cooccurrence", "topic_daily", "article_overview", "data_quality"]
N_PROCESS = 2
TARGETS = {"c_over_b": {2000: 0.8, 20000: 0.85}, "c_over_a": {20000: 1.3}, "peak_rss_ratio": 1.2, "view_s": 1.0}


def texts_for(n: int) -> list[str]:
    """The articles' texts as the pipeline stores them (title line off, cleaned)."""
    return [clean_text(parse_plain_text(raw).text) for _, raw in replicate(n)]


def time_pipe(nlp, texts: list[str], **kwargs) -> float:
    start = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=N_PROCESS, **kwargs):
        pass
    return time.perf_counter() - start


def baseline(texts: list[str]) -> float:
    """a) the model as spacy.load gives it, every component, spaCy's default batch size."""
    import spacy

    return time_pipe(spacy.load(DEFAULT_SPACY_MODEL), texts)


def limit(texts: list[str]) -> float:
    """b) newsflow's own pipeline object and batch size (what its NLP workers run)."""
    from newsflow.tasks.nlp.pipeline import _SPACY_BATCH, load_pipeline

    return time_pipe(load_pipeline(DEFAULT_SPACY_MODEL), texts, batch_size=_SPACY_BATCH)


def full_run(n: int, workdir: Path, *extra: str, n_process: int = N_PROCESS) -> tuple[float, int, float]:
    """`newsflow run` of n benchmark articles into workdir's lake and database (`run_newsflow`)."""
    corpus = workdir / "input"
    if not corpus.is_dir():
        write_corpus(n, corpus)
    return run_newsflow(corpus, workdir, *extra, n_process=n_process)


def run_newsflow(input_dir: Path, workdir: Path, *extra: str, n_process: int = N_PROCESS) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (bytes, summed over the process tree) and the CPU seconds of the run's
    own process (not its NLP workers or Prefect server) of `newsflow run` over input_dir into
    workdir/lake and workdir/newsflow.duckdb (with `extra` arguments)."""
    cmd = [str(Path(sys.executable).with_name("newsflow")), "run", str(input_dir),
           "--lake", str(workdir / "lake"), "--db", str(workdir / "newsflow.duckdb"), *extra]
    env = {**os.environ, "NEWSFLOW_N_PROCESS": str(n_process)}
    env.pop("PREFECT_API_URL", None)   # as a user runs it: no Prefect server of one's own
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    peak, own_cpu = _watch(proc)
    _, stderr = proc.communicate()
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"newsflow run failed ({proc.returncode}): {stderr.decode()[-2000:]}")
    return elapsed, peak, own_cpu


def _watch(proc: subprocess.Popen) -> tuple[int, float]:
    """Peak RSS of the process tree, and the last CPU time seen of the root process."""
    peak, own_cpu = 0, 0.0
    root = psutil.Process(proc.pid)
    while proc.poll() is None:
        total = 0
        try:
            times = root.cpu_times()
            own_cpu = times.user + times.system
            for p in [root, *root.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
        except psutil.Error:
            pass
        peak = max(peak, total)
        time.sleep(0.1)
    return peak, own_cpu


def view_timings(db: Path) -> dict:
    """Seconds to read each view in full (median of three), and the rows behind them."""
    from newsflow.tasks.storage.warehouse import connect

    seconds = {}
    with connect(db) as con:
        for view in VIEWS:
            runs = []
            for _ in range(3):
                start = time.perf_counter()
                con.execute(f"select * from {view}").to_arrow_table()
                runs.append(time.perf_counter() - start)
            seconds[view] = round(statistics.median(runs), 3)
        rows = dict(con.execute("select table_name, rows from data_quality").fetchall())
        flow_s, stage_json = con.execute("select epoch(finished_at - started_at), stage_seconds from runs").fetchone()
    return {"seconds": seconds, "rows": rows, "flow_s": round(flow_s, 2), "stages": json.loads(stage_json or "{}")}


def bench(n: int, skip_baselines: bool, skip_default: bool = False) -> dict:
    texts = texts_for(n)
    words = sum(len(t.split()) for t in texts)
    result: dict = {"n_articles": n, "words": words, "n_process": N_PROCESS}
    if not (skip_baselines or skip_default):
        result["a_default_pipe_s"] = round(baseline(texts), 2)
    if not skip_baselines:
        result["b_newsflow_pipe_s"] = round(limit(texts), 2)
    del texts
    with tempfile.TemporaryDirectory(prefix="newsflow-bench-") as tmp:
        elapsed, peak, own_cpu = full_run(n, Path(tmp))
        result["c_newsflow_run_s"] = round(elapsed, 2)
        result["c_peak_rss_mb"] = round(peak / 2**20)
        # what the run's own process spent (reading, cleaning, landing, topics, Prefect): the work
        # that does not move to the NLP workers, or to a Dask cluster
        result["c_run_process_cpu_s"] = round(own_cpu, 1)
        views = view_timings(Path(tmp) / "newsflow.duckdb")
    # the run's flow, from its `runs` row; the rest of c is process start-up and shutdown
    result["c_flow_s"] = views.pop("flow_s")
    # seconds per stage of the run (its `runs.stage_seconds`); `nlp` is the NLP wait the reading and
    # landing did not hide. The stages after spaCy (enrich: places and tone) as a share of the flow:
    result["c_stage_s"] = views.pop("stages")
    result["c_enrich_share"] = round(result["c_stage_s"].get("enrich", 0.0) / result["c_flow_s"], 4)
    # every article is distinct (bench/corpus.py): the run must land all N, or (c) did less work
    result["c_articles_landed"] = views["rows"]["articles"]
    if result["c_articles_landed"] != n:
        raise SystemExit(f"newsflow run landed {result['c_articles_landed']} of {n} articles")
    result["views"] = views
    for key, name in (("a", "a_default_pipe_s"), ("b", "b_newsflow_pipe_s"), ("c", "c_newsflow_run_s")):
        if name in result:
            result[f"{key}_words_per_s"] = round(words / result[name])
    for key in ("a", "b"):
        if f"{key}_words_per_s" in result:
            result[f"c_over_{key}"] = round(result["c_words_per_s"] / result[f"{key}_words_per_s"], 3)
    return result


def machine() -> dict:
    from importlib.metadata import version

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    commit = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True)
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(psutil.virtual_memory().total / 2**30),
            "os": platform.platform(), "python": platform.python_version(),
            **{pkg: version(pkg) for pkg in ("spacy", "prefect", "duckdb", "pyarrow")},
            "commit": commit.stdout.strip() or None}


def targets(results: list[dict]) -> dict:
    """Each target the runs can check, with the measured value and whether it is met."""
    by_n = {r["n_articles"]: r for r in results}
    checks = {}
    for ratio in ("c_over_b", "c_over_a"):
        for n, floor in TARGETS[ratio].items():
            if ratio in by_n.get(n, {}):
                checks[f"{ratio} at N={n}"] = {"value": by_n[n][ratio], "target": f">= {floor}",
                                               "met": by_n[n][ratio] >= floor}
    if 2000 in by_n and 20000 in by_n:
        ratio = round(by_n[20000]["c_peak_rss_mb"] / by_n[2000]["c_peak_rss_mb"], 3)
        checks["peak RSS N=20000 / N=2000"] = {"value": ratio, "target": f"<= {TARGETS['peak_rss_ratio']}",
                                               "met": ratio <= TARGETS["peak_rss_ratio"]}
    if 20000 in by_n:
        slowest = max(by_n[20000]["views"]["seconds"].values())
        checks["slowest view at N=20000 (s)"] = {"value": slowest, "target": f"< {TARGETS['view_s']}",
                                                 "met": slowest < TARGETS["view_s"]}
    return checks


def markdown(results: list[dict], checks: dict, host: dict) -> str:
    """The figures as the README's performance table."""
    lines = [f"Measured with `make bench` at commit `{host['commit']}` on {host['cpu']}, {host['cores']} cores, "
             f"{host['ram_gb']} GB, Python {host['python']}, spaCy {host['spacy']}, Prefect {host['prefect']}, "
             f"DuckDB {host['duckdb']}:", "",
             "| N articles | words | (a) default `nlp.pipe`, words/s | (b) newsflow's `nlp.pipe`, words/s "
             "| (c) `newsflow run`, words/s | c/b | c/a | (c) seconds (flow) | peak RSS of (c) |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r['n_articles']:,} | {r['words']:,} | {r.get('a_words_per_s', 0):,} | "
                     f"{r.get('b_words_per_s', 0):,} | {r['c_words_per_s']:,} | {r.get('c_over_b', '')} | "
                     f"{r.get('c_over_a', '')} | {r['c_newsflow_run_s']} ({r['c_flow_s']}) | {r['c_peak_rss_mb']:,} MB |")
    lines += ["", "| target | measured | met |", "|---|---:|---|"]
    lines += [f"| {name} {check['target']} | {check['value']} | {'yes' if check['met'] else '**no**'} |"
              for name, check in checks.items()]
    for r in results:
        lines += ["", f"Reporting views at N = {r['n_articles']:,} ({r['views']['rows']['entities']:,} entity "
                      "mentions), seconds to read each in full (median of 3): "
                  + ", ".join(f"`{v}` {t}" for v, t in r["views"]["seconds"].items()) + "."]
        lines += ["", f"Stages of the run at N = {r['n_articles']:,}, seconds (`runs.stage_seconds`): "
                  + ", ".join(f"{stage} {t}" for stage, t in r["c_stage_s"].items())
                  + f"; the enrich stage (places, tone) is {100 * r['c_enrich_share']:.1f}% of the flow."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, action="append", help="articles (repeatable); default 2000 and 20000")
    parser.add_argument("--skip-baselines", action="store_true", help="time only the full run (c)")
    parser.add_argument("--skip-default", action="store_true",
                        help="do not time (a), spaCy's default pipeline (the slowest part at N = 20,000)")
    args = parser.parse_args(argv)
    results = []
    for n in args.n or [2000, 20000]:
        results.append(bench(n, args.skip_baselines, args.skip_default))
        r = results[-1]
        print(f"N={n:>6} words={r['words']:>9}  " + "  ".join(
            f"{k}={r[k]}" for k in ("a_words_per_s", "b_words_per_s", "c_words_per_s", "c_over_b", "c_over_a",
                                    "c_newsflow_run_s", "c_flow_s", "c_peak_rss_mb", "c_run_process_cpu_s", "c_enrich_share")
            if k in r), flush=True)
        print("         views, seconds to read in full: " + ", ".join(
            f"{v}={s}" for v, s in r["views"]["seconds"].items())
              + f"  (entities: {r['views']['rows']['entities']:,})", flush=True)
    checks = targets(results)
    for name, check in checks.items():
        print(f"{'met    ' if check['met'] else 'NOT MET'} {name}: {check['value']} (target {check['target']})")
    host = machine()
    print("\n" + markdown(results, checks, host) + "\n")
    print(json.dumps({"machine": host, "runs": results, "targets": checks}))


if __name__ == "__main__":
    main()
