"""Whole-word occurrences of a name in a text, with str.find: what `(?<!\\w)name(?!\\w)` finds, without
compiling a pattern per name (the entity keys and the quote speakers look up every name of every
article, and a pattern per name costs more than the search)."""
from __future__ import annotations

import re


def is_word_char(c: str, joiners: str = "") -> bool:
    """Does `\\w` (or one of `joiners`) match this one character? False for "" (a text's either end)."""
    return bool(c) and (c.isalnum() or c == "_" or c in joiners)


def word_spans(text: str, word: str, *, lowered: str | None = None, joiners: str = "",
               overlapping: bool = False) -> list[tuple[int, int]]:
    """(start, end) of each occurrence of `word` with no word character (nor one of `joiners`) on
    either side. Case-sensitive, or ignoring case when `lowered` (text.lower()) is given. Like
    re.finditer, matches do not overlap unless `overlapping`."""
    if not word:
        return []
    if lowered is not None and len(lowered) != len(text):      # lower() changed lengths: keep the regex
        edge = "\\w" + re.escape(joiners)
        return [m.span() for m in re.finditer(f"(?<![{edge}])" + re.escape(word) + f"(?![{edge}])", text, re.I)]
    haystack, needle = (text, word) if lowered is None else (lowered, word.lower())
    out, at = [], haystack.find(needle)
    while at >= 0:
        end = at + len(needle)
        if not is_word_char(text[at - 1:at], joiners) and not is_word_char(text[end:end + 1], joiners):
            out.append((at, end))
            at = haystack.find(needle, at + 1 if overlapping else end)
        else:
            at = haystack.find(needle, at + 1)
    return out
