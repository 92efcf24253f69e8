"""Tone towards each entity mention: the lexicon words that bear on that mention, not the sentence.

Entity sentiment ("Critics slammed Smith, but praised Jones": Smith negative, Jones positive)
from the same VADER token valences as the sentence tone (negation, boosters, caps already
applied), weighted by cheap, general rules of English news syntax, without a parser:

1. Proximity: a word d tokens away counts 1 / (1 + (d - 1) / DECAY_TOKENS).
2. Clause: only words of the mention's clause count (OTHER_CLAUSE = 0). Clauses are cut at
   contrastive or subordinating connectives (but, however, although, though, while, whereas,
   yet) and after ";" / ":" and at dashes.
3. Names carry no evaluation: words inside any mention of the sentence ("Hope Hicks", "the
   Justice Department") and mid-sentence Title-case words (names NER missed) are skipped.
4. Judgement verbs (lexicon.judgement_verbs: praise, criticise, blame, slam...): the judgement
   is about the object. The judge (the mention before an active verb, or after "by" with a
   passive one) takes only AGENT = 0.5 of it: attacking or praising someone says something
   about the judge too, but less.
5. Speaker: a mention that is the source of reported speech ("Smith said ...", "..., said Smith",
   "according to Smith", or outside the quotation of a sentence that quotes) does not take the
   tone of what is said (SPEECH = 0): quoted words and the reported clause do not count for it.
6. Negativity bias: negative valences count NEGATIVE_WEIGHT = 1.5 times (news readers and
   annotators weigh blame more than praise; Rozin & Royzman 2001).

The summed weighted valence s is normalised like VADER's compound, s / sqrt(s^2 + 15), so a
mention's tone is in [-1, 1] on the sentence tone's scale. tone_label: positive if tone >=
MENTION_THRESHOLD (0.02), negative if <= -0.02, else neutral: any word that bears on the
mention decides, since the rules above already keep unrelated words out.

The weights and the threshold were chosen on the even-indexed half of NewsMTSC's dev set from
a small grid (the odd half is reported as held out, see tasks/evaluation/tone.py). AGENT = 1.0
scores about 0.01 macro-F1 higher there, within noise, but would erase the judge/judged
distinction. The word lists are closed grammatical classes of English, not tuned to any corpus.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from . import lexicon as L
from .model import MODEL_LABELS, RULE_THRESHOLD, MentionInput, load_model, predict
from .schema import MENTION_TONE
from .sentences import label, sentence_sums, sentence_texts
from .valence import ALPHA, Scored, compound, score_tokens

DECAY_TOKENS = 5.0     # a word 5 tokens beyond the nearest counts 1/2, 10 beyond 1/3
OTHER_CLAUSE = 0.0     # words of another clause do not bear on the mention
SPEECH = 0.0           # what a speaker says is not tone towards the speaker
AGENT = 0.5            # the judge of a judgement verb takes half of it (see module docstring)
NEGATIVE_WEIGHT = 1.5  # negativity bias: a blaming word outweighs a praising one
MENTION_THRESHOLD = RULE_THRESHOLD   # 0.02

CLAUSE_OPENERS = frozenset("but however although though whereas while yet".split())
CLAUSE_CLOSERS = (";", ":")
DASHES = frozenset(["-", "--", "\u2013", "\u2014"])
REPORTING = frozenset((
    "said says say told tells added adds stated states argued argues claimed claims wrote writes "
    "tweeted tweets explained explains noted notes insisted insists warned warns announced announces "
    "asked asks replied replies responded responds suggested suggests acknowledged acknowledges "
    "admitted admits recalled recalls declared declares commented comments observed observes "
    "remarked continued conceded concedes contended maintained maintains predicted predicts "
    "testified urged urges"
).split())
BE_FORMS = frozenset("is are was were be been being get gets got getting".split())
OPEN_QUOTES = ("\u201c", '"', "\u2018", "'")
_PAIRS = {"\u201c": "\u201d", '"': '"', "\u2018": "\u2019"}  # opening quote -> its closing quote
_QUOTE_CHARS = ("\u201c", "\u201d", '"', "\u2018")
_CLAUSE_MARKS = re.compile(r"[;:](?:\s|$)|(?:^|\s)(?:-|--|\u2013|\u2014)(?:\s|$)")


def mention_tone(sentences: pd.DataFrame, entities: pd.DataFrame,
                 threshold: float = MENTION_THRESHOLD, scored: Scored | None = None, learned: bool = True) -> pd.DataFrame:
    """Columns of MENTION_TONE, one row per row of ``entities``, in the same order.

    ``sentences``: article_id, sentence_idx, start_char, text (start_char is where the text begins
    in the article; offsets of ``entities`` index the article). Pass all mentions of a sentence
    together: each one's words are a name, not evaluation, for the others. A mention whose
    sentence is absent or whose span falls outside it gets tone 0 (neutral). ``scored``: the
    score_tokens of every sentence text in row order, when the caller has it (the sentence tone
    does): the words are then not looked up twice.

    ``learned``: the PERSON, ORG and GPE mentions (``entities["label"]``) take the tone of the model
    fitted on NewsMTSC (tasks/tone/model.py), which reads the rules' tone among its features; the
    others keep the rules' tone and label.
    """
    tone, inputs = _rule_tones(sentences, entities, scored)
    labels = label(tone, threshold).astype(object)
    model = load_model() if learned and "label" in entities else None
    if model is not None:
        chosen = [m for m, lab in enumerate(entities["label"].tolist()) if lab in MODEL_LABELS and inputs[m] is not None]
        tone[chosen], labels[chosen] = predict(model, [inputs[m] for m in chosen])
    out = pd.DataFrame({
        "article_id": entities["article_id"].astype(str).to_numpy(),
        "start_char": entities["start_char"].to_numpy(dtype=np.int64).astype(np.int32),
        "end_char": entities["end_char"].to_numpy(dtype=np.int64).astype(np.int32),
        "tone": tone,
        "tone_label": labels,
    })
    return out[MENTION_TONE.names]


def mention_inputs(sentences: pd.DataFrame, entities: pd.DataFrame) -> list[MentionInput | None]:
    """What the learned model reads of each mention (None outside its sentence)."""
    return _rule_tones(sentences, entities, None)[1]


def _rule_tones(sentences: pd.DataFrame, entities: pd.DataFrame,
                scored: Scored | None) -> tuple[np.ndarray, list[MentionInput | None]]:
    """The rules' tone towards each mention, and each mention in its sentence for the model."""
    rows = _sentence_rows(sentences, entities)
    starts = entities["start_char"].to_numpy(dtype=np.int64)
    ends = entities["end_char"].to_numpy(dtype=np.int64)
    texts = sentence_texts(sentences)
    offsets = sentences["start_char"].to_numpy(dtype=np.int64).tolist()
    groups = _groups(rows)
    if scored is None:      # only the sentences that hold a mention, k-th group = k-th text
        scored = score_tokens([texts[row] for row, _ in groups])
        at = list(range(len(groups)))
    else:
        at = [row for row, _ in groups]
    hits_of = _hits_by_sentence(scored)
    valence = scored.valence.tolist()
    sentence_compound = compound(sentence_sums(scored), scored.emphasis).tolist()
    tone = np.zeros(len(entities), dtype=np.float64)
    inputs: list[MentionInput | None] = [None] * len(entities)
    for k, (row, members) in zip(at, groups):
        text, off = texts[row], offsets[row]
        chars = [(int(starts[m]) - off, int(ends[m]) - off) for m in members]
        if k in hits_of:
            lo, hi = int(scored.bounds[k]), int(scored.bounds[k + 1])
            spans = [_token_span(text, a, b) for a, b in chars]
            view = _View(text, scored, lo, hi, [(t - lo, valence[t]) for t in hits_of[k]],
                         [sp for sp in spans if sp])
            for m, span in zip(members, spans):
                if span:
                    s = view.score(*span)
                    tone[m] = s / np.sqrt(s * s + ALPHA)
        for m, (a, b) in zip(members, chars):
            if 0 <= a < b <= len(text):
                inputs[m] = MentionInput(text, (a, b), [c for c in chars if c != (a, b)], float(tone[m]),
                                         sentence_compound[k])
    return tone, inputs


def _sentence_rows(sentences: pd.DataFrame, entities: pd.DataFrame) -> np.ndarray:
    """Row of ``sentences`` holding each mention (-1 if none; the first row if a key repeats)."""
    index = pd.MultiIndex.from_arrays([sentences["article_id"].astype(str),
                                       sentences["sentence_idx"].astype(np.int64)])
    keys = pd.MultiIndex.from_arrays([entities["article_id"].astype(str),
                                      entities["sentence_idx"].astype(np.int64)])
    first = np.flatnonzero(~index.duplicated())
    found = index[first].get_indexer(keys)
    return np.where(found >= 0, first[np.maximum(found, 0)], -1).astype(np.int64)


def _groups(rows: np.ndarray) -> list[tuple[int, list[int]]]:
    """(sentence row, mention indices) for every sentence holding a mention, in row order."""
    order = np.argsort(rows, kind="stable")
    order = order[rows[order] >= 0]
    if not len(order):
        return []
    keys = rows[order]
    bounds = [0, *(np.flatnonzero(np.diff(keys)) + 1).tolist(), len(order)]
    keys_l, order_l = keys.tolist(), order.tolist()   # list slices: np.split costs more than the tone
    return [(keys_l[a], order_l[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]


def _hits_by_sentence(scored: Scored) -> dict[int, list[int]]:
    """Flat indices of the valenced words of each sentence that has any."""
    hits = np.flatnonzero(scored.valence)
    sent = np.searchsorted(scored.bounds, hits, side="right") - 1
    out: dict[int, list[int]] = {}
    for t, s in zip(hits.tolist(), sent.tolist()):
        out.setdefault(s, []).append(t)
    return out


def _token_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Whitespace tokens [a, b) that the character span [start, end) touches (None if outside)."""
    if start < 0 or end > len(text) or end <= start:
        return None
    a = len(text[:start].split())
    if a and start and not text[start - 1].isspace():
        a -= 1  # the span starts inside a token ('"Smith' or 'ex-Smith')
    b = len(text[:end].split())
    return (a, b) if b > a else None


class _View:
    """One sentence's valenced words, clauses and quotes, as far as its mentions need them."""

    def __init__(self, text: str, scored: Scored, lo: int, hi: int, hits: list[tuple[int, float]],
                 spans: list[tuple[int, int]]):
        self.lower = scored.lower[lo:hi]
        raw = scored.raw[lo:hi]
        in_names = {t for a, b in spans for t in range(a, b)}
        hits = [(t, v) for t, v in hits if t not in in_names]
        title = _title_case_names(raw, [t for t, _ in hits], in_names)
        self.hits = [(t, v) for t, v in hits if t not in title]
        self.clause = _clauses(text, raw, self.lower)
        self.quoted = _quoted(raw) if any(q in text for q in _QUOTE_CHARS) else None
        self.judgement = L.judgement_verbs()

    def score(self, a: int, b: int) -> float:
        """Weighted valence bearing on the mention at tokens [a, b)."""
        speech = self._speech_tokens(a, b)
        clause = self.clause
        total = 0.0
        for t, v in self.hits:
            if a <= t < b:
                continue
            if clause is not None and clause[t] != clause[a]:
                if not OTHER_CLAUSE:
                    continue
                w = OTHER_CLAUSE
            else:
                w = 1.0
                if self.lower[t] in self.judgement and self._is_agent(t, a, b):
                    w = AGENT
            if speech is not None and speech(t):
                w *= SPEECH
            d = a - t if t < a else t - b + 1
            total += v * w * (NEGATIVE_WEIGHT if v < 0 else 1.0) / (1.0 + (d - 1) / DECAY_TOKENS)
        return total

    def _is_agent(self, t: int, a: int, b: int) -> bool:
        """Is the mention the judge (not the judged) of judgement verb t?"""
        passive = any(self.lower[j] in BE_FORMS for j in range(max(0, t - 2), t))
        if not passive:
            return b <= t
        return a > t and "by" in self.lower[t + 1:a]

    def _speech_tokens(self, a: int, b: int):
        """A predicate true for tokens that are speech the mention reports, or None."""
        low, n, quoted = self.lower, len(self.lower), self.quoted
        after = next((j for j in range(b, min(n, b + 3)) if low[j] in REPORTING), None)
        if after is not None:
            return lambda t: t > after or (quoted is not None and quoted[t])
        if a >= 1 and low[a - 1] in REPORTING:
            return lambda t: t < a - 1 or (quoted is not None and quoted[t])
        if a >= 2 and low[a - 2] == "according" and low[a - 1] == "to":
            return lambda t: True
        if quoted is not None and any(quoted) and not quoted[a]:
            return lambda t: quoted[t]
        return None


def _title_case_names(raw: list[str], hits: list[int], in_names: set[int]) -> set[int]:
    """Hits that are mid-sentence Title-case words: parts of names NER missed ("the Justice Department").

    Not applied in Title Case headlines (most words outside the known names capitalised), nor
    to a word opening the sentence, a quotation or a clause after ":".
    """
    cand = [t for t in hits if t and raw[t][:1].isupper() and not raw[t].isupper()
            and raw[t][:1] not in OPEN_QUOTES and not raw[t - 1].endswith((":", ".", "?", "!"))]
    if not cand:
        return set()
    others = [w for t, w in enumerate(raw) if t not in in_names]
    if sum(1 for w in others if w[:1].isupper()) * 2 > len(others):
        return set()
    return set(cand)


def _clauses(text: str, raw: list[str], lower: list[str]) -> list[int] | None:
    """Clause number of each token (a new clause at connectives, ';', ':' and dashes); None if one clause."""
    if CLAUSE_OPENERS.isdisjoint(lower) and not _CLAUSE_MARKS.search(text):
        return None
    out, c = [], 0
    for word, low in zip(raw, lower):
        if low in CLAUSE_OPENERS or word in DASHES:
            c += 1
        out.append(c)
        if word.endswith(CLAUSE_CLOSERS):
            c += 1
    return out


def _quoted(raw: list[str]) -> list[bool]:
    """Tokens inside quotation marks (an unmatched closing double quote quotes the sentence up to it)."""
    out, closer, closed_at = [], None, -1
    for t, word in enumerate(raw):
        core = word.rstrip(".,;:!?)")
        opened = closer is None and word[:1] in _PAIRS
        if opened:
            closer = _PAIRS[word[0]]
        out.append(closer is not None)
        if closer is not None and core.endswith(closer) and (len(core) > 1 or not opened):
            closer = None
        elif closer is None and not opened and core.endswith(("\u201d", '"')):
            closed_at = t
    if closed_at >= 0:
        out[:closed_at + 1] = [True] * (closed_at + 1)
    return out
