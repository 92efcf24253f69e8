"""The quotes table for a batch of articles.

Conventions (the gold file follows the same ones):

* span: the quoted words inside the marks, marks excluded, surrounding spaces trimmed; a quote that
  runs over several paragraphs is one span (the paragraph breaks and re-opening marks inside it);
* a quote split by its attribution (`"We will win," she said, "and soon."`) is two quotations, each
  with the speaker and cue of the attribution between them;
* a quoted segment is a quotation when it has a tight attribution (any length: `"No," he said.`)
  or at least MIN_WORDS (3) words and does not look like a title (every word capitalised, as in
  film and song names). So one- and two-word scare quotes, nicknames and terms ("reforms", "pretty
  modest", "Tony Ducks") are not; three words is where partial quotations of speech start;
* an unattributed quotation that opens the paragraph after a quotation, or follows one in the same
  paragraph, continues that speech: it inherits its speaker (the usual layout of long quotes);
  a quotation right before an attributed one, with nothing between them, takes its speaker;
* speaker_key is only ever a person's entity_key (see `speakers`): sources that are organisations,
  documents or unnamed people keep their text in `speaker` and a null key.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from .attribution import (ABBREVIATED_TITLES, Attribution, after, before, loose, named_before_colon,
                          previous_paragraph)
from .lexicon import ENGLISH, Lexicon, lexicon_for
from .marks import Segment, quoted_segments, word_count
from .schema import QUOTES_SCHEMA
from .speakers import SpeakerContext
from .syntax import clause_subjects

MIN_WORDS = 3
_SMALL = {"a", "an", "the", "of", "in", "on", "and", "or", "to", "for", "at", "by", "with", "from", "is"}


def extract_quotes(articles: pd.DataFrame, sentences: pd.DataFrame, entities: pd.DataFrame,
                   parsers: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Quotations of every article: columns of QUOTES_SCHEMA, ordered by article then position.
    ``articles``: article_id, text and, optionally, language (the attribution words: English and
    French; English when absent). ``parsers``: the spaCy pipeline of each language whose parser
    finds the speaker of a cue with no subject (`syntax`); without one, such a quotation has no speaker."""
    sent = {aid: (list(starts), list(idxs)) for aid, (starts, idxs) in
            _by_article(sentences.sort_values(["article_id", "start_char"]), ["start_char", "sentence_idx"])}
    ents = {aid: list(zip(*cols)) for aid, cols in
            _by_article(entities, ["start_char", "end_char", "text", "label", "entity_key"])}
    languages = articles["language"].tolist() if "language" in articles else [None] * len(articles)
    texts = [text or "" for text in articles["text"].tolist()]
    found = [attribute(text, lexicon_for(language)) for text, language in zip(texts, languages)]
    subjects = _clause_subjects(articles["article_id"].tolist(), texts, languages, found, sent, parsers or {})
    rows: dict[str, list] = {name: [] for name in QUOTES_SCHEMA.names}
    for aid, text, language, attributed in zip(articles["article_id"].tolist(), texts, languages, found):
        starts, idxs = sent.get(aid, ([0], [0]))
        quotes = article_quotes(text, ents.get(aid, []), starts, lexicon_for(language), attributed,
                                subjects.get(aid, {}))
        for n, (seg, speaker, key, cue) in enumerate(quotes):
            pos = max(0, bisect.bisect_right(starts, seg.start) - 1)
            values = (aid, n, seg.start, seg.end, text[seg.start:seg.end], idxs[pos] if idxs else 0,
                      speaker, key, cue)
            for name, value in zip(QUOTES_SCHEMA.names, values):
                rows[name].append(value)
    frame = pd.DataFrame(rows)
    for field in QUOTES_SCHEMA:
        if str(field.type) == "int32":
            frame[field.name] = frame[field.name].astype("int32")
    return frame


def _clause_subjects(ids: list[str], texts: list[str], languages: list, found: list, sent: dict,
                     parsers: Mapping[str, str]) -> dict[str, dict[int, tuple[int, int] | None]]:
    """article id -> {the offset of a cue with no subject: its clause's subject span, or None}, from one parse
    per language of the sentences those cues are in (a handful per hundred articles)."""
    wanted: dict[str, list[tuple[str, int, str, int]]] = {}
    for aid, text, language, (_, atts, _) in zip(ids, texts, languages, found):
        starts = sent.get(aid, ([0], [0]))[0]
        for att in atts:
            if att is not None and att.clause:
                i = max(0, bisect.bisect_right(starts, att.speaker_start) - 1)
                lo, hi = starts[i], starts[i + 1] if i + 1 < len(starts) else len(text)
                wanted.setdefault(language or "en", []).append((aid, lo, text[lo:hi], att.speaker_start))
    out: dict[str, dict[int, tuple[int, int] | None]] = {}
    for language, requests in wanted.items():
        model = parsers.get(language)
        spans = clause_subjects(model, [(sentence, at - lo) for _, lo, sentence, at in requests]
                                ) if model else [None] * len(requests)
        for (aid, lo, _, at), span in zip(requests, spans):
            out.setdefault(aid, {})[at] = None if span is None else (lo + span[0], lo + span[1])
    return out


def _by_article(frame: pd.DataFrame, columns: list[str]):
    """(article_id, [the columns' values of its rows]) per article, rows in frame order within each:
    one stable sort and list slices, not a pandas group per article."""
    if not len(frame):
        return
    frame = frame.iloc[np.argsort(frame["article_id"].to_numpy(), kind="stable")]
    ids = frame["article_id"].tolist()
    values = [frame[c].tolist() for c in columns]
    cuts = [0, *(i for i in range(1, len(ids)) if ids[i] != ids[i - 1]), len(ids)]
    for a, b in zip(cuts, cuts[1:]):
        yield ids[a], [v[a:b] for v in values]


def attribute(text: str, lex: Lexicon = ENGLISH) -> tuple[list[Segment], list[Attribution | None], list[bool]]:
    """The quoted segments of a text, the attribution of each, and which are quotations."""
    segs = quoted_segments(text)
    found = [_attribute(text, segs, k, lex) for k in range(len(segs))]
    return segs, found, [_is_quotation(text, seg, att) for seg, att in zip(segs, found)]


def article_quotes(text: str, ents: list[tuple], sentence_starts: list[int] = (0,), lex: Lexicon = ENGLISH,
                   attributed: tuple | None = None, subjects: Mapping[int, tuple[int, int] | None] | None = None
                   ) -> list[tuple[Segment, str | None, str | None, str | None]]:
    """(segment, speaker as written, speaker key, cue) for each quotation of one text; `attributed`
    is what `attribute` gives for it, `subjects` the parsed speakers of its cues without a subject."""
    segs, found, keep = attributed or attribute(text, lex)
    subjects = subjects or {}
    if not any(keep):
        return []
    ctx = SpeakerContext(text, ents, [(s.open_char, s.close_char + 1) for s in segs], sentence_starts, lex)
    out: list[list] = []
    for k, (seg, att) in enumerate(zip(segs, found)):
        if not keep[k]:
            continue
        if att is None:
            out.append([seg, None, None, None, "inherit" if _continues_speech(text, segs, k, keep) else None])
            continue
        if att.clause:      # `Hiller called 911, saying "..."`: the parse's subject, if any
            span = subjects.get(att.speaker_start)
            if span is None:
                out.append([seg, None, None, att.cue, None])
                continue
            att = att._replace(speaker_start=span[0], speaker_end=span[1])
        speaker = text[att.speaker_start:att.speaker_end]
        key = ctx.key(att.speaker_start, att.speaker_end, seg.open_char)
        ctx.add_speaker(seg.open_char, key, speaker)
        out.append([seg, speaker, key, att.cue or None, None])
    _inherit(text, out)
    return [tuple(row[:4]) for row in out]


def _attribute(text: str, segs: list[Segment], k: int, lex: Lexicon) -> Attribution | None:
    seg = segs[k]
    para_start = text.rfind("\n", 0, seg.open_char) + 1
    para_end = text.find("\n", seg.close_char)
    para_end = len(text) if para_end < 0 else para_end
    prev_close = segs[k - 1].close_char + 1 if k > 0 else 0
    next_open = segs[k + 1].open_char if k + 1 < len(segs) else len(text)
    start = max(para_start, prev_close)
    sentence_start = max(start, _sentence_start(text, start, seg.open_char))
    return (after(text, seg, min(para_end, next_open), lex) or before(text, seg, sentence_start, lex)
            or loose(text, seg, sentence_start, lex) or loose(text, seg, start, lex)
            or (previous_paragraph(text, para_start, lex) if _opens_paragraph(text, para_start, seg) else None)
            or named_before_colon(text, seg, _lead_start(text, seg, para_start, prev_close, sentence_start), lex))


def _lead_start(text: str, seg: Segment, para_start: int, prev_close: int, sentence_start: int) -> int:
    """Where the words that lead into a quote begin: its sentence, or the paragraph before when the
    quote opens its own (`... such as Dr Azm Al Homoud:` + new paragraph `"We should ...`)."""
    if not _opens_paragraph(text, para_start, seg) or para_start < 2:
        return sentence_start
    return max(prev_close, text.rfind("\n", 0, para_start - 1) + 1)


def _opens_paragraph(text: str, para_start: int, seg: Segment) -> bool:
    """Only marks before the quote in its paragraph (`''Resources are tight`: two apostrophes typed
    for a double mark, the segment opening at the second)."""
    return not text[para_start:seg.open_char].strip(" '‘’\"“")


def _sentence_start(text: str, start: int, end: int) -> int:
    """Start of the sentence the opening mark is in (a [.!?] then a space ends the previous one, but not
    the dot of an initial, a dotted acronym or a title: "William L. Kovacs, the U.S. Chamber")."""
    best = start
    for i in range(start, end - 1):
        if text[i] in ".!?" and text[i + 1] == " " and not (text[i] == "." and _ABBREVIATION.search(text, max(start, i - 12), i)):
            best = i + 2
    return best


_ABBREVIATION = re.compile(rf"(?:(?<![\w.])[A-Z]|(?<![\w.])(?:[A-Za-z]\.)+[A-Za-z]|\b(?:{ABBREVIATED_TITLES}|Ft|Inc|Corp|Co|Ltd|vs))$")


def _is_quotation(text: str, seg: Segment, att: Attribution | None) -> bool:
    if att is not None and att.tight:
        return True
    quoted = text[seg.start:seg.end]
    return word_count(quoted) >= MIN_WORDS and not _title_like(quoted)


def _title_like(quoted: str) -> bool:
    """A title's capitalised words, up to 8, the punctuation the sentence puts after it aside (`"Million
    Dollar Mermaid, "passed away`), a subtitle's colon allowed (`"An American Life: One Man's Road"`)."""
    quoted = quoted.rstrip(" .,;?!")
    words = [w for w in quoted.split() if any(c.isalpha() for c in w)]
    if not words or len(words) > 8 or any(c in quoted for c in ".,;"):
        return False
    return all(w[0].isupper() or not w[0].isalpha() or w.lower() in _SMALL for w in words)


def _continues_speech(text: str, segs: list[Segment], k: int, keep: list[bool]) -> bool:
    """Is segment k more of the previous quotation's speech (in the same or the previous paragraph)?"""
    if k == 0 or not keep[k - 1]:
        return False
    return text.count("\n", segs[k - 1].close_char, segs[k].open_char) <= 1


def _inherit(text: str, rows: list[list]) -> None:
    for i, row in enumerate(rows):
        if row[4] == "inherit" and i > 0:
            row[1:4] = rows[i - 1][1:4]
    for i in range(len(rows) - 2, -1, -1):
        row, nxt = rows[i], rows[i + 1]
        if row[1] is None and nxt[1] is not None and not text[row[0].close_char + 1:nxt[0].open_char].strip():
            row[1:4] = nxt[1:4]
