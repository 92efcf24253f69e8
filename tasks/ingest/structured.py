"""Files that hold many articles: JSON, JSON Lines, CSV/TSV and RSS/Atom feeds, each to its records
(or rejects with a reason, one per bad record)."""
from __future__ import annotations

import csv
import io
import json

from newsflow.tasks.ingest.fields import TEXT_FIELDS, FieldError, Record, field_name, record_fields
from newsflow.tasks.ingest.records import Reject

# The keys under which an export lists its records, at any depth up to _MAX_DEPTH: `{"articles":
# [...]}`, Elasticsearch's `{"hits": {"hits": [...]}}`, the Guardian's `{"response": {"results":
# [...]}}`, Event Registry's `{"articles": {"results": [...]}}`.
_CONTAINER_FIELDS = ("articles", "data", "items", "records", "results", "docs", "documents", "response", "hits",
                     "entries", "stories", "news", "posts", "value")
_MAX_DEPTH = 4
_TEXT_NAMES = frozenset(TEXT_FIELDS)


def json_records(rel: str, raw: str, lines: bool) -> tuple[list[Record], list[Reject]]:
    if lines:
        objects, rejects = [], []
        # JSON Lines end at "\n" only: str.splitlines() would also split a record at U+2028,
        # U+2029, U+0085 or a form feed, which JSON strings may hold unescaped.
        for number, line in enumerate(raw.removesuffix("\n").split("\n")):
            if line.strip():
                try:
                    objects.append((number, json.loads(line)))
                except (ValueError, RecursionError) as exc:
                    rejects.append(Reject(f"{rel}#{number}", "malformed_json", _json_error(exc)))
        return _from_objects(rel, objects, rejects)
    try:
        doc = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        return [], [Reject(rel, "malformed_json", _json_error(exc))]
    doc = _records_of(doc)
    objects = list(enumerate(doc)) if isinstance(doc, list) else [(None, doc)]
    return _from_objects(rel, objects, [])


def _records_of(doc: object, depth: int = 0) -> object:
    """The list of records a JSON document holds, or the one record it is."""
    if not isinstance(doc, dict) or depth >= _MAX_DEPTH or _has_text(doc):
        return doc
    named = {field_name(k): v for k, v in doc.items()}
    for key in _CONTAINER_FIELDS:
        inner = named.get(key)
        if isinstance(inner, dict):
            inner = _records_of(inner, depth + 1)
        if isinstance(inner, list) or (isinstance(inner, dict) and _has_text(inner)):
            return inner
    return doc


def _has_text(keys) -> bool:
    """Whether some key (of a JSON object, or a CSV header) names a text field."""
    return not _TEXT_NAMES.isdisjoint(field_name(k) for k in keys)


def _from_objects(rel: str, objects: list[tuple[int | None, object]],
                  rejects: list[Reject]) -> tuple[list[Record], list[Reject]]:
    records = []
    for index, obj in objects:
        where = rel if index is None else f"{rel}#{index}"
        if not isinstance(obj, dict):
            rejects.append(Reject(where, "bad_record", f"expected an object, got {type(obj).__name__}"))
            continue
        try:
            records.append(record_fields(obj, index))
        except FieldError as exc:
            rejects.append(Reject(where, exc.reason, exc.detail))
    return records, rejects


def _json_error(exc: BaseException) -> str:
    return "nested too deeply to parse" if isinstance(exc, RecursionError) else str(exc)


def csv_records(rel: str, raw: str, tab_separated: bool) -> tuple[list[Record], list[Reject]]:
    """A header row, then one article a row. The delimiter of a .csv is the one its header line uses
    (",", ";", "|" or a tab: spreadsheets in many locales write ";"). A row is an item: a row with
    more cells than the header is a reject, as is the rest of a file the csv module cannot read on.

    A .tsv is read as TSV is defined (IANA text/tab-separated-values): one row a line, no quoting,
    so a cell may start with a quotation mark ("We will win," she said). Only a .tsv whose header
    cells are all in double quotes is read with CSV quoting, strictly: a quote left open is a
    reject from its row on, never a cell that swallows the rows after it."""
    csv.field_size_limit(1 << 30)   # an article is one cell: the default limit is 128 KiB
    quoting = {}
    if tab_separated:
        quoting = {"strict": True} if _quoted_header(raw) else {"quoting": csv.QUOTE_NONE}
    reader = csv.reader(io.StringIO(raw, newline=""), delimiter="\t" if tab_separated else _delimiter(raw),
                        **quoting)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return [], [Reject(rel, "malformed_csv", f"header row: {exc}")]
    if not header or not _has_text(header):
        found = ", ".join(h for h in header or [] if h.strip())[:200] or "none"
        return [], [Reject(rel, "no_text", f"no text column ({', '.join(TEXT_FIELDS)}) in the header: {found}")]
    objects, rejects = [], []
    index = 0
    try:
        for index, row in enumerate(reader):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                rejects.append(Reject(f"{rel}#{index}", "malformed_csv",
                                      f"{len(row)} cells in a row, {len(header)} in the header"))
                continue
            objects.append((index, {k: v for k, v in zip(header, row) if k.strip() and v.strip()}))
    except csv.Error as exc:
        rejects.append(Reject(f"{rel}#{index + 1}", "malformed_csv", f"unreadable from here on: {exc}"))
    return _from_objects(rel, objects, rejects)


def _quoted_header(raw: str) -> bool:
    cells = raw.split("\n", 1)[0].rstrip("\r").split("\t")
    return all(len(c) >= 2 and c.startswith('"') and c.endswith('"') for c in cells)


def _delimiter(raw: str) -> str:
    """The one the header line uses most: the rows' prose has commas and semicolons of its own."""
    header = raw.split("\n", 1)[0]
    delimiter = max(",;\t|", key=header.count)
    return delimiter if header.count(delimiter) else ","


def feed_records(rel: str, data: bytes) -> tuple[list[Record], list[Reject]]:
    """An RSS or Atom feed (feedparser, given the bytes: XML declares its own encoding): every entry
    is an item, its full content when the feed has it, else its summary; the feed's title is the
    source. A file object, so feedparser never takes the text for a path or a URL to fetch."""
    import feedparser

    feed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True)
    if not feed.entries:
        problem = f": {feed.bozo_exception}" if feed.get("bozo") else ""
        reason = "malformed_feed" if problem else "no_records"
        return [], [Reject(rel, reason, f"no RSS or Atom entries{problem}")]
    source = feed.feed.get("title")
    objects = [(i, _entry_fields(entry, source)) for i, entry in enumerate(feed.entries)]
    records, rejects = _from_objects(rel, objects, [])
    if feed.get("bozo"):   # a feed that breaks off: its entries up to the break land, the broken one says why
        rejects = [Reject(r.source_path, "malformed_feed", f"{r.detail}; the feed is broken: {feed.bozo_exception}")
                   if r.reason == "no_text" else r for r in rejects]
    return records, rejects


def _entry_fields(entry, source: str | None) -> dict:
    contents = [c.get("value") for c in entry.get("content", []) if c.get("value")]
    entry_source = entry.get("source", {}).get("title")
    return {"title": entry.get("title"), "text": max(contents, key=len) if contents else entry.get("summary"),
            "published": entry.get("published") or entry.get("updated"), "url": entry.get("link"),
            "source": entry_source or source}
