"""The fields of one structured record (a JSON object, a CSV row, a feed item): which key holds the
title, the text, the date, the URL and the source, whatever the exporter named it."""
from __future__ import annotations

import re
from dataclasses import dataclass

from newsflow.tasks.ingest.markup import markup_text
from newsflow.tasks.ingest.textparse import parse_dateline

# Keys are compared without case, spaces, "_", "-" or ".": "publishedAt", "published_at" and
# "Published At" are one name. In order of preference.
TITLE_FIELDS = ("title", "headline", "webtitle", "name")
TEXT_FIELDS = ("text", "body", "bodytext", "maintext", "articlebody", "fulltext", "content", "article",
               "description", "summary")
DATE_FIELDS = ("publishedat", "datepublish", "datepublished", "publishdate", "publicationdate",
               "webpublicationdate", "published", "datetime", "date", "pubdate", "createdat")
URL_FIELDS = ("url", "link", "canonicalurl", "weburl")
SOURCE_FIELDS = ("source", "sourcename", "sourcedomain", "publisher", "outlet", "sitename", "site", "domain")
# A field whose value is an object names its value with one of these: NewsAPI's
# `"source": {"id": ..., "name": "BBC News"}`, WordPress's `"content": {"rendered": "<p>..."}`, the
# New York Times' `"headline": {"main": ...}`, MongoDB's `"date": {"$date": ...}`.
_INNER_VALUE = ("name", "title", "main", "rendered", "text", "value", "domain", "uri", "$date")
_INNER_TEXT = ("rendered", "text", "body", "value", "content")
# Objects that wrap a record's fields: an Elasticsearch hit's `_source`, the Guardian's `fields`, a
# webz.io post's `thread`, `{"article": {"title": ..., "body": ...}}`. Searched after the record's own fields.
_WRAPPERS = ("_source", "fields", "attributes", "document", "doc", "thread", "properties", "item", "article",
             "story")
_KEY_NOISE = re.compile(r"[\s_.\-]+")


def field_name(key: object) -> str:
    return _KEY_NOISE.sub("", str(key)).lower()


@dataclass
class Record:
    """One item of an input file, before cleaning: `index` is its place in the file (None for a
    file that is one article)."""

    index: int | None
    text: str
    title: str | None = None
    dateline: str | None = None
    published: object = None
    url: str | None = None
    source: str | None = None


class FieldError(ValueError):
    """A record without usable text; `reason` is the rejects-table reason."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def record_fields(obj: dict, index: int | None) -> Record:
    """The record's fields by their common names; the text (HTML in it made plain) is required."""
    fields = _flatten(obj)
    text = first(fields, TEXT_FIELDS, _INNER_TEXT)
    if text is None:
        raise FieldError("no_text", "no text field (" + ", ".join(TEXT_FIELDS) + ")")
    if not isinstance(text, str):
        raise FieldError("bad_field_type", f"text field is {type(text).__name__}, not a string")
    text = markup_text(text)
    title, url, source = (_text_or_none(first(fields, names)) for names in (TITLE_FIELDS, URL_FIELDS, SOURCE_FIELDS))
    return Record(index, text, title and markup_text(title), parse_dateline(text), first(fields, DATE_FIELDS),
                  url, source)


def first(fields: dict, names: tuple[str, ...], inner: tuple[str, ...] = _INNER_VALUE):
    """The value of the first of `names` that is set (keys as `field_name` makes them); of an
    object, its first `inner` string."""
    for name in names:
        value = _inner(fields.get(name), inner)
        if value not in (None, ""):
            return value
    return None


def _flatten(obj: dict) -> dict:
    """The record's keys by field name; the keys of a wrapper object fill the names it lacks (its
    key is matched as written: `_source` is no `source`)."""
    fields, wrapped = {}, []
    for key, value in obj.items():
        if isinstance(value, dict) and str(key).lower() in _WRAPPERS:
            wrapped.append(value)
        else:
            fields.setdefault(field_name(key), value)
    for inner in wrapped:
        for key, value in inner.items():
            fields.setdefault(field_name(key), value)
    return fields


def _inner(value: object, inner: tuple[str, ...]) -> object:
    if isinstance(value, dict):
        named = {field_name(k): v for k, v in value.items()}
        return next((named[k] for k in inner if isinstance(named.get(k), str) and named[k].strip()), None)
    return value


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None
