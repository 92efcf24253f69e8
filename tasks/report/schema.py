"""Columns of every table the report reads from a view and shows on the page, declared once.

Each table on the page is the named view's own rows (a filter, an order, a limit: never a new
number), so these schemas mirror the views. The lead can register them as lake tables. Views
that other stages are still adding (stories, places, tone, quotes) are declared as the issue
describes them; `queries.conform` keeps a view's own type when a cast would lose information.
"""
from __future__ import annotations

import pyarrow as pa

_I = pa.int64()
_S = pa.string()
_F = pa.float64()
_D = pa.date32()


def _schema(*fields: tuple[str, pa.DataType]) -> pa.Schema:
    return pa.schema([pa.field(name, kind) for name, kind in fields])


# --- views every database has (sql/marts and the data_tests view) -------------------------
TOP_ENTITIES = _schema(("entity_key", _S), ("label", _S), ("mentions", _I), ("articles", _I))
ENTITY_DAILY = _schema(("day", _D), ("entity_key", _S), ("label", _S), ("mentions", _I), ("articles", _I))
TOPIC_DAILY = _schema(("day", _D), ("topic_id", pa.int32()), ("topic_label", _S), ("articles", _I),
                      ("weight", _F))
ENTITY_COOCCURRENCE = _schema(("entity_a", _S), ("entity_b", _S), ("articles", _I), ("sentences", _I))
REJECTS_BY_REASON = _schema(("reason", _S), ("inputs", _I), ("example_path", _S), ("example_detail", _S))
DATA_TESTS = _schema(("check_name", _S), ("rows_failing", _I), ("run_id", _S))
DATA_QUALITY = _schema(("table_name", _S), ("rows", _I))

# --- views other stages are adding: drawn when duckdb_views() lists them -----------------
TOP_STORIES = _schema(("story_id", _S), ("label", _S), ("articles", _I), ("sources", _I),
                      ("first_day", _D), ("last_day", _D))
STORY_DAILY = _schema(("day", _D), ("story_id", _S), ("label", _S), ("articles", _I), ("sources", _I))
COUNTRY_DAILY = _schema(("day", _D), ("country_code", _S), ("country", _S), ("articles", _I),
                        ("mentions", _I))
TOP_PLACES = _schema(("geonameid", _I), ("name", _S), ("country_code", _S), ("kind", _S), ("lat", _F),
                     ("lon", _F), ("mentions", _I), ("articles", _I))
TONE_DAILY = _schema(("day", _D), ("source", _S), ("articles", _I), ("avg_tone", _F))
ENTITY_TONE = _schema(("entity_key", _S), ("label", _S), ("mentions", _I), ("avg_tone", _F),
                      ("positive", _I), ("negative", _I))
STORY_CHANGES = _schema(("run_id", _S), ("story_id", _S), ("label", _S), ("status", _S), ("articles_added", _I),
                        ("sources_added", _I), ("articles", _I), ("first_day", _D), ("last_day", _D),
                        ("top_entities", pa.list_(_S)))
ENTITY_CHANGES = _schema(("run_id", _S), ("entity_key", _S), ("label", _S), ("status", _S), ("mentions", _I),
                         ("articles", _I), ("share", _F), ("prior_mentions", _I), ("prior_share", _F), ("lift", _F))
QUOTES_BY_SPEAKER = _schema(("speaker_key", _S), ("label", _S), ("quotes", _I), ("articles", _I),
                            ("first_day", _D), ("last_day", _D))

# view name -> the columns the report reads from it
VIEWS: dict[str, pa.Schema] = {
    "top_entities": TOP_ENTITIES, "entity_daily": ENTITY_DAILY, "topic_daily": TOPIC_DAILY,
    "entity_cooccurrence": ENTITY_COOCCURRENCE, "rejects_by_reason": REJECTS_BY_REASON,
    "data_tests": DATA_TESTS, "data_quality": DATA_QUALITY,
    "top_stories": TOP_STORIES, "story_daily": STORY_DAILY, "country_daily": COUNTRY_DAILY,
    "top_places": TOP_PLACES, "tone_daily": TONE_DAILY, "entity_tone": ENTITY_TONE,
    "quotes_by_speaker": QUOTES_BY_SPEAKER, "story_changes": STORY_CHANGES, "entity_changes": ENTITY_CHANGES,
}
# views with a `day` column: the ones `--days N` limits
DAILY_VIEWS = tuple(name for name, schema in VIEWS.items() if "day" in schema.names)
