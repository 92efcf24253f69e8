"""What a batch's sentences and entities say beyond names: one label and key per entity, places on
the map, quotations, and tone.

Runs in the run's process on each analysed batch, before it lands (one pass, a few percent of
spaCy's time): each mention's label is corrected against the corpus votes (`model_label` keeps
spaCy's), places are resolved against the offline gazetteer (a resolved place's entity_key becomes
its canonical name: "UK", "Britain" -> "United Kingdom"), each article gets its focus country, keys
resolve across the corpus through the alias table ("Blair" -> "Tony Blair"; `alias` keeps the
article's key), quotations are found with their speakers, and sentences, entity mentions and
articles get their tone. Returns the batch's tables, by name, in the columns their schemas declare
(the lake writer adds batch_id), and the entity state that includes the batch.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import pyarrow as pa

from newsflow.tasks.ingest.records import Article, articles_frame
from newsflow.tasks.nlp.pipeline import Analysis
from newsflow.tasks.run.entity_stage import EntityState, key_batch, label_batch
from newsflow.tasks.storage import schemas


def enrich_batch(articles: list[Article], analysis: Analysis, state: EntityState, run_id: str,
                 models: Mapping[str, str] | None = None) -> tuple[dict[str, pa.Table], EntityState]:
    """(sentences, entities, label_votes, entity_alias_versions, places, article_focus, quotes and
    article_tone tables of one batch; the entity state that includes it). `models`: the spaCy
    pipeline of each language, whose parser reads the few quote sentences that need it."""
    from newsflow.tasks.places import place_entity_keys, place_labels, resolve_places
    from newsflow.tasks.quotes import extract_quotes
    from newsflow.tasks.tone import batch_tone

    frame = articles_frame(articles)
    sentences = pd.DataFrame(analysis.sentences)
    entities, votes, state = label_batch(state, pd.DataFrame(analysis.entities), dict(zip(frame["article_id"],
                                                                                        frame["text"])))
    with_entities = frame[frame["article_id"].isin(set(entities["article_id"]))] if len(entities) else frame.iloc[0:0]
    # Every article: a dateline resolves without NER too ("BERLIN -" opens a German article when no
    # German pipeline is configured), and an article with no place gets its focus row, null.
    places, focus = resolve_places(frame, entities)
    if len(entities):
        entities["label"] = place_labels(entities, places)
        entities["entity_key"] = place_entity_keys(entities, places)
    entities, aliases, state = key_batch(state, entities, frame, run_id)
    quotes = extract_quotes(with_entities[["article_id", "text", "language"]], sentences, entities, models)
    tone = batch_tone(frame[["article_id", "text", "language"]], sentences, entities)
    sentences["tone"] = tone.sentences
    entities["tone"] = tone.mentions
    entities["tone_label"] = tone.mention_labels
    return {
        "sentences": schemas.from_frame("sentences", sentences),
        "entities": schemas.from_frame("entities", entities),
        "label_votes": votes,
        "entity_alias_versions": aliases,
        "places": schemas.from_frame("places", places),
        "article_focus": schemas.from_frame("article_focus", focus),
        "quotes": schemas.from_frame("quotes", quotes),
        "article_tone": schemas.from_frame("article_tone", tone.articles),
    }, state


def load_reference_data() -> None:
    """Build what every batch reads and never changes, once per process: the gazetteer (about
    300,000 objects) and the tone lexicon. A run calls this before its batch window freezes what
    exists (flows/batch_window.py), so the collection after each batch no longer scans them: 0.1 s
    a collection. Building them costs what the first batch would have spent on them."""
    from newsflow.tasks.places import get_gazetteer
    from newsflow.tasks.tone.lexicon import judgement_verbs, scoring_lexicon

    get_gazetteer()
    scoring_lexicon()
    judgement_verbs()
