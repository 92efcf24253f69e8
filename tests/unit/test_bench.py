"""The benchmarks still run against the code they measure (they are not in any other test tier):
the limit (b) on a few texts through newsflow's own pipeline object and batch size."""
from __future__ import annotations

from bench import rerun, scaling, stages, throughput  # noqa: F401  (each imports what it measures)


def test_the_limit_runs_newsflows_pipeline():
    texts = throughput.texts_for(4)
    assert len(texts) == 4 and all(texts)
    assert throughput.limit(texts) > 0


def test_the_stages_benchmark_carries_the_states_over_batches(tmp_path):
    from bench.corpus import write_corpus
    from newsflow.tasks.ingest.files import discover, ingest_files
    from newsflow.tasks.nlp.pipeline import analyse, load_pipeline
    from newsflow.tasks.settings import DEFAULT_SPACY_MODEL

    articles = ingest_files(discover(write_corpus(6, tmp_path)).files, 1 << 30).articles
    nlp = load_pipeline(DEFAULT_SPACY_MODEL)
    batches = [(part, analyse(nlp, [a.article_id for a in part], [a.text for a in part]))
               for part in (articles[:3], articles[3:])]
    result = stages.time_stages(batches, "default")   # "run" would set this test process's collector
    assert result["gc"] == "default" and len(result["cpu_s_per_batch"]) == 2
    assert all(seconds > 0 for seconds in result["cpu_s_per_batch"])
