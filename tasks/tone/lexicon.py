"""The word lists tone is scored with: VADER's own lexicon and rule words, plus judgement verbs.

VADER's lexicon (7,500 words rated -4..+4 by ten human raters) and its rule constants are read
from the installed ``vaderSentiment`` package, never copied, so the method stays VADER's.

The one addition is a closed class of *judgement verbs* (Levin 1993, English Verb Classes,
class 33: praise/blame verbs, plus the headline verbs "slam", "blast", "hail"). Their valence is
the evaluation one participant passes on another: in "Critics slammed Smith" the negative word
is about Smith (the object), not about the critics (the agent). ``mentions.py`` uses the class to
send such a word's valence to the object and away from the agent. It is general English grammar,
not tuned to any corpus.
"""
from __future__ import annotations

import string
from functools import lru_cache

from vaderSentiment import vaderSentiment as _vader

B_INCR = _vader.B_INCR
C_INCR = _vader.C_INCR
N_SCALAR = _vader.N_SCALAR
BOOSTERS: dict[str, float] = dict(_vader.BOOSTER_DICT)
NEGATIONS: frozenset[str] = frozenset(_vader.NEGATE)
SPECIAL_CASES: dict[str, float] = dict(_vader.SPECIAL_CASES)

# VADER strips ASCII punctuation only; news text also wraps words in curly quotes and dashes,
# which would otherwise hide "good" in "“good”" from the lexicon.
VADER_PUNCTUATION = string.punctuation
NEWS_PUNCTUATION = (string.punctuation
                    + "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2013\u2014\u2026")

# Levin class 33 judgement verbs (base forms) and the polarity of the judgement they pass.
_POSITIVE_JUDGEMENT = (
    "acclaim applaud celebrate commend compliment congratulate endorse exonerate "
    "hail honor honour laud praise reward salute thank vindicate"
)
_NEGATIVE_JUDGEMENT = (
    "accuse assail attack berate blame blast castigate censure chastise chide condemn "
    "convict criticise criticize decry denounce deride disparage excoriate impeach "
    "indict insult lambast lambaste mock penalise penalize punish rebuke reprimand reproach "
    "ridicule sanction scold slam smear sue vilify"
)
# Default valence (VADER scale) for a judgement verb form the lexicon does not rate.
JUDGEMENT_DEFAULT = 1.5


@lru_cache(maxsize=1)
def lexicon() -> dict[str, float]:
    """VADER's lexicon as shipped with vaderSentiment (word -> mean valence, -4..+4)."""
    return dict(_vader.SentimentIntensityAnalyzer().lexicon)


def _inflections(base: str) -> set[str]:
    """Regular English verb forms (praise -> praises, praised, praising; slam -> slammed)."""
    forms = {base, base + "s", base + "es"}
    stem = base[:-1] if base.endswith("e") else base
    forms |= {stem + "ed", stem + "ing"}
    if len(base) > 2 and base[-1] not in "aeiouwxy" and base[-2] in "aeiou" and base[-3] not in "aeiou":
        forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}  # slam -> slammed
    return forms


@lru_cache(maxsize=1)
def judgement_verbs() -> dict[str, float]:
    """Every form of a judgement verb -> its valence (the lexicon's, else its base form's, else default)."""
    lex = lexicon()
    out: dict[str, float] = {}
    for words, sign in ((_POSITIVE_JUDGEMENT, 1.0), (_NEGATIVE_JUDGEMENT, -1.0)):
        for base in words.split():
            base_valence = lex.get(base)
            if base_valence is None or base_valence * sign <= 0:
                base_valence = sign * JUDGEMENT_DEFAULT
            for form in _inflections(base):
                valence = lex.get(form)
                out[form] = valence if valence is not None and valence * sign > 0 else base_valence
    return out


@lru_cache(maxsize=1)
def scoring_lexicon() -> dict[str, float]:
    """VADER's lexicon plus the judgement-verb forms it lacks (e.g. "slammed", "lambasted")."""
    lex = dict(lexicon())
    for form, valence in judgement_verbs().items():
        lex.setdefault(form, valence)
    return lex
