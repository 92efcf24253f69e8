"""Tokens and 1-3-word phrases for the topic model: English and news stop words, no phrase across punctuation."""
from __future__ import annotations

import re
from typing import Iterable

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS



# General English news filler: reporting verbs, honorifics, calendar and time words, number
# words, vague quantities and hedges. Nothing specific to one outlet or one corpus.
NEWS_STOP_WORDS = frozenset("""
said says say saying told tell tells telling added adding according asked asks ask claimed
stated statement announced quoted reportedly reported
mr mrs ms miss dr sir prof
year years yearly month months monthly week weeks weekly day days daily today yesterday tomorrow
tonight time times ago date dates hour hours minute minutes decade decades century
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred
hundreds thousand thousands million millions billion billions trillion dozen dozens half quarter
first second third fourth fifth last next previous former latter latest recent recently early
earlier late later lately soon currently current
per cent percent including include includes included also would could should might must will
shall can cannot just like make makes made making way ways going want wants wanted think thinks
thought know knows known get gets got getting set sets use uses used using lot lots put puts
take takes taking took taken come comes came coming go goes went gone good well big
people thing things really much many able whether although however yet still even already now
since around instead despite though unless whose nearly almost approximately roughly
expected expect expects need needs needed seen see sees saw look looks looked looking
part parts number numbers
""".split())

_CONNECTORS = frozenset({"of", "and"})
_TOKEN = re.compile(r"\w+(?:['\-]\w+)*|[^\w ]")


class PhraseAnalyzer:
    """Text -> list of 1-3-word terms (see module docstring). Picklable, deterministic."""

    def __init__(self, stop_words: Iterable[str] | None = None, min_len: int = 3) -> None:
        base = ENGLISH_STOP_WORDS | NEWS_STOP_WORDS if stop_words is None else stop_words
        self.stop_words = frozenset(w.lower() for w in base)
        self.min_len = min_len

    def tokens(self, text: str) -> tuple[list[str], list[bool], list[bool]]:
        """Tokens (words and punctuation), whether each may be a term word, and whether a term
        may continue after it (not after a possessive: "sony's new" gives no "sony new")."""
        toks = _TOKEN.findall(text.lower().replace("\u2019", "'").replace("\u2018", "'"))
        possessive = [w.endswith("'s") for w in toks]
        toks = [w[:-2] if p else w for w, p in zip(toks, possessive)]
        stop, min_len = self.stop_words, self.min_len
        ok = [len(w) >= min_len and w[0].isalpha() and w[-1].isalpha() and "_" not in w
              and w not in stop for w in toks]
        cont = [o and not p for o, p in zip(ok, possessive)]
        return toks, ok, cont

    def __call__(self, text: str) -> list[str]:
        toks, ok, cont = self.tokens(text or "")
        terms = [w for w, o in zip(toks, ok) if o]
        t1, o1 = toks[1:], ok[1:]
        terms += [a + " " + b for a, b, ca, ob in zip(toks, t1, cont, o1) if ca and ob and a != b]
        mid = [c or w in _CONNECTORS for w, c in zip(t1, cont[1:])]
        terms += [a + " " + b + " " + c
                  for a, b, c, ca, om, oc in zip(toks, t1, toks[2:], cont, mid, ok[2:])
                  if ca and om and oc and a != c and a != b and b != c]
        return terms
