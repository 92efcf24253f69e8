"""The record types that ingest and the manifest share: files found, what reading them gave,
articles, rejects, and the manifest's latest entry of a path."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Entry:
    """The latest manifest row of one input path."""

    source_path: str
    size: int | None
    mtime_ns: int | None
    content_hash: str | None
    status: str
    items: int
    article_ids: tuple[str, ...]


@dataclass(frozen=True)
class InputFile:
    path: Path      # absolute path
    rel: str        # path relative to the input directory (the `source_path` column)
    size: int
    mtime_ns: int
    previous: Entry | None = None  # the manifest's last processed version of this path, if any


@dataclass(frozen=True)
class Reject:
    source_path: str
    reason: str
    detail: str


@dataclass(frozen=True)
class Article:
    article_id: str
    source_path: str
    record_index: int | None
    source: str | None
    title: str | None
    dateline: str | None
    published_at: datetime | None
    url: str | None
    language: str
    text: str
    n_words: int


def articles_frame(articles: list[Article]) -> "pd.DataFrame":
    """The articles as a pandas frame (published_at as UTC timestamps), for the stages that read
    a batch's articles by column."""
    import pandas as pd

    return pd.DataFrame({"article_id": [a.article_id for a in articles], "text": [a.text for a in articles],
                         "title": [a.title for a in articles], "dateline": [a.dateline for a in articles],
                         "source": [a.source for a in articles], "language": [a.language for a in articles],
                         "published_at": pd.to_datetime([a.published_at for a in articles], utc=True)})


@dataclass(frozen=True)
class FileRead:
    """What reading one file gave, for the manifest."""

    content_hash: str | None    # None when the bytes were not read (wrong format, too large, unreadable)
    items: int                  # the file, or its JSON/JSONL records
    retry: bool = False         # reading failed: try again next run
    unchanged: bool = False     # same bytes as the manifest's last version, so not parsed again


@dataclass
class Ingested:
    """What a batch of files gave: articles, rejects, and how many items (articles or records) were seen.

    items_seen = len(articles) + len(rejects) + unchanged.
    """

    articles: list[Article] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    items_seen: int = 0
    unchanged: int = 0
    dates_dropped: int = 0      # articles whose date was implausible (files.plausible), landed undated
    files: dict[str, FileRead] = field(default_factory=dict)


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()
