"""French beside English: keys and labels for mentions found by `fr_core_news_sm` (WikiNER labels).

The French model labels PER / ORG / LOC / MISC. We map them to the English label set so one lake table
serves both languages:

* PER -> PERSON; ORG -> ORG;
* LOC -> GPE when the key names a populated place or country on its own (`place_keys`: the gazetteer
  carries GeoNames' alternate names of cities, "Londres", and CLDR's French country names,
  "Allemagne"), else LOC (regions, rivers, mountains);
* LOC or MISC naming a nationality ("les Britanniques", "l'Australienne": `places.local`'s French
  demonyms) -> NORP, which carries its country as English NORP mentions do;
* other MISC -> dropped. WikiNER's MISC mixes events, works, products, nationalities and slogans; as one bag it
  would put noise in `top_entities` and match nothing in our label set;
* a mention written after a French honorific ("M. Dupont", "Mme Royal") or a capitalised nationality
  ("la Française Emmie Charayron", which leaves the span) is a PERSON whatever the label.

Keys: French honorifics and function titles go ("M.", "Mme", "le président", "la ministre de la Santé"),
and a leading article ("la France", "l'ONU", "les Verts") -- then the English rules (`entity_keys`).
"""
from __future__ import annotations

import re

from newsflow.tasks.places.local import demonym_country

from .keys import entity_keys

__all__ = ["FRENCH_LABELS", "french_entity_keys", "french_labels", "french_span", "strip_french_titles"]

FRENCH_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC", "MISC": None}
_HONORIFIC = r"(?:M\.|MM\.|Mme|Mmes|Mlle|Mlles|Me|Mgr|Dr\.?|Pr\.?|Monsieur|Madame|Mademoiselle)"
_TITLE = (r"(?:pr[ée]sident(?:e)?|premi[eè]re? ministre|ministre|secr[ée]taire d'[ÉE]tat|ministre d'[ÉE]tat|"
          r"chancelier|chanceli[eè]re|d[ée]put[ée]e?|s[ée]nat(?:eur|rice)|maire|g[ée]n[ée]ral|colonel|"
          r"capitaine|juge|procureure?|porte-parole|directeur|directrice|pape|cardinal|"
          r"(?:ancien(?:ne)?|ex-)\s?(?:pr[ée]sident(?:e)?|ministre))")
# "le président", "la ministre de la Santé", "l'ancien président", "M.", "Mme" before a capitalised name
_LEADING_TITLE_RE = re.compile(
    r"^(?:(?:(?:le|la|l'|l’|Le|La|L'|L’)\s?)?" + _TITLE + r"(?:\s(?:de|du|des|de la|de l'|des)\s?[\wÀ-ÿ'’-]+)*\s"
    r"|" + _HONORIFIC + r"\s)(?=[A-ZÀ-Ý])")
_LEADING_ARTICLE_RE = re.compile(r"^(?:le|la|les|Le|La|Les)\s(?=[A-ZÀ-Ý])|^(?:l'|l’|L'|L’)(?=[A-ZÀ-Ý])")
_PRECEDING_HONORIFIC_RE = re.compile(r"(?:^|\s)" + _HONORIFIC + r"\s*$")


# What fr_core_news_sm glues to the edges of a name: articles, prepositions, elided forms, dashes.
_SPAN_HEAD_RE = re.compile(r"^(?:(?:de|du|des|le|la|les|au|aux|en|à)\s+|(?:d|l|qu|n|j|s)['’])", re.IGNORECASE)
_SPAN_TAIL_RE = re.compile(r"(?:\s+(?:de|du|des|le|la|les|et)|\s*[–—\-,.;:])$")


def french_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without leading articles/prepositions ("la France", "de France", "d’Irak" -> the name),
    titles ("M. Dupont") and trailing junk ("port de", "–"); None when no capitalised name is left ("qu’")."""
    while True:
        piece = text[start:end]
        head = _SPAN_HEAD_RE.match(piece)
        tail = _SPAN_TAIL_RE.search(piece)
        if head and head.end() < len(piece):
            start += head.end()
        elif tail and tail.start() > 0:
            end = start + tail.start()
        else:
            break
    rest, _ = strip_french_titles(text[start:end])   # WikiNER spans leave out "M.", "le président"
    if rest:
        start = end - len(rest)
    start += _demonym_before_name(text[start:end])     # "l'Autrichienne Nadine Fest" -> "Nadine Fest"
    piece = text[start:end]
    stripped = piece.strip()
    start += len(piece) - len(piece.lstrip())
    end = start + len(stripped)
    if not stripped or not any(c.isalpha() for c in stripped) or not (stripped[0].isupper() or stripped[0].isdigit()):
        return None
    return start, end


def _demonym_before_name(piece: str) -> int:
    """Length of a nationality written before a name ("Française Emmie Charayron": the sports
    results' "la Française X"), with its space; 0 when there is none or no name follows."""
    first, _, after = piece.partition(" ")
    if after[:1].isupper() and demonym_country(first, "fr"):
        return len(first) + 1
    return 0


def _after_demonym(text: str, start: int) -> bool:
    """The mention follows a capitalised nationality ("l'Autrichienne Nadine Fest"): a person."""
    before = text[max(0, start - 30):start]
    word = before.rstrip().rsplit(" ", 1)[-1]
    word = re.sub(r"^(?:l|d)['’]", "", word, flags=re.IGNORECASE)
    return before.endswith(" ") and word[:1].isupper() and demonym_country(word, "fr") is not None


def strip_french_titles(surface: str) -> tuple[str, bool]:
    """The mention without leading French titles, honorifics and article; and whether a title went."""
    s, stripped = surface.strip(), False
    while True:
        m = _LEADING_TITLE_RE.match(s) or _LEADING_ARTICLE_RE.match(s)
        if not m:
            return s, stripped
        stripped = stripped or m.re is _LEADING_TITLE_RE
        s = s[m.end():].lstrip()


def french_entity_keys(text: str, mentions: list[tuple[int, int, str]]) -> list[str]:
    """One key per French mention: titles stripped, then the language-neutral `entity_keys` rules."""
    shifted = []
    for start, end, label in mentions:
        rest, _ = strip_french_titles(text[start:end])
        new_start = end - len(rest) if rest else start
        shifted.append((new_start, end, "PERSON" if label == "PER" else label))
    return entity_keys(text, shifted)


def french_labels(text: str, mentions: list[tuple[int, int, str]], keys: list[str]) -> list[str | None]:
    """Our label for each French mention (None: drop it). See the module docstring."""
    from newsflow.tasks.places import place_keys

    places = place_keys({k for (_, _, lab), k in zip(mentions, keys) if lab == "LOC"}, "fr")
    out: list[str | None] = []
    for (start, end, label), key in zip(mentions, keys):
        # an honorific in or just before the span; a bare function title ("ministre de la Santé") is no name
        titled = (re.match(_HONORIFIC + r"\s", text[start:end])
                  or _PRECEDING_HONORIFIC_RE.search(text[max(0, start - 12):start]) or _after_demonym(text, start))
        if titled and key[:1].isupper():
            out.append("PERSON")
        elif label in ("LOC", "MISC") and demonym_country(key, "fr"):
            out.append("NORP")      # "les Britanniques", "l'Australienne": a nationality, not a place
        elif label == "LOC":
            out.append("GPE" if key in places else "LOC")
        else:
            out.append(FRENCH_LABELS.get(label, label))
    return out
