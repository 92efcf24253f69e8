"""Columns of the quotes table (one row a quotation), declared once for the lake."""
import pyarrow as pa

QUOTES_SCHEMA = pa.schema([
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("quote_idx", pa.int32(), nullable=False),      # 0.. in text order within the article
    pa.field("start_char", pa.int32(), nullable=False),     # first quoted character (inside the marks)
    pa.field("end_char", pa.int32(), nullable=False),       # one past the last quoted character
    pa.field("text", pa.string(), nullable=False),          # text[start_char:end_char]
    pa.field("sentence_idx", pa.int32(), nullable=False),   # sentence that contains start_char
    pa.field("speaker", pa.string(), nullable=True),        # speaker as written ("he", "an official statement")
    pa.field("speaker_key", pa.string(), nullable=True),    # entity_key of the person; null otherwise
    pa.field("cue", pa.string(), nullable=True),            # cue verb as written ("said", "according to")
])
