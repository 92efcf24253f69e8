"""The quotes gold files are well formed: offsets slice the text to the quote, spans do not overlap."""
import json
from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parents[2] / "gold" / "quotes.jsonl"
GOLD_FR = GOLD.with_name("quotes_fr.jsonl")


def _rows(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_gold_sizes():
    rows = _rows(GOLD)
    assert len(rows) >= 40 and sum(len(r["quotes"]) for r in rows) >= 150
    assert len({r["source"] for r in rows}) >= 3
    french = _rows(GOLD_FR)
    assert len(french) == 24 and sum(len(r["quotes"]) for r in french) == 32


@pytest.mark.parametrize("path", [GOLD, GOLD_FR], ids=["en", "fr"])
def test_gold_offsets_slice_the_text(path):
    for row in _rows(path):
        prev_end = -1
        for q in row["quotes"]:
            assert 0 <= q["start_char"] < q["end_char"] <= len(row["text"])
            assert row["text"][q["start_char"]:q["end_char"]] == q["text"]
            assert q["start_char"] >= prev_end, row["article"]
            assert q["speaker_key"] is None or q["speaker_key"].strip() == q["speaker_key"]
            prev_end = q["end_char"]
