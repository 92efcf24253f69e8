"""Discover input files and turn each into articles (or rejects with a reason)."""
from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from newsflow.tasks.ingest.clean import article_id, clean_field, clean_text, count_words
from newsflow.tasks.ingest.decode import DecodeError, decode_bytes
from newsflow.tasks.ingest.fields import DATE_FIELDS, SOURCE_FIELDS, URL_FIELDS, Record, field_name, first
from newsflow.tasks.ingest.language import detect_language
from newsflow.tasks.ingest.records import Article, FileRead, Ingested, InputFile, Reject, content_hash  # noqa: F401
from newsflow.tasks.ingest.structured import csv_records, feed_records, json_records
from newsflow.tasks.ingest.textparse import parse_dateline, parse_plain_text


TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv", ".tsv"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | JSON_SUFFIXES | CSV_SUFFIXES | FEED_SUFFIXES | HTML_SUFFIXES
FORMATS = "txt, md, json, jsonl, csv, tsv, rss/atom/xml feeds, html"
# spaCy's own limit for one text (Language.max_length). A news article is a few thousand characters
# (the longest long-reads a few hundred thousand): a text past this is a dump of many articles or a
# file parsed wrongly, so it is rejected (`too_long`) rather than cut into pieces that would land
# as one giant "article" and skew stories, topics and counts.
MAX_ARTICLE_CHARS = 1_000_000


@dataclass
class Discovery:
    files: list[InputFile]
    rejects: list[Reject]   # entries that are not readable files (symlink loops, permission errors)


def discover(input_dir: Path) -> Discovery:
    """Walk input_dir recursively (following symlinks once), sorted for a stable order."""
    input_dir = input_dir.resolve()
    files: list[InputFile] = []
    rejects: list[Reject] = []
    seen_dirs: set[str] = set()

    def walk(directory: Path) -> None:
        real = os.path.realpath(directory)
        if real in seen_dirs:
            rejects.append(Reject(_rel(directory, input_dir), "symlink_loop", f"{directory} leads back to {real}"))
            return
        seen_dirs.add(real)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            rejects.append(Reject(_rel(directory, input_dir), "unreadable", f"cannot list folder: {exc.strerror}"))
            return
        for entry in entries:
            path = Path(entry.path)
            try:
                if entry.is_dir(follow_symlinks=True):
                    walk(path)
                    continue
                stat = entry.stat(follow_symlinks=True)
            except OSError as exc:
                reason = "symlink_loop" if exc.errno == 40 else "unreadable"
                rejects.append(Reject(_rel(path, input_dir), reason, exc.strerror or str(exc)))
                continue
            if entry.is_file(follow_symlinks=True):
                files.append(InputFile(path, _rel(path, input_dir), stat.st_size, stat.st_mtime_ns))
            else:
                rejects.append(Reject(_rel(path, input_dir), "not_a_file", "a device, socket or pipe"))

    if not input_dir.is_dir():
        raise FileNotFoundError(input_dir)
    walk(input_dir)
    return Discovery(files, rejects)


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def ingest_files(files: list[InputFile], max_bytes: int) -> Ingested:
    """Read, decode, parse and clean a batch of files. Never raises for a bad file: it becomes a Reject.

    A file with the same bytes as its `previous` version is counted unchanged and not parsed.
    """
    out = Ingested()
    for item in files:
        data = _load(item, max_bytes)
        if isinstance(data, Reject):
            out.items_seen += 1
            out.rejects.append(data)
            out.files[item.rel] = FileRead(None, 1, retry=data.reason == "unreadable")
            continue
        digest = content_hash(data)
        if item.previous is not None and item.previous.content_hash == digest:
            out.items_seen += item.previous.items
            out.unchanged += item.previous.items
            out.files[item.rel] = FileRead(digest, item.previous.items, unchanged=True)
            continue
        records, rejects = _parse(item, data)
        if not records and not rejects:  # `[]`, `{"articles": []}`, a header row only: still an input
            rejects = [Reject(item.rel, "no_records", "the file holds no records")]
        out.items_seen += len(records) + len(rejects)
        out.files[item.rel] = FileRead(digest, len(records) + len(rejects))
        out.rejects.extend(rejects)
        for record in records:
            article = _to_article(item, record)
            if isinstance(article, Reject):
                out.rejects.append(article)
                continue
            out.articles.append(article)
            if article.published_at is None and not plausible(_parse_time(record.published)):
                out.dates_dropped += 1
    return out


def _load(item: InputFile, max_bytes: int) -> bytes | Reject:
    """The file's bytes, or why they are not read."""
    suffix = item.path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return Reject(item.rel, "unsupported_format", f"extension {suffix or '(none)'!r} is not one of {FORMATS}")
    if item.size > max_bytes:
        return Reject(item.rel, "too_large", f"{item.size:,} bytes > limit {max_bytes:,} (NEWSFLOW_MAX_FILE_MB)")
    try:
        # at most the limit and one byte: a file that lies about its size (procfs, a growing log)
        # cannot fill the memory
        with open(item.path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return Reject(item.rel, "unreadable", exc.strerror or str(exc))
    # The size limit again: the file may have grown since it was listed.
    if len(data) > max_bytes:
        return Reject(item.rel, "too_large", f"{len(data):,} bytes > limit {max_bytes:,} (NEWSFLOW_MAX_FILE_MB)")
    return data


def _parse(item: InputFile, data: bytes) -> tuple[list[Record], list[Reject]]:
    suffix = item.path.suffix.lower()
    try:
        raw, _encoding = decode_bytes(data)
    except DecodeError as exc:
        return [], [Reject(item.rel, exc.reason, exc.detail)]
    if suffix in JSON_SUFFIXES:
        return json_records(item.rel, raw, lines=suffix != ".json")
    if suffix in CSV_SUFFIXES:
        return csv_records(item.rel, raw, tab_separated=suffix == ".tsv")
    if suffix in FEED_SUFFIXES:
        return feed_records(item.rel, data)
    if suffix in HTML_SUFFIXES:
        return _html_record(item, raw)
    parsed = parse_plain_text(raw, markdown=suffix in {".md", ".markdown"})
    meta = {field_name(k): v for k, v in parsed.fields.items()}
    return [Record(None, parsed.text, parsed.title, parsed.dateline, first(meta, DATE_FIELDS),
                   first(meta, URL_FIELDS), first(meta, SOURCE_FIELDS))], []


def _html_record(item: InputFile, raw: str) -> tuple[list[Record], list[Reject]]:
    import trafilatura  # imported on first HTML file: it is slow to import

    # A page without text is a reject row with its reason; trafilatura's own warning would only
    # repeat it on the terminal.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)

    try:
        doc = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False, favor_precision=True,
                                          date_extraction_params=_MARKUP_DATES)
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        return [], [Reject(item.rel, "malformed_html", f"{type(exc).__name__}: {exc}")]
    if doc is None or not (doc.text or "").strip():
        return [], [Reject(item.rel, "no_text", "no main text found in the HTML page")]
    text = doc.text
    return [Record(None, text, doc.title, parse_dateline(text), doc.date or _text_date(raw), doc.url,
                    doc.sitename)], []


# The publication date from the page's markup (meta tags, <time>, JSON-LD, the URL). htmldate's
# extensive search also reads the page's text, where a copyright line ("(c) 2024 ...") becomes
# 2024-01-01: a date nobody published. So the text is searched only when the markup has none, and a
# bare January 1st from it (a year with no month or day) is no date.
_MARKUP_DATES = {"extensive_search": False, "original_date": True}


def _text_date(raw: str) -> str | None:
    from htmldate import find_date

    try:
        found = find_date(raw, extensive_search=True, original_date=True)
    except Exception:   # htmldate raises assorted parser errors on broken markup; the date is optional
        return None
    return None if found is None or found.endswith("-01-01") else found


def _to_article(item: InputFile, record: Record) -> Article | Reject:
    where = item.rel if record.index is None else f"{item.rel}#{record.index}"
    text = clean_text(record.text)
    if not text:
        return Reject(where, "empty", "no text left after cleaning")
    if len(text) > MAX_ARTICLE_CHARS:
        return Reject(where, "too_long", f"{len(text):,} characters after cleaning, more than {MAX_ARTICLE_CHARS:,} "
                                         "(spaCy's limit for one text): a dump or a mis-parsed file, not one article")
    top = Path(item.rel).parts
    folder_source = top[0] if len(top) > 1 else None
    return Article(
        article_id=article_id(text),
        source_path=item.rel,
        record_index=record.index,
        source=clean_field(record.source) or folder_source,
        title=clean_field(record.title),
        dateline=record.dateline,
        published_at=parse_published(record.published),
        url=clean_field(record.url),
        language=detect_language(text),
        text=text,
        n_words=count_words(text),
    )


# A publication date outside these years is a typo ("1025-03-01") or a wrong unit (epoch
# milliseconds read as seconds): it is no date, the article lands with a null published_at, and the
# run counts it (runs.dates_dropped). pandas' nanosecond timestamps hold 1677-2262 only.
EARLIEST_YEAR = 1900


def plausible(when: datetime | None, today: datetime | None = None) -> bool:
    """Whether a parsed publication time lies from 1900 to a year after today."""
    if when is None:
        return True
    return EARLIEST_YEAR <= when.year and when <= (today or datetime.now(timezone.utc)) + timedelta(days=366)


def parse_published(value: object) -> datetime | None:
    """A publication time in UTC from an ISO string, a common date string or epoch seconds; None if
    unknown or implausible (see `plausible`)."""
    when = _parse_time(value)
    return when if plausible(when) else None


def _parse_time(value: object) -> datetime | None:
    if value is None or value == "":
        return None
    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return datetime.fromtimestamp(value / 1000 if value > 1e11 else value, tz=timezone.utc)
        if isinstance(value, str):
            from dateutil import parser as date_parser

            parsed = date_parser.parse(value.strip())
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=timezone.utc)
            return parsed.astimezone(timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None
    return None


def batches(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
