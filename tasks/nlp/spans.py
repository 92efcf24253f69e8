"""The entity spans the pipeline keeps from the model's, by the OntoNotes conventions spaCy was
trained on and the blind golds follow (tests/gold/entities_short.md):

* trimmed of the whitespace a span can end in ("Jennifer Lawrence\\n" in a list of names), of a list's
  bullet ("• Interior") and of the possessive ("Lindsay Lohan’s" -> "Lindsay Lohan"; not in the
  names of shops that are possessives, "McDonald's");
* a person's of the title or role it opens with ("Coroner Gary Hargrove": the person is Gary
  Hargrove); a title and a personal name the model labelled otherwise ("Undersheriff James Gage" as
  a WORK_OF_ART, after a quote mark it read as a title's) is that person;
* left out: time zones ("1023 GMT"), dates and clock times ("Jun 11th", "11:39am UK") and the
  acronyms of common nouns ("DUI", "RAM"), which name nothing;
* added: a person's surname alone where the model missed it after the article named the person in
  full ("Warren Jeffs ... Jeffs, 55, will").
"""
from __future__ import annotations

import re
from bisect import bisect_right

from newsflow.tasks.nlp.keys import HONORIFICS, TITLE_HEADS, title_length

# Time zones: spaCy's small models tag them ORG ("1023 GMT"); they name no organisation.
TIME_ZONES = frozenset("GMT UTC BST CET CEST EET EEST WET EST EDT CST CDT MST MDT PST PDT AKST HST IST JST KST "
                       "AEST AEDT ACST AWST NZST NZDT HKT SGT MSK WIB ET PT".split())
# Acronyms of common nouns the small model tags ORG or GPE ("charged with DUI", "8GB of RAM", "Regina
# Benjamin, PhD"): a thing, a degree or an office, not a name (not "MD": Maryland)
COMMON_ACRONYMS = frozenset("DUI DWI OWI DUII RAM CPU GPU GPS USB HDMI SSD LCD LED LTE PhD MBA CEO CFO COO CTO "
                            "DNA HIV ATM SUV MVP IPO GDP CPI VAT FAQ ICU CCTV IVF DIY ETA AWOL VIP".split())
# Shops and firms whose name is a possessive: their "'s" stays
POSSESSIVE_NAMES = frozenset("mcdonald sainsbury macy domino moody lloyd denny wendy kellogg hershey dillard kohl "
                             "applebee harrah christie sotheby claridge hamley selfridge levi".split())
_MONTH = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?")
_DATE_OR_TIME = re.compile(rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|.*\d(?::\d\d)?\s*[ap]\.?m\.?\b.*", re.I)
_BULLETS = "•·▪●■◦‣*–—-> \t\n"
_WORD = re.compile(r"\S+")
# Labels the small model gives a title and a name ("Undersheriff James Gage"), and the last words of
# names that open with a title but are not people ("Prince Edward Island", "King Abdullah University")
_MISTAKEN_FOR_TITLED = ("ORG", "WORK_OF_ART", "FAC", "GPE", "NORP", "PRODUCT", "LOC")
_NOT_PERSONAL = {"island", "islands", "county", "city", "bay", "river", "lake", "valley", "park", "center",
                 "centre", "hospital", "school", "academy", "award", "prize", "cup", "medal", "trophy", "day"}


def model_mentions(source: str, ents) -> list[tuple[int, int, str]]:
    """(start, end, label) of the model's entities (spaCy spans), by the rules of the module docstring."""
    out = []
    for e in ents:
        start, end = _trimmed(source, e.start_char, e.end_char)
        label = e.label_
        if " " in source[start:end] and label in ("PERSON", *_MISTAKEN_FOR_TITLED):
            start, label = _without_title(source, start, end, label)
        text = source[start:end]
        if end > start and text not in TIME_ZONES and text not in COMMON_ACRONYMS and not _DATE_OR_TIME.fullmatch(text):
            out.append((start, end, label))
    return out


def _trimmed(source: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding whitespace, a leading bullet or a trailing possessive."""
    text = source[start:end]
    start, end = start + len(text) - len(text.lstrip(_BULLETS)), end - (len(text) - len(text.rstrip()))
    text = source[start:end]
    if text.endswith(("'s", "’s")) and len(text) > 2 and text[-3].isalnum():
        if text[:-2].split()[-1].lower() not in POSSESSIVE_NAMES:
            end -= 2
    elif text.endswith(("s'", "s’")) and len(text) > 2 and text[-3].islower():
        end -= 1
    return start, end


def _without_title(source: str, start: int, end: int, label: str) -> tuple[int, str]:
    """A person's span starts after the title it opens with; a span of a title and a personal name
    is a person's, whatever the model's label."""
    words = list(_WORD.finditer(source, start, end))
    n = title_length([w.group() for w in words])
    if n and (label == "PERSON" or _personal_name([w.group() for w in words[n:]])):
        return words[n].start(), "PERSON"
    return start, label


def _personal_name(words: list[str]) -> bool:
    """Two or three capitalised words, the last no institution's, place's or thing's word."""
    from newsflow.tasks.nlp.labels import EVENT_HEADS, FACILITY_WORDS, ORG_SUFFIXES

    last = words[-1].strip(".,").lower() if words else ""
    return (2 <= len(words) <= 3 and all(re.fullmatch(r"[A-Z][a-z'’-]+|[A-Z]\.?", w) for w in words)
            and last not in ORG_SUFFIXES | FACILITY_WORDS | EVENT_HEADS | _NOT_PERSONAL)


def with_missed_surnames(source: str, mentions: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """`mentions` and, in text order, a PERSON mention of each whole-word surname of a person the
    article named in full before it, where the model tagged nothing: not inside a name of several
    capitalised words ("Rulon Jeffs", "Jeffs Ranch"), and not a name the model tags otherwise in the
    article ("Jack London" ... "London")."""
    full = {}
    for start, end, label in mentions:
        words = source[start:end].split()
        if label == "PERSON" and len(words) >= 2 and re.fullmatch(r"[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?", words[-1]):
            full.setdefault(words[-1], end)
    others = {source[s:e] for s, e, lab in mentions if lab != "PERSON"}
    names = {w: after for w, after in full.items() if w not in others}
    if not names:
        return mentions
    taken = sorted((s, e) for s, e, _ in mentions)
    starts = [a for a, _ in taken]
    added = []
    for m in re.finditer(r"\b(" + "|".join(map(re.escape, names)) + r")\b", source):
        s, e = m.span()
        if s < names[m.group()] or _overlaps(taken, starts, s, e) or _in_longer_name(source, s, e):
            continue
        added.append((s, e, "PERSON"))
    return sorted(mentions + added) if added else mentions


def _overlaps(spans: list[tuple[int, int]], starts: list[int], s: int, e: int) -> bool:
    """Does [s, e) overlap one of the sorted, non-overlapping spans (`starts`: their starts)?"""
    i = bisect_right(starts, s)
    return any(a < e and b > s for a, b in spans[max(0, i - 1):i + 1])


def _in_longer_name(source: str, s: int, e: int) -> bool:
    """A capitalised word joined to it by a space or hyphen on either side (a sentence's first word,
    an honorific or a title before it do not count: `But`, `Mr`, `Inspector`)."""
    after = re.match(r"[ -]([A-Z][\w'’]*)", source[e:e + 30])
    before = re.search(r"([A-Z][\w'’.]*)[ -]$", source[max(0, s - 30):s])
    return bool(after) or (bool(before) and not _lead_word(before.group(1).rstrip(".")))


def _lead_word(word: str) -> bool:
    """A capitalised word that opens a sentence or titles a name ("But", "Mr", "Inspector", "Coach")."""
    return word in _LEAD_WORDS or word.lower() in HONORIFICS or word.lower() in TITLE_HEADS


_LEAD_WORDS = {"The", "But", "And", "When", "As", "If", "After", "Before",
               "While", "So", "Then", "Yet", "Asked", "Said", "Says"}
