"""Who said a quoted segment, and with which cue verb: patterns around the quote marks, no parser.

Tight patterns (the attribution touches the quote, so even a one-word quote is speech):
  after  -- `"...," said X` / `"...," X said` / `"...," he told reporters` / `"...," according to X`
  before -- `X said: "..."` / `X told the BBC: "..."` / `X added that "..."`
Loose pattern (a cue earlier in the same sentence): `X said the plan was "a disaster for us".`
"""
from __future__ import annotations

import itertools
import re
from typing import NamedTuple

from .lexicon import ADVERBS, CUE_VERBS, DETERMINERS, LOOSE_CUES, STOP_WORDS
from .marks import Segment

_TOKEN = re.compile(
    r"(?:Mr|Mrs|Ms|Dr|St|Prof|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Jr|Sr|Rev|Mt|No|[A-Z])\.(?=\s+[A-Z])"
    r"|\w[\w'’\-.]*\w|\w|[^\w\s]")
_BREAK = set(".!?;:\"“”„«»()[]")      # tokens a speaker phrase never crosses
_LEAD = {",", "-", "—", "–"}
_MAX_SPEAKER = 8


class Attribution(NamedTuple):
    speaker_start: int
    speaker_end: int
    cue: str
    tight: bool


class _Tok(NamedTuple):
    start: int
    end: int
    text: str


def tokens(text: str, start: int, end: int, limit: int | None = None) -> list[_Tok]:
    """The tokens of text[start:end] (at most `limit`), with offsets into `text`: no slice is copied
    (the pattern looks neither behind its start nor past `end`, so the tokens are the slice's)."""
    found = _TOKEN.finditer(text, start, max(start, end))
    return [_Tok(m.start(), m.end(), m.group()) for m in itertools.islice(found, limit)]


def _is_cue(tok: _Tok) -> bool:
    return tok.text.lower() in CUE_VERBS


def _np_after(toks: list[_Tok], i: int) -> list[_Tok]:
    """The speaker phrase after a cue: up to punctuation or a function word ("said X when ...").

    "and" between capitalised words stays inside ("said Richard and Judy producer Amanda Ross"); an
    appositive name after a comma is taken in ("said Flynn's father, Herbert Flynn.").
    """
    out: list[_Tok] = []
    window = toks[i:i + _MAX_SPEAKER + 4]
    for n, tok in enumerate(window):
        low = tok.text.lower()
        joint = low == "and" and out and out[-1].text[0].isupper() and n + 1 < len(window) \
            and window[n + 1].text[0].isupper()
        if not joint and (tok.text in _BREAK or tok.text == "," or (out and low in STOP_WORDS) or _is_cue(tok)):
            break
        out.append(tok)
    rest = window[len(out):]
    if out and rest[:1] and rest[0].text == ",":
        name = []
        for tok in rest[1:5]:
            if not (tok.text[0].isupper() or tok.text in ("-", "'")):
                break
            name.append(tok)
        after_name = rest[1 + len(name):2 + len(name)]
        if name and (not after_name or after_name[0].text in ".,;"):
            out = out + rest[:1 + len(name)]
    return out


def _np_before(toks: list[_Tok], i: int) -> list[_Tok]:
    """The speaker phrase ending just before index i (a cue), walking back to its determiner.

    Skips adverbs ("he later said"), a relative "who" ("Eyre, who said") and one appositive
    between commas ("Robert Benmosche, Metlife's chairman, said").
    """
    j = i
    while j > 0 and toks[j - 1].text.lower() in ADVERBS:
        j -= 1
    if j > 0 and toks[j - 1].text.lower() == "who":
        j -= 1
        j -= 1 if j > 0 and toks[j - 1].text == "," else 0
    elif j > 1 and toks[j - 1].text == ",":
        commas = [k for k in range(max(0, j - 16), j - 1) if toks[k].text == ","]
        if commas and commas[-1] > 0:
            j = commas[-1]
    out: list[_Tok] = []
    window = toks[max(0, j - _MAX_SPEAKER):j]
    for n in range(len(window) - 1, -1, -1):
        tok, low = window[n], window[n].text.lower()
        joint = low == "and" and out and out[-1].text[0].isupper() and n > 0 and window[n - 1].text[0].isupper()
        if not joint and (tok.text in _BREAK or tok.text == "," or low in STOP_WORDS or _is_cue(tok)):
            break
        out.append(tok)
        if low in DETERMINERS or low in ("he", "she", "they", "we", "i", "it"):
            break
    return list(reversed(out))


def _speaker_ok(phrase: list[_Tok]) -> bool:
    """A noun phrase can name a speaker: a pronoun, a determiner phrase or a capitalised name."""
    if not phrase or phrase[0].text in STOP_WORDS:     # `while John Cerar, ..., said`: a new clause
        return False
    first = phrase[0].text
    return any(t.text[0].isupper() for t in phrase) or first[0].isdigit() or first.lower() in DETERMINERS \
        or first.lower() in ("he", "she", "they", "we", "i", "it")


def _make(phrase: list[_Tok], cue: str, tight: bool) -> Attribution | None:
    if not _speaker_ok(phrase):
        return None
    return Attribution(phrase[0].start, phrase[-1].end, cue, tight)


def after(text: str, seg: Segment, limit: int) -> Attribution | None:
    """Attribution right after the closing mark, up to `limit` (paragraph end or next quote)."""
    if not seg.closed:
        return None
    toks = tokens(text, seg.close_char + 1, limit, 28)
    i = 0
    while i < len(toks) and i < 2 and toks[i].text in _LEAD:
        i += 1
    if i >= len(toks):
        return None
    if _is_cue(toks[i]):
        return _make(_np_after(toks, i + 1), toks[i].text, True)
    if toks[i].text.lower() == "according" and i + 1 < len(toks) and toks[i + 1].text.lower() == "to":
        return _make(_np_after(toks, i + 2), "according to", True)
    for j in range(i, min(len(toks), i + 18)):
        if toks[j].text in _BREAK:
            return None
        if _is_cue(toks[j]) and j > i:
            if j > i + 8 and toks[j - 1].text != ",":
                return None          # a far cue only behind an appositive: `X, head of Y, said`
            if text[seg.end - 1] == "." and not _ends_sentence(toks, j):
                return None          # `"...done." He said the ...`: a new sentence, not an attribution
            return _speaker_first(toks, i, j)
    return None


def _speaker_first(toks: list[_Tok], i: int, j: int) -> Attribution | None:
    """The speaker between the closing mark (toks[i]) and the cue (toks[j])."""
    cue, phrase = toks[j].text, toks[i:j]
    texts = [t.text for t in phrase]
    if "," not in texts:
        while phrase and phrase[-1].text.lower() in ADVERBS:
            phrase = phrase[:-1]                     # `"...," he later said`
        return _make(phrase, cue, True) if len(phrase) <= 6 else None
    first, last = texts.index(","), len(texts) - 1 - texts[::-1].index(",")
    head = phrase[:first]
    if 0 < first <= 4 and all(t.text[0].isupper() or t.text[0].isdigit() or t.text.lower() in DETERMINERS
                              for t in head):
        return _make(head, cue, True)                # `Makaeo Williams, 18, said`, `Mr Brown, the chancellor, said`
    if last == len(phrase) - 1:
        return _make(_np_after(toks, j + 1), cue, False)   # `"..." once he knew it, said Mr Blair.`
    tail = phrase[last + 1:]                         # `"Tony Ducks" Corallo also died, the paper said`
    return _make(tail, cue, False) if len(tail) <= 6 else None


def _ends_sentence(toks: list[_Tok], j: int) -> bool:
    """`"...done." Smith said.`: the cue ends its sentence within a few words (an object at most)."""
    for tok in toks[j + 1:j + 6]:
        if tok.text in ".!?":
            return True
        if tok.text in ",;:":
            return False
    return len(toks) <= j + 1


def before(text: str, seg: Segment, start: int) -> Attribution | None:
    """Attribution just before the opening mark (`X said: "`), looking back to `start`."""
    toks = tokens(text, start, seg.open_char)
    if not toks:
        return None
    if toks[-1].text in (":", ","):
        lo = max(-1, len(toks) - 7)          # cue + an object of up to 4 words + the colon
    elif toks[-1].text.lower() == "that" and len(toks) > 1:
        lo = len(toks) - 3
    else:
        lo = len(toks) - 2                   # `he said "...`: the cue touches the mark
    top = len(toks) - 1 if _is_cue(toks[-1]) or lo == len(toks) - 2 else len(toks) - 2
    for c in range(top, lo, -1):
        if _is_cue(toks[c]):
            return _make(_np_before(toks, c), toks[c].text, True)
        if toks[c].text in _BREAK or (toks[c].text == "," and c < len(toks) - 1):
            return None
    return None


def loose(text: str, seg: Segment, start: int) -> Attribution | None:
    """A cue with a speaker earlier in the quote's sentence or paragraph (`X called it "..."`)."""
    toks = tokens(text, start, seg.open_char)
    for c in range(len(toks) - 1, 0, -1):
        if _is_cue(toks[c]) or toks[c].text.lower() in LOOSE_CUES:
            found = _make(_np_before(toks, c), toks[c].text, False)
            if found is not None:
                return found
    return None


def previous_paragraph(text: str, para_start: int) -> Attribution | None:
    """For a quote opening its paragraph: the last cue with a speaker in the paragraph before.

    `... the catastrophe was overshadowing hopes, Mr Howard said.` + new paragraph `"We watched ..."`.
    """
    if para_start < 2:
        return None
    start = text.rfind("\n", 0, para_start - 1) + 1
    toks = tokens(text, start, para_start - 1)
    for c in range(len(toks) - 1, 0, -1):
        if _is_cue(toks[c]):
            found = _make(_np_before(toks, c), toks[c].text, False) or _make(_np_after(toks, c + 1), toks[c].text, False)
            if found is not None:
                return found
    return None
