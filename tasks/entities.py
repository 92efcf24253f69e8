"""Entity key normalisation for newsflow.

Plain Python on purpose: no spaCy, no Prefect.  The NER step hands us the
article text plus spaCy's mentions (char offsets + label); we return one
normalised ``entity_key`` per mention so that the lake can group mentions of
the same real-world entity.

Per-mention rules (``normalise_mention``):

* whitespace collapsed, curly apostrophes/quotes normalised, surrounding
  punctuation and quotes stripped;
* possessives dropped (``Pakistan's``/``Pakistan’s`` -> ``Pakistan``,
  ``Williams'`` -> ``Williams``);
* a leading ``the``/``The`` dropped (``the United Nations`` -> ``United Nations``);
* dots removed from all-caps acronyms (``U.S.`` -> ``US``, ``U.N.`` -> ``UN``)
  and from trailing company/generational abbreviations (``Inc.`` -> ``Inc``);
* for persons, leading titles/honorifics stripped when at least one name
  token follows (``Prime Minister Imran Khan`` -> ``Imran Khan``,
  ``Dr. Javad Zarif`` -> ``Javad Zarif``, ``Mr Blair`` -> ``Blair``).  A lone
  title (``King``, ``Judge``) is never stripped: it is then a surname.
  Royal / religious styles (King, Queen, Prince, Princess, Pope, Sheikh, ...)
  are *kept* in the key because without them the key collapses to a bare
  first name (``Prince Charles`` -> ``Charles`` would collide with
  ``Charles Clarke``); they are ignored when matching partial mentions.

Article-level rules (``entity_keys``):

* an all-caps mention takes the mixed-case spelling used elsewhere in the
  same article (``ISLAMABAD`` -> ``Islamabad``) if there is one;
* an ORG-like name that in this article is *always* written with ``'s``
  (at least twice: ``McDonald's``, ``Sainsbury's``) keeps the ``'s``;
* a person mention cut short by NER (``Shah Mehmood`` followed in the text by
  ``Qureshi``, a surname used on its own elsewhere in the article) is
  completed;
* surname-only / partial person mentions are linked to the unique full name
  in the same article containing them (``Qureshi`` -> ``Shah Mehmood
  Qureshi``; ``George Bush`` -> ``George W. Bush``; ``Mr Van de Vijver`` ->
  ``Walter van der Vijver``), before or after the full name.  If two
  different full names match (``Tony Blair`` and ``Cherie Blair``) the
  mention is left alone.  A mention with a non-PERSON label is treated as a
  person (and linked) only with evidence: the same string is labelled PERSON
  elsewhere in the article, or it is introduced by a title/honorific.

The key is derived from the string, never from the label: the same string
gets the same key whatever label spaCy gave it; the label stays on the
mention.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from typing import Iterable, NamedTuple

__all__ = ["entity_keys", "normalise_mention", "NormalisedMention"]

# ---------------------------------------------------------------------------
# vocabularies
# ---------------------------------------------------------------------------

# Honorifics: stripped whenever a name token follows.  ``Mr``/``Mrs``/``Ms``
# also mark a non-PERSON-labelled mention as a person.
HONORIFICS = {
    "mr", "mrs", "ms", "miss", "mx", "messrs", "dr", "prof", "professor",
    "sir", "dame", "lord", "lady", "baroness", "baron", "rev", "revd",
    "reverend", "fr", "hon", "rt",
}
_MASC_FEM_HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "messrs"}

# Head title words (a run of title words must contain at least one of these
# or an honorific to be stripped).
TITLE_HEADS = {
    "president", "vice-president", "chancellor", "minister", "secretary",
    "premier", "senator", "sen", "governor", "gov", "representative", "rep",
    "congressman", "congresswoman", "judge", "justice", "general", "gen",
    "colonel", "col", "captain", "capt", "lieutenant", "lt", "major", "maj",
    "sergeant", "sgt", "corporal", "cpl", "admiral", "adm", "commander",
    "cmdr", "cdr", "brigadier", "brig", "marshal", "inspector", "insp",
    "detective", "det", "superintendent", "supt", "constable", "mayor",
    "ambassador", "commissioner", "chairman", "chairwoman", "chairperson",
    "speaker", "spokesman", "spokeswoman", "bishop", "archbishop", "cardinal",
    "rabbi", "imam", "ayatollah", "attorney", "prosecutor", "director",
    "coach", "manager", "boss", "skipper", "leader", "chief", "mp", "mep",
    "councillor", "cllr", "officer", "executive", "ceo", "chair",
    "president-elect", "dean", "provost", "chancellor-elect",
}
# Modifiers that may precede (or sit between) head title words.
TITLE_MODIFIERS = {
    "prime", "deputy", "vice", "acting", "former", "ex", "ex-", "shadow",
    "interim", "junior", "senior", "assistant", "associate", "managing",
    "foreign", "home", "defence", "defense", "finance", "financial",
    "interior", "health", "education", "trade", "industry", "culture",
    "media", "sport", "sports", "environment", "economy", "economic",
    "treasury", "state", "chief", "general", "operating", "technology",
    "transport", "work", "works", "pensions", "energy", "agriculture",
    "europe", "european", "justice", "legal", "northern", "ireland",
    "scottish", "scotland", "welsh", "wales", "first", "lord", "high",
    "supreme", "court", "police", "army", "navy", "air", "fleet", "cabinet",
    "commerce", "labor", "labour", "development", "international",
    "information", "security", "national", "head", "team", "club", "party",
    "opposition", "majority", "minority", "district", "county", "city",
    "executive", "non-executive", "finance", "marketing", "creative",
    "artistic", "musical", "film",
}
# Connectors allowed inside a title run only when followed by a title word
# ("Secretary of State", "Trade and Industry Secretary").
TITLE_CONNECTORS = {"of", "for", "and", "&", "the"}
# Royal / religious styles: kept in the key, ignored for partial matching.
ROYAL_TITLES = {
    "king", "queen", "prince", "princess", "pope", "emperor", "empress",
    "sheikh", "sheik", "shaikh", "sultan", "emir", "tsar", "czar", "crown",
    "grand", "duke", "duchess", "earl", "countess",
}
# Name particles ignored when matching partial mentions
# ("Mr Van de Vijver" ~ "Walter van der Vijver").
NAME_PARTICLES = {
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das",
    "du", "la", "le", "bin", "ibn", "al", "el", "ter", "ten", "af", "zu",
    "y", "e",
}
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "junior", "senior"}
# Words that cannot complete a truncated person name.
_NOT_NAME_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "the", "and",
    "of", "in", "on", "at", "for", "but", "said", "says", "told", "has",
    "had", "was", "is", "will", "would", "could",
}

ORG_LIKE_LABELS = {"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT"}

_QUOTE_TRANSLATION = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u00b4": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"',
    "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-",
    "\u00a0": " ",
})
# Characters stripped from both ends of a mention.
_EDGE_PUNCT = set("\"'()[]{}<>,;:!?*\u00b7\u2022/\\|-_~#^=+")
_POSSESSIVE_RE = re.compile(r"(?:'s|'S)$")
_ACRONYM_RE = re.compile(r"^(?:[A-Z]\.){2,}$|^(?:[A-Z]\.)+[A-Z]$")
_WS_RE = re.compile(r"\s+")


class NormalisedMention(NamedTuple):
    key: str                 # normalised surface form (no article context)
    stripped_title: bool     # a title/honorific was removed
    personal_honorific: bool  # Mr/Mrs/Ms... was removed (strong person cue)
    had_possessive: bool     # a possessive 's / ' was removed


# ---------------------------------------------------------------------------
# per-mention normalisation
# ---------------------------------------------------------------------------

def _clean_token(tok: str) -> str:
    return tok.lower().rstrip(".")


def _has_name_token(tokens: list[str]) -> bool:
    return any(t[:1].isupper() or t[:1].isdigit() for t in tokens)


def _strip_titles(tokens: list[str]) -> tuple[list[str], bool, bool]:
    """Remove a leading run of title words if a name token follows."""
    stripped = honorific = False
    while tokens:
        i = 0
        saw_head = False
        saw_hon = False
        while i < len(tokens):
            w = _clean_token(tokens[i])
            if w in HONORIFICS:
                saw_head = True
                if w in _MASC_FEM_HONORIFICS:
                    saw_hon = True
                i += 1
            elif w in TITLE_HEADS:
                saw_head = True
                i += 1
            elif w in TITLE_MODIFIERS:
                i += 1
            elif (w in TITLE_CONNECTORS and i > 0 and i + 1 < len(tokens)
                  and _clean_token(tokens[i + 1]) in (TITLE_HEADS | TITLE_MODIFIERS)):
                i += 1
            else:
                break
        rest = tokens[i:]
        # back off so that the remainder starts with a name-like token
        if i == 0 or not saw_head or not rest or not _has_name_token(rest):
            break
        if not (rest[0][:1].isupper() or rest[0][:1].isdigit()):
            break
        tokens = rest
        stripped = True
        honorific = honorific or saw_hon
    return tokens, stripped, honorific


def _strip_edges(s: str) -> tuple[str, bool]:
    had_possessive = False
    while True:
        before = s
        s = s.strip()
        while s and s[0] in _EDGE_PUNCT:
            s = s[1:].lstrip()
        while s and s[-1] in _EDGE_PUNCT - {"'"}:
            s = s[:-1].rstrip()
        if _POSSESSIVE_RE.search(s) and len(s) > 2:
            s = s[:-2].rstrip()
            had_possessive = True
        elif s.endswith("'"):
            s = s[:-1].rstrip()
            had_possessive = had_possessive or s[-1:].lower() == "s"
        if s == before:
            return s, had_possessive


def normalise_mention(surface: str, label: str = "") -> NormalisedMention:
    """Normalise one mention string without article context."""
    s = unicodedata.normalize("NFC", surface).translate(_QUOTE_TRANSLATION)
    s = _WS_RE.sub(" ", s)
    s, had_poss = _strip_edges(s)
    tokens = s.split(" ") if s else []
    # leading "the"
    if len(tokens) > 1 and tokens[0].lower() == "the":
        tokens = tokens[1:]
    # titles / honorifics
    stripped = honorific = False
    if label == "PERSON":
        tokens, stripped, honorific = _strip_titles(tokens)
    elif tokens and _clean_token(tokens[0]) in _MASC_FEM_HONORIFICS and len(tokens) > 1:
        # "Mr Blair" mislabelled ORG/GPE: honorific still goes
        tokens2, stripped, honorific = _strip_titles(tokens)
        if honorific:
            tokens = tokens2
        else:
            stripped = False
    # acronym dots, abbreviation dots
    out = []
    for tok in tokens:
        if _ACRONYM_RE.match(tok):
            tok = tok.replace(".", "")
        out.append(tok)
    # trailing dot ("Inc.", "Jr.", a stray full stop) goes, except after a
    # single initial ("George W.").
    if out and out[-1].endswith(".") and not re.fullmatch(r"[A-Z]\.", out[-1]):
        out[-1] = out[-1][:-1]
    key = " ".join(t for t in out if t)
    key, poss2 = _strip_edges(key)
    return NormalisedMention(key, stripped, honorific, had_poss or poss2)


# ---------------------------------------------------------------------------
# article-level linking
# ---------------------------------------------------------------------------

def _match_tokens(key: str) -> tuple[str, ...]:
    """Tokens used to compare person names: lower-case, no dots/particles."""
    toks = []
    for raw in key.replace("-", " - ").split(" "):
        t = raw.lower().strip(".'")
        if not t or t == "-":
            continue
        toks.append(t)
    core = [t for t in toks if t not in ROYAL_TITLES and t not in NAME_SUFFIXES]
    no_particles = [t for t in core if t not in NAME_PARTICLES]
    return tuple(no_particles or core or toks)


def _is_subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    it = iter(long)
    return all(any(s == x for x in it) for s in short)


_PRECEDING_TITLE_RE = re.compile(r"([A-Za-z][A-Za-z\-]*)\.?\s+$")


def _preceded_by_title(text: str, start: int) -> bool:
    m = _PRECEDING_TITLE_RE.search(text[max(0, start - 40):start])
    if not m:
        return False
    w = m.group(1).lower()
    return w in HONORIFICS or w in TITLE_HEADS - {"leader", "chief", "executive", "officer", "boss", "director", "chair", "general", "major"}


def _is_all_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def entity_keys(text: str, mentions: list[tuple[int, int, str]]) -> list[str]:
    """Return one normalised entity key per mention (same order).

    ``mentions`` are ``(start_char, end_char, label)`` into ``text`` with
    spaCy labels.  See the module docstring for the rules.
    """
    n = len(mentions)
    if n == 0:
        return []
    norms: list[NormalisedMention] = []
    for start, end, label in mentions:
        norms.append(normalise_mention(text[start:end], label))
    keys = [m.key for m in norms]
    labels = [m[2] for m in mentions]

    # -- 1. all-caps -> mixed-case spelling used in the article ------------
    for i, k in enumerate(keys):
        # only 4+ letters: "US"/"us", "WHO"/"Who" must not be touched
        if _is_all_caps(k) and sum(c.isalpha() for c in k) >= 4:
            pat = re.compile(r"(?<!\w)" + re.escape(k) + r"(?!\w)", re.IGNORECASE)
            variants = {m.group(0) for m in pat.finditer(text)}
            variants = {v for v in variants
                        if v[:1].isupper() and any(c.islower() for c in v)}
            if len(variants) == 1:
                keys[i] = variants.pop()

    # -- 2. ORG names always written with 's in this article ---------------
    for i, k in enumerate(keys):
        if labels[i] in ORG_LIKE_LABELS and k and not k.endswith("'s"):
            occ = list(re.finditer(r"(?<!\w)" + re.escape(k) + r"(?!\w)(['\u2019]s\b)?", text))
            if len(occ) >= 2 and all(m.group(1) for m in occ):
                keys[i] = k + "'s"

    # -- 3. which mentions are persons --------------------------------------
    person_strings = {keys[i] for i in range(n) if labels[i] == "PERSON" and keys[i]}
    is_person = []
    for i, (start, end, label) in enumerate(mentions):
        k = keys[i]
        if not k or not any(c.isalpha() for c in k):
            is_person.append(False)
            continue
        is_person.append(
            label == "PERSON"
            or norms[i].personal_honorific
            or (k in person_strings)
            or (label not in {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY",
                              "CARDINAL", "ORDINAL"}
                and _preceded_by_title(text, start)
                and k[:1].isupper())
        )

    # -- 4. complete truncated person spans ---------------------------------
    single_surnames = defaultdict(int)
    for i in range(n):
        if is_person[i]:
            toks = keys[i].split(" ")
            if len(toks) == 1:
                single_surnames[toks[0]] += 1
    for i, (start, end, label) in enumerate(mentions):
        if not is_person[i] or " " not in keys[i]:
            continue
        m = re.match(r" ([A-Z][\w'\u2019\-]*[\w])", text[end:end + 60])
        if not m:
            continue
        word = m.group(1)
        if word.lower() in _NOT_NAME_WORDS or word in keys[i].split(" "):
            continue
        if single_surnames.get(word):
            keys[i] = keys[i] + " " + word

    # -- 5. link partial person mentions to a unique full name ---------------
    full_names = {keys[i] for i in range(n) if is_person[i] and len(_match_tokens(keys[i])) >= 2}
    mt = {k: _match_tokens(k) for k in full_names}
    maximal = [f for f in full_names
               if not any(g != f and len(mt[g]) > len(mt[f]) and _is_subsequence(mt[f], mt[g])
                          for g in full_names)]
    resolved: dict[str, str] = {}
    for i in range(n):
        if not is_person[i]:
            continue
        k = keys[i]
        if k in resolved:
            keys[i] = resolved[k]
            continue
        tk = _match_tokens(k)
        target = k
        if k not in maximal:
            cands = {f for f in maximal
                     if f != k and len(mt[f]) > len(tk) and _is_subsequence(tk, mt[f])}
            # the same person written twice ("George Bush", "George W. Bush")
            # collapses to one candidate; anything else is ambiguous.
            if len(cands) == 1:
                target = cands.pop()
        resolved[k] = target
        keys[i] = target
    return keys
