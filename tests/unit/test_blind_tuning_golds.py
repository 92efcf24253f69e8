"""The two blind tuning golds are well formed: texts are the cleaned ECB+ texts (a prefix of it for
the short items), offsets slice back to each span, and no article is also in a test gold."""
import json
from pathlib import Path

from newsflow.tasks.ingest.clean import clean_text
from tests.conftest import SHARED

GOLD = Path(__file__).resolve().parents[1] / "gold"


def _rows(name):
    return [json.loads(line) for line in (GOLD / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _ecbplus():
    with open(SHARED / "events" / "ecbplus" / "articles.jsonl", encoding="utf-8") as fh:
        return {row["id"]: row["text"] for row in map(json.loads, fh)}


def test_short_items_tuning_gold():
    records, items = _ecbplus(), _rows("entities_short_tune.jsonl")
    assert (len(items), sum(len(i["mentions"]) for i in items), len({i["source"] for i in items})) == (90, 300, 78)
    assert not {i["item"] for i in items} & {i["item"] for i in _rows("entities_short.jsonl")}
    for item in items:
        assert clean_text(records[item["item"].removeprefix("ecbplus:")]).startswith(item["text"])
        ends = [0]
        for m in item["mentions"]:
            assert item["text"][m["start_char"]:m["end_char"]] == m["text"] and m["start_char"] >= ends[-1]
            ends.append(m["end_char"])


def test_quotes_tuning_gold():
    records, articles = _ecbplus(), _rows("quotes_tune.jsonl")
    assert (len(articles), sum(len(a["quotes"]) for a in articles), len({a["source"] for a in articles})) == (61, 199, 61)
    tested = {a["article"] for name in ("quotes.jsonl", "quotes_blind.jsonl") for a in _rows(name)}
    assert not {a["article"] for a in articles} & tested
    for article in articles:
        assert article["text"] == clean_text(records[article["article"].removeprefix("ecbplus:")])
        for q in article["quotes"]:
            assert article["text"][q["start_char"]:q["end_char"]] == q["text"]


def test_quotes_second_tuning_gold():
    """25 ECB+ articles of 25 outlets and 35 BBC articles (tests/gold/quotes_tune2.md), in no other quote gold."""
    records, articles = _ecbplus(), _rows("quotes_tune2.jsonl")
    assert (len(articles), sum(len(a["quotes"]) for a in articles)) == (60, 259)
    others = {a["article"] for name in ("quotes.jsonl", "quotes_blind.jsonl", "quotes_tune.jsonl", "quotes_test.jsonl")
              for a in _rows(name)}
    assert not {a["article"] for a in articles} & others
    assert sum(a["article"].startswith("bbc/") for a in articles) == 35
    _check_quote_texts(records, articles)


def test_quotes_test_gold():
    """The frozen test set (tests/gold/quotes_test.md): 30 ECB+ articles of 30 outlets and 30 BBC articles,
    in no other quote gold; ECB+ texts are the cleaned records, BBC texts the cleaned body after the
    headline line."""
    records, articles = _ecbplus(), _rows("quotes_test.jsonl")
    assert (len(articles), sum(len(a["quotes"]) for a in articles), len({a["source"] for a in articles})) == (60, 230, 31)
    others = {a["article"] for name in ("quotes.jsonl", "quotes_blind.jsonl", "quotes_tune.jsonl") for a in _rows(name)}
    assert not {a["article"] for a in articles} & others
    assert sum(a["article"].startswith("bbc/") for a in articles) == 30
    _check_quote_texts(records, articles)


def _check_quote_texts(records, articles):
    """Texts are the cleaned sources (BBC: the body after the headline line); offsets slice to each
    quotation, in order."""
    for article in articles:
        if article["article"].startswith("bbc/"):
            raw = (SHARED / article["article"]).read_text(encoding="utf-8")
            assert article["text"] == clean_text(raw.split("\n", 1)[1])
        else:
            assert article["text"] == clean_text(records[article["article"].removeprefix("ecbplus:")])
        ends = [0]
        for q in article["quotes"]:
            assert article["text"][q["start_char"]:q["end_char"]] == q["text"] and q["start_char"] >= ends[-1]
            ends.append(q["end_char"])
