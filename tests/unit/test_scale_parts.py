"""The pieces that make runs fast and memory flat: batch sizes, NLP chunks, results computed ahead."""
from __future__ import annotations

from newsflow.tasks.ingest.files import InputFile
from newsflow.tasks.nlp.pool import FALLBACK_LANGUAGE, NlpPool, chunks
from newsflow.tasks.run.plan import FIRST_BATCH, batched


def _files(n: int) -> list[InputFile]:
    return [InputFile(path=None, rel=f"f{i}.txt", size=i, mtime_ns=i) for i in range(n)]


def test_batches_start_small_are_full_then_halve_towards_the_end():
    sizes = [len(b) for b in batched(_files(2500), 1000)]
    # the last 372 halve down to FIRST_BATCH (128): the run ends on a batch that lands quickly
    assert sizes == [FIRST_BATCH, 1000, 1000, 186, 186]
    assert [len(b) for b in batched(_files(3128), 1000)] == [FIRST_BATCH, 1000, 1000, 500, 250, 250]
    assert [len(b) for b in batched(_files(20), 8)] == [8, 8, 4]
    assert [len(b) for b in batched(_files(1), 8)] == [1]
    assert [len(b) for b in batched(_files(8), 8)] == [8]
    assert batched([], 1000) == []
    assert sum(batched(_files(2500), 1000), []) == _files(2500)   # every file once, in order


def test_the_last_batch_ends_in_small_chunks_so_workers_finish_together():
    job = [("xx", [str(i) for i in range(300)], ["t"] * 300, False)]
    assert [len(c[1]) for c in chunks(job, chunk_size=64, n_process=2)] == [64, 64, 64, 64, 44]
    assert [len(c[1]) for c in chunks(job, 64, 2, last=True)] == [64, 64, 64] + [16] * 6 + [12]
    cut = list(chunks(job, 64, 2, last=True))
    assert [i for c in cut for i in c[1]] == job[0][1]      # every article once, in order


def test_a_chunk_analysed_ahead_is_taken_only_for_the_same_articles():
    texts = ["One sentence here. And another one.\nA new paragraph.", "Short text. Two sentences."]
    with NlpPool([FALLBACK_LANGUAGE], n_process=2) as pool:
        pool.submit_ahead([(FALLBACK_LANGUAGE, ["a", "b"], texts, False)])
        assert pool.ahead_waiting == 1
        pending = pool.submit([(FALLBACK_LANGUAGE, ["a", "b"], texts, False)])
        assert pool.ahead_waiting == 0                  # the same articles: the result computed ahead is taken
        pool.submit_ahead([(FALLBACK_LANGUAGE, ["a", "b"], texts, False)])
        other = pool.submit([(FALLBACK_LANGUAGE, ["a"], texts[:1], False)])
        assert pool.ahead_waiting == 1                  # other articles: not taken
        assert pending.result().sentences["article_id"] == ["a", "a", "a", "b", "b"]
        assert other.result().sentences["text"] == ["One sentence here.", "And another one.", "A new paragraph."]
