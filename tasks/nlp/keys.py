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
  and a trailing full stop dropped (``MCI Inc.`` -> ``MCI Inc``), except
  after a single initial;
* PERSON: leading titles, honorifics, occupations and (before two name
  tokens) nationality adjectives are stripped when a name follows
  (``Prime Minister Imran Khan`` -> ``Imran Khan``, ``Dr. Javad Zarif`` ->
  ``Javad Zarif``, ``Mr Blair`` -> ``Blair``, ``Work and Pensions Secretary
  Alan Johnson``, ``Sen. John Kerry``, ``Comedian Chris Morris``, ``Kenyan
  Susan Chepkemei``).  A lone title (``King``, ``Judge``) is never
  stripped: it is then a surname.  Royal / religious styles (King, Queen,
  Prince, Pope, Sheikh, ...) are *kept*: without them the key collapses to
  a first name (``Prince Charles`` -> ``Charles`` would merge with
  ``Charles Clarke``); they are ignored when matching partial mentions.
  Junk NER glued on the end goes (``Alan Milburn - the``, ``Ian MacDonald
  QC``);
* any label: a personal honorific (Mr, Mrs, Ms, Sir, Dame, Lord, Lady...)
  is stripped and marks a person (``Mr Blair`` labelled ORG, ``Dame Julie``
  labelled FAC).  ``Dr``/``Prof`` only for PERSON: ``Dr Reddy's`` and
  ``Dr Pepper`` are companies.

Article-level rules (``entity_keys``):

* an all-caps mention takes the mixed-case spelling used elsewhere in the
  same article (``ISLAMABAD`` -> ``Islamabad``; only 4+ letters, so ``US``
  is never turned into ``us``);
* an ORG-like name that in this article is mostly written with ``'s`` and
  at least once in a non-possessive position keeps the ``'s``
  (``McDonald's``, ``Dr Reddy's``; but ``Amazon's book chart`` -> ``Amazon``);
* spelling variants that differ only in case, apostrophes, dots, hyphens or
  spaces get the most frequent spelling (``McDonalds`` -> ``McDonald's``);
* person-ness belongs to the string: a mention of any label is a person if
  the same key is labelled PERSON elsewhere in the article, carries a
  personal honorific, or follows a title in the text (``Foreign Minister
  Qureshi`` labelled GPE);
* a person mention cut short by NER (``Shah Mehmood`` followed in the text by
  ``Qureshi``, a surname used elsewhere; ``Walter van`` + ``der Vijver``) is
  completed;
* surname-only / partial person mentions are linked to the unique full name
  in the same article that contains them (``Qureshi`` -> ``Shah Mehmood
  Qureshi``; ``George Bush`` -> ``George W. Bush``; ``Phil`` -> ``Phil
  Spector``; ``Mr Van de Vijver`` -> ``Walter van der Vijver``), before or
  after the full name.  Not linked: when two different full names match
  (``Tony Blair`` and ``Cherie Blair``: ``Blair`` stays); a first+last name
  in the same sentence as the longer name (``Presidents George W Bush, Bill
  Clinton, George Bush``: two people); targets that are not names (``Bolton
  v Derby``, ``Adam Smith Lecture``).  A surname that spaCy only ever
  labels ORG/GPE (``Shearer``, ``Dell``) is *not* linked to ``Alan Shearer``
  / ``Michael Dell``: that would merge companies named after people.

The key is derived from the string, never from the label: the same string
gets the same key whatever label spaCy gave it; the label stays on the
mention.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from typing import NamedTuple

from newsflow.tasks.textsearch import is_word_char, word_spans

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
    # other languages / traditions
    "herr", "frau", "mme", "mlle", "mm", "monsieur", "madame", "sra", "srta",
    "senor", "señor", "senora", "señora", "allama", "maulana", "mian",
}
_MASC_FEM_HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "messrs"}
# Honorifics that make any mention a person, whatever spaCy's label.
PERSONAL_HONORIFICS = _MASC_FEM_HONORIFICS | {
    "sir", "dame", "lady", "lord", "baroness", "herr", "frau", "mme", "mlle",
    "monsieur", "madame"}

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
    "coroner", "sheriff", "undersheriff", "trooper", "warden",
}
# Occupations / descriptions that BBC-style copy puts before a name and NER
# sometimes includes ("Comedian Chris Morris", "Rapper Eminem", "DJ Norman
# Cook").  Stripped like titles (leading only, a name must follow).
DESCRIPTORS = {
    "comedian", "actor", "actress", "singer", "songwriter", "singer-songwriter",
    "star", "director", "film-maker", "filmmaker", "producer", "writer",
    "author", "novelist", "poet", "playwright", "screenwriter", "rapper", "dj",
    "presenter", "broadcaster", "journalist", "columnist", "sprinter",
    "runner", "athlete", "olympian", "striker", "midfielder", "defender",
    "goalkeeper", "winger", "fly-half", "scrum-half", "full-back", "flanker",
    "batsman", "bowler", "designer", "artist", "musician", "guitarist",
    "drummer", "bassist", "frontman", "tycoon", "billionaire", "businessman",
    "businesswoman", "entrepreneur", "economist", "analyst", "scientist",
    "veteran", "legend", "newcomer", "teenager", "youngster", "champion",
    "welshman", "englishman", "scotsman", "irishman", "frenchman", "dutchman",
    "welshwoman", "englishwoman", "scotswoman", "irishwoman", "frenchwoman",
    "briton", "compatriot", "team-mate", "teammate",
}
# Nationality adjectives stripped from the front of a PERSON span when two
# name tokens follow ("Kenyan Susan Chepkemei").
DEMONYMS = {
    "american", "british", "english", "scottish", "welsh", "irish", "french",
    "german", "italian", "spanish", "portuguese", "dutch", "belgian", "swiss",
    "austrian", "swedish", "norwegian", "danish", "finnish", "icelandic",
    "russian", "ukrainian", "polish", "czech", "slovak", "greek", "turkish",
    "israeli", "palestinian", "iranian", "iraqi", "syrian", "lebanese",
    "jordanian", "egyptian", "saudi", "indian", "pakistani", "afghan",
    "bangladeshi", "chinese", "japanese", "korean", "taiwanese", "thai",
    "vietnamese", "indonesian", "malaysian", "filipino", "australian",
    "canadian", "mexican", "brazilian", "argentine", "argentinian",
    "chilean", "colombian", "peruvian", "venezuelan", "cuban", "jamaican",
    "nigerian", "ghanaian", "kenyan", "ethiopian", "moroccan", "algerian",
    "tunisian", "senegalese", "cameroonian", "ivorian", "zimbabwean",
    "croatian", "serbian", "bosnian", "slovenian", "romanian", "bulgarian",
    "hungarian", "latvian", "lithuanian", "estonian", "belarusian", "georgian",
    "armenian", "uzbek", "kazakh",
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
# Post-nominal letters dropped from person names ("Ian MacDonald QC").
POST_NOMINALS = {"qc", "kc", "mp", "mep", "msp", "am", "mla", "obe", "cbe",
                 "mbe", "kbe", "dbe", "phd", "frs", "esq", "md"}
# A PERSON-labelled "name" ending in one of these is an NER error ("Adam
# Smith Lecture", "Johnny Carson Theater"): never a target for linking.
NON_NAME_HEADS = {
    "lecture", "lectures", "theater", "theatre", "centre", "center",
    "stadium", "arena", "award", "awards", "prize", "trophy", "cup",
    "foundation", "trust", "institute", "school", "college", "university",
    "hall", "house", "street", "road", "avenue", "square", "park", "bridge",
    "hospital", "building", "tower", "show", "band", "group", "report",
    "act", "law", "day", "party", "fund", "museum", "gallery", "library",
    "airport", "station", "company", "inc", "ltd", "plc", "corp", "bank",
    "club", "team", "festival", "memorial", "rule", "effect", "syndrome",
    "championship", "championships", "league", "tournament", "open",
    "series", "games", "prix", "classic", "marathon", "medal", "index",
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
# English closed-class words (determiners, pronouns, prepositions, conjunctions, auxiliaries):
# written in lower case at either end of a mention they are NER junk, never part of the name.
FUNCTION_WORDS = frozenset("""
a an the this that these those its his her their our my your some any every each all both no
of in on at to for from by with about into onto over under after before between during against
than as via per and or but nor so yet if while because although
is are was were be been being has have had do does did will would shall should can could may might must
he she it they we you i him them us who whom whose which what there here
also just only even very too not now then still again ago
""".split())
# A lone word after a leading "The" is kept with it for works ("The Office"); outlets are
# found by a mid-sentence capital "The" in the article (``_keep_name_article``).
WORK_LABELS = {"WORK_OF_ART"}
NUMERIC_LABELS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}
# after "McDonald's": punctuation or a verb -> the 's is part of the name
_NON_POSSESSIVE_NEXT = re.compile(
    r"\s*(?:[,.;:!?)\]\"\u201d]|(?:has|have|had|is|was|were|are|will|would|could|"
    r"said|says|announced|reported|posted|sold|made|also|plans|wants|fell|rose)\b)")

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


def title_length(tokens: list[str]) -> int:
    """How many of a PERSON mention's leading tokens are a title or role ("Coroner Gary Hargrove",
    "Prime Minister David Cameron", "TE Jeremy Shockey", "GM Theo Epstein": 1, 2, 1, 1), 0 when none is or the title is
    a courtesy one ("Mr", "Ms", "Sir", "Lord", "Allama": kept with the name)."""
    if len(tokens) > 2 and tokens[0] in _POSITIONS or len(tokens) > 1 and tokens[0] in _OFFICES:
        return 1
    rest, stripped, honorific = _strip_titles(tokens)
    n = len(tokens) - len(rest)
    # "Sir Elton John", "Lord Voldemort", "Allama Muhammad Iqbal": an honorific other than an academic one
    courtesy = any(_clean_token(t) in HONORIFICS - _ACADEMIC for t in tokens[:n])
    return n if stripped and not honorific and not courtesy else 0


_ACADEMIC = {"dr", "prof", "professor"}
# Playing positions the sports pages write before a name, in capitals ("TE Jeremy Shockey")
_POSITIONS = {"QB", "RB", "WR", "TE", "DT", "DE", "LB", "CB", "FB", "OT", "OG", "OL", "DL", "SS", "FS", "PK"}
# Offices written as capitals before a name ("GM Theo Epstein", "MSP Karen Whitefield", "ADA Fairman")
_OFFICES = {"GM", "CEO", "CFO", "COO", "CTO", "MP", "MSP", "MEP", "MLA", "MPP", "ADA", "DA", "QC", "KC", "VP", "SVP",
            "EVP"}


def _strip_titles(tokens: list[str]) -> tuple[list[str], bool, bool]:
    """Remove a leading run of title words if a name token follows."""
    stripped = honorific = False
    while tokens:
        i = 0
        saw_head = False
        saw_hon = False
        weak_only = True
        while i < len(tokens):
            w = _clean_token(tokens[i])
            if w in DEMONYMS and i == 0:
                # "Kenyan Susan Chepkemei": only with two name tokens after
                saw_head = True
                i += 1
                continue
            if w in HONORIFICS:
                saw_head = True
                if w in _MASC_FEM_HONORIFICS:
                    saw_hon = True
            elif w in TITLE_HEADS or w in DESCRIPTORS:
                saw_head = True
            elif not (w in TITLE_MODIFIERS or (w in TITLE_CONNECTORS and i > 0 and i + 1 < len(tokens)
                                               and _clean_token(tokens[i + 1]) in (TITLE_HEADS | TITLE_MODIFIERS))):
                break
            weak_only = False   # a title word, not only a nationality: "Thai Truong" keeps its first name
            i += 1
        rest = tokens[i:]
        # back off so that the remainder starts with a name-like token
        if i == 0 or not saw_head or not rest or not _has_name_token(rest):
            break
        if not (rest[0][:1].isupper() or rest[0][:1].isdigit()):
            break
        if weak_only and sum(1 for t in rest if t[:1].isupper()) < 2:
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


def _trim_person_tail(tokens: list[str]) -> list[str]:
    """Drop what NER glued after a name: "Alan Milburn - the", "Ian
    MacDonald QC", "Norman Cook - aka".  (Trailing numbers stay: "Spider-Man
    2"; such names are just never linking targets.)"""
    if "-" in tokens:
        head = tokens[:tokens.index("-")]
        if _has_name_token(head):
            tokens = head
    while len(tokens) > 1:
        last = tokens[-1]
        low = _clean_token(last)
        if low in POST_NOMINALS or (last[:1].islower() and low not in NAME_PARTICLES):
            tokens = tokens[:-1]
        else:
            break
    return tokens


def _cut_brackets(s: str) -> str:
    """A bracket opens an aside or was cut by NER ("Fabien Pelous (Stade Toulousain",
    "World Health Organisation (WHO"): keep the name before it; else drop the brackets."""
    cut = min((s.index(c) for c in "([{" if c in s), default=-1)
    if cut > 0 and _has_name_token(s[:cut].split()):
        return s[:cut].rstrip(" -")
    if any(c in s for c in "()[]{}"):
        return _WS_RE.sub(" ", re.sub(r"[()\[\]{}]", " ", s)).strip()
    return s


def _drop_junk_edges(tokens: list[str]) -> list[str]:
    """Drop what NER glued to either end: a dash and lower-case words after it ("World
    Social Forum - the"), lower-case function words ("this Six Nations", "Forum of")."""
    if "-" in tokens:
        at = tokens.index("-")
        if at > 0 and not _has_name_token(tokens[at + 1:]) and _has_name_token(tokens[:at]):
            tokens = tokens[:at]
    # a lone leading "the" is left to the caller (it may be part of a work's name); "of the", "the the" go
    while len(tokens) > 1 and (tokens[0] in FUNCTION_WORDS and (tokens[0] != "the" or tokens[1].lower() in FUNCTION_WORDS)
                               or tokens[0] in ("-", "&")):
        tokens = tokens[1:]
    while len(tokens) > 1 and (tokens[-1] in FUNCTION_WORDS or tokens[-1] in ("-", "&")):
        tokens = tokens[:-1]
    return tokens


def normalise_mention(surface: str, label: str = "") -> NormalisedMention:
    """Normalise one mention string without article context."""
    s = unicodedata.normalize("NFC", surface).translate(_QUOTE_TRANSLATION)
    s = _WS_RE.sub(" ", s)
    s, had_poss = _strip_edges(s)
    tokens = s.split(" ") if s else []
    if label not in NUMERIC_LABELS:
        s = _cut_brackets(s)
        tokens = _drop_junk_edges(s.split(" ") if s else [])
    # leading "the", kept before a lone word naming a work ("The Office", "The Aviator")
    if len(tokens) > 1 and tokens[0].lower() == "the" and not (
            label in WORK_LABELS and len(tokens) == 2 and tokens[0] == "The"):
        tokens = tokens[1:]
    # titles / honorifics
    stripped = honorific = False
    if label == "PERSON":
        # determiners / glued lower-case junk in front: "a Hans Christian
        # Andersen", "ofNew Labour" (name particles such as "de" stay)
        while (len(tokens) > 1 and tokens[0][:1].islower()
               and tokens[0].lower() not in NAME_PARTICLES):
            tokens = tokens[1:]
        tokens, stripped, honorific = _strip_titles(tokens)
        tokens = _trim_person_tail(tokens)
    elif tokens and _clean_token(tokens[0]) in PERSONAL_HONORIFICS and len(tokens) > 1:
        # "Mr Blair" / "Dame Julie" mislabelled ORG/GPE/FAC: a personal
        # honorific still goes and marks a person.  Not "Dr"/"Prof": "Dr
        # Reddy's", "Dr Pepper" are companies.
        rest = tokens[1:]
        if rest[0][:1].isupper():
            tokens, stripped, honorific = rest, True, True
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


def _looks_like_full_name(key: str) -> bool:
    """Can ``key`` be the target of surname linking?  Capitalised tokens,
    initials and particles only -- not "Bolton v Derby", "Doc Martin and
    Life Begins", "My Own: The Life of Mary Queen", "Adam Smith Lecture"."""
    toks = key.split(" ")
    if not toks[0][:1].isupper() or ":" in key:
        return False
    for t in toks:
        if not t[:1].isupper() and t.lower() not in NAME_PARTICLES:
            return False
        if any(c.isdigit() for c in t):
            return False
    return _match_tokens(key)[-1] not in NON_NAME_HEADS


def _is_subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    it = iter(long)
    return all(any(s == x for x in it) for s in short)


_CONTINUATION_RE = re.compile(
    r"((?: (?:" + "|".join(sorted(NAME_PARTICLES, key=len, reverse=True)) + r"))*) "
    r"([A-Z][\w'\u2019\-]*\w)(?!\w)")


def _fold(key: str) -> str:
    return re.sub(r"[\s'.\-]", "", key.casefold())


_PRECEDING_TITLE_RE = re.compile(r"([A-Za-z][A-Za-z\-]*)\.?\s+$")


def _preceded_by_title(text: str, start: int) -> bool:
    if not (start and text[start - 1].isspace()):       # the pattern ends in whitespace: skip the search
        return False
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
    spaCy labels.  See the module docstring for the rules; each step is one
    function below, applied in order.
    """
    if not mentions:
        return []
    norms = [normalise_mention(text[start:end], label) for start, end, label in mentions]
    keys = [m.key for m in norms]
    labels = [m[2] for m in mentions]
    keys = _keep_name_article(text, mentions, keys)                       # 0a
    keys = _strip_common_noun_descriptors(text, keys, labels)            # 0b
    keys = _recase_and_apostrophe_s(text, keys, labels)                  # 1 + 2
    keys = _unify_spelling_variants(keys, labels)                         # 2b
    is_person = _person_mentions(text, mentions, norms, keys)             # 3
    keys = _complete_truncated_persons(text, mentions, keys, is_person)   # 4
    return _link_partial_persons(text, mentions, keys, is_person)         # 5


_SENTENCE_END = set(".!?\n\"'\u201c\u2018:")


def _keep_name_article(text: str, mentions, keys: list[str]) -> list[str]:
    """Step 0a: a capital "The" in mid-sentence belongs to the name ("told The Guardian",
    "stars in The Office"): a lone word after it is kept with it for the whole article,
    so "The Office" does not become the common word "Office"."""
    named = set()
    for (start, end, label), k in zip(mentions, keys):
        if (label not in NUMERIC_LABELS and label != "PERSON" and k and " " not in k
                and text.startswith("The ", start) and start > 0):
            before = text[:start].rstrip()
            if before and before[-1] not in _SENTENCE_END:
                named.add(k)
    if not named:
        return keys
    return ["The " + k if k in named and m[2] != "PERSON" else k for m, k in zip(mentions, keys)]


def _strip_common_noun_descriptors(text: str, keys: list[str], labels: list[str]) -> list[str]:
    """Step 0b: a capitalised first word of a 3+ word person key that the article also writes
    in lower case is a common noun ("Bookmaker William Hill" ... "the bookmaker"), as is a
    member of a group the article names in the plural ("Beatle George Harrison", "Beatles")."""
    out = list(keys)
    for i, k in enumerate(keys):
        toks = k.split(" ")
        if labels[i] != "PERSON" or len(toks) < 3 or not toks[0][:1].isupper() or not toks[0].isalpha():
            continue
        word = toks[0]
        if (word.lower() in HONORIFICS or word.lower() in ROYAL_TITLES
                or toks[1].lower() in NAME_PARTICLES or not toks[1][:1].isupper()):
            continue
        # "the bookmaker", "a Beatle": a determiner makes it a noun, not a first name ("Mark")
        common = re.search(r"\b(?:[Tt]he|an?|[Tt]his|[Tt]hat|former)\s+" + re.escape(word.lower()) + r"s?\b",
                           text) is not None
        group = re.search(r"\b" + re.escape(word) + r"s\b", text) is not None
        if common or group:
            out[i] = " ".join(toks[1:])
    return out


def _recase_and_apostrophe_s(text: str, keys: list[str], labels: list[str]) -> list[str]:
    """Steps 1-2: an all-caps mention takes the article's mixed-case spelling
    (4+ letters only: "US"/"us", "WHO"/"Who" must not be touched); an ORG-like
    name keeps its 's when most occurrences carry it and at least once the 's
    form cannot be a possessive ("McDonald's, the world's largest..." but
    "Amazon's book chart" -> "Amazon"): spaCy splits "McDonald's" like a possessive."""
    keys = list(keys)
    recased: dict[str, str] = {}
    with_apostrophe_s: dict[str, str] = {}
    lowered = text.lower()
    for i, k in enumerate(keys):
        if not k:
            continue
        if _is_all_caps(k) and sum(c.isalpha() for c in k) >= 4:
            if k not in recased:
                variants = {text[s:e] for s, e in word_spans(text, k, lowered=lowered)}
                variants = {v for v in variants
                            if v[:1].isupper() and any(c.islower() for c in v)}
                recased[k] = variants.pop() if len(variants) == 1 else k
            keys[i] = k = recased[k]
        if labels[i] in ORG_LIKE_LABELS and not k.endswith("'s") and k[:1].isupper():
            if k not in with_apostrophe_s:
                ends = [e for _, e in word_spans(text, k)]
                with_s = [e + 2 for e in ends if text[e:e + 1] in ("'", "\u2019") and text[e + 1:e + 2] == "s"
                          and not is_word_char(text[e + 2:e + 3])]
                keep = 2 * len(with_s) > len(ends) and any(_NON_POSSESSIVE_NEXT.match(text, e) for e in with_s)
                with_apostrophe_s[k] = k + "'s" if keep else k
            keys[i] = with_apostrophe_s[k]
    return keys


def _unify_spelling_variants(keys: list[str], labels: list[str]) -> list[str]:
    """Step 2b: "McDonalds"/"McDonald's", "PeopleSoft"/"Peoplesoft", "E-Bay"/"EBay"
    -- same letters once case, apostrophes, dots, hyphens and spaces are ignored --
    take the most frequent spelling (ties: the one with an apostrophe, then first seen)."""
    keys = list(keys)
    groups: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        if k and labels[i] not in NUMERIC_LABELS:
            groups[_fold(k)].append(i)
    for idxs in groups.values():
        variants = {keys[i] for i in idxs}
        if len(variants) > 1:
            counts: dict[str, int] = defaultdict(int)
            for i in idxs:
                counts[keys[i]] += 1
            best = max(variants, key=lambda v: (counts[v], "'" in v, -min(j for j in idxs if keys[j] == v)))
            for i in idxs:
                keys[i] = best
    return keys


def _person_mentions(text: str, mentions, norms: list[NormalisedMention], keys: list[str]) -> list[bool]:
    """Step 3: which mentions are persons. Person-ness belongs to the string: if one
    "Kilroy-Silk" is labelled PERSON, introduced by "Mr" or follows a title, every
    "Kilroy-Silk" in the article is that person."""
    n = len(mentions)
    labels = [m[2] for m in mentions]
    person_strings = {keys[i] for i in range(n) if labels[i] == "PERSON" and keys[i]}
    is_person = []
    for i, (start, _end, label) in enumerate(mentions):
        k = keys[i]
        if not k or not any(c.isalpha() for c in k):
            is_person.append(False)
            continue
        is_person.append(
            label not in NUMERIC_LABELS and (
                label == "PERSON"
                or norms[i].personal_honorific
                or (k in person_strings)
                or (_preceded_by_title(text, start) and k[:1].isupper())))
    person_keys = {keys[i] for i in range(n) if is_person[i]}
    return [is_person[i] or (keys[i] in person_keys and labels[i] not in NUMERIC_LABELS)
            for i in range(n)]


def _complete_truncated_persons(text: str, mentions, keys: list[str], is_person: list[bool]) -> list[str]:
    """Step 4: a person span cut short by NER is completed from the text that follows it:
    "Shah Mehmood" + "Qureshi" (a surname used alone elsewhere), "Walter van" + "der Vijver"."""
    keys = list(keys)
    n = len(mentions)
    single_surnames: dict[str, int] = defaultdict(int)
    for i in range(n):
        if is_person[i]:
            toks = keys[i].split(" ")
            if len(toks) == 1:
                single_surnames[toks[0]] += 1
    surnames = {_match_tokens(keys[i])[-1] for i in range(n)
                if is_person[i] and _match_tokens(keys[i])}
    for i, (_start, end, _label) in enumerate(mentions):
        if not is_person[i] or " " not in keys[i]:
            continue
        m = _CONTINUATION_RE.match(text, end)
        if not m:
            continue
        word = m.group(2)
        if word.lower() in _NOT_NAME_WORDS or word in keys[i].split(" "):
            continue
        if word.lower() in surnames and (single_surnames.get(word) or m.group(1)
                                         or keys[i].split(" ")[-1].lower() in NAME_PARTICLES):
            keys[i] = keys[i] + m.group(0).rstrip()
    return keys


def _segments_of_persons(text: str, mentions, keys: list[str], is_person: list[bool]) -> dict[str, set[int]]:
    """Sentence-ish segments each person key occurs in: two forms of a first+last name in
    one sentence are two people ("Presidents George W Bush, Bill Clinton, George Bush")."""
    seg_breaks = [m.end() for m in re.finditer(r"[.!?]\s|\n", text)]
    segments_of: dict[str, set[int]] = defaultdict(set)
    for i, (start, _end, _label) in enumerate(mentions):
        if is_person[i]:
            segments_of[keys[i]].add(bisect.bisect_right(seg_breaks, start))
    return segments_of


def _link_partial_persons(text: str, mentions, keys: list[str], is_person: list[bool]) -> list[str]:
    """Step 5: a surname-only or partial person mention takes the unique maximal full
    name of the article that contains it ("Qureshi" -> "Shah Mehmood Qureshi");
    ambiguous candidates ("Tony Blair", "Cherie Blair") leave it alone."""
    keys = list(keys)
    n = len(mentions)
    full_names = {keys[i] for i in range(n)
                  if is_person[i] and len(_match_tokens(keys[i])) >= 2
                  and _looks_like_full_name(keys[i])}
    segments_of = _segments_of_persons(text, mentions, keys, is_person)
    mt = {k: _match_tokens(k) for k in full_names}
    maximal = [f for f in full_names
               if not any(g != f and len(mt[g]) > len(mt[f]) and _is_subsequence(mt[f], mt[g])
                          for g in full_names)]
    resolved: dict[str, str] = {}
    for i in range(n):
        if not is_person[i]:
            continue
        k = keys[i]
        if k not in resolved:
            resolved[k] = _link_target(k, maximal, mt, segments_of)
        keys[i] = resolved[k]
    return keys


def _link_target(k: str, maximal: list[str], mt: dict, segments_of: dict[str, set[int]]) -> str:
    """The one full name ``k`` is part of, else ``k`` (the same person written twice,
    "George Bush"/"George W. Bush", collapses to one candidate)."""
    if k in maximal:
        return k
    tk = _match_tokens(k)
    cands = {f for f in maximal if f != k and len(mt[f]) > len(tk) and _is_subsequence(tk, mt[f])}
    if (sum(1 for w in k.split(" ") if w.lower() not in NAME_PARTICLES) >= 2
            and any(segments_of[k] & segments_of[f] for f in cands)):
        cands = set()
    return cands.pop() if len(cands) == 1 else k


def link_relabelled_persons(article_ids, labels, model_labels, keys) -> list[str]:
    """Step 6, after label correction: a one-word mention that the correction made a PERSON takes
    the full name of the one person of its article it is part of. The keys were made on spaCy's
    labels, where "Truong" (a GPE to spaCy) could not link to "Thai Truong"."""
    full: dict[str, set[str]] = defaultdict(set)
    for article, label, key in zip(article_ids, labels, keys):
        if label == "PERSON" and isinstance(key, str) and " " in key and _looks_like_full_name(key):
            full[article].add(key)
    out = list(keys)
    for i, (article, label, model, key) in enumerate(zip(article_ids, labels, model_labels, keys)):
        if label != "PERSON" or model == "PERSON" or not isinstance(key, str) or " " in key or not full[article]:
            continue
        short = _match_tokens(key)
        names = [name for name in full[article] if _is_subsequence(short, _match_tokens(name))]
        if len(names) == 1:
            out[i] = names[0]
    return out
