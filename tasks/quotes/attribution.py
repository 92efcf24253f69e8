"""Who said a quoted segment, and with which cue verb: patterns around the quote marks. A participle
or coordinated cue with no subject (`called 911, saying "..."`, `and said "..."`) is marked `clause`:
its speaker is the parse's (`syntax`).

Tight patterns (the attribution touches the quote, so even a one-word quote is speech):
  after  -- `"...," said X` / `"...," X said` / `"...," he told reporters` / `"...," according to X`
  before -- `X said: "..."` / `X told the BBC: "..."` / `X added that "..."`
Loose pattern (a cue earlier in the same sentence): `X said the plan was "a disaster for us".`

French (the words of `lexicon.FRENCH`): `« ... », a déclaré X` (the auxiliary before the participle),
`« ... », a-t-il déclaré` / `dit-elle` (the pronoun inverted into the verb is the speaker),
`X a affirmé : « ... »`, `Il ajoute que « ... »`, `Selon X, « ... »`.
"""
from __future__ import annotations

import itertools
import re
from typing import NamedTuple

from .lexicon import ENGLISH, NAME_PARTICLES, ORG_WORDS, Lexicon
from .marks import Segment

# Abbreviated titles keep their dot before a name: AP style writes "Dist. Atty. Steve Cooley",
# "Det. Sgt.", "Supt.", "Adm."
ABBREVIATED_TITLES = ("Mr|Mrs|Ms|Dr|St|Prof|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Jr|Sr|Rev|Mt|No|Atty|Dist|Det|Supt|Insp|"
                      "Cpl|Pvt|Adm|Maj|Cmdr|Asst|Dep|Sec|Pres|Hon|Fr|Msgr|Ald|Amb|Brig")
_TOKEN = re.compile(
    rf"(?:{ABBREVIATED_TITLES}|[A-Z])\.(?=\s+[A-Z])"
    # initials before a name are one token: `general manager A.J. Smith said`
    r"|(?:[A-Z]\.){2,}(?=\s+[A-Z])"
    r"|\w[\w'’\-.]*\w|\w|[^\w\s]")
_BREAK = set(".!?;:\"“”„«»()[]")      # tokens a speaker phrase never crosses
_LEAD = {",", "-", "—", "–"}
_PASSIVE = {"was", "were", "is", "are", "be", "been", "being", "été", "est", "sont", "était"}
_MAX_SPEAKER = 8
# `a-t-il`, `dit-elle`, `ont-ils`: a French verb with its subject pronoun inverted into the token.
_INVERTED = re.compile(r"^(\w+?)(?:-t)?-(il|elle|ils|elles|on)$", re.IGNORECASE)


class Attribution(NamedTuple):
    speaker_start: int
    speaker_end: int
    cue: str
    tight: bool
    # a cue with no subject of its own, a participle (`Hiller called 911, saying "..."`) or a verb
    # coordinated with the one before: the speaker is the subject of the clause it hangs from, which
    # the parse finds (`syntax`); the span is the cue's
    clause: bool = False


class _Tok(NamedTuple):
    start: int
    end: int
    text: str


def tokens(text: str, start: int, end: int, limit: int | None = None) -> list[_Tok]:
    """The tokens of text[start:end] (at most `limit`), with offsets into `text`: no slice is copied
    (the pattern looks neither behind its start nor past `end`, so the tokens are the slice's)."""
    found = _TOKEN.finditer(text, start, max(start, end))
    return [_Tok(m.start(), m.end(), m.group()) for m in itertools.islice(found, limit)]


def _is_cue(tok: _Tok, lex: Lexicon) -> bool:
    return tok.text.lower() in lex.cue_verbs


def _inverted(toks: list[_Tok], i: int, lex: Lexicon) -> Attribution | None:
    """`a-t-il déclaré`, `dit-elle`: the inverted pronoun of toks[i] speaks, with the verb of the token
    or, after an inverted auxiliary, the participle that follows."""
    m = _INVERTED.match(toks[i].text) if lex.inverts else None
    if m is None:
        return None
    verb = m.group(1).lower()
    if verb in lex.cue_verbs:
        cue = m.group(1)
    elif verb in lex.auxiliaries and i + 1 < len(toks) and _is_cue(toks[i + 1], lex):
        cue = toks[i + 1].text
    else:
        return None
    return Attribution(toks[i].start + m.start(2), toks[i].start + m.end(2), cue, True)


def _according(toks: list[_Tok], c: int, lex: Lexicon) -> int | None:
    """Where the speaker starts when toks[c] opens `according to X` / `selon X`, else None."""
    follow = lex.according.get(toks[c].text.lower())
    if follow is None:
        return None
    if not follow:
        return c + 1
    return c + 2 if c + 1 < len(toks) and toks[c + 1].text.lower() == follow else None


def _np_after(toks: list[_Tok], i: int, lex: Lexicon) -> list[_Tok]:
    """The speaker phrase after a cue: up to punctuation or a function word ("said X when ...").

    "and" between capitalised words stays inside ("said Richard and Judy producer Amanda Ross"); an
    appositive name after a comma is taken in ("said Flynn's father, Herbert Flynn.").
    """
    out: list[_Tok] = []
    window = toks[i:i + _MAX_SPEAKER + 4]
    for n, tok in enumerate(window):
        low = tok.text.lower()
        joint = low == lex.conjunction and out and out[-1].text[0].isupper() and n + 1 < len(window) \
            and window[n + 1].text[0].isupper()
        if not joint and (tok.text in _BREAK or tok.text == "," or (out and low in lex.stop_words)
                          or _is_cue(tok, lex)):
            break
        out.append(tok)
    rest = window[len(out):]
    comma = _appositive_comma(rest, lex) if out else None
    if comma is not None:
        name = []
        for tok in rest[comma + 1:comma + 5]:
            if not (tok.text[0].isupper() or tok.text in ("-", "'")):
                break
            name.append(tok)
        after_name = rest[comma + 1 + len(name):comma + 2 + len(name)]
        if name and (not after_name or after_name[0].text in ".,;"):
            out = out + rest[:comma + 1 + len(name)]
    return out


def _appositive_comma(rest: list[_Tok], lex: Lexicon) -> int | None:
    """Where the comma before an appositive name is in the tokens after a speaker phrase: right
    there (`said Flynn's father, Herbert Flynn`) or after a complement (`said the mayor of London,
    Sadiq Khan`, `a affirmé le procureur de Paris, François Molins`)."""
    if rest[:1] and rest[0].text == ",":
        return 0
    if not (rest[:1] and rest[0].text.lower() in lex.complements):
        return None
    for k in range(1, min(len(rest), 6)):
        if rest[k].text == ",":
            return k
        if rest[k].text in _BREAK or _is_cue(rest[k], lex):
            return None
    return None


_MAX_APPOSITIVE = 24   # tokens


def _np_before(toks: list[_Tok], i: int, lex: Lexicon) -> list[_Tok]:
    """The speaker phrase ending just before index i (a cue), walking back to its determiner.

    Skips adverbs ("he later said"), a relative "who" ("Eyre, who said") and one appositive
    between commas ("Robert Benmosche, Metlife's chairman, said").
    """
    j = i
    while j > 0 and toks[j - 1].text.lower() in lex.adverbs:
        j -= 1
    if j > 0 and toks[j - 1].text.lower() == "who":
        j -= 1
        j -= 1 if j > 0 and toks[j - 1].text == "," else 0
    elif j > 1 and toks[j - 1].text == ",":
        commas = [k for k in range(max(0, j - 16), j - 1) if toks[k].text == ","]
        who = [k for k in range(max(1, j - 30), j - 2) if toks[k].text == "," and toks[k + 1].text.lower() == "who"
               and not any(t.text in _BREAK for t in toks[k:j])]
        if who:
            commas = who[-1:]        # `Jenna Coleman, who will remain ... next year, said:`
        if commas and commas[-1] > 0:
            if _name_tokens(toks[commas[-1] + 1:j - 1], lex):
                return toks[commas[-1] + 1:j - 1]      # `The head of the union, Giannis Panagopoulos, said`
            j = _appositive_start(toks, j - 1, lex) or commas[-1]
    out: list[_Tok] = []
    window = toks[max(0, j - _MAX_SPEAKER):j]
    for n in range(len(window) - 1, -1, -1):
        tok, low = window[n], window[n].text.lower()
        joint = low == lex.conjunction and out and out[-1].text[0].isupper() and n > 0 \
            and window[n - 1].text[0].isupper()
        # `the head of the agency said`, `le chef de l'État a déclaré`: a role's complement is inside
        of_role = low in lex.complements and out and n > 0 and window[n - 1].text.lower() in lex.person_roles
        # `Herbert Flynn of Fort Coffee said`, `Ahmed Ali from Lahore said`: a name's place is inside
        of_name = (low in lex.complements or low == "from") and out and n > 0 and window[n - 1].text[:1].isupper() \
            and out[-1].text[:1].isupper()
        if not (joint or of_role or of_name) and (tok.text in _BREAK or tok.text == "," or low in lex.stop_words
                                       or _is_cue(tok, lex)):
            break
        out.append(tok)
        in_complement = n > 1 and window[n - 1].text.lower() in lex.complements \
            and window[n - 2].text.lower() in lex.person_roles      # `chef de l'État`: go on to `le chef`
        if (low in lex.determiners or low in lex.pronouns_singular or low in lex.pronouns_other
                or low.startswith(lex.elided)) and not in_complement:
            break
    return list(reversed(out))


def _appositive_start(toks: list[_Tok], comma: int, lex: Lexicon) -> int | None:
    """The comma after a name that opens a long appositive with commas of its own, which ends at the
    comma before the cue (`William L. Kovacs, the U.S. Chamber of Commerce's vice president of
    environment, technology and regulatory affairs, said`): the appositive opens with a determiner."""
    for k in range(max(1, comma - _MAX_APPOSITIVE), comma):
        if (toks[k].text == "," and toks[k + 1].text.lower() in lex.determiners
                and _name_tokens(toks[max(0, k - 2):k], lex)
                and not any(t.text in _BREAK or t.text.lower() == "who" or _is_cue(t, lex) for t in toks[k:comma])):
            return k
    return None


def _name_tokens(chunk: list[_Tok], lex: Lexicon) -> bool:
    """A personal name of 2-4 words between an appositive's commas: capitalised words, a particle
    inside ("Azm Al Homoud", "Ahmed bin Ali"), no organisation's or role's word ("Yida Team Leader")."""
    return (2 <= len(chunk) <= 4 and chunk[0].text[:1].isupper() and chunk[-1].text[:1].isupper()
            and all(t.text[:1].isupper() or t.text in NAME_PARTICLES for t in chunk)
            and not any(t.text.lower() in ORG_WORDS or t.text.lower() in lex.person_roles for t in chunk))


def _speaker_ok(phrase: list[_Tok], lex: Lexicon) -> bool:
    """A noun phrase can name a speaker: a pronoun, a determiner phrase or a capitalised name."""
    if not phrase or phrase[0].text in lex.stop_words:     # `while John Cerar, ..., said`: a new clause
        return False
    first = phrase[0].text.lower()
    return any(t.text[0].isupper() for t in phrase) or first[0].isdigit() or first in lex.determiners \
        or first in lex.pronouns_singular or first in lex.pronouns_other or first.startswith(lex.elided)


def _make(phrase: list[_Tok], cue: str, tight: bool, lex: Lexicon) -> Attribution | None:
    if not _speaker_ok(phrase, lex):
        return None
    return Attribution(phrase[0].start, phrase[-1].end, cue, tight)


def after(text: str, seg: Segment, limit: int, lex: Lexicon = ENGLISH) -> Attribution | None:
    """Attribution right after the closing mark, up to `limit` (paragraph end or next quote)."""
    if not seg.closed:
        return None
    toks = tokens(text, seg.close_char + 1, limit, 28)
    i = 0
    while i < len(toks) and i < 2 and toks[i].text in _LEAD:
        i += 1
    if i >= len(toks):
        return None
    if (found := _inverted(toks, i, lex)) is not None:
        return found                                             # `», a-t-il déclaré`
    if toks[i].text.lower() in lex.auxiliaries and i + 1 < len(toks) and _is_cue(toks[i + 1], lex):
        i += 1                                                   # `», a déclaré X`
    if _is_cue(toks[i], lex):
        return _make(_np_after(toks, i + 1, lex), toks[i].text, True, lex)
    if (at := _according(toks, i, lex)) is not None:
        return _make(_np_after(toks, at, lex), " ".join(t.text for t in toks[i:at]), True, lex)
    for j in range(i, min(len(toks), i + 18)):
        if toks[j].text in _BREAK:
            return None
        if _is_cue(toks[j], lex) and j > i:
            if j > i + 8 and toks[j - 1].text != "," and not _named_before_comma(toks, i, j):
                return None          # a far cue only behind an appositive: `X, head of Y, said`
            if text[seg.end - 1] == "." and not _ends_sentence(toks, j):
                return None          # `"...done." He said the ...`: a new sentence, not an attribution
            return _speaker_first(toks, i, j, lex)
    return None


def _named_before_comma(toks: list[_Tok], i: int, j: int) -> bool:
    """A capitalised name of up to four words opens the phrase before a far cue and a comma follows it:
    an appositive whose closing comma the writer left out (`"...," Lauri Saathoff, a spokesperson for
    the Texas Attorney General told TIME`)."""
    texts = [t.text for t in toks[i:j]]
    first = texts.index(",") if "," in texts else 0
    return 1 < first <= 4 and all(t[:1].isupper() for t in texts[:first])


def _speaker_first(toks: list[_Tok], i: int, j: int, lex: Lexicon) -> Attribution | None:
    """The speaker between the closing mark (toks[i]) and the cue (toks[j])."""
    cue, phrase = toks[j].text, toks[i:j]
    texts = [t.text for t in phrase]
    if "," not in texts:
        while phrase and phrase[-1].text.lower() in lex.adverbs:
            phrase = phrase[:-1]                     # `"...," he later said`
        # a long phrase only when a name ends it: `national disaster agency spokesman Sutopo Purwo Nugroho said`
        named = len(phrase) >= 2 and all(t.text[:1].isupper() for t in phrase[-2:])
        return _make(phrase, cue, True, lex) if len(phrase) <= (8 if named else 6) else None
    first, last = texts.index(","), len(texts) - 1 - texts[::-1].index(",")
    if last == len(phrase) - 1 and first < last and _name_tokens(phrase[first + 1:last], lex):
        return _make(phrase[first + 1:last], cue, True, lex)   # `"...," the head of X, Massoud Dalman, told`
    head = phrase[:first]
    if 0 < first <= 4 and all(t.text[0].isupper() or t.text[0].isdigit() or t.text.lower() in lex.determiners
                              for t in head):
        return _make(head, cue, True, lex)           # `Makaeo Williams, 18, said`, `Mr Brown, the chancellor, said`
    if last == len(phrase) - 1:
        return _make(_np_after(toks, j + 1, lex), cue, False, lex)   # `"..." once he knew it, said Mr Blair.`
    tail = phrase[last + 1:]                         # `"Tony Ducks" Corallo also died, the paper said`
    return _make(tail, cue, False, lex) if len(tail) <= 6 else None


def _ends_sentence(toks: list[_Tok], j: int) -> bool:
    """`"...done." Smith said.`: the cue ends its sentence within a few words (an object at most)."""
    for tok in toks[j + 1:j + 6]:
        if tok.text in ".!?":
            return True
        if tok.text in ",;:":
            return False
    return len(toks) <= j + 1


def _cue_at(toks: list[_Tok], c: int, tight: bool, lex: Lexicon) -> Attribution | None:
    """The attribution of a cue at toks[c] before a quote: its speaker before it (`X said`), after
    it (`selon X`, `according to X`), or inverted into it (`estime-t-il`)."""
    if (found := _inverted(toks, c, lex)) is not None:
        return found._replace(tight=tight)
    if (at := _according(toks, c, lex)) is not None:
        return _make(_np_after(toks, at, lex), " ".join(t.text for t in toks[c:at]), tight, lex)
    if _is_cue(toks[c], lex):
        before = toks[c - 1].text.lower() if c > 0 else ","
        if toks[c].text.lower() in lex.participles and before in lex.clause_openers or before in lex.coordinators:
            return Attribution(toks[c].start, toks[c].end, toks[c].text, tight, clause=True)
        return _make(_np_before(toks, c, lex), toks[c].text, tight, lex)
    return None


def _opens_cue(toks: list[_Tok], c: int, lex: Lexicon) -> bool:
    return _is_cue(toks[c], lex) or _inverted(toks, c, lex) is not None or _according(toks, c, lex) is not None


def before(text: str, seg: Segment, start: int, lex: Lexicon = ENGLISH) -> Attribution | None:
    """Attribution just before the opening mark (`X said: "`), looking back to `start`."""
    toks = tokens(text, start, seg.open_char)
    if not toks:
        return None
    that = _that(toks, lex)
    if toks[-1].text in (":", ","):
        lo = max(-1, len(toks) - 7)          # cue + an object of up to 4 words + the colon
    elif that and len(toks) > that:
        lo = len(toks) - 2 - that
    else:
        lo = len(toks) - 2                   # `he said "...`: the cue touches the mark
    top = len(toks) - 1 if _opens_cue(toks, len(toks) - 1, lex) or lo == len(toks) - 2 else len(toks) - 2
    for c in range(top, lo, -1):
        if _opens_cue(toks, c, lex):
            return _cue_at(toks, c, True, lex)
        if toks[c].text in _BREAK or (toks[c].text == "," and c < len(toks) - 1):
            return None
    return None


def _that(toks: list[_Tok], lex: Lexicon) -> int:
    """How many tokens the `that` before a quote takes (`added that "`, `a déclaré qu'« `), or 0."""
    if toks[-1].text.lower() in lex.that:
        return 1
    if len(toks) > 1 and toks[-1].text in ("'", "’") and (toks[-2].text + toks[-1].text).lower() in lex.that:
        return 2
    return 0


def loose(text: str, seg: Segment, start: int, lex: Lexicon = ENGLISH) -> Attribution | None:
    """A cue with a speaker earlier in the quote's sentence or paragraph (`X called it "..."`)."""
    toks = tokens(text, start, seg.open_char)
    for c in range(len(toks) - 1, -1, -1):
        if _opens_cue(toks, c, lex):
            found = _cue_at(toks, c, False, lex)
        elif c > 0 and toks[c].text.lower() in lex.loose_cues:
            if toks[c - 1].text.lower() in _PASSIVE:
                # `he has been described as "..."`: its subject is what is described, not a speaker;
                # `was described by Jobs as "..."`: the agent speaks
                by = c + 1 < len(toks) and toks[c + 1].text.lower() in lex.agents
                found = _make(_np_after(toks, c + 2, lex), toks[c].text, False, lex) if by else None
                if found is None:
                    continue
            else:
                found = _make(_np_before(toks, c, lex), toks[c].text, False, lex)
        else:
            continue
        if found is not None:
            return found
    return None


def previous_paragraph(text: str, para_start: int, lex: Lexicon = ENGLISH) -> Attribution | None:
    """For a quote opening its paragraph: the last cue with a speaker in the paragraph before.

    `... the catastrophe was overshadowing hopes, Mr Howard said.` + new paragraph `"We watched ..."`.
    """
    if para_start < 2:
        return None
    start = text.rfind("\n", 0, para_start - 1) + 1
    toks = tokens(text, start, para_start - 1)
    for c in range(len(toks) - 1, 0, -1):
        if _is_cue(toks[c], lex):
            found = _cue_at(toks, c, False, lex) or _make(_np_after(toks, c + 1, lex), toks[c].text, False, lex)
            if found is not None:
                return found
    return None


def named_before_colon(text: str, seg: Segment, start: int, lex: Lexicon = ENGLISH) -> Attribution | None:
    """A name and a colon before the quote, no cue (`such as the prophetic Dr Azm Al Homoud: "We should
    stop ..."`): the name speaks. Loose, so a one- or two-word quote is not taken for speech."""
    toks = tokens(text, start, seg.open_char)
    if len(toks) < 2 or toks[-1].text != ":":
        return None
    name: list[_Tok] = []
    for tok in reversed(toks[:-1][-5:]):
        if not (tok.text[:1].isupper() or tok.text.lower() in NAME_PARTICLES) or tok.text in _BREAK:
            break
        name.insert(0, tok)
    while name and name[0].text.lower() in NAME_PARTICLES:
        name.pop(0)
    if len(name) < 2 or any(t.text.lower() in ORG_WORDS for t in name):
        return None
    return Attribution(name[0].start, name[-1].end, "", False)
