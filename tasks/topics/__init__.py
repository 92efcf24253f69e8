"""Topics: a tf-idf + NMF topic model with self-training, its terms, its persistence, the bundled
reference model and the lake rows it gives. The package's API is imported here:

- `model`: TopicModel and fitting;  `analyzer`: tokens and phrases;  `terms`: labels and keyphrases;
- `persist`: dumps/loads/save/load;  `reference`: the bundled model;  `tables`: lake rows.
"""
from newsflow.tasks.topics.analyzer import NEWS_STOP_WORDS, PhraseAnalyzer
from newsflow.tasks.topics.model import DEFAULT_N_TOPICS, TopicModel, fit_topic_model
from newsflow.tasks.topics.persist import MODEL_FILE, dumps, load_model, loads, save_model
from newsflow.tasks.topics.reference import (REFERENCE_CORPUS, REFERENCE_DIR, build_reference_model,
                                             load_reference_model, read_labelled_corpus)
from newsflow.tasks.topics.tables import (ARTICLE_TOPICS_SCHEMA, KEYPHRASES_SCHEMA, TOPICS_SCHEMA, annotate,
                                          assign_topics, extract_keyphrases, fit_and_annotate, topics_table)
from newsflow.tasks.topics.terms import select_terms, word_key

__all__ = [
    "DEFAULT_N_TOPICS", "MODEL_FILE", "REFERENCE_CORPUS", "REFERENCE_DIR", "NEWS_STOP_WORDS", "PhraseAnalyzer",
    "TopicModel", "fit_topic_model", "save_model", "load_model", "load_reference_model", "read_labelled_corpus",
    "build_reference_model", "topics_table", "assign_topics", "extract_keyphrases", "annotate",
    "fit_and_annotate", "dumps", "loads", "TOPICS_SCHEMA", "ARTICLE_TOPICS_SCHEMA", "KEYPHRASES_SCHEMA",
    "select_terms", "word_key",
]
