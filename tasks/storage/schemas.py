"""The one definition of every lake table: writers, the SQL staging layer and tests use these.

`ingest_date` is the Hive partition key of every table: it lives in the folder name
(`ingest_date=2026-11-28/`), not inside the Parquet files, so schemas here omit it.
"""
from __future__ import annotations

import pyarrow as pa

from newsflow.tasks.nlp import schema as nlp_schema
from newsflow.tasks.places import schema as places_schema
from newsflow.tasks.quotes import schema as quotes_schema
from newsflow.tasks.stories import schema as stories_schema
from newsflow.tasks.tone import schema as tone_schema

PARTITION_KEY = "ingest_date"

ARTICLES = pa.schema([
    ("article_id", pa.string()),
    ("source_path", pa.string()),
    ("record_index", pa.int32()),
    ("source", pa.string()),
    ("title", pa.string()),
    ("dateline", pa.string()),
    ("published_at", pa.timestamp("us", tz="UTC")),
    ("url", pa.string()),
    ("language", pa.string()),
    ("text", pa.string()),
    ("n_words", pa.int32()),
    ("run_id", pa.string()),
    ("batch_id", pa.string()),
])

SENTENCES = pa.schema([
    ("article_id", pa.string()),
    ("sentence_idx", pa.int32()),
    ("start_char", pa.int32()),
    ("end_char", pa.int32()),
    ("text", pa.string()),
    ("tone", pa.float64()),             # VADER compound score of the sentence, [-1, 1] (tasks/tone)
    ("batch_id", pa.string()),
])

ENTITIES = pa.schema([
    ("article_id", pa.string()),
    ("sentence_idx", pa.int32()),
    ("start_char", pa.int32()),
    ("end_char", pa.int32()),
    ("text", pa.string()),
    ("label", pa.string()),             # the corrected label: one per entity (tasks/nlp/labels.py)
    ("model_label", pa.string()),       # the label spaCy gave this mention
    ("entity_key", pa.string()),        # the corpus-level key (entity_aliases); a place's is its gazetteer name
    ("alias", pa.string()),             # the article-level key the pipeline gave the mention
    ("tone", pa.float64()),             # tone towards this mention, [-1, 1] (tasks/tone)
    ("tone_label", pa.string()),        # positive | negative | neutral
    ("batch_id", pa.string()),
])

KEYPHRASES = pa.schema([
    ("article_id", pa.string()),
    ("phrase", pa.string()),
    ("score", pa.float64()),
    ("rank", pa.int16()),
    ("model_version", pa.string()),
    ("batch_id", pa.string()),
])

TOPICS = pa.schema([
    ("topic_id", pa.int32()),
    ("topic_label", pa.string()),
    ("top_terms", pa.list_(pa.string())),
    ("model_version", pa.string()),
    ("batch_id", pa.string()),
])

ARTICLE_TOPICS = pa.schema([
    ("article_id", pa.string()),
    ("topic_id", pa.int32()),
    ("weight", pa.float64()),
    ("rank", pa.int16()),
    ("model_version", pa.string()),
    ("batch_id", pa.string()),
])

REJECTS = pa.schema([
    ("source_path", pa.string()),
    ("reason", pa.string()),
    ("detail", pa.string()),
    ("run_id", pa.string()),
    ("batch_id", pa.string()),
])

RUNS = pa.schema([
    ("run_id", pa.string()),
    ("started_at", pa.timestamp("us", tz="UTC")),
    ("finished_at", pa.timestamp("us", tz="UTC")),
    ("status", pa.string()),            # running | completed | failed | crashed
    ("message", pa.string()),
    ("input_dir", pa.string()),
    ("files_seen", pa.int64()),
    ("items_seen", pa.int64()),         # files, or records of JSON/JSONL files
    ("articles_landed", pa.int64()),
    ("duplicates", pa.int64()),
    ("unchanged", pa.int64()),          # inputs skipped because the manifest already has them
    ("rejected", pa.int64()),
    ("removed", pa.int64()),            # files the manifest had that are gone from the input folder
    ("without_ner", pa.int64()),        # articles in a language with no configured spaCy model
    ("dates_dropped", pa.int64()),      # articles landed undated: their date was before 1900 or over a year ahead
    ("spacy_model", pa.string()),
    ("model_version", pa.string()),
    ("code_version", pa.string()),
    ("stage_seconds", pa.string()),     # JSON: seconds per stage (discover, ingest, nlp, enrich, land, ...)
    ("batch_id", pa.string()),
])

# One row each time a run accounts for an input file: what it was (size, mtime, hash of its bytes)
# and what it gave. The latest row of a path decides whether the next run reads it again.
MANIFEST = pa.schema([
    ("input_dir", pa.string()),          # absolute input folder: one lake can serve several
    ("source_path", pa.string()),        # relative to input_dir, as in articles.source_path
    ("size", pa.int64()),                # null for entries that are not files (a symlink loop)
    ("mtime_ns", pa.int64()),
    ("content_hash", pa.string()),       # null when the bytes were not read (too large, wrong format)
    ("status", pa.string()),             # processed | retry (read failed: try again) | removed
    ("items", pa.int32()),               # the file, or the records of a JSON/JSONL file
    ("article_ids", pa.list_(pa.string())),  # articles this version yields (landed or duplicates)
    ("run_id", pa.string()),
    ("recorded_at", pa.timestamp("us", tz="UTC")),
    ("batch_id", pa.string()),
])

def _with_batch_id(schema: pa.Schema) -> pa.Schema:
    """A table a domain package declares (its columns), as the lake stores it."""
    return pa.schema([pa.field(f.name, f.type) for f in schema] + [("batch_id", pa.string())])


# Declared by the packages that build them; stored with batch_id like every table.
PLACES = _with_batch_id(places_schema.PLACES_SCHEMA)           # one row per resolved place mention
ARTICLE_FOCUS = _with_batch_id(places_schema.FOCUS_SCHEMA)     # one row per article: its focus country
ARTICLE_TONE = _with_batch_id(tone_schema.ARTICLE_TONE)        # one row per article: GDELT-style tone
QUOTES = _with_batch_id(quotes_schema.QUOTES_SCHEMA)            # one row per direct quotation
ARTICLE_STORIES = _with_batch_id(stories_schema.ARTICLE_STORIES)  # one row per article: its story
NEAR_DUPLICATES = _with_batch_id(pa.schema(                    # one row per near-duplicate article, each
    [*stories_schema.NEAR_DUPLICATES, pa.field("recorded_at", pa.timestamp("us", tz="UTC"))]))  # time it is linked
BOILERPLATE_SENTENCES = _with_batch_id(pa.schema(               # one row per sentence its source repeats
    [f for f in stories_schema.BOILERPLATE_FLAGS if f.name != "is_boilerplate"]))
STORY_VERSIONS = _with_batch_id(pa.schema(                      # one row per story each time a batch touches it
    [*stories_schema.STORIES, pa.field("version_at", pa.timestamp("us", tz="UTC")),
     pa.field("merged_into", pa.string())]))                      # set on the row of a story merged into another
LABEL_VOTES = _with_batch_id(nlp_schema.LABEL_VOTES_SCHEMA)  # one row per key and model label a batch saw
ENTITY_ALIAS_VERSIONS = _with_batch_id(pa.schema(             # one row per alias row each time a batch sets or changes it
    [*nlp_schema.ENTITY_ALIASES_SCHEMA, pa.field("updated_at", pa.timestamp("us", tz="UTC"))]))

TABLES: dict[str, pa.Schema] = {
    "articles": ARTICLES,
    "sentences": SENTENCES,
    "entities": ENTITIES,
    "keyphrases": KEYPHRASES,
    "topics": TOPICS,
    "article_topics": ARTICLE_TOPICS,
    "rejects": REJECTS,
    "runs": RUNS,
    "manifest": MANIFEST,
    "places": PLACES,
    "article_focus": ARTICLE_FOCUS,
    "article_tone": ARTICLE_TONE,
    "quotes": QUOTES,
    "article_stories": ARTICLE_STORIES,
    "near_duplicates": NEAR_DUPLICATES,
    "boilerplate_sentences": BOILERPLATE_SENTENCES,
    "story_versions": STORY_VERSIONS,
    "label_votes": LABEL_VOTES,
    "entity_alias_versions": ENTITY_ALIAS_VERSIONS,
}

# Each table's key: the columns that name one row (its grain). The data tests are derived from it and
# from the schemas above (warehouse.generated_checks): every key column and batch_id not null, no key
# stored twice, and every row of a table with an article_id pointing at a landed article. A key
# with batch_id is a table that records each batch's version of a row (the latest one counts).
KEYS: dict[str, tuple[str, ...]] = {
    "articles": ("article_id",),
    "sentences": ("article_id", "sentence_idx"),
    "entities": ("article_id", "start_char", "end_char"),
    "keyphrases": ("article_id", "phrase", "model_version"),
    "topics": ("model_version", "topic_id"),
    "article_topics": ("article_id", "topic_id", "model_version"),
    "rejects": ("source_path", "run_id"),
    "runs": ("run_id",),
    "manifest": ("input_dir", "source_path", "batch_id"),
    "places": ("article_id", "start_char", "label"),
    "article_focus": ("article_id",),
    "article_tone": ("article_id",),
    "quotes": ("article_id", "quote_idx"),
    "article_stories": ("article_id",),
    "near_duplicates": ("article_id", "batch_id"),
    "boilerplate_sentences": ("article_id", "sentence_idx"),
    "story_versions": ("story_id", "batch_id"),
    "label_votes": ("entity_key", "label", "batch_id"),
    "entity_alias_versions": ("alias", "source", "period", "batch_id"),
}


def of_articles(table: str) -> bool:
    """Whether a table's rows belong to a landed article (its article_id must be in `articles`)."""
    return table != "articles" and "article_id" in TABLES[table].names


# A batch's rows in a dependent table become visible only once its commit table holds the same
# batch. A batch of input files commits with its manifest file, written after its sentences,
# entities, articles and rejects: a run killed before that leaves an orphan that recover() deletes,
# never a file marked done whose rows are missing, nor rows the next run (reading the files again)
# would land twice. Topic batches commit with article_topics, written after their keyphrases.
COMMIT_TABLE = {
    "sentences": "manifest",
    "entities": "manifest",
    "articles": "manifest",
    "rejects": "manifest",
    "places": "manifest",
    "article_focus": "manifest",
    "article_tone": "manifest",
    "quotes": "manifest",
    "article_stories": "manifest",
    "near_duplicates": "manifest",
    "boilerplate_sentences": "manifest",
    "story_versions": "manifest",
    "label_votes": "manifest",
    "entity_alias_versions": "manifest",
    "keyphrases": "article_topics",
}


def payload(name: str) -> pa.Schema:
    """The columns a stage builds for a table: all but batch_id, which the lake writer stamps."""
    schema = TABLES[name]
    return schema.remove(schema.get_field_index("batch_id"))


def empty(name: str) -> pa.Table:
    return TABLES[name].empty_table()


def from_rows(name: str, rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=TABLES[name])


def from_frame(name: str, frame) -> pa.Table:
    """A stage's pandas rows of a table as Arrow, in its payload columns and types (the lake
    writer adds batch_id). An empty frame gives the empty table, whatever its columns."""
    schema = payload(name)
    if not len(frame):
        return schema.empty_table()
    return pa.Table.from_pandas(frame[schema.names], schema=schema, preserve_index=False)
