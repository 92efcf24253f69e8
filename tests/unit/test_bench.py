"""The benchmarks still run against the code they measure (they are not in any other test tier):
the limit (b) on a few texts through newsflow's own pipeline object and batch size."""
from __future__ import annotations

from bench import rerun, scaling, throughput  # noqa: F401  (each imports what it measures)


def test_the_limit_runs_newsflows_pipeline():
    texts = throughput.texts_for(4)
    assert len(texts) == 4 and all(texts)
    assert throughput.limit(texts) > 0
