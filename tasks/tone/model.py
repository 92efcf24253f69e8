"""Tone towards a named person, organisation or place, learned from NewsMTSC.

NewsMTSC (Hamborg & Donnay, EACL 2021; MIT) labels 7,758 news sentences with the sentiment each
expresses towards one named target. A logistic regression reads, for one mention in its sentence:

- the sentence's words and word pairs, with the mention written `TGT` and the sentence's other
  mentions `ENT` (tf-idf): "TGT slammed ENT" and "ENT slammed TGT" are different evidence;
- the four words each side of the mention, by side ("l_praised", "r_resigned");
- three numbers: the lexicon tone towards the mention (the rules of `mentions.py`: proximity, clause,
  judge and judged, speaker), its sign past the rules' threshold, and the whole sentence's VADER compound.

Its probabilities give `tone` = P(positive) - P(negative) in [-1, 1] and `tone_label` the likeliest
class. It is fitted on the training file only, through the same pipeline as a run (spaCy's sentences
and mentions; a target spaCy missed is added from its offsets: tasks/tone/fitting.py), and its
regularisation was chosen on the dev file (`SELECTED_C`). The fitted model ships in the package
(`models/mention_tone.joblib`). Refit it, reproducibly (the fit is deterministic), with

    python -m newsflow.tasks.tone.fitting fit

which prints the dev figures. The rules alone stay for the other labels (NORP...) and when the
model file is missing.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MODEL_FILE = Path(__file__).resolve().parent / "models" / "mention_tone.joblib"
MODEL_LABELS = frozenset({"PERSON", "ORG", "GPE"})   # the mentions whose tone the model sets
SELECTED_C = 1.0       # chosen on the dev file among 0.1, 0.3, 0.5, 1, 3, 10 (fitting.py prints each)
WINDOW = 4             # words each side of the mention
RULE_THRESHOLD = 0.02  # where the rules' tone makes a label (mentions.MENTION_THRESHOLD)
_WORD = re.compile(r"[a-z']+|TGT|ENT")


@dataclass
class MentionInput:
    """One mention in its sentence: what the model reads."""

    text: str                         # the sentence
    span: tuple[int, int]             # the mention, in the sentence's characters
    others: list[tuple[int, int]]     # the sentence's other mentions
    rule_tone: float                  # the lexicon rules' tone towards the mention
    sentence_tone: float              # the sentence's VADER compound


@dataclass
class MentionToneModel:
    sentence_words: object   # TfidfVectorizer
    window_words: object     # TfidfVectorizer
    classifier: object       # LogisticRegression
    version: str


def masked(item: MentionInput) -> str:
    """The sentence, lower-cased, the mention as TGT and the other mentions as ENT."""
    spans = sorted([(*item.span, " TGT "), *((a, b, " ENT ") for a, b in item.others)])
    out, pos = [], 0
    for a, b, token in spans:
        if a < pos:
            continue
        out += [item.text[pos:a].lower(), token]
        pos = b
    out.append(item.text[pos:].lower())
    return "".join(out)


def window(masked_text: str) -> str:
    left, _, right = masked_text.partition(" TGT ")
    return " ".join([f"l_{w}" for w in _WORD.findall(left)[-WINDOW:]] + [f"r_{w}" for w in _WORD.findall(right)[:WINDOW]])


def _dense(items: list[MentionInput]) -> np.ndarray:
    rule = np.array([i.rule_tone for i in items], dtype=np.float64)
    return np.c_[rule, np.sign(rule) * (np.abs(rule) >= RULE_THRESHOLD), [i.sentence_tone for i in items]]


def _matrix(sentence_words, window_words, items: list[MentionInput], fit: bool = False):
    """The features of the mentions: the masked sentence's words, the words next to the mention and
    the three numbers. `fit`: the vectorizers learn their vocabularies from these mentions first."""
    from scipy import sparse

    texts = [masked(i) for i in items]
    near = [window(t) for t in texts]
    words = sentence_words.fit_transform(texts) if fit else sentence_words.transform(texts)
    nearby = window_words.fit_transform(near) if fit else window_words.transform(near)
    return sparse.hstack([words, nearby, sparse.csr_matrix(_dense(items))]).tocsr()


def predict(model: MentionToneModel, items: list[MentionInput]) -> tuple[np.ndarray, np.ndarray]:
    """(tone in [-1, 1], tone_label) of each mention."""
    if not items:
        return np.zeros(0), np.array([], dtype=object)
    p = model.classifier.predict_proba(_matrix(model.sentence_words, model.window_words, items))
    classes = list(model.classifier.classes_)
    tone = p[:, classes.index("positive")] - p[:, classes.index("negative")]
    return tone, np.array([str(c) for c in classes], dtype=object)[p.argmax(axis=1)]


@functools.lru_cache(maxsize=1)
def load_model() -> MentionToneModel | None:
    """The packaged model (None when the file is missing: the rules decide alone)."""
    if not MODEL_FILE.is_file():
        return None
    import joblib

    model = joblib.load(MODEL_FILE)
    if not isinstance(model, MentionToneModel):
        raise TypeError(f"{MODEL_FILE} does not hold a MentionToneModel")
    return model


def fit(items: list[MentionInput], labels: list[str], c: float = SELECTED_C) -> MentionToneModel:
    import hashlib

    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    sentence_words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, token_pattern=r"(?u)\b\w+\b",
                                     dtype=np.float32)
    window_words = TfidfVectorizer(min_df=2, token_pattern=r"\S+", dtype=np.float32)
    x = _matrix(sentence_words, window_words, items, fit=True)
    classifier = LogisticRegression(C=c, max_iter=5000).fit(x, labels)
    digest = hashlib.blake2b(classifier.coef_.tobytes(), digest_size=4).hexdigest()
    return MentionToneModel(sentence_words, window_words, classifier, f"newsmtsc-{digest}")
