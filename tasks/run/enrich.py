"""What a batch's sentences and entities say beyond names: places on the map, quotations, and tone.

Runs in the run's process on each analysed batch, before it lands (one pass, a few percent of
spaCy's time): places are resolved against the offline gazetteer (a resolved place's entity_key
becomes its canonical name: "UK", "Britain" -> "United Kingdom"), each article gets its focus
country, quotations are found with their speakers (over the place-resolved entities), and
sentences, entity mentions and articles get their tone. Returns the batch's tables,
by name, in the columns their schemas declare (the lake writer adds batch_id).
"""
from __future__ import annotations

import pandas as pd
import pyarrow as pa

from newsflow.tasks.ingest.records import Article
from newsflow.tasks.nlp.pipeline import Analysis
from newsflow.tasks.storage import schemas


def enrich_batch(articles: list[Article], analysis: Analysis) -> dict[str, pa.Table]:
    """sentences, entities, places, article_focus, quotes and article_tone tables of one batch."""
    from newsflow.tasks.places import place_entity_keys, resolve_places
    from newsflow.tasks.quotes import extract_quotes
    from newsflow.tasks.tone import article_tone, mention_tone, sentence_tone

    frame = pd.DataFrame({"article_id": [a.article_id for a in articles], "text": [a.text for a in articles],
                          "dateline": [a.dateline for a in articles]})
    sentences = pd.DataFrame(analysis.sentences)
    entities = pd.DataFrame(analysis.entities)
    with_entities = frame[frame["article_id"].isin(set(entities["article_id"]))] if len(entities) else frame.iloc[0:0]
    places, focus = resolve_places(with_entities, entities)
    if len(entities):
        entities["entity_key"] = place_entity_keys(entities, places)
    quotes = extract_quotes(with_entities[["article_id", "text"]], sentences, entities)
    tones = sentence_tone(sentences[["article_id", "sentence_idx", "text"]])
    sentences["tone"] = tones["tone"].to_numpy()
    mentions = mention_tone(sentences, entities)
    entities["tone"] = mentions["tone"].to_numpy()
    entities["tone_label"] = mentions["tone_label"].to_numpy()
    return {
        "sentences": schemas.from_frame("sentences", sentences),
        "entities": schemas.from_frame("entities", entities),
        "places": schemas.from_frame("places", places),
        "article_focus": schemas.from_frame("article_focus", focus),
        "quotes": schemas.from_frame("quotes", quotes),
        "article_tone": schemas.from_frame("article_tone", article_tone(frame[["article_id", "text"]], tones)),
    }
