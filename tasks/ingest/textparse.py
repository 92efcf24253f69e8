"""Plain-text and Markdown article layout: front matter, title line, dateline opening."""
from __future__ import annotations

import re
from dataclasses import dataclass

_MAX_TITLE_CHARS = 200
_MAX_TITLE_WORDS = 30

# "ISLAMABAD - ", "LONDON (Reuters) - ", "WASHINGTON, Nov. 27 -- ", "NEW YORK, Nov 27 (AP) — ",
# "SÃO PAULO, Brazil — ", "MADRID, 7 ene (EFE).- " (EFE's Spanish wire): an upper-case place, optional
# region/date and agency, then a dash. South
# Asian papers end it with a colon ("KARACHI: ", "NEW DELHI: "); wires without a dash close it with
# their agency ("NEW DELHI, Dec 4 (PTI) ").
_PLACE = r"(?P<place>[^\W\d_a-z][^\W\da-z]*(?:[ .'’\-][^\W\da-z]+)*\.?)"
_DATELINE = re.compile(
    rf"""^{_PLACE}                                                      # upper-case place name
        (?:,\s*(?P<extra>[^,()\n—–:-]{{1,30}}?))?                        # region or date
        \s*(?:(?:\((?P<agency>[^()\n]{{1,30}})\)\.?)?\s*(?:--?|—|–)\s+    # (Reuters) -, (EFE).-
           |:\s+(?=[^\W\d_a-z]|["“‘])                                   # KARACHI: The ...
           |\((?P<wire>[^()\n]{{1,30}})\)\s+(?=[^\W\d_a-z]))               # (PTI) Prime Minister ...
    """,
    re.VERBOSE,
)
# "Dubai: ", "New Delhi: ", "Nairobi — ": the title-case datelines of Gulf, Indian and African
# papers. Only a name the gazetteer knows as a place makes one ("Update:", "Biden:" do not).
_TITLE_CASE_DATELINE = re.compile(
    r"""^(?P<place>[^\W\d_a-z][^\W\d_A-Z]+(?:[ -][^\W\d_a-z][^\W\d_A-Z]+){0,2})       # 1-3 capitalised words
        (?:,\s*[^,()\n—–:-]{1,30}?)?(?:\s*\([^()\n]{1,30}\))?                           # region, agency
        (?::|\s*(?:—|–|--?))\s+(?=[^\W\d_a-z]|["“‘])     # a colon right after (not a French "France : "), or a dash""",
    re.VERBOSE,
)
# Upper-case openings that are a kicker or a label, not a place: "BREAKING: ", "UPDATE - ",
# "EDITOR'S NOTE — ", "POSTED: December 8"
_KICKERS = frozenset((
    "ADVISORY", "ALERT", "ALSO READ", "ANALYSIS", "BREAKING", "BREAKING NEWS", "BY", "BYLINE", "COMMENT",
    "CORRECTION", "CREDIT", "DATE", "DEVELOPING", "EDITORIAL", "EDITOR'S NOTE", "EDITOR’S NOTE", "EXCLUSIVE",
    "EXPLAINER", "FACTBOX", "FACT CHECK", "FEATURE", "FILE", "FLASH", "FULL TEXT", "HIGHLIGHTS", "INTERVIEW",
    "LAST UPDATED", "LATEST", "LISTEN", "LIVE", "NEW", "NEWS", "NOTE", "OBITUARY", "OPINION", "PHOTO", "PHOTOS",
    "POLL", "POSTED", "PUBLISHED", "QUIZ", "READ MORE", "RECAP", "RELATED", "REVIEW", "SOURCE", "SPOILER",
    "SUMMARY", "TIME", "TOP NEWS", "TRANSCRIPT", "TRENDING", "UPDATE", "UPDATED", "URGENT", "VIDEO", "WARNING",
    "WATCH",
))
_FRONT_MATTER = re.compile(r"\A---\s*\n(?P<body>.*?)\n---\s*\n", re.DOTALL)
_FRONT_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class PlainArticle:
    title: str | None
    dateline: str | None
    text: str
    fields: dict[str, str]  # Markdown front matter (title, date, url, source ...)


def parse_plain_text(raw: str, markdown: bool = False) -> PlainArticle:
    """Split a plain-text article into title, dateline and body text (the body keeps its dateline)."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    fields: dict[str, str] = {}
    if markdown and (match := _FRONT_MATTER.match(raw)):
        fields = {m["key"].lower(): m["value"].strip("'\"") for m in _FRONT_FIELD.finditer(match["body"])}
        raw = raw[match.end():]
    lines = raw.strip("\n \t").split("\n")
    title = fields.get("title")
    if title is None and len(lines) >= 3 and not lines[1].strip():
        candidate = lines[0].strip()
        if markdown:
            candidate = candidate.lstrip("#").strip()
        if _looks_like_title(candidate):
            title = candidate
            lines = lines[2:]
    body = "\n".join(lines)
    return PlainArticle(title=title, dateline=parse_dateline(body), text=body, fields=fields)


def _looks_like_title(line: str) -> bool:
    return (
        0 < len(line) <= _MAX_TITLE_CHARS
        and len(line.split()) <= _MAX_TITLE_WORDS
        and not line.endswith(".")
        and parse_dateline(line + " ", title_case=False) is None   # "Dubai: Metro opens" is a headline
    )


def parse_dateline(body: str, title_case: bool = True) -> str | None:
    """The place of a dateline opening ("ISLAMABAD - ..." -> "ISLAMABAD", "Dubai: ..." -> "Dubai"),
    else None. `title_case`: also the title-case form, when the gazetteer knows the name as a place."""
    opening = body.lstrip()
    match = _DATELINE.match(opening)
    if not match:
        return _title_case_dateline(opening) if title_case else None
    place = match["place"].strip(" .")
    letters = [ch for ch in place if ch.isalpha()]
    # At least two upper-case letters: "A - B" or "I - " are not datelines.
    if len(letters) < 2 or not all(ch.isupper() for ch in letters) or place in _KICKERS:
        return None
    return place


def _title_case_dateline(opening: str) -> str | None:
    match = _TITLE_CASE_DATELINE.match(opening)
    if not match or match["place"].upper() in _KICKERS:
        return None
    from newsflow.tasks.places import names_a_dateline   # the gazetteer: loaded once, for such an opening

    return match["place"] if names_a_dateline(match["place"]) else None
