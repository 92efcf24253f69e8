"""Arrow schemas of every table the stories stage returns or keeps as state.

Declared once here so the lead can register each one as a lake table. Days are `date32`
(UTC calendar days); `published_at` inputs may be timestamps or dates.
"""
from __future__ import annotations

import pyarrow as pa

# --- 1. near-duplicates -------------------------------------------------------------------
NEAR_DUPLICATES = pa.schema([
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("duplicate_of", pa.string(), nullable=False),   # earliest article of its group
    pa.field("similarity", pa.float64(), nullable=False),    # MinHash estimate of Jaccard to duplicate_of
])

# One row per article ever seen; upsert by article_id (a late, older article can re-point a group).
SIGNATURES = pa.schema([
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("published_at", pa.timestamp("us", tz="UTC")),
    pa.field("minhash", pa.binary(), nullable=False),         # num_perm little-endian uint32
    pa.field("duplicate_of", pa.string()),                    # null: the article is its group's original
])

# --- 2. boilerplate sentences ---------------------------------------------------------------
BOILERPLATE_FLAGS = pa.schema([
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("sentence_idx", pa.int32(), nullable=False),
    pa.field("sentence_hash", pa.int64(), nullable=False),
    pa.field("is_boilerplate", pa.bool_(), nullable=False),
])

# Append-only; rows older than the window can be pruned.
SENTENCE_HISTORY = pa.schema([
    pa.field("sentence_hash", pa.int64(), nullable=False),
    pa.field("source", pa.string(), nullable=False),
    pa.field("day", pa.date32(), nullable=False),
])

# --- 3. story clustering ----------------------------------------------------------------------
ARTICLE_STORIES = pa.schema([
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("story_id", pa.string(), nullable=False),
    pa.field("similarity", pa.float64(), nullable=False),     # cosine to the story centroid when assigned
])

# State: one row per story (replace the whole table with new_state).
STORY_STATE = pa.schema([
    pa.field("story_id", pa.string(), nullable=False),
    pa.field("founder_id", pa.string(), nullable=False),
    pa.field("first_day", pa.date32()),
    pa.field("last_day", pa.date32()),
    pa.field("articles", pa.int64(), nullable=False),
    pa.field("central_id", pa.string(), nullable=False),      # most central article seen so far
    pa.field("central_title", pa.string()),
    pa.field("central_similarity", pa.float64(), nullable=False),
])

# State: sum of the members' unit tf-idf vectors, top terms only ("e:" prefix = entity key).
STORY_CENTROIDS = pa.schema([
    pa.field("story_id", pa.string(), nullable=False),
    pa.field("term", pa.string(), nullable=False),
    pa.field("weight", pa.float64(), nullable=False),
])

# State: distinct sources per story (for the `sources` count).
STORY_SOURCES = pa.schema([
    pa.field("story_id", pa.string(), nullable=False),
    pa.field("source", pa.string(), nullable=False),
    pa.field("articles", pa.int64(), nullable=False),
])

# State: document frequency per term; the row with term "" holds the number of documents. last_day:
# the latest day (days since 1970-01-01) of a batch that used the term, so that terms no article of
# the story window uses leave the state (prune_state); null when unknown (a state saved before it).
TERM_FREQUENCIES = pa.schema([
    pa.field("term", pa.string(), nullable=False),
    pa.field("df", pa.int64(), nullable=False),
    pa.field("last_day", pa.int32(), nullable=True),
])

# The `stories` mart rows.
STORIES = pa.schema([
    pa.field("story_id", pa.string(), nullable=False),
    pa.field("label", pa.string(), nullable=False),
    pa.field("first_day", pa.date32()),
    pa.field("last_day", pa.date32()),
    pa.field("articles", pa.int64(), nullable=False),
    pa.field("sources", pa.int64(), nullable=False),
    pa.field("top_entities", pa.list_(pa.string()), nullable=False),
])
