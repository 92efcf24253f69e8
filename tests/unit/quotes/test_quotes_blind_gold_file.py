"""The blind quote gold is well formed: offsets slice back to each quote, texts are the cleaned ECB+ texts."""
import json
from pathlib import Path

from newsflow.tasks.ingest.clean import clean_text
from tests.conftest import SHARED

GOLD = Path(__file__).resolve().parents[2] / "gold" / "quotes_blind.jsonl"


def test_offsets_and_texts():
    records = {}
    with open(SHARED / "events" / "ecbplus" / "articles.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            records[row["id"]] = row["text"]
    articles = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(articles) == 48 and len({a["source"] for a in articles}) == 48
    for article in articles:
        assert article["text"] == clean_text(records[article["article"].removeprefix("ecbplus:")])
        for q in article["quotes"]:
            assert article["text"][q["start_char"]:q["end_char"]] == q["text"]
