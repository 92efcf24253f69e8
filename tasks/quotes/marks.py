"""Quoted segments of a text: pairing quote marks into spans, robust to stray and mixed marks.

A segment is the text between an opening and a closing mark. Pairing is by glyph where the glyph
says its direction (“ ” « » „) and by position for straight marks ("). Rules:

* a quote left open at the end of a paragraph continues into the next paragraph when that one starts
  with an opening mark (the print convention for multi-paragraph quotes; the re-opening mark stays
  inside the span), also across up to 4 lines without marks that are all in the first person
  (speech; news narration is in the third); or when the first mark within 4 lines is a closing one
  (a quote broken over lines, as in text kept one sentence a line); otherwise it ends at the
  paragraph end (a missing closing mark);
* inside an open quote, an opening mark right after a sentence end and before a capital
  (`...yet. "We want`) re-opens a run-together paragraph: the quote goes on;
* with straight marks, a mark after `,` `.` `?` and a space closes (`law, "he said`: detokenised text);
  so does one after a sentence end that an attribution follows (`...Oscars! "DeGeneres tweeted`);
* two apostrophes typed for a double mark (`''The fall was unsurvivable,” he said`) are one;
* a closing mark with nothing open is a stray and is ignored;
* „ is closed by “ (German), « by »; inside « », other double marks are a nested quote (French
  writes `« il a crié "Allah Akbar" »`) and stay inside the span;
* single quotes (‘ ’ and ') count only outside double quotes, only inside one paragraph, and only
  at word edges, so apostrophes (don't, the '90s, Reid's) never open or close anything; an
  unclosed single quote is dropped (it was an apostrophe).
"""
from __future__ import annotations

import re
from typing import NamedTuple

from .lexicon import CUE_VERBS

_DOUBLE = re.compile(r'["“”„‟«»]')
_SINGLE = re.compile(r"['‘’‚‛]")
_OPEN_GLYPH = {"“": "”", "„": "“", "‟": "”", "«": "»"}
_CLOSE_GLYPH = {"”", "»"}
_LEFT_OPEN = set(" \t\n([{/—–-\"“”„«»'‘’")
_RIGHT_CLOSE = set(" \t\n)]}.,;:!?—–-\"“”«»'‘’…")


class Segment(NamedTuple):
    open_char: int     # position of the opening mark
    start: int         # first quoted character (leading spaces skipped)
    end: int           # one past the last quoted character (trailing spaces skipped)
    close_char: int    # position of the closing mark, or `end` when the quote was never closed
    closed: bool


def _ctx(text: str, i: int) -> tuple[bool, bool]:
    """(looks like an opening mark, looks like a closing mark) from the characters around it."""
    left = text[i - 1] if i > 0 else "\n"
    right = text[i + 1] if i + 1 < len(text) else "\n"
    return (left in _LEFT_OPEN and not right.isspace(), not left.isspace() and right in _RIGHT_CLOSE)


def _opens(text: str, i: int) -> bool:
    ch = text[i]
    if ch in _OPEN_GLYPH:
        return True
    looks_open, looks_close = _ctx(text, i)
    if ch in _CLOSE_GLYPH:             # Swedish/Finnish ”...” or a mis-curled opening mark
        return looks_open and not looks_close
    return not (looks_close and not looks_open)


def _closes(text: str, i: int, opener: str) -> bool:
    ch = text[i]
    if ch in _CLOSE_GLYPH or ch == _OPEN_GLYPH.get(opener):
        return True
    looks_open, looks_close = _ctx(text, i)
    if ch == '"':
        return not (looks_open and not looks_close) or opener == '"'
    return looks_close and not looks_open   # “ used as a closing mark


def _reopens(text: str, i: int) -> bool:
    """An opening mark right after a sentence end inside an open quote: merged quote paragraphs;
    not when an attribution follows it (`...#Oscars! "DeGeneres tweeted Friday.`: it closes)."""
    looks_open, looks_close = _ctx(text, i)
    before = text[:i].rstrip(" ").rstrip("'’)]")
    return (text[i] in '"“' and looks_open and not looks_close and text[i - 1:i] == " "
            and before[-1:] in tuple(".!?…") and before[-1:] != "" and text[i + 1:i + 2].isupper()
            and not _attribution_after(text, i + 1))


def _attribution_after(text: str, i: int) -> bool:
    """Does text[i:] open with a speaker and a reporting verb ("DeGeneres tweeted", "He said")?"""
    words = re.findall(r"[\w'’.-]+|[,;:]", text[i:i + 60])[:5]
    for n, word in enumerate(words[1:], 1):
        if word in CUE_VERBS:
            return all(w[:1].isupper() for w in words[:n]) and n <= 3
        if not word[:1].isupper():
            return False
    return False


def _segment(text: str, open_at: int, close_at: int, closed: bool) -> Segment | None:
    start, end = open_at + 1, close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Segment(open_at, start, end, close_at, closed) if end > start else None


def _para_end(text: str, i: int) -> int:
    end = text.find("\n", i)
    return len(text) if end < 0 else end


_MAX_LINES = 4   # a quote open at a line end may close this many lines later (one sentence a line)


def _closing_shaped(text: str, i: int) -> bool:
    """Would this mark close an open quote? `...law, "he said` counts (detokenised spacing)."""
    ch = text[i]
    if ch in _CLOSE_GLYPH:
        return True
    looks_open, looks_close = _ctx(text, i)
    if ch == '"':
        before = text[:i].rstrip(" ")
        return (looks_close and not looks_open) or (before[-1:] in tuple(",.!?;…") and before[-1:] != "")
    return ch == "“" and looks_close and not looks_open


def _continues(text: str, i: int, reach: int) -> bool:
    """Does a quote left open at paragraph end `reach` run on to the mark at i?

    Yes when the next paragraph starts with an opening mark (multi-paragraph convention), or when
    the first mark after the break, within _MAX_LINES lines, is a closing one (a quote broken over
    lines without re-opening marks).
    """
    para_start = text.rfind("\n", 0, i) + 1
    if i == para_start:
        return (para_start == reach + 1 or _spoken(text[reach + 1:para_start - 1])) and _opens(text, i)
    return text.count("\n", reach, i) <= _MAX_LINES and _closing_shaped(text, i)


_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|we|We|we're|We're|my|My|our|Our|us|me)\b")


def _spoken(lines: str) -> bool:
    """Mark-less lines between an open quote and a re-opening mark that read as speech: every
    one is in the first person (news narration is in the third), at most _MAX_LINES of them."""
    parts = lines.split("\n")
    return len(parts) <= _MAX_LINES and all(_FIRST_PERSON.search(p) for p in parts)


def double_segments(text: str) -> list[Segment]:
    """Spans between paired double quote marks, in text order."""
    out: list[Segment | None] = []
    open_at, reach = -1, -1          # opening mark, end of the paragraph the open quote reaches
    for m in _DOUBLE.finditer(text):
        i = m.start()
        if open_at >= 0 and i > reach:
            if _continues(text, i, reach):
                reach = _para_end(text, i)
                if text.rfind("\n", 0, i) + 1 == i:
                    continue            # the re-opening mark of a continued paragraph
            else:
                out.append(_segment(text, open_at, reach, False))
                open_at = -1
        if open_at < 0:
            if _opens(text, i):
                open_at, reach = i, _para_end(text, i)
            continue
        if _reopens(text, i):
            continue                    # `...yet. "We want`: paragraphs run together, one quote
        if text[open_at] == "«" and text[i] != "»":
            continue                    # `« il a crié "Allah Akbar" »`: quotes nested in guillemets
        if _closes(text, i, text[open_at]):
            out.append(_segment(text, open_at, i, True))
            open_at = -1
        elif _opens(text, i):
            open_at, reach = i, _para_end(text, i)   # the earlier opening mark was a stray
    if open_at >= 0:
        out.append(_segment(text, open_at, reach, False))
    return [s for s in out if s is not None]


def single_segments(text: str, taken: list[Segment]) -> list[Segment]:
    """Spans between single quotes at word edges, outside the double-quoted spans."""
    covered = [(s.open_char, s.close_char) for s in taken]
    out: list[Segment] = []
    open_at = -1
    for m in _SINGLE.finditer(text):
        i = m.start()
        if any(a <= i <= b for a, b in covered):
            continue
        looks_open, looks_close = _ctx(text, i)
        right = text[i + 1] if i + 1 < len(text) else ""
        if open_at >= 0 and "\n" in text[open_at:i]:
            open_at = -1
        if open_at >= 0 and looks_close and not looks_open and text[i] != "‘":
            seg = _segment(text, open_at, i, True)
            if seg is not None:
                out.append(seg)
            open_at = -1
        elif looks_open and not looks_close and text[i] != "’" and not re.match(r"\d0s\b|\d\d\b", text[i + 1:i + 4]):
            if right.isalnum():
                open_at = i
    return out


def quoted_segments(text: str) -> list[Segment]:
    """All quoted segments (double, then single outside them), sorted by position."""
    text = _doubled_apostrophes(text)
    doubles = double_segments(text)
    return sorted(doubles + single_segments(text, doubles))


_TWO_APOSTROPHES = re.compile(r"(?P<open>(?<![\w'])''(?=\w))|(?P<close>(?<=[\w.,!?])''(?![\w']))")


def _doubled_apostrophes(text: str) -> str:
    """Two apostrophes written for a double mark (`''The fall was unsurvivable,” he said`: wire copy
    typed on a keyboard without one) as a double mark, positions kept: ` "` where it opens a word,
    `" ` where it closes one."""
    if "''" not in text:
        return text
    return _TWO_APOSTROPHES.sub(lambda m: ' "' if m.group("open") else '" ', text)


def word_count(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))
