"""The quotes gold file is well formed: offsets slice its text to the quote, spans do not overlap."""
import json
from pathlib import Path

GOLD = Path(__file__).resolve().parents[2] / "gold" / "quotes.jsonl"


def test_gold_offsets_slice_the_text():
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 40 and sum(len(r["quotes"]) for r in rows) >= 150
    assert len({r["source"] for r in rows}) >= 3
    for row in rows:
        prev_end = -1
        for q in row["quotes"]:
            assert 0 <= q["start_char"] < q["end_char"] <= len(row["text"])
            assert row["text"][q["start_char"]:q["end_char"]] == q["text"]
            assert q["start_char"] >= prev_end, row["article"]
            assert q["speaker_key"] is None or q["speaker_key"].strip() == q["speaker_key"]
            prev_end = q["end_char"]
