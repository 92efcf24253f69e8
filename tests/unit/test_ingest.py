import json
import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

from newsflow.tasks.ingest.files import discover, ingest_files, parse_published
from tests.conftest import SEED_ARTICLE

MB = 1024 * 1024


def _ingest(folder: Path, max_bytes: int = 20 * MB):
    found = discover(folder)
    got = ingest_files(found.files, max_bytes)
    return found, got


def test_seed_article_has_dateline_and_no_title(workdir):
    (workdir / "input" / "seed.txt").write_bytes(SEED_ARTICLE.read_bytes())
    _, got = _ingest(workdir / "input")
    [article] = got.articles
    assert article.title is None
    assert article.dateline == "ISLAMABAD"
    assert article.text.startswith("ISLAMABAD - Pakistan Wednesday called")
    assert article.language == "en"
    assert article.source is None  # a file at the top of the input folder has no source folder
    assert article.n_words == len(article.text.split())


def test_source_is_the_top_folder(workdir):
    folder = workdir / "input" / "outlet" / "politics"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("Headline here\n\nBody of the story about the vote.\n")
    _, got = _ingest(workdir / "input")
    assert [(a.source, a.title, a.source_path) for a in got.articles] == [
        ("outlet", "Headline here", "outlet/politics/a.txt")]


def test_json_and_jsonl_records_with_common_field_names(workdir):
    records = [
        {"title": "One", "maintext": "First story text about markets.", "date_publish": "2024-03-01 10:00:00",
         "source_domain": "example.com", "url": "https://example.com/1"},
        {"headline": "Two", "body": "Second story text.", "published_at": "2024-03-02T08:00:00+01:00"},
        {"title": "No text"},
        {"title": "Typed", "text": 42},
        ["not", "an", "object"],
    ]
    (workdir / "input" / "feed.jsonl").write_text(
        "\n".join(json.dumps(r) for r in records) + "\n{broken json\n")
    (workdir / "input" / "one.json").write_text(json.dumps({"articles": [{"title": "Three", "content": "Third."}]}))
    found, got = _ingest(workdir / "input")
    assert len(found.files) == 2
    by_title = {a.title: a for a in got.articles}
    assert set(by_title) == {"One", "Two", "Three"}
    assert by_title["One"].source == "example.com"
    assert by_title["One"].url == "https://example.com/1"
    assert by_title["One"].published_at == datetime(2024, 3, 1, 10, tzinfo=timezone.utc)
    assert by_title["Two"].published_at == datetime(2024, 3, 2, 7, tzinfo=timezone.utc)
    assert by_title["Two"].record_index == 1
    assert sorted((r.source_path, r.reason) for r in got.rejects) == [
        ("feed.jsonl#2", "no_text"), ("feed.jsonl#3", "bad_field_type"),
        ("feed.jsonl#4", "bad_record"), ("feed.jsonl#5", "malformed_json")]
    # every record is an item: 6 in the JSONL file, 1 in the JSON file
    assert got.items_seen == 7 == len(got.articles) + len(got.rejects)


def test_html_through_trafilatura(workdir):
    paragraphs = "".join(f"<p>The council voted on the budget proposal number {i}, which sets spending "
                         f"for schools and roads across the region for the coming year.</p>" for i in range(8))
    html = (f"<html><head><title>Budget vote | Daily</title><script>var x = 'tracking';</script>"
            f"<meta property='article:published_time' content='2024-05-04T09:00:00Z'></head>"
            f"<body><nav>Home | News</nav><article><h1>Budget vote</h1>{paragraphs}</article>"
            f"<script>alert('x')</script></body></html>")
    (workdir / "input" / "page.html").write_text(html)
    _, got = _ingest(workdir / "input")
    [article] = got.articles
    assert "Budget vote" in article.title
    assert "tracking" not in article.text and "alert" not in article.text
    assert article.text.count("The council voted") == 8
    assert article.published_at is not None and article.published_at.date().isoformat() == "2024-05-04"


@pytest.mark.parametrize("extra, expected", [
    ("<footer>(c) 2024 Daily News Ltd. All rights reserved.</footer>", None),    # a copyright year is no date
    ("<p class='byline'>Published 21 August 2024</p>", "2024-08-21"),           # a date in the text is one
])
def test_html_date_from_the_page_never_a_copyright_year(workdir, extra, expected):
    paragraphs = "".join(f"<p>Floods reached the river towns of the province overnight, officials said, "
                         f"and roads were closed in district {i} as the water rose.</p>" for i in range(6))
    (workdir / "input" / "page.html").write_text(
        f"<html><head><title>Floods</title></head><body><article><h1>Floods</h1>{extra}{paragraphs}"
        f"</article></body></html>")
    _, got = _ingest(workdir / "input")
    [article] = got.articles
    assert (article.published_at.date().isoformat() if article.published_at else None) == expected


def test_bad_files_become_rejects_with_reasons(workdir):
    base = workdir / "input"
    (base / "empty.txt").write_bytes(b"")
    (base / "binary.txt").write_bytes(bytes(range(256)) * 100)
    (base / "huge.txt").write_bytes(b"word " * (3 * MB // 5))
    (base / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (base / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (base / "ok.txt").write_text("Fine article\n\nIt has a body.\n")
    (base / "none.json").write_text('{"articles": []}')
    os.symlink(base, base / "loop")
    found, got = _ingest(base, max_bytes=2 * MB)
    reasons = {r.source_path: r.reason for r in found.rejects + got.rejects}
    assert reasons == {"empty.txt": "empty", "binary.txt": "binary", "huge.txt": "too_large",
                       "photo.jpg": "unsupported_format", "deep.json": "malformed_json", "loop": "symlink_loop",
                       "none.json": "no_records"}
    assert [a.title for a in got.articles] == ["Fine article"]
    # every file is an item, accounted for: an article or a reject
    assert got.items_seen == len(got.articles) + len(got.rejects) == 7


def test_unreadable_file(workdir):
    # /proc/self/mem is a regular file whose read fails with EIO for every user, root included
    # (chmod 0 would not stop root, who runs these tests in CI).
    os.symlink("/proc/self/mem", workdir / "input" / "secret.txt")
    _, got = _ingest(workdir / "input")
    assert [r.reason for r in got.rejects] == ["unreadable"]
    assert got.articles == []


def test_legacy_encodings_and_crlf_land_as_the_same_text(workdir):
    text = "Zürich café owner says “no”\r\n\r\nThe owner of the café in Zürich said the façade will stay.\r\n"
    (workdir / "input" / "cp1252.txt").write_bytes(text.encode("cp1252"))
    (workdir / "input" / "utf16.txt").write_bytes(text.encode("utf-16"))
    _, got = _ingest(workdir / "input")
    assert len(got.articles) == 2
    assert len({a.article_id for a in got.articles}) == 1
    assert got.articles[0].title == "Zürich café owner says “no”"


def test_other_languages_land_with_their_language(workdir):
    (workdir / "input" / "ru.txt").write_text(
        "Президент России заявил, что переговоры продолжатся на следующей неделе в Москве.", encoding="utf-8")
    (workdir / "input" / "de.txt").write_text(
        "Der Bundestag hat am Mittwoch ein neues Gesetz beschlossen, das die Steuern für Familien senkt.")
    _, got = _ingest(workdir / "input")
    assert sorted(a.language for a in got.articles) == ["de", "ru"]


@pytest.mark.parametrize("value, expected", [
    ("2024-03-01", datetime(2024, 3, 1, tzinfo=timezone.utc)),
    ("Fri, 01 Mar 2024 10:00:00 GMT", datetime(2024, 3, 1, 10, tzinfo=timezone.utc)),
    (1709287200, datetime(2024, 3, 1, 10, tzinfo=timezone.utc)),
    ("not a date", None),
    (None, None),
    ({"nested": 1}, None),
    ("1900-01-01", datetime(1900, 1, 1, tzinfo=timezone.utc)),
    # implausible: a typo, the far future, epoch seconds past pandas' nanosecond range
    ("1025-03-01", None),
    ("2300-01-01", None),
    (9.3e9, None),
    ("1899-12-31", None),
])
def test_parse_published(value, expected):
    assert parse_published(value) == expected


def test_implausible_dates_land_undated_and_are_counted(workdir):
    body = "The harbour authority said the new ferry terminal will open in the spring, officials said."
    records = [{"text": body + f" Item {n}.", "published": date} for n, date in
               enumerate(["1025-03-01", "2300-01-01", 9_300_000_000, "2024-03-01", "not a date"])]
    (workdir / "input" / "dates.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    _, got = _ingest(workdir / "input")
    assert [a.published_at for a in got.articles] == [None, None, None, datetime(2024, 3, 1, tzinfo=timezone.utc),
                                                      None]
    assert got.dates_dropped == 3   # "not a date" is no date, not an implausible one
    assert got.rejects == []


def test_an_article_over_spacys_limit_is_rejected_too_long(workdir):
    (workdir / "input" / "one line.txt").write_text("word " * 220_000)    # 1.1 MB on one line
    (workdir / "input" / "ok.txt").write_text("The council met on Monday and approved the budget for the year.")
    _, got = _ingest(workdir / "input")
    assert [a.source_path for a in got.articles] == ["ok.txt"]
    [reject] = got.rejects
    assert (reject.source_path, reject.reason) == ("one line.txt", "too_long")
    assert "1,099,999 characters" in reject.detail


def test_a_file_larger_than_its_listed_size_is_read_no_further_than_the_limit(workdir):
    # procfs files are listed with size 0; /proc/self/environ is read as it is at open time
    os.symlink("/proc/self/environ", workdir / "input" / "environ.txt")
    found = discover(workdir / "input")
    [item] = found.files
    assert item.size == 0
    got = ingest_files(found.files, 16)
    [reject] = got.rejects
    assert (reject.source_path, reject.reason) == ("environ.txt", "too_large")
    assert reject.detail.startswith("17 bytes > limit 16")
